"""FA701: facial data processed and access to it not audit-logged."""

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
    id="FA701",
    slug="no-audit-logging",
    title="Access to facial data is not audit-logged",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.AUDIT_LOGGING,
    mandates=("cn-frt-2025:Art.14", "cn-video-2025:Art.16", "cn-pipl:Art.51"),
    rationale=(
        "Without an audit trail nobody can tell who looked at, exported or changed facial "
        "data, and misuse goes unnoticed. The Measures (Art. 14) list security audit among the "
        "measures a facial-recognition system must take, the regulation on public-security "
        "video systems (Art. 16) requires a register of who called up or extracted footage and "
        "why, and PIPL Art. 51 requires security measures fitted to the data. This check fires "
        "when the description shows facial data and `security.audit_logging` is not `true`: "
        "`false`, not stated, or no `security` section at all (the finding then points at the "
        "`system` section)."),
    remediation=(
        "Log every read, export, change and deletion of facial data with who, when, what and "
        "why, keep the log where its subjects cannot alter it, and review it. Then record "
        "`security: {audit_logging: true}`."),
    added="0.1.0",
    reads=("security.audit_logging", "components.stores", "flows.data",
           "components.collection"),
    bad_example=Example("yaml", """
security:
  audit_logging: false
  access_control: rbac
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
    return missing_security_measure(model, "audit_logging", "access to it is not audit-logged")


CHECK = Check(meta=META, run=run)
