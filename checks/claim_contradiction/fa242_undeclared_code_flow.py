"""FA242: code sends facial data to a host the description does not declare."""

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
from faceaudit.checklib import categories_text
from faceaudit.checklib.code import (
    code_key,
    code_location,
    component_for_host,
    path_evidence,
    public_network_findings,
)
from faceaudit.model import FACIAL, SystemModel, Zone

META = CheckMeta(
    id="FA242",
    slug="undeclared-code-flow",
    title="Code sends facial data to a host the description does not declare",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.CLAIM_CONTRADICTION,
    mandates=("cn-frt-2025:Art.8", "cn-pipl:Art.23"),
    rationale=(
        "The description is the operator's account of where faces go; the dissemination, "
        "consent and cross-border checks judge the flows it declares. Code that sends facial "
        "data to a public host (an HTTP API, a cloud bucket or face API, an MQTT broker, "
        "SMTP) that no component of the description lists in its `endpoints`, or to a "
        "component that no declared flow of facial data reaches, shows the account to be "
        "incomplete: faces leave by a path the description does not admit, with no legal "
        "basis or separate consent recorded for it (the Measures Art. 8, PIPL Art. 23). The "
        "host is matched to the endpoints exactly or as a subdomain; loopback and private "
        "hosts are never reported. Components and flows derived from the code itself do not "
        "count as declared. The check runs only with a description."),
    remediation=(
        "Declare the receiving service as a component with its `endpoints` and the flow of "
        "facial data to it, with its legal basis, so the other checks judge it; or stop "
        "sending facial data there."),
    added="0.1.0",
    reads=("code", "system", "components.endpoints", "flows"),
    bad_example=Example("python", """
# attendance.py (the description lists no component at hr.example-cloud.com)
requests.post("https://hr.example-cloud.com/api/checkin",
              json={"face": encoding.tolist()}, timeout=10)
"""),
    good_example=Example("yaml", """
components:
  - {id: hr-cloud, kind: external, zone: internet, endpoints: [hr.example-cloud.com]}
flows:
  - {from: kiosk, to: hr-cloud, data: [face-template], protocol: https,
     legal_basis: {separate_consent: attendance}}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    if model.system is None:
        return
    code_paths = {c.provenance.path for c in model.code}
    described = tuple(c for c in model.components if c.provenance.path not in code_paths)
    for finding in public_network_findings(model):
        facial = finding.data & FACIAL
        host = finding.host or ""
        component = component_for_host(host, described)
        if component is None:
            why = "no component lists this host in endpoints"
        elif not any(f.target == component.id and f.facial for f in model.flows
                     if f.provenance.path not in code_paths):
            why = f"no declared flow carries facial data to {component.id}"
        else:
            continue
        yield Hit(
            message=(f"{finding.sink} sends {categories_text(facial)} to {host}, and the "
                     f"description does not declare it: {why}"),
            locations=(code_location(finding),),
            evidence=(*path_evidence(finding), Evidence("host", host),
                      Evidence("description", why)),
            data=facial, zone=Zone.INTERNET, key=code_key(finding))


CHECK = Check(meta=META, run=run)
