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
from faceaudit.checklib import categories_text, facial_stores
from faceaudit.model import SystemModel

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
        "indefinitely."),
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
        locations: list[Location] = [found.location]
        if retention is None:
            stated = "states no retention period"
        else:
            stated = "states retention with no limit (days: null)"
            locations.append(Location.of(retention.provenance,
                                         f"{found.location.object}.retention"))
        yield Hit(
            message=f"Store {found.location.object} holds {categories_text(found.facial)} "
                    f"and {stated}",
            locations=tuple(locations),
            evidence=(Evidence("data", categories_text(found.facial)),),
            data=found.facial, zone=found.component.zone, key=found.key)


CHECK = Check(meta=META, run=run)
