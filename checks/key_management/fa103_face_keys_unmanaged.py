"""FA103: encrypted facial data whose keys have no stated management."""

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
    Severity,
)
from faceaudit.checklib import categories_text
from faceaudit.checklib.storage import (
    encrypted_facial_stores,
    encryption_location,
    key_management_missing,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA103",
    slug="face-keys-unmanaged",
    title="Encrypted facial data with no key management stated",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.KEY_MANAGEMENT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14), PIPL Art. 51 and GB/T 35273 6.3(a) require facial data to be "
        "encrypted, and encryption protects only as well as its keys: who can read them, where "
        "they live, how they are rotated and revoked. A store that holds facial data and states "
        "an encryption algorithm but no `key_management` (or `key_management: none`, `no`, "
        "`unmanaged`) gives no account of the keys, so the encryption cannot be judged. The "
        "check stays silent on stores with no encryption (FA101 reports those) and on any "
        "stated key management, however weak it sounds; where the keys sit beside the data, "
        "FA104 reports it."),
    remediation=(
        "Keep the keys in a key management service, an HSM or a TPM, apart from the data, with "
        "access limited to the matching service and rotation on a schedule; then record where "
        "they are: `encryption: {at_rest: aes-256-gcm, key_management: kms}` (or `hsm`, "
        "`tpm`)."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables",
           "components.stores.encryption.at_rest",
           "components.stores.encryption.key_management"),
    bad_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-gcm}
"""),
    good_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-gcm, key_management: hsm}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found, encryption in encrypted_facial_stores(model):
        if not key_management_missing(encryption):
            continue
        stated = "states no key_management" if encryption.key_management is None else \
            f"states key_management: {encryption.key_management or 'empty'}"
        yield Hit(
            message=f"Store {found.location.object} holds {categories_text(found.facial)} "
                    f"encrypted with {encryption.at_rest} and {stated}",
            locations=(found.location, encryption_location(found, encryption)),
            evidence=(Evidence("at_rest", encryption.at_rest or ""),
                      Evidence("key_management", encryption.key_management or "not stated"),
                      Evidence("data", categories_text(found.facial))),
            data=found.facial, zone=found.component.zone, key=found.key)


CHECK = Check(meta=META, run=run)
