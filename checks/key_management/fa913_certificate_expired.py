"""FA913: a certificate past its expiry date."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.keys import (
    fingerprint_key,
    is_expired,
    key_evidence,
    key_location,
    key_object,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA913",
    slug="certificate-expired",
    title="A certificate has expired",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    concern=Concern.KEY_MANAGEMENT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "The Measures (Art. 14) and PIPL Art. 51 require encryption in transit and other "
        "technical measures for facial data. An expired certificate breaks TLS for clients "
        "that verify it, and teaches operators and clients to turn verification off; one "
        "still deployed shows that keys are not renewed. This check compares each "
        "certificate's `notAfter` date with the date of the scan and reports those that "
        "expired before it. Without a scan date it says nothing."),
    remediation=(
        "Renew the certificate (with a new key where the old one was exposed), deploy it, "
        "and automate renewal (ACME, the certificate manager of the platform) with an alert "
        "well before expiry. Remove certificates that are no longer used from the "
        "configuration."),
    added="0.1.0",
    reads=("keys", "as_of"),
    bad_example=Example("text", """
certs/gateway.crt    certificate for gateway.example.com, notAfter 2001-01-01
"""),
    good_example=Example("text", """
certs/gateway.crt    certificate for gateway.example.com, notAfter 2100-01-01
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for key in model.keys:
        if not is_expired(key, model.as_of):
            continue
        yield Hit(message=f"Certificate {key_object(key)} ({key.subject or 'no subject'}) "
                          f"expired on {key.not_after}, before the scan date {model.as_of}",
                  locations=(key_location(key),),
                  evidence=(*key_evidence(key), Evidence("scan date", model.as_of or "")),
                  key=fingerprint_key(key))


CHECK = Check(meta=META, run=run)
