"""FA602: every impact assessment is dated after processing began."""

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
    id="FA602",
    slug="assessment-after-start",
    title="Facial processing began before any impact assessment",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    concern=Concern.IMPACT_ASSESSMENT,
    mandates=("cn-frt-2025:Art.9", "cn-pipl:Art.55"),
    rationale=(
        "The impact assessment comes before the processing: the Measures (Art. 9) and PIPL "
        "Art. 55 require it in advance, so that its findings can still change the purpose, "
        "the method and the protections. This check compares `system.started` (the go-live "
        "date) with the dates of the `pia` and `dpia` assessments and fires when every one of "
        "them is dated after it; an assessment on the start date itself counts as in time. It "
        "stays silent when `started` is missing, when an impact assessment has no date (it "
        "might be the early one), and when there is no impact assessment at all (FA601 reports "
        "that): it judges only dates the description states, never today's date."),
    remediation=(
        "If an assessment was done before go-live, record it with its date. Otherwise the "
        "processing ran without one: review the assessment's findings against what was done "
        "meanwhile, and make sure the next change is assessed before it goes live. Record "
        "each assessment as `{kind: pia, date: 2025-03-10, document: ...}` and the go-live "
        "date as `system.started`."),
    added="0.1.0",
    reads=("system.started", "assessments.kind", "assessments.date"),
    bad_example=Example("yaml", """
system:
  name: Hotel check-in kiosks
  started: 2025-06-15
assessments:
  - {kind: pia, date: 2025-09-01, document: docs/pia.pdf}
"""),
    good_example=Example("yaml", """
system:
  name: Hotel check-in kiosks
  started: 2025-06-15
assessments:
  - {kind: pia, date: 2025-05-28, document: docs/pia.pdf}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    system = model.system
    anchor = system_location(model)
    assessments = impact_assessments(model)
    if system is None or anchor is None or not assessments:
        return
    started = parse_date(system.started)
    dates = [parse_date(a.date) for a in assessments]
    if started is None or any(d is None for d in dates):
        return
    first = min(d for d in dates if d is not None)
    if first <= started:
        return
    locations: list[Location] = [anchor]
    locations += [assessment_location(a) for a in assessments]
    yield Hit(
        message=f"Processing started on {started.isoformat()}, before the first impact "
                f"assessment ({first.isoformat()})",
        locations=tuple(locations),
        evidence=(Evidence("started", started.isoformat()),
                  Evidence("assessments", assessments_text(assessments)),
                  Evidence("gap", f"{(first - started).days} days without an assessment")),
        data=facial_categories(model), key="assessment-after-start")


CHECK = Check(meta=META, run=run)
