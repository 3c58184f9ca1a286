"""FA911: a private key committed with the system's configuration."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Example, Hit, Severity
from faceaudit.checklib.keys import (
    describe,
    fingerprint_key,
    key_evidence,
    key_location,
    key_object,
)
from faceaudit.model import KeyMaterial, SystemModel

META = CheckMeta(
    id="FA911",
    slug="private-key-committed",
    title="A private key is committed with the configuration",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.SECRET_EXPOSURE,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "The Measures (Art. 14) and PIPL Art. 51 require technical security measures, "
        "encryption among them, for facial data. A private key kept in the repository or "
        "beside the configuration is readable by everyone who can read the code, its history, "
        "its backups and its build artefacts, and it cannot be taken back once copied: whoever "
        "has it can decrypt the traffic or the data it protects, or impersonate the service "
        "that holds the facial data. This check reports every private key among the inputs, "
        "in PEM (PKCS#8 and the traditional `RSA`, `EC` and `DSA PRIVATE KEY` blocks), DER, "
        "OpenSSH (`id_rsa`, `id_ed25519`, ...) and PKCS#12 (`.p12`, `.pfx`) form, and says "
        "whether it is protected by a passphrase: a protected key is still reported, since the "
        "passphrase is usually kept nearby and the key can be attacked offline. The finding "
        "names the key by file and block (`certs/bundle.pem#1`) and shows its type, size and "
        "fingerprint, never its bytes. Certificates and public keys are not secret and are "
        "not reported."),
    remediation=(
        "Remove the key from the repository and from its history, and treat it as "
        "compromised: generate a new key, reissue the certificates that use it and revoke "
        "the old ones. Keep private keys in a key management service, an HSM or a secret "
        "store, and give the service the key at deployment time (a mounted secret, a KMS "
        "reference) instead of a file in the code. Add the key file patterns (`*.key`, "
        "`*.p12`, `id_*`) to `.gitignore`."),
    added="0.1.0",
    reads=("keys",),
    bad_example=Example("text", """
config/tls/server.key        -----BEGIN PRIVATE KEY-----   (RSA 2048, no passphrase)
config/tls/server.crt        -----BEGIN CERTIFICATE-----
"""),
    good_example=Example("text", """
config/tls/server.crt        -----BEGIN CERTIFICATE-----
deploy/secrets.yaml          tls_key_ref: kms://face-platform/tls-server
"""),
)


def _protection(key: KeyMaterial) -> str:
    if key.encrypted is None:
        return "whether it is passphrase-protected is unknown"
    return "protected by a passphrase" if key.encrypted else "not protected by a passphrase"


def run(model: SystemModel) -> Iterator[Hit]:
    for key in model.keys:
        if key.kind == "private-key":
            what = f"Private key {key_object(key)} ({describe(key)})"
        elif key.kind == "pkcs12":
            what = f"PKCS#12 bundle {key_object(key)} (contents unreadable without its password)"
        else:
            continue
        yield Hit(message=f"{what} is committed among the inputs, {_protection(key)}",
                  locations=(key_location(key),), evidence=key_evidence(key),
                  key=fingerprint_key(key))


CHECK = Check(meta=META, run=run)
