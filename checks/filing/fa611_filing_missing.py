"""FA611: facial information of 100,000 or more people stored and no filing recorded."""

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
    applies_in_china,
    facial_categories,
    filing_rules,
    parse_date,
    system_location,
)
from faceaudit.model import SystemModel

_RULES = filing_rules()

META = CheckMeta(
    id="FA611",
    slug="filing-missing",
    title=(f"Facial information of {_RULES.threshold:,} or more people stored and no filing "
           "recorded"),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.FILING,
    mandates=("cn-frt-2025:Art.15",),
    rationale=(
        f"The Measures (Art. 15) require a processor that stores the facial information of "
        f"{_RULES.threshold:,} or more individuals to file with the provincial cyberspace "
        f"administration within {_RULES.deadline_working_days} working days of reaching that "
        f"number, sending among other things its processing rules, its security measures and "
        f"its impact assessment report; processors already above the number before "
        f"{_RULES.transitional_before.isoformat()} had to file by "
        f"{_RULES.transitional_deadline.isoformat()} (the {_RULES.transitional_source}). "
        f"This check fires when `system.subjects.stored_individuals` is at least "
        f"{_RULES.threshold:,} and the description has no `filing` section, or one without a "
        f"`record` number. The filing is a duty of Chinese law, so the check runs only when "
        f"`system.jurisdictions` names CN; it stays silent when the number of stored "
        f"individuals is not stated. When `subjects.threshold_reached` is given, the finding "
        f"states the deadline. The threshold, the deadline and the transitional date are kept "
        f"as data in faceaudit's `data/filing.yaml`."),
    remediation=(
        "File through the CAC personal-information protection system with the provincial "
        "cyberspace administration, or bring the number of stored individuals below the "
        "threshold by deleting facial information that is no longer needed. Record the "
        "filing: `filing: {record: <record number>, date: 2025-07-10}`, and the date the "
        "threshold was reached as `system.subjects.threshold_reached`."),
    added="0.1.0",
    reads=("system.jurisdictions", "system.subjects.stored_individuals",
           "system.subjects.threshold_reached", "filing.record"),
    bad_example=Example("yaml", """
system:
  name: Metro station fast lane
  jurisdictions: [CN]
  subjects:
    stored_individuals: 240000
    threshold_reached: 2025-08-04
"""),
    good_example=Example("yaml", """
system:
  name: Metro station fast lane
  jurisdictions: [CN]
  subjects:
    stored_individuals: 240000
    threshold_reached: 2025-08-04
filing:
  record: "GD-RLSB-2025-000123"
  date: 2025-09-05
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    system, anchor = model.system, system_location(model)
    if system is None or anchor is None or not applies_in_china(model):
        return
    stored = system.subjects.stored_individuals
    if stored is None or stored < _RULES.threshold:
        return
    filing = model.filing
    if filing is not None and filing.record and filing.record.strip():
        return
    locations: list[Location] = [anchor]
    if filing is None:
        state = "no filing section"
    else:
        state = "a filing section without a record number"
        locations.append(Location.of(filing.provenance, "filing"))
    evidence = [Evidence("stored individuals", f"{stored:,}"),
                Evidence("threshold", f"{_RULES.threshold:,}"),
                Evidence("filing", state)]
    reached = parse_date(system.subjects.threshold_reached)
    if reached is not None:
        try:
            deadline = _RULES.deadline_for(reached)
        except OverflowError:
            deadline = None
        if deadline is not None:
            evidence.append(Evidence("threshold reached", reached.isoformat()))
            evidence.append(Evidence("deadline", f"{deadline.day.isoformat()} "
                                                 f"({deadline.basis})"))
            evidence += [Evidence("calendar", note) for note in deadline.notes]
    yield Hit(
        message=f"Facial information of {stored:,} individuals is stored (threshold "
                f"{_RULES.threshold:,}) and the description has {state}",
        locations=tuple(locations), evidence=tuple(evidence),
        data=facial_categories(model), key="filing-missing")


CHECK = Check(meta=META, run=run)
