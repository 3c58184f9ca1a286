"""FA221: facial data carried over a plaintext protocol."""

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
from faceaudit.checklib.transport import (
    ENCRYPTED_PROTOCOLS,
    PLAINTEXT_PROTOCOLS,
    PLAINTEXT_UNLESS_TLS_PROTOCOLS,
    TLS_OFF,
    flow_key,
    flow_zone,
    plaintext_reason,
)
from faceaudit.model import SystemModel


def _words(values: frozenset[str]) -> str:
    return ", ".join(f"`{v}`" for v in sorted(values))


META = CheckMeta(
    id="FA221",
    slug="face-data-plaintext-transport",
    title="Facial data carried over a plaintext protocol",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.ENCRYPTION_IN_TRANSIT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)", "hk-pdpo:DPP4"),
    rationale=(
        "The Measures (Art. 14) require data encryption among the security measures of a "
        "facial-recognition system, PIPL Art. 51 requires encryption of personal information, "
        "Hong Kong's DPP4 names transmission security, "
        "and GB/T 35273 6.3(a) asks that sensitive personal information be encrypted when "
        "transmitted. Face images and templates sent in plaintext can be read, copied or "
        "replaced by anyone on the network path. The check reports a flow carrying facial data "
        "when its `tls` turns TLS off "
        f"({_words(TLS_OFF)}); when its protocol is plaintext by name "
        f"({_words(PLAINTEXT_PROTOCOLS)}), whose TLS form has a name of its own, so a `tls` "
        "value beside them contradicts the protocol and is reported too; or when its protocol "
        "is plaintext unless TLS is added "
        f"({_words(PLAINTEXT_UNLESS_TLS_PROTOCOLS)}) and no `tls` is stated. The protocol is "
        "the first word of `protocol`, in any case (`HTTP/1.1` is `http`, `mqtt5` is `mqtt`); "
        "a TLS word after it (`mqtt+tls`, `rtsp over tls`) makes it encrypted. Encrypted "
        f"protocols ({_words(ENCRYPTED_PROTOCOLS)}) and protocols it does not know are not "
        "reported; a flow with no protocol is FA223's."),
    remediation=(
        "Carry facial data only over TLS 1.2 or later (https, wss, mqtts, rtsps, amqps, or the "
        "database driver's TLS mode with certificate verification), and record the protocol "
        "and version on the flow: `{protocol: https, tls: \"1.3\"}`, or for a database "
        "`{protocol: postgresql, tls: \"1.3\"}`."),
    added="0.1.0",
    reads=("flows.data", "flows.protocol", "flows.tls", "components.zone"),
    bad_example=Example("yaml", """
flows:
  - {from: gate-cam, to: match-svc, data: [face-image], protocol: rtsp}
  - {from: match-svc, to: events, data: [face-template], protocol: mqtt}
"""),
    good_example=Example("yaml", """
flows:
  - {from: gate-cam, to: match-svc, data: [face-image], protocol: rtsps, tls: "1.3"}
  - {from: match-svc, to: events, data: [face-template], protocol: mqtt, tls: "1.2"}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for flow in model.facial_flows():
        reason = plaintext_reason(flow)
        if reason is None:
            continue
        yield Hit(
            message=f"{categories_text(flow.facial)} goes from {flow.label} in plaintext: "
                    f"{reason}",
            locations=(flow_location(flow),),
            evidence=(Evidence("protocol", flow.protocol or "not stated"),
                      Evidence("tls", flow.tls if flow.tls is not None else "not stated"),
                      Evidence("data", categories_text(flow.facial)), *trace_evidence(flow)),
            data=flow.facial, zone=flow_zone(model, flow), key=flow_key(model, flow))


CHECK = Check(meta=META, run=run)
