"""FA102: facial data encrypted at rest with a weak or unauthenticated cipher."""

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
from faceaudit.checklib.storage import encrypted_facial_stores, encryption_location, parse_cipher
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA102",
    slug="weak-at-rest-cipher",
    title="Facial data encrypted at rest with a weak or unauthenticated cipher",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.ENCRYPTION_AT_REST,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14) require data encryption among the security measures of a "
        "facial-recognition system, PIPL Art. 51 requires encryption of personal information, "
        "and GB/T 35273 6.3(a) asks that sensitive personal information be encrypted when "
        "stored. Encryption that can be broken or silently altered does not meet that duty for "
        "data that, once leaked, cannot be changed. This check reads the algorithm named in "
        "`encryption.at_rest` of each store holding facial data (in any spelling: "
        "`AES-256-CBC`, `aes_256_cbc`, `aes256-cbc`) and reports: DES, Triple DES, RC4, RC2, "
        "Blowfish, IDEA and CAST5 (broken, or 64-bit blocks open to birthday attacks); any ECB "
        "mode, which encrypts identical blocks identically and leaves the outline of an image "
        "visible; CBC, CTR, CFB or OFB with no authentication tag or MAC named "
        "(`aes-cbc-hmac-sha256` and JOSE's `A128CBC-HS256` are authenticated, GCM, CCM, OCB, "
        "SIV and EAX carry their own tag); and keys shorter than 128 bits. A name it does not "
        "know (`tde`, `luks2`, a product name) is not reported, nor is a bare family with no "
        "mode (`aes-256`), nor XTS, the length-preserving mode of disk encryption. Stores with "
        "no encryption are FA101's."),
    remediation=(
        "Re-encrypt the facial data with an authenticated cipher of at least 128-bit key: "
        "AES-256-GCM, ChaCha20-Poly1305 or SM4-GCM, or keep CBC only with an HMAC over the "
        "ciphertext (encrypt-then-MAC). Record the algorithm on the store: "
        "`encryption: {at_rest: aes-256-gcm, key_management: kms}`."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables",
           "components.stores.encryption.at_rest"),
    bad_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-cbc, key_management: kms}
"""),
    good_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-gcm, key_management: kms}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found, encryption in encrypted_facial_stores(model):
        cipher = parse_cipher(encryption.at_rest or "")
        weaknesses = cipher.weaknesses
        if not weaknesses:
            continue
        yield Hit(
            message=f"Store {found.location.object} holds {categories_text(found.facial)} "
                    f"encrypted with {encryption.at_rest}: {'; '.join(weaknesses)}",
            locations=(found.location, encryption_location(found, encryption)),
            evidence=(Evidence("at_rest", encryption.at_rest or ""),
                      *(Evidence("weakness", reason) for reason in weaknesses),
                      Evidence("data", categories_text(found.facial))),
            data=found.facial, zone=found.component.zone, key=found.key)


CHECK = Check(meta=META, run=run)
