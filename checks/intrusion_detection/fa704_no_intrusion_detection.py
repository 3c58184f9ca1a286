"""FA704: no intrusion detection for a system that processes facial data."""

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
from faceaudit.checklib.governance import (
    facial_categories,
    facial_evidence,
    processes_facial_data,
    security_location,
    security_statement,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA704",
    slug="no-intrusion-detection",
    title="No intrusion detection for a system holding facial data",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.INTRUSION_DETECTION,
    mandates=("cn-frt-2025:Art.14",),
    rationale=(
        "A face gallery is a target: an intrusion that nobody detects can copy it unnoticed. "
        "The Measures (Art. 14) list intrusion detection and defence among the security "
        "measures a facial-recognition system must take. This check fires when the "
        "description shows facial data and `security.intrusion_detection` is not `true`: "
        "`false`, not stated, or no `security` section at all (the finding then points at the "
        "`system` section). Whether the detection works is for a person to attest."),
    remediation=(
        "Monitor the hosts and networks that hold or carry facial data with intrusion "
        "detection and prevention (a host or network IDS, a WAF in front of exposed services), "
        "with alerts that someone answers; then record `security: {intrusion_detection: "
        "true}`."),
    added="0.1.0",
    reads=("security.intrusion_detection", "components.stores", "flows.data",
           "components.collection"),
    bad_example=Example("yaml", """
security:
  audit_logging: true
  access_control: rbac
  authorization: rbac
"""),
    good_example=Example("yaml", """
security:
  audit_logging: true
  access_control: rbac
  authorization: rbac
  intrusion_detection: true
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    if not processes_facial_data(model):
        return
    value = model.security.intrusion_detection if model.security is not None else None
    if value is True:
        return
    anchor = security_location(model)
    if anchor is None:
        return
    stated = security_statement(model, "intrusion_detection", value)
    yield Hit(
        message=f"Facial data is processed and no intrusion detection is stated ({stated})",
        locations=(anchor,),
        evidence=(Evidence("stated", stated),
                  Evidence("facial data", facial_evidence(model))),
        data=facial_categories(model), key="intrusion_detection")


CHECK = Check(meta=META, run=run)
