"""FA601: facial data processed and no personal-information impact assessment recorded."""

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
    assessment_location,
    assessments_text,
    facial_categories,
    facial_evidence,
    impact_assessments,
    processes_facial_data,
    system_or_facial_location,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA601",
    slug="no-impact-assessment",
    title="Facial data processed with no personal-information impact assessment",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.IMPACT_ASSESSMENT,
    mandates=("cn-frt-2025:Art.9", "cn-pipl:Art.55", "cn-pipl:Art.56", "eu-gdpr:Art.35"),
    rationale=(
        "Facial information is sensitive personal information. The Measures (Art. 9) require a "
        "personal-information protection impact assessment before facial recognition is used, "
        "as PIPL Art. 55 does for all sensitive personal information, with the contents PIPL "
        "Art. 56 lists: whether the purpose and method are lawful, legitimate and necessary, "
        "the impact on individuals and the security risks, and whether the protections are "
        "adequate. GDPR Art. 35 asks for a data protection impact assessment of large-scale "
        "processing of biometric data. This check fires when the description shows facial "
        "data (a store holding it, a flow carrying it, or a component collecting it) and "
        "records no assessment of kind `pia` or `dpia`; a `security-assessment` or `other` "
        "record does not count, and is pointed at when present. The finding points at the "
        "`system` section."),
    remediation=(
        "Carry out a personal-information protection impact assessment (a DPIA where the GDPR "
        "applies) before processing starts, covering the four points of PIPL Art. 56, keep the "
        "report for at least three years, and record it: `assessments: [{kind: pia, date: "
        "2025-05-20, document: docs/pia-2025.pdf, kept_until: 2028-05-20}]`."),
    added="0.1.0",
    reads=("assessments.kind", "components.stores", "flows.data", "components.collection"),
    bad_example=Example("yaml", """
system:
  name: Campus gate verification
  jurisdictions: [CN]
components:
  - id: gate-reader
    kind: edge-device
    zone: device
    stores:
      - data: [face-template]
assessments:
  - {kind: security-assessment, date: 2025-04-01}
"""),
    good_example=Example("yaml", """
assessments:
  - {kind: security-assessment, date: 2025-04-01}
  - {kind: pia, date: 2025-04-20, document: docs/pia-2025.pdf, kept_until: 2028-04-20}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    if impact_assessments(model) or not processes_facial_data(model):
        return
    anchor = system_or_facial_location(model)
    if anchor is None:
        return
    others = model.assessments
    yield Hit(
        message="The system processes facial data and records no personal-information "
                "impact assessment (kind pia or dpia)",
        locations=(anchor, *(assessment_location(a) for a in others)),
        evidence=(Evidence("facial data", facial_evidence(model)),
                  Evidence("assessments", assessments_text(others))),
        data=facial_categories(model), key="no-impact-assessment")


CHECK = Check(meta=META, run=run)
