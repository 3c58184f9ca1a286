"""FA204: facial data handed to an outside party with no processing agreement recorded."""

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
    Location,
    Severity,
)
from faceaudit.checklib import categories_text, flow_location, flow_text
from faceaudit.model import DataCategory, Flow, SystemModel

META = CheckMeta(
    id="FA204",
    slug="processor-without-agreement",
    title="Facial data handed to an outside party with no processing agreement recorded",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.DISSEMINATION,
    mandates=("cn-pipl:Art.21",),
    rationale=(
        "A vendor that matches faces, hosts templates or stores snapshots for the operator is "
        "an entrusted processor. PIPL Art. 21 requires a contract with it that fixes the "
        "purpose, term, method, categories of data and protection measures, and obliges it to "
        "return or delete the data when the work ends and not to pass it on without approval. "
        "This check reports each `external` component that receives facial data along a flow "
        "while the description records no `agreement` for it. Whether the contract says what "
        "Art. 21 demands is for a person to confirm; a recorded agreement only shows that one "
        "exists. A legal basis or consent for the transfer (FA201) does not replace the "
        "contract."),
    remediation=(
        "Sign an entrustment contract (or data processing agreement) with the vendor covering "
        "purpose, term, method, data categories, protection measures and deletion at the end, "
        "and record it on the component: `agreement: {kind: entrustment-contract, reference: "
        "CT-2025-014}`."),
    added="0.1.0",
    reads=("components.kind", "components.agreement", "flows.data"),
    bad_example=Example("yaml", """
components:
  - {id: match-svc, kind: service, zone: on-premises}
  - {id: vendor-api, kind: external, zone: internet}
flows:
  - {from: match-svc, to: vendor-api, data: [face-template], protocol: https,
     legal_basis: {separate_consent: cloud-matching}}
"""),
    good_example=Example("yaml", """
components:
  - {id: match-svc, kind: service, zone: on-premises}
  - id: vendor-api
    kind: external
    zone: internet
    agreement: {kind: entrustment-contract, reference: CT-2025-014}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for component in model.components:
        if not component.is_third_party or component.agreement is not None:
            continue
        inbound: list[Flow] = [f for f in model.flows_touching(component.id)
                               if f.target == component.id and f.facial]
        if not inbound:
            continue
        data: frozenset[DataCategory] = frozenset(c for f in inbound for c in f.facial)
        yield Hit(
            message=f"{categories_text(data)} goes to external party {component.id} and no "
                    "processing agreement is recorded for it",
            locations=(Location.of(component.provenance, component.id),
                       *(flow_location(flow) for flow in inbound)),
            evidence=(Evidence("flows", ", ".join(flow_text(f) for f in inbound)),
                      Evidence("agreement", "not recorded")),
            data=data, zone=component.zone, key=component.id)


CHECK = Check(meta=META, run=run)
