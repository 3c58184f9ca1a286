"""FA301: a store holding facial data with no retention limit."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import (
    Check,
    CheckMeta,
    Concern,
    Confidence,
    Evidence,
    Example,
    Hit,
    Location,
    Severity,
)
from faceaudit.checklib import (
    categories_text,
    column_reason,
    facial_columns,
    facial_stores,
    facial_tables,
    table_location,
)
from faceaudit.model import FACIAL, SystemModel

META = CheckMeta(
    id="FA301",
    slug="face-data-no-retention-limit",
    title="Facial data kept with no retention limit",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    concern=Concern.RETENTION,
    mandates=("cn-frt-2025:Art.8", "cn-pipl:Art.19", "cn-pipl:Art.47", "eu-gdpr:Art.5(1)(e)",
              "us-il-bipa:15(a)", "hk-pdpo:DPP2"),
    rationale=(
        "Facial information may be kept only as long as its purpose needs (the Measures Art. 8, "
        "PIPL Art. 19), must be deleted when that time is up (PIPL Art. 47), and BIPA requires a "
        "retention schedule with destruction within three years of the last interaction; Hong "
        "Kong's DPP2 forbids keeping data longer than its purpose needs. A store "
        "of facial data with no retention period stated, or with `days: null`, keeps faces "
        "indefinitely. Where the store's tables are known (from the description or from SQL, "
        "migrations, ORM models or a dump) and the store states no limit, the check reports "
        "each table of facial data with nothing that expires its rows: no expiry or TTL "
        "column (expires_at, ttl, retain_until, ...), no scheduled purge (a pg_cron job that "
        "deletes from it or drops its partitions, a partition-retention setting), and no "
        "ON DELETE CASCADE from a parent table that is itself purged."),
    remediation=(
        "Decide how long the purpose needs the data, delete it automatically when that period "
        "ends (a scheduled purge, a TTL or partition drop), and record both in the description: "
        "`retention: {days: 30, enforced_by: nightly purge job}`."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables", "components.stores.retention"),
    bad_example=Example("yaml", """
stores:
  - data: [face-image, face-template]
    encryption: {at_rest: aes-256-gcm, key_management: kms}
"""),
    good_example=Example("yaml", """
stores:
  - data: [face-image, face-template]
    encryption: {at_rest: aes-256-gcm, key_management: kms}
    retention: {days: 30, enforced_by: nightly purge job}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found in facial_stores(model):
        retention = found.store.retention
        if retention is not None and retention.days is not None:
            continue
        claim: list[Location] = []
        if retention is None:
            stated = "states no retention period"
        else:
            stated = "states retention with no limit (days: null)"
            claim.append(Location.of(retention.provenance, f"{found.location.object}.retention"))
        tables = facial_tables(found.store)
        if not tables:
            yield Hit(
                message=f"Store {found.location.object} holds {categories_text(found.facial)} "
                        f"and {stated}",
                locations=(found.location, *claim),
                evidence=(Evidence("data", categories_text(found.facial)),),
                data=found.facial, zone=found.component.zone, key=found.key)
            continue
        for table in tables:
            if table.retention:
                continue
            columns = facial_columns(table)
            data = frozenset(c for column in columns for c in column.categories) & FACIAL
            yield Hit(
                message=f"Table {table.name} of {found.location.object} holds "
                        f"{categories_text(data)} with nothing that expires its rows, and the "
                        f"store {stated}",
                locations=(table_location(table), *claim),
                evidence=(*(Evidence("column", column_reason(table, c)) for c in columns),
                          Evidence("expiry", "no expiry or TTL column, no scheduled purge or "
                                             "partition drop, no cascade from a purged table")),
                data=data, zone=found.component.zone, key=f"{found.key}/{table.name}")


CHECK = Check(meta=META, run=run)
