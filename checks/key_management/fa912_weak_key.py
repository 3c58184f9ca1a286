"""FA912: a key too weak for the data it protects."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.keys import (
    fingerprint_key,
    key_evidence,
    key_location,
    key_object,
    key_weakness,
    kind_text,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA912",
    slug="weak-key",
    title="A key or certificate uses a weak key: short RSA, DSA or a small curve",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.KEY_MANAGEMENT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "The Measures (Art. 14) and PIPL Art. 51 require encryption and other technical "
        "measures for facial data; a key that can be broken gives no protection. This check "
        "reads every private key and every certificate's public key among the inputs and "
        "reports RSA keys under 2048 bits (1024-bit RSA is within reach of a well-funded "
        "attacker and disallowed by NIST since 2013), any DSA key (withdrawn for new "
        "signatures by FIPS 186-5, and limited to 1024 bits in most tools), and elliptic "
        "curves under 256 bits (`secp192r1`, `secp224r1`, the `sect163` and `sect233` binary "
        "curves). Ed25519, Ed448, P-256 and larger curves, and RSA of 2048 bits or more, are "
        "not reported. The finding shows the key's type, size and fingerprint, never its "
        "bytes."),
    remediation=(
        "Replace the key: generate RSA of at least 3072 bits (2048 at the least), or an "
        "ECDSA P-256/P-384 or Ed25519 key, reissue the certificates that carry it and retire "
        "the old key."),
    added="0.1.0",
    reads=("keys",),
    bad_example=Example("text", """
certs/camera-gw.crt    certificate, RSA 1024-bit public key
keys/signing.pem       -----BEGIN PRIVATE KEY-----  (EC secp192r1)
"""),
    good_example=Example("text", """
certs/camera-gw.crt    certificate, EC secp256r1 public key
keys/signing.pem       -----BEGIN PRIVATE KEY-----  (Ed25519)
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for key in model.keys:
        weakness = key_weakness(key)
        if weakness is None:
            continue
        yield Hit(message=f"{kind_text(key)} {key_object(key)} uses a weak key: {weakness}",
                  locations=(key_location(key),),
                  evidence=(Evidence("weakness", weakness), *key_evidence(key)),
                  key=fingerprint_key(key))


CHECK = Check(meta=META, run=run)
