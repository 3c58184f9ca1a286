"""FA703: no authorization management for a system that processes facial data."""

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
    id="FA703",
    slug="no-authorization-management",
    title="No authorization management for facial data",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.ACCESS_CONTROL,
    mandates=("cn-frt-2025:Art.14", "cn-video-2025:Art.16"),
    rationale=(
        "Access control says who may log in; authorization management says who may do what "
        "with facial data, who grants that right, and when it is taken back. The Measures "
        "(Art. 14) name authorization management as a security measure in its own right, and "
        "the regulation on public-security video systems (Art. 16) requires authorization "
        "management against abuse of footage. This check fires when the description shows "
        "facial data and `security.authorization` is absent, null, empty or `none`, or there "
        "is no `security` section at all (the finding then points at the `system` section)."),
    remediation=(
        "Grant rights over facial data per role and purpose, through an approval step, and "
        "review and revoke them when people change jobs; then record the model: "
        "`security: {authorization: rbac}` (or `abac`, ...)."),
    added="0.1.0",
    reads=("security.authorization", "components.stores", "flows.data",
           "components.collection"),
    bad_example=Example("yaml", """
security:
  audit_logging: true
  access_control: rbac
  intrusion_detection: true
"""),
    good_example=Example("yaml", """
security:
  audit_logging: true
  access_control: rbac
  authorization: abac
  intrusion_detection: true
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    return missing_security_measure(model, "authorization", "no authorization management is stated")


CHECK = Check(meta=META, run=run)
