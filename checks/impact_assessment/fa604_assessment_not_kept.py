"""FA604: an impact assessment is kept for less than three years."""

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
    ASSESSMENT_KEEP_YEARS,
    add_years,
    assessment_location,
    assessment_object,
    facial_categories,
    impact_assessments,
    parse_date,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA604",
    slug="assessment-not-kept",
    title="Impact assessment report kept for less than three years",
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    concern=Concern.IMPACT_ASSESSMENT,
    mandates=("cn-frt-2025:Art.9", "cn-pipl:Art.56"),
    rationale=(
        "PIPL Art. 56 requires the impact assessment report and the processing records to be "
        "kept for at least three years, and the Measures (Art. 9) repeat the duty for facial "
        "recognition (the three-year term in the Measures rests on secondary sources; PIPL's "
        "is confirmed). This check fires for each `pia` or `dpia` assessment whose `kept_until` "
        "is earlier than three years after its `date` (29 February counts as 28 February). "
        "Other kinds of assessment are not held to the term. An assessment without `date` or "
        "without `kept_until` is left alone: the check judges only the dates the description "
        "states."),
    remediation=(
        "Keep the report and the processing records for at least three years from the "
        "assessment, and record the date: `{kind: pia, date: 2025-04-20, document: ..., "
        "kept_until: 2028-04-20}`."),
    added="0.1.0",
    reads=("assessments.kind", "assessments.date", "assessments.kept_until"),
    bad_example=Example("yaml", """
assessments:
  - {kind: pia, date: 2025-04-20, document: docs/pia.pdf, kept_until: 2026-04-20}
"""),
    good_example=Example("yaml", """
assessments:
  - {kind: pia, date: 2025-04-20, document: docs/pia.pdf, kept_until: 2028-04-20}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for assessment in impact_assessments(model):
        day, kept = parse_date(assessment.date), parse_date(assessment.kept_until)
        if day is None or kept is None:
            continue
        required = add_years(day, ASSESSMENT_KEEP_YEARS)
        if kept >= required:
            continue
        yield Hit(
            message=f"The {assessment.kind} of {day.isoformat()} is kept until "
                    f"{kept.isoformat()}, less than {ASSESSMENT_KEEP_YEARS} years",
            locations=(assessment_location(assessment),),
            evidence=(Evidence("kept until", kept.isoformat()),
                      Evidence("required until", required.isoformat()),
                      Evidence("short by", f"{(required - kept).days} days")),
            data=facial_categories(model), key=assessment_object(assessment))


CHECK = Check(meta=META, run=run)
