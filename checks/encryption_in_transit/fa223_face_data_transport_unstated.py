"""FA223: facial data carried by a flow that states neither its protocol nor TLS."""

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
from faceaudit.checklib import categories_text, flow_location
from faceaudit.checklib.transport import flow_key, flow_zone
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA223",
    slug="face-data-transport-unstated",
    title="Facial data carried by a flow with no protocol stated",
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    concern=Concern.ENCRYPTION_IN_TRANSIT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14), PIPL Art. 51 and GB/T 35273 6.3(a) require facial data to be "
        "encrypted in transit. A flow that carries facial data and states no `protocol` cannot "
        "be judged: it may be HTTPS or plain TCP. The check reports each such flow so that the "
        "description says how the data travels. A flow with no protocol but a `tls` value is "
        "not reported, since the value already states whether and how the data is encrypted "
        "(FA221 and FA222 judge it)."),
    remediation=(
        "State how the flow travels: `protocol: https` with `tls: \"1.3\"`, or "
        "`protocol: postgresql` with `tls: \"1.3\"` for a database connection."),
    added="0.1.0",
    reads=("flows.data", "flows.protocol", "flows.tls"),
    bad_example=Example("yaml", """
flows:
  - {from: gate-cam, to: match-svc, data: [face-image]}
"""),
    good_example=Example("yaml", """
flows:
  - {from: gate-cam, to: match-svc, data: [face-image], protocol: https, tls: "1.3"}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for flow in model.facial_flows():
        if (flow.protocol and flow.protocol.strip()) or flow.tls is not None:
            continue
        yield Hit(
            message=f"{categories_text(flow.facial)} goes from {flow.label} and the flow states "
                    "no protocol or tls",
            locations=(flow_location(flow),),
            evidence=(Evidence("data", categories_text(flow.facial)),),
            data=flow.facial, zone=flow_zone(model, flow), key=flow_key(model, flow))


CHECK = Check(meta=META, run=run)
