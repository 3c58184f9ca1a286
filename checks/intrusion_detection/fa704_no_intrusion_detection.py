"""FA704: no intrusion detection for a system that processes facial data."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import (
    Check,
    CheckMeta,
    Concern,
    Confidence,
    Example,
    Hit,
    Severity,
)
from faceaudit.checklib.governance import missing_security_measure
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
    return missing_security_measure(model, "intrusion_detection",
                                    "no intrusion detection is stated")


CHECK = Check(meta=META, run=run)
