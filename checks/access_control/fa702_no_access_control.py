"""FA702: no access control over a system that processes facial data."""

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
    id="FA702",
    slug="no-access-control",
    title="No access control over facial data",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.ACCESS_CONTROL,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "If everyone with a login can reach the face gallery, one stolen account exposes all "
        "of it. The Measures (Art. 14) require access control among the security measures of "
        "a facial-recognition system, and PIPL Art. 51 requires operating permissions to be "
        "set for personal information. This check fires when the description shows facial "
        "data and `security.access_control` is absent, null, empty or `none`, or there is no "
        "`security` section at all (the finding then points at the `system` section)."),
    remediation=(
        "Restrict who can reach facial data to the roles that need it (role- or "
        "attribute-based access control, least privilege, separate administrator accounts, "
        "no shared or hard-coded credentials), then record the model: "
        "`security: {access_control: rbac}`."),
    added="0.1.0",
    reads=("security.access_control", "components.stores", "flows.data",
           "components.collection"),
    bad_example=Example("yaml", """
security:
  audit_logging: true
  access_control: none
  authorization: rbac
  intrusion_detection: true
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
    return missing_security_measure(model, "access_control", "no access control is stated")


CHECK = Check(meta=META, run=run)
