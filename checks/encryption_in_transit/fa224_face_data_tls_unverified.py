"""FA224: facial data sent over TLS without verifying the server certificate."""

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
from faceaudit.checklib import categories_text, flow_location, trace_evidence
from faceaudit.checklib.transport import flow_key, flow_zone
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA224",
    slug="face-data-tls-unverified",
    title="Facial data sent over TLS without verifying the server certificate",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.ENCRYPTION_IN_TRANSIT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14), PIPL Art. 51 and GB/T 35273 6.3(a) require facial data to be "
        "encrypted in transit. TLS encrypts to whoever answers: when the client does not verify "
        "the server's certificate, anyone who can intercept the connection (a rogue access "
        "point, a poisoned DNS answer) presents their own certificate and reads every face "
        "image and template in clear. The check reports each flow carrying facial data with "
        "`tls_verify: false`, whatever its protocol and version; when verification is not "
        "stated it stays silent, since verifying is the default of TLS clients."),
    remediation=(
        "Turn certificate verification back on in the client (remove `verify=False`, "
        "`InsecureSkipVerify`, `-k` or `sslmode=require` in favour of `verify-full`), trusting "
        "a private CA or pinning the server certificate where needed, and record it: "
        "`tls_verify: true`."),
    added="0.1.0",
    reads=("flows.data", "flows.tls_verify", "components.zone"),
    bad_example=Example("yaml", """
flows:
  - {from: match-svc, to: vendor-api, data: [face-template], protocol: https, tls: "1.3",
     tls_verify: false}
"""),
    good_example=Example("yaml", """
flows:
  - {from: match-svc, to: vendor-api, data: [face-template], protocol: https, tls: "1.3",
     tls_verify: true}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for flow in model.facial_flows():
        if flow.tls_verify is not False:
            continue
        yield Hit(
            message=f"{categories_text(flow.facial)} goes from {flow.label} and the client "
                    "does not verify the server certificate (tls_verify: false)",
            locations=(flow_location(flow),),
            evidence=(Evidence("tls_verify", "false"),
                      Evidence("protocol", flow.protocol or "not stated"),
                      Evidence("tls", flow.tls if flow.tls is not None else "not stated"),
                      Evidence("data", categories_text(flow.facial)), *trace_evidence(flow)),
            data=flow.facial, zone=flow_zone(model, flow), key=flow_key(model, flow))


CHECK = Check(meta=META, run=run)
