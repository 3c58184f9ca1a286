"""FA201: facial data carried to the cloud, the internet or a third party without a legal basis."""

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
from faceaudit.checklib import (
    FacialFlowGraph,
    categories_text,
    disseminates,
    flow_location,
    hops_text,
    matching_basis_gap,
    trace_evidence,
)
from faceaudit.checklib.transport import encrypted_in_transit
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA201",
    slug="face-data-leaves-without-basis",
    title="Facial data leaves the device boundary without a legal basis or separate consent",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    concern=Concern.DISSEMINATION,
    mandates=("cn-frt-2025:Art.8", "cn-pipl:Art.23", "us-il-bipa:15(d)"),
    rationale=(
        "The Measures (Art. 8) require facial information to be stored in the recognition device "
        "and not sent out over the internet, unless a law or administrative regulation provides "
        "otherwise or the person gives separate consent. Handing facial data to another party "
        "also needs separate consent under PIPL Art. 23, and BIPA 15(d) forbids disclosure "
        "without consent or another listed exception. This check follows facial data along every "
        "path of the data-flow graph, through services, brokers and storage, and reports each "
        "flow that carries it into the cloud, onto the internet or to an external party without "
        "a legal basis, showing the whole path hop by hop. A flow into a `client-app` in the "
        "`internet` zone (a phone or browser app) is dissemination like any other, whatever the "
        "zone it comes from. A separate consent counts only when it matches the flow: the "
        "record exists and is separate, its `purposes` (when listed) include the flow's "
        "`purpose`, and its `covers` (when listed) name the flow's source or target. A flow "
        "that states no purpose does not match a consent limited to certain purposes, since "
        "nothing shows the person agreed to this use. A `law` is a basis whatever the consent "
        "records say."),
    remediation=(
        "Keep matching on the device or on premises. Where the data must leave, record why on "
        "the flow that carries it out: `legal_basis: {law: \"...\"}` naming the provision, or "
        "`legal_basis: {separate_consent: ID}` naming a consent record with `separate: true` "
        "and a withdrawal channel, give the flow a `purpose` among the consent's `purposes`, "
        "and list the flow's source or target in the consent's `covers`."),
    added="0.1.0",
    reads=("flows", "flows.purpose", "flows.legal_basis", "components.zone", "components.kind",
           "consent", "consent.purposes", "consent.covers"),
    bad_example=Example("yaml", """
components:
  - {id: gate-cam, kind: capture-device, zone: device}
  - {id: match-svc, kind: service, zone: on-premises}
  - {id: vendor-api, kind: external, zone: internet, region: US}
flows:
  - {from: gate-cam, to: match-svc, data: [face-image], protocol: https}
  - {from: match-svc, to: vendor-api, data: [face-template], protocol: https}
"""),
    good_example=Example("yaml", """
flows:
  - {from: gate-cam, to: match-svc, data: [face-image], protocol: https}
  - {from: match-svc, to: vendor-api, data: [face-template], protocol: https,
     purpose: verification, legal_basis: {separate_consent: cloud-matching}}
consent:
  - {id: cloud-matching, separate: true, withdrawal: [app-setting, front-desk],
     purposes: [verification], covers: [vendor-api]}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    graph = FacialFlowGraph(model)
    for flow in model.facial_flows():
        if not disseminates(model, flow):
            continue
        gap = matching_basis_gap(model, flow)
        if gap is None:
            continue
        target = model.component(flow.target)
        if target is None:
            continue
        chain = graph.path_to(flow)
        where = f"{target.kind.value}, {target.zone.value}"
        if target.region:
            where += f", {target.region}"
        yield Hit(
            message=f"{categories_text(flow.facial)} reaches {target.id} ({where}) "
                    f"and {gap}",
            locations=(flow_location(flow), *(flow_location(hop) for hop in chain[:-1])),
            evidence=(Evidence("path", hops_text(chain)),
                      Evidence("data", categories_text(flow.facial)),
                      Evidence("basis", gap), *trace_evidence(flow)),
            data=flow.facial, zone=target.zone, key=flow.label,
            mitigations=("carried over TLS",) if encrypted_in_transit(flow) else ())


CHECK = Check(meta=META, run=run)
