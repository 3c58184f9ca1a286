"""FA915: a self-signed certificate for a public endpoint."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.keys import (
    fingerprint_key,
    key_evidence,
    key_location,
    key_object,
    public_hosts,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA915",
    slug="self-signed-public-certificate",
    title="A self-signed certificate is used for a public endpoint",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.KEY_MANAGEMENT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "The Measures (Art. 14) and PIPL Art. 51 require encryption in transit and other "
        "technical measures for facial data. Clients cannot verify a self-signed certificate "
        "against any authority, so a public endpoint that presents one leaves them two "
        "choices: turn verification off, which lets anyone on the path read the facial data, "
        "or pin the certificate, which is rarely done. This check reports self-signed "
        "certificates (issuer equal to subject, and the signature verifying with the "
        "certificate's own key) whose subject alternative names (or, without them, the "
        "subject's common name) include a public host: a DNS name with a dot that is not "
        "`localhost` and does not end in `.local`, `.internal`, `.lan`, `.localhost`, "
        "`.localdomain`, `.home.arpa`, `.intranet`, `.corp`, `.test` or `.invalid`, or a "
        "globally routable IP address. Self-signed certificates for local development and "
        "internal names, and root CA certificates without a host name, are not reported. "
        "Confidence is medium: a public-looking name may be resolved only inside the "
        "network."),
    remediation=(
        "Have the endpoint's certificate issued by a public CA (ACME, the cloud provider's "
        "certificate manager) or, for a service reached only by your own clients, by a "
        "private CA whose root the clients trust; keep self-signed certificates for local "
        "development on `localhost` or internal names."),
    added="0.1.0",
    reads=("keys",),
    bad_example=Example("text", """
certs/api.crt    subject CN=api.example.com, issuer CN=api.example.com (self-signed),
                 subjectAltName DNS:api.example.com
"""),
    good_example=Example("text", """
certs/api.crt    subject CN=api.example.com, issuer CN=R11,O=Let's Encrypt,
                 subjectAltName DNS:api.example.com
certs/dev.crt    subject CN=localhost (self-signed), subjectAltName DNS:localhost
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for key in model.keys:
        if key.kind != "certificate" or not key.self_signed:
            continue
        hosts = public_hosts(key)
        if not hosts:
            continue
        yield Hit(message=f"Certificate {key_object(key)} is self-signed and names the public "
                          f"host(s) {', '.join(hosts)}",
                  locations=(key_location(key),),
                  evidence=(Evidence("public hosts", ", ".join(hosts)), *key_evidence(key)),
                  key=fingerprint_key(key))


CHECK = Check(meta=META, run=run)
