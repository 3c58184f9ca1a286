"""FA603: the system changed materially after its newest impact assessment."""

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
    impact_assessments,
    parse_date,
    system_location,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA603",
    slug="assessment-outdated",
    title="The system changed materially after its newest impact assessment",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    concern=Concern.IMPACT_ASSESSMENT,
    mandates=("cn-frt-2025:Art.9",),
    rationale=(
        "An impact assessment describes one purpose, method and scale. The Measures (Art. 9) "
        "require a new assessment when the purpose or the method of processing changes. "
        "`system.last_material_change` records the last such change; this check fires when it "
        "is later than the newest `pia` or `dpia` assessment. An assessment dated on the day "
        "of the change counts as covering it. It stays silent when `last_material_change` is "
        "missing, when an impact assessment has no date (it might be the newest), and when "
        "there is no impact assessment at all (FA601 reports that)."),
    remediation=(
        "Reassess the processing as it is now, and record the new assessment with its date: "
        "`assessments: [..., {kind: pia, date: 2025-11-03, document: docs/pia-v2.pdf}]`. If "
        "the change was not material, correct `system.last_material_change`."),
    added="0.1.0",
    reads=("system.last_material_change", "assessments.kind", "assessments.date"),
    bad_example=Example("yaml", """
system:
  name: Residential compound gates
  started: 2025-03-01
  last_material_change: 2025-10-01   # 1:N identification of visitors added
assessments:
  - {kind: pia, date: 2025-02-10, document: docs/pia.pdf}
"""),
    good_example=Example("yaml", """
assessments:
  - {kind: pia, date: 2025-02-10, document: docs/pia.pdf}
  - {kind: pia, date: 2025-09-20, document: docs/pia-visitors.pdf}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    system = model.system
    anchor = system_location(model)
    assessments = impact_assessments(model)
    if system is None or anchor is None or not assessments:
        return
    changed = parse_date(system.last_material_change)
    dated = [(parse_date(a.date), a) for a in assessments]
    if changed is None or any(day is None for day, _ in dated):
        return
    newest_day, newest = max(((d, a) for d, a in dated if d is not None), key=lambda p: p[0])
    if newest_day >= changed:
        return
    yield Hit(
        message=f"The system last changed materially on {changed.isoformat()}, after its "
                f"newest impact assessment ({newest_day.isoformat()})",
        locations=(anchor, assessment_location(newest)),
        evidence=(Evidence("last material change", changed.isoformat()),
                  Evidence("newest assessment", f"{newest.kind} {newest_day.isoformat()}"
                           + (f" ({newest.document})" if newest.document else "")),
                  Evidence("assessments", assessments_text(assessments))),
        data=facial_categories(model), key="assessment-outdated")


CHECK = Check(meta=META, run=run)
