"""FA104: the keys of encrypted facial data kept beside the data."""

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
    HOST_LOCAL_KEY_PLACES,
    IN_PLACES,
    KEYS_BESIDE_DATA,
    SAME_PLACES,
    encrypted_facial_stores,
    encryption_location,
    keys_beside_data,
)
from faceaudit.model import SystemModel

_STANDALONE = frozenset(v for v in KEYS_BESIDE_DATA if not v.startswith(("same-", "in-")))


def _words(values: frozenset[str]) -> str:
    return ", ".join(f"`{v}`" for v in sorted(values))


META = CheckMeta(
    id="FA104",
    slug="face-keys-stored-with-data",
    title="Keys of encrypted facial data kept beside the data",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.KEY_MANAGEMENT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14), PIPL Art. 51 and GB/T 35273 6.3(a) require facial data to be "
        "encrypted. A key kept in the same database, host or bucket as the data it protects is "
        "taken together with the data by whoever copies the store, a backup or the disk, so the "
        "encryption protects nothing against that theft. The check reports an encrypted store "
        "of facial data when `keys_with_data: true`, or when `key_management` (compared in lower "
        "case, with runs of spaces and punctuation read as one hyphen) names the data's own "
        f"place: `same-` followed by {_words(SAME_PLACES)}; `in-` followed by "
        f"{_words(IN_PLACES)}; or {_words(_STANDALONE)}. A key in a local file or the "
        f"environment ({_words(HOST_LOCAL_KEY_PLACES)}) is beside the data only where both are "
        "known to share one host: a store on a component in the `device` zone. On a service or "
        "datastore the file or environment may belong to another host, so those values are not "
        "reported there. A named place wins over `keys_with_data: false`. Stores with no "
        "encryption are FA101's."),
    remediation=(
        "Move the keys out of the store's database, host and bucket into a KMS, an HSM, or the "
        "device's TPM or secure element, and let the matching service fetch or unwrap them at "
        "run time (envelope encryption). Then record it: "
        "`encryption: {at_rest: aes-256-gcm, key_management: kms, keys_with_data: false}`."),
    added="0.1.0",
    reads=("components.zone", "components.stores.data", "components.stores.tables",
           "components.stores.encryption.key_management",
           "components.stores.encryption.keys_with_data"),
    bad_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-gcm, key_management: same-database}
"""),
    good_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-gcm, key_management: kms, keys_with_data: false}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found, encryption in encrypted_facial_stores(model):
        reason = keys_beside_data(found.component, encryption)
        if reason is None:
            continue
        evidence = [Evidence("keys", reason)]
        if encryption.keys_with_data is False:
            evidence.append(Evidence("keys_with_data", "false, contradicted by key_management"))
        evidence.append(Evidence("data", categories_text(found.facial)))
        yield Hit(
            message=f"Store {found.location.object} holds {categories_text(found.facial)} "
                    f"encrypted with keys kept beside the data ({reason})",
            locations=(found.location, encryption_location(found, encryption)),
            evidence=tuple(evidence), data=found.facial, zone=found.component.zone,
            key=found.key)


CHECK = Check(meta=META, run=run)
