"""FA305: backups of facial data kept with no limit, or longer than the data itself."""

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
from faceaudit.checklib import categories_text, facial_stores
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA305",
    slug="face-backups-kept-forever",
    title="Backups of facial data kept with no limit or longer than the data",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    concern=Concern.RETENTION,
    mandates=("cn-pipl:Art.47", "cn-pipl:Art.19", "cn-frt-2025:Art.8", "eu-gdpr:Art.5(1)(e)",
              "us-il-bipa:15(a)"),
    rationale=(
        "Deleting facial data from a store does not delete it from the store's backups. "
        "Retention limits (the Measures Art. 8, PIPL Art. 19, GDPR Art. 5(1)(e), BIPA 15(a)) "
        "and the duty to delete when the period ends (PIPL Art. 47) apply to every copy, so "
        "backups kept with no limit keep every face for ever, and backups kept longer than "
        "the store bring deleted faces back on the next restore. The check reports every "
        "store of facial data whose `backups` state `retention_days: null` or no "
        "`retention_days`, whatever the store's own period, and every one whose backups are "
        "kept more days than the store's `retention.days`. Equal periods pass, although a "
        "backup taken just before the purge still outlives the data by up to its own period; "
        "a store with no period of its own is FA301's finding and has no period to compare."),
    remediation=(
        "Expire backups no later than the data they hold (lifecycle rules on the backup "
        "bucket, rotation in the backup tool), or exclude facial data from long-term backups, "
        "and record it: `backups: {retention_days: 30, encrypted: true}` with `retention_days` "
        "no greater than the store's `retention.days`."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables", "components.stores.backups",
           "components.stores.retention.days"),
    bad_example=Example("yaml", """
stores:
  - data: [face-template]
    retention: {days: 30, enforced_by: nightly purge job}
    backups: {retention_days: null, encrypted: true}
"""),
    good_example=Example("yaml", """
stores:
  - data: [face-template]
    retention: {days: 30, enforced_by: nightly purge job}
    backups: {retention_days: 30, encrypted: true}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found in facial_stores(model):
        backups = found.store.backups
        if backups is None:
            continue
        retention = found.store.retention
        store_days = retention.days if retention is not None else None
        if backups.retention_days is None:
            stated = "with no retention limit"
        elif store_days is not None and backups.retention_days > store_days:
            stated = (f"for {backups.retention_days} days, longer than the store's "
                      f"{store_days} days")
        else:
            continue
        store = found.location.object
        yield Hit(
            message=f"Backups of store {store} keep {categories_text(found.facial)} {stated}",
            locations=(found.location, Location.of(backups.provenance, f"{store}.backups")),
            evidence=(Evidence("backups", "no limit" if backups.retention_days is None
                               else f"{backups.retention_days} days"),
                      Evidence("store", "no limit" if store_days is None
                               else f"{store_days} days"),
                      Evidence("data", categories_text(found.facial))),
            data=found.facial, zone=found.component.zone, key=found.key)


CHECK = Check(meta=META, run=run)
