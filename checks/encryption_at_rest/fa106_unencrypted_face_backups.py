"""FA106: backups of a facial store that are not encrypted."""

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
    id="FA106",
    slug="unencrypted-face-backups",
    title="Backups of facial data are not encrypted",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.ENCRYPTION_AT_REST,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14), PIPL Art. 51 and GB/T 35273 6.3(a) require facial data to be "
        "encrypted wherever it is stored, and a backup is another place where it is stored: "
        "often kept longer, copied to other media or sites, and read by more people than the "
        "live store. The check reports each store holding facial data whose description says "
        "`backups: {encrypted: false}`, whether or not the store itself is encrypted. When "
        "`backups` or its `encrypted` field is not stated, it stays silent: whether backups "
        "exist at all is then unknown, and an encrypted store's backups are usually copies of "
        "its encrypted files."),
    remediation=(
        "Encrypt the backups with an authenticated cipher under keys kept apart from the backup "
        "media (a KMS or HSM), or back up the already-encrypted files or columns as they are; "
        "then record it: `backups: {encrypted: true, retention_days: 30}`."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables",
           "components.stores.backups.encrypted"),
    bad_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-gcm, key_management: kms}
        backups: {encrypted: false, retention_days: 90}
"""),
    good_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-gcm, key_management: kms}
        backups: {encrypted: true, retention_days: 90}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found in facial_stores(model):
        backups = found.store.backups
        if backups is None or backups.encrypted is not False:
            continue
        encryption = found.store.encryption
        live = "not encrypted" if encryption is None or encryption.is_plaintext else \
            f"encrypted with {encryption.at_rest}"
        kept = "retention_days not stated" if backups.retention_days is None else \
            f"kept {backups.retention_days} days"
        yield Hit(
            message=f"Store {found.location.object} holds {categories_text(found.facial)} "
                    f"and its backups are not encrypted (backups.encrypted: false)",
            locations=(found.location,
                       Location.of(backups.provenance, f"{found.location.object}.backups")),
            evidence=(Evidence("backups", f"encrypted: false, {kept}"),
                      Evidence("store", live),
                      Evidence("data", categories_text(found.facial))),
            data=found.facial, zone=found.component.zone, key=found.key)


CHECK = Check(meta=META, run=run)
