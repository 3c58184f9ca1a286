"""FA612: the filing was made after its deadline."""

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
    facial_categories,
    filing_rules,
    parse_date,
    system_location,
)
from faceaudit.model import SystemModel

_RULES = filing_rules()

META = CheckMeta(
    id="FA612",
    slug="filing-late",
    title="Filing made after its deadline",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    concern=Concern.FILING,
    mandates=("cn-frt-2025:Art.15",),
    rationale=(
        f"The Measures (Art. 15) give a processor {_RULES.deadline_working_days} working days "
        f"to file once the facial information it stores reaches {_RULES.threshold:,} "
        f"individuals; for processors already above that number before "
        f"{_RULES.transitional_before.isoformat()} the {_RULES.transitional_source} set the "
        f"deadline at {_RULES.transitional_deadline.isoformat()}. This check compares "
        f"`filing.date` with the deadline worked out from `system.subjects.threshold_reached` "
        f"and fires when the filing came later. Working days are Chinese working days: "
        f"Monday to Friday, less public holidays, plus the weekend days worked in exchange "
        f"(调休), from the holiday calendar kept as data in faceaudit's `data/filing.yaml` "
        f"(it covers {_RULES.calendar.coverage_text()}); days in other years are counted "
        f"Monday to Friday, and the finding says so, as it says when a year's calendar is "
        f"still to be verified against the State Council notice. The day the threshold is "
        f"reached is not counted. The check stays silent when there is no filing (FA611 "
        f"reports a missing one) or when either date is missing. A recorded filing shows the "
        f"Measures apply, so `system.jurisdictions` is not consulted."),
    remediation=(
        "A late filing cannot be made on time after the fact: make sure the record is "
        "complete, keep the explanation with it, and file substantive changes within the "
        f"{_RULES.deadline_working_days} working days. If a date is wrong, correct "
        "`filing.date` or `system.subjects.threshold_reached`."),
    added="0.1.0",
    reads=("filing.date", "system.subjects.threshold_reached"),
    bad_example=Example("yaml", """
system:
  name: Stadium entry
  subjects: {stored_individuals: 180000, threshold_reached: 2025-09-10}
filing: {record: "GD-2025-000456", date: 2025-11-20}   # due by 2025-10-28
"""),
    good_example=Example("yaml", """
system:
  name: Stadium entry
  subjects: {stored_individuals: 180000, threshold_reached: 2025-09-10}
filing: {record: "GD-2025-000456", date: 2025-10-24}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    system, filing = model.system, model.filing
    if system is None or filing is None:
        return
    reached = parse_date(system.subjects.threshold_reached)
    filed = parse_date(filing.date)
    if reached is None or filed is None:
        return
    try:
        timing = _RULES.timing(reached, filed)
    except OverflowError:
        return
    if not timing.late:
        return
    deadline = timing.deadline
    if timing.late_working_days:
        late = _plural(timing.late_working_days, "working day")
    else:
        late = f"{_plural((filed - deadline.day).days, 'day')}, none of them a working day"
    locations = [Location.of(filing.provenance, "filing")]
    anchor = system_location(model)
    if anchor is not None:
        locations.append(anchor)
    yield Hit(
        message=f"Filed on {filed.isoformat()}, after the deadline of "
                f"{deadline.day.isoformat()} ({late} late)",
        locations=tuple(locations),
        evidence=(Evidence("threshold reached", reached.isoformat()),
                  Evidence("deadline", f"{deadline.day.isoformat()} ({deadline.basis})"),
                  Evidence("filed", filed.isoformat()),
                  Evidence("late by", late),
                  *(Evidence("calendar", note) for note in timing.notes)),
        data=facial_categories(model), key="filing-late")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


CHECK = Check(meta=META, run=run)
