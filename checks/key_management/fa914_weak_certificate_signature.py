"""FA914: a certificate signed with SHA-1 or MD5."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Example, Hit, Severity
from faceaudit.checklib.keys import (
    fingerprint_key,
    key_evidence,
    key_location,
    key_object,
    weak_signature_hash,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA914",
    slug="weak-certificate-signature",
    title="A certificate is signed with SHA-1 or MD5",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    concern=Concern.KEY_MANAGEMENT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "The Measures (Art. 14) and PIPL Art. 51 require encryption in transit and other "
        "technical measures for facial data. A certificate signed with a hash open to "
        "collisions (MD5 since 2008, SHA-1 since 2017) can be forged: an attacker obtains a "
        "signature on a harmless certificate and transplants it onto one for a host they "
        "control, then reads the facial data sent to it. Browsers and current TLS libraries "
        "reject such certificates, which pushes clients to turn verification off. This check "
        "reports certificates whose signature uses SHA-1, MD5, MD4 or MD2. Ed25519 and Ed448 "
        "signatures, which have no separate hash, are not reported."),
    remediation=(
        "Reissue the certificate signed with SHA-256 or stronger (or Ed25519), from a CA that "
        "no longer signs with SHA-1, and deploy it in place of the old one."),
    added="0.1.0",
    reads=("keys",),
    bad_example=Example("text", """
certs/legacy.crt    certificate for legacy.example.com, signature sha1WithRSAEncryption
"""),
    good_example=Example("text", """
certs/legacy.crt    certificate for legacy.example.com, signature sha256WithRSAEncryption
"""),
)

_NAMES = {"sha1": "SHA-1", "md5": "MD5", "md4": "MD4", "md2": "MD2"}


def run(model: SystemModel) -> Iterator[Hit]:
    for key in model.keys:
        weak = weak_signature_hash(key)
        if weak is None:
            continue
        yield Hit(message=f"Certificate {key_object(key)} ({key.subject or 'no subject'}) is "
                          f"signed with {_NAMES.get(weak, weak)}, a hash open to collisions",
                  locations=(key_location(key),), evidence=key_evidence(key),
                  key=fingerprint_key(key))


CHECK = Check(meta=META, run=run)
