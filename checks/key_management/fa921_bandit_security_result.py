"""FA921: bandit finds weak security measures in the scanned code."""

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
from faceaudit.checklib.code import code_findings, code_key, code_location
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA921",
    slug="bandit-security-result",
    title="Code uses weak cryptography, skips TLS verification or hard-codes secrets",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.KEY_MANAGEMENT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "The Measures (Art. 14) and PIPL Art. 51 require technical security measures, "
        "encryption among them, of a system that processes facial information; code that "
        "hashes with MD5 or SHA-1, encrypts with DES, RC4 or ECB mode, makes weak keys, turns "
        "TLS certificate verification off or allows old SSL/TLS versions, hard-codes "
        "passwords, unpickles or loads YAML unsafely, or makes files world-writable undoes "
        "them. The check reports the results of bandit's own tests for these (B103, B105-B107, "
        "B301-B305, B323, B324, B403, B501-B506), with bandit's id in the evidence; bandit's "
        "other tests are left to bandit. A hard-coded password is never shown. Where the "
        "call that skips verification sends facial data to a public host, FA224 reports the "
        "flow instead, once."),
    remediation=(
        "Use SHA-256 or better (or a password hash such as scrypt or Argon2 for passwords), "
        "AES-GCM or ChaCha20-Poly1305, keys of 2048 bits or more, TLS 1.2 or later with "
        "certificate verification on, secrets from a secret manager or the environment, "
        "`yaml.safe_load` and a data format that cannot run code, and file modes no wider than "
        "the owner needs."),
    added="0.1.0",
    reads=("code", "flows.tls_verify"),
    bad_example=Example("python", """
digest = hashlib.md5(encoding.tobytes()).hexdigest()
requests.post(API_URL, json=payload, verify=False, timeout=10)
"""),
    good_example=Example("python", """
digest = hashlib.sha256(encoding.tobytes()).hexdigest()
requests.post(API_URL, json=payload, timeout=10)
"""),
)


#: bandit's tests of certificate verification, which FA224 reports on a facial flow instead.
VERIFICATION_TESTS = frozenset({"B501"})


def run(model: SystemModel) -> Iterator[Hit]:
    unverified = {(f.provenance.path, f.provenance.line) for f in model.facial_flows()
                  if f.tls_verify is False}
    for finding in code_findings(model, "security"):
        if finding.test_id in VERIFICATION_TESTS and \
                (finding.provenance.path, finding.provenance.line) in unverified:
            continue
        yield Hit(
            message=f"{finding.message} (bandit {finding.test_id}, {finding.sink})",
            locations=(code_location(finding),),
            evidence=(Evidence("bandit test", f"{finding.test_id} {finding.test_name}"),
                      Evidence("bandit severity",
                               f"{finding.severity.lower()}, confidence "
                               f"{finding.confidence.lower()}")),
            key=code_key(finding))


CHECK = Check(meta=META, run=run)
