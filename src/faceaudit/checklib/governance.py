"""Governance facts shared by the checks on assessments, filing, security measures and purpose.

- Where the rules apply: :func:`applies_in_china` and :func:`eu_jurisdictions` read
  ``system.jurisdictions``.
- Whether a description processes facial data at all, and where it shows:
  :func:`processes_facial_data`, :func:`facial_categories`, :func:`facial_evidence`,
  :func:`system_or_facial_location`.
- Dates written in the description: :func:`parse_date`, :func:`add_years`.
- Impact assessments: :func:`impact_assessments`, :func:`assessment_location`.
- The filing duty of the Measures (Art. 15) and its deadline in Chinese working days:
  :func:`filing_rules` loads ``faceaudit/data/filing.yaml`` (threshold, deadline length,
  transitional date and the holiday calendar) into a :class:`FilingRules`.
- The ``security`` section: :func:`security_location`, :func:`security_statement`,
  :func:`is_unset`.

Nothing here reads the clock: dates are judged only against other dates of the description.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from faceaudit.check import Evidence, Hit, Location
from faceaudit.checklib import categories_text, facial_stores, flow_location
from faceaudit.model import Assessment, DataCategory, SystemModel

SYSTEM_OBJECT = "system"
"""How findings name the ``system`` section of a description."""

SECURITY_OBJECT = "security"
"""How findings name the ``security`` section of a description."""

IMPACT_KINDS = frozenset({"pia", "dpia"})
"""Assessment kinds that are personal-information or data-protection impact assessments."""

ASSESSMENT_KEEP_YEARS = 3
"""How long an impact assessment report must be kept (the Measures Art. 9, PIPL Art. 56)."""

EU_MEMBER_STATES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"})
"""ISO 3166 codes of the EU member states (Greece as GR)."""

_EU = EU_MEMBER_STATES | {"EU"}

_UNSET = frozenset({"", "none"})


# --- where the rules apply --------------------------------------------------------------------

def jurisdiction_countries(model: SystemModel) -> tuple[str, ...]:
    """The countries of ``system.jurisdictions``, subdivisions cut off (``CN-GD`` gives ``CN``)."""
    if model.system is None:
        return ()
    return tuple(code.split("-", 1)[0] for code in model.system.jurisdictions)


def applies_in_china(model: SystemModel) -> bool:
    """Whether ``system.jurisdictions`` names mainland China (``CN`` or ``CN-xx``)."""
    return "CN" in jurisdiction_countries(model)


def eu_jurisdictions(model: SystemModel) -> tuple[str, ...]:
    """The entries of ``system.jurisdictions`` that are the EU or one of its member states."""
    if model.system is None:
        return ()
    return tuple(code for code in model.system.jurisdictions
                 if code.split("-", 1)[0] in _EU)


# --- facial processing and the system section -------------------------------------------------

def processes_facial_data(model: SystemModel) -> bool:
    """Whether the description processes facial data: a store holds it, a flow carries it, or a
    component declares how it collects it (``collection``)."""
    return (next(facial_stores(model), None) is not None or bool(model.facial_flows())
            or any(c.collection is not None for c in model.components))


def facial_categories(model: SystemModel) -> frozenset[DataCategory]:
    """Every facial category the description's stores hold or its flows carry."""
    found = frozenset(c for item in facial_stores(model) for c in item.facial)
    return found | frozenset(c for flow in model.facial_flows() for c in flow.facial)


def facial_evidence(model: SystemModel, limit: int = 3) -> str:
    """A short account of where the description shows facial data, for a finding's evidence:
    ``store face-db/gallery (face-template); flow cam -> match (face-image)``."""
    parts = [f"store {found.location.object} ({categories_text(found.facial)})"
             for found in facial_stores(model)]
    parts += [f"flow {flow.label} ({categories_text(flow.facial)})"
              for flow in model.facial_flows()]
    parts += [f"component {c.id} collects by {c.collection.method}"
              for c in model.components if c.collection is not None]
    more = len(parts) - limit
    text = "; ".join(parts[:limit])
    return f"{text}; and {more} more" if more > 0 else text


def system_location(model: SystemModel) -> Location | None:
    """The location of the ``system`` section, or ``None`` when the model has none."""
    if model.system is None:
        return None
    return Location.of(model.system.provenance, SYSTEM_OBJECT)


def first_facial_location(model: SystemModel) -> Location | None:
    """The first place, in declaration order, where the description shows facial data: a facial
    store, else a facial flow, else a component's ``collection``."""
    for found in facial_stores(model):
        return found.location
    for flow in model.facial_flows():
        return flow_location(flow)
    for component in model.components:
        if component.collection is not None:
            return Location.of(component.collection.provenance, f"{component.id}.collection")
    return None


def system_or_facial_location(model: SystemModel) -> Location | None:
    """The ``system`` section, or where facial data first shows when there is none."""
    return system_location(model) or first_facial_location(model)


# --- dates ------------------------------------------------------------------------------------

def parse_date(text: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` date of the description (a timestamp gives its date), or ``None`` when
    absent or unreadable."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February. Past the last
    representable year, the last representable day."""
    if day.year + years > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- impact assessments -----------------------------------------------------------------------

def impact_assessments(model: SystemModel) -> tuple[Assessment, ...]:
    """The assessments of kind ``pia`` or ``dpia``, in declaration order."""
    return tuple(a for a in model.assessments if a.kind in IMPACT_KINDS)


def assessment_object(assessment: Assessment) -> str:
    """How findings name an assessment: ``pia 2025-03-01``, or ``pia undated``."""
    return f"{assessment.kind} {assessment.date or 'undated'}"


def assessment_location(assessment: Assessment) -> Location:
    return Location.of(assessment.provenance, assessment_object(assessment))


def assessments_text(assessments: tuple[Assessment, ...]) -> str:
    """``pia 2024-05-01, security-assessment undated``, or ``none``."""
    return ", ".join(assessment_object(a) for a in assessments) or "none"


# --- the security section ---------------------------------------------------------------------

def security_location(model: SystemModel) -> Location | None:
    """The ``security`` section, or the ``system`` section when there is none (then ``None``
    only for a model without either)."""
    if model.security is not None:
        return Location.of(model.security.provenance, SECURITY_OBJECT)
    return system_or_facial_location(model)


def security_statement(model: SystemModel, name: str, value: str | bool | None) -> str:
    """What the description says of one ``security`` field, for a finding's evidence:
    ``no security section``, ``security.audit_logging is not stated``,
    ``security.audit_logging: false``, ``security.access_control: none``."""
    if model.security is None:
        return "the description has no security section"
    if value is None:
        return f"security.{name} is not stated"
    if isinstance(value, bool):
        return f"security.{name}: {str(value).lower()}"
    return f"security.{name}: {value or '(empty)'}"


def is_unset(value: str | None) -> bool:
    """Whether a security model is absent, null, empty or ``none`` (in any letter case)."""
    return value is None or value.strip().lower() in _UNSET


def missing_security_measure(model: SystemModel, name: str, what: str) -> Iterator[Hit]:
    """The one finding of a check for a measure of the ``security`` section: when the
    description shows facial data and ``security.<name>`` is not ``true`` (for a switch) or
    names no model (absent, null, empty or ``none``), one hit at the section, saying ``what``
    is missing (``access to it is not audit-logged``, ``no access control is stated``)."""
    if not processes_facial_data(model):
        return
    value: str | bool | None = getattr(model.security, name) if model.security else None
    if value is True or (isinstance(value, str) and not is_unset(value)):
        return
    anchor = security_location(model)
    if anchor is None:
        return
    stated = security_statement(model, name, value)
    yield Hit(message=f"Facial data is processed and {what} ({stated})", locations=(anchor,),
              evidence=(Evidence("stated", stated),
                        Evidence("facial data", facial_evidence(model))),
              data=facial_categories(model), key=name)


# --- filing (the Measures Art. 15) and Chinese working days -----------------------------------

class FilingDataError(RuntimeError):
    """``faceaudit/data/filing.yaml`` is malformed: a defect of faceaudit, not of the input."""


@dataclass(frozen=True)
class HolidayYear:
    """One year's holiday arrangement: the days off and the weekend days worked in exchange."""

    year: int
    verified: bool
    source: str
    off: frozenset[dt.date]
    worked: frozenset[dt.date]


@dataclass(frozen=True)
class CalendarGaps:
    """What a count of working days had to assume over the days it looked at."""

    weekday_only_years: tuple[int, ...]
    """Years the holiday calendar does not cover, so counted Monday to Friday."""
    unverified_years: tuple[int, ...]
    """Years whose holiday arrangement is in the data but not yet verified."""


@dataclass(frozen=True)
class WorkCalendar:
    """Chinese working days: Monday to Friday, less public holidays, plus make-up working days
    (调休). Years the calendar does not cover are counted Monday to Friday."""

    years: Mapping[int, HolidayYear]

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_working_day(self, day: dt.date) -> bool:
        arrangement = self.years.get(day.year)
        if arrangement is not None:
            if day in arrangement.worked:
                return True
            if day in arrangement.off:
                return False
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        day, found = start, 0
        while found < count:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                found += 1
        return day

    def count_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days fall after ``start``, up to and including ``end`` (0 when
        ``end`` is not after ``start``)."""
        if end <= start:
            return 0
        span = (end - start).days
        weeks, rest = divmod(span, 7)
        count = 5 * weeks + sum(1 for k in range(1, rest + 1)
                                if (start + dt.timedelta(days=k)).weekday() < 5)
        for arrangement in self.years.values():
            count -= sum(1 for day in arrangement.off
                         if start < day <= end and day.weekday() < 5)
            count += sum(1 for day in arrangement.worked if start < day <= end)
        return count

    def gaps(self, start: dt.date, end: dt.date) -> CalendarGaps:
        """What counting the days after ``start`` up to ``end`` assumes."""
        if end <= start:
            return CalendarGaps((), ())
        years = range((start + dt.timedelta(days=1)).year, end.year + 1)
        return CalendarGaps(
            weekday_only_years=tuple(y for y in years if not self.covers(y)),
            unverified_years=tuple(y for y in years
                                   if self.covers(y) and not self.years[y].verified))

    def coverage_text(self) -> str:
        """``2025-2026`` or ``2025, 2027``: the years the holiday calendar covers."""
        years = sorted(self.years)
        if not years:
            return "no year"
        if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
            return f"{years[0]}-{years[-1]}"
        return ", ".join(str(y) for y in years)

    def notes(self, gaps: CalendarGaps) -> tuple[str, ...]:
        """The assumptions of a count, as sentences for a finding's evidence."""
        notes: list[str] = []
        if gaps.weekday_only_years:
            years = ", ".join(str(y) for y in gaps.weekday_only_years)
            notes.append(f"working days in {years} counted Monday to Friday: the holiday "
                         f"calendar covers only {self.coverage_text()}")
        if gaps.unverified_years:
            years = ", ".join(str(y) for y in gaps.unverified_years)
            notes.append(f"the {years} holiday calendar is still to be verified against the "
                         "State Council notice")
        return tuple(notes)


@dataclass(frozen=True)
class FilingDeadline:
    """When a filing was due and how that was worked out."""

    day: dt.date
    basis: str
    """``30 Chinese working days after 2025-07-01``, or the transitional rule."""
    notes: tuple[str, ...]
    """What the working-day count assumed (see :meth:`WorkCalendar.notes`)."""
    counted_from: dt.date | None
    """The date working days were counted from; ``None`` for the fixed transitional date."""


@dataclass(frozen=True)
class FilingTiming:
    """A filing date held against its deadline."""

    deadline: FilingDeadline
    filed: dt.date
    late_working_days: int
    """Working days after the deadline, up to and including the filing date."""
    notes: tuple[str, ...]

    @property
    def late(self) -> bool:
        return self.filed > self.deadline.day


@dataclass(frozen=True)
class FilingRules:
    """The filing duty of the Measures (Art. 15) as data."""

    threshold: int
    deadline_working_days: int
    transitional_before: dt.date
    transitional_deadline: dt.date
    transitional_source: str
    calendar: WorkCalendar

    def deadline_for(self, reached: dt.date) -> FilingDeadline:
        """The filing deadline for a threshold first reached on ``reached``."""
        if reached < self.transitional_before:
            return FilingDeadline(
                self.transitional_deadline,
                f"threshold reached before {self.transitional_before.isoformat()}: the fixed "
                f"date of the {self.transitional_source}", (), None)
        day = self.calendar.add_working_days(reached, self.deadline_working_days)
        return FilingDeadline(
            day, f"{self.deadline_working_days} Chinese working days after "
                 f"{reached.isoformat()}",
            self.calendar.notes(self.calendar.gaps(reached, day)), reached)

    def timing(self, reached: dt.date, filed: dt.date) -> FilingTiming:
        """Whether, and by how many working days, a filing on ``filed`` was late."""
        deadline = self.deadline_for(reached)
        start = deadline.counted_from or deadline.day
        end = max(deadline.day, filed)
        notes = self.calendar.notes(self.calendar.gaps(start, end)) if end > start else ()
        return FilingTiming(deadline, filed, self.calendar.count_between(deadline.day, filed),
                            notes)


@cache
def filing_rules() -> FilingRules:
    """The packaged filing rules (``faceaudit/data/filing.yaml``), read once."""
    resource = files("faceaudit") / "data" / "filing.yaml"
    try:
        raw = yaml.safe_load(resource.read_bytes())
    except (OSError, yaml.YAMLError) as exc:
        raise FilingDataError(f"filing.yaml: cannot be read: {exc}") from exc
    return parse_filing_rules(raw)


def parse_filing_rules(raw: Any) -> FilingRules:
    """Build :class:`FilingRules` from the parsed data file, checking its shape.

    Raises :class:`FilingDataError` naming every problem found.
    """
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise FilingDataError("filing.yaml: the top level must be a mapping")
    threshold = _positive_int(raw, "threshold", problems)
    days = _positive_int(raw, "deadline_working_days", problems)
    transitional = raw.get("transitional")
    if not isinstance(transitional, dict):
        problems.append("transitional must be a mapping")
        transitional = {}
    before = _data_date(transitional.get("reached_before"), "transitional.reached_before",
                        problems)
    deadline = _data_date(transitional.get("deadline"), "transitional.deadline", problems)
    source = transitional.get("source")
    if not isinstance(source, str) or not source.strip():
        problems.append("transitional.source must name where the date comes from")
    years = _calendar(raw.get("calendar"), problems)
    if (problems or threshold is None or days is None or before is None or deadline is None
            or not isinstance(source, str)):
        raise FilingDataError("filing.yaml: " + "; ".join(problems))
    return FilingRules(threshold, days, before, deadline, source, WorkCalendar(years))


def _positive_int(raw: dict[str, Any], key: str, problems: list[str]) -> int | None:
    value = raw.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    problems.append(f"{key} must be a positive integer")
    return None


def _data_date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{where} must be a date YYYY-MM-DD")
    return None


def _calendar(raw: Any, problems: list[str]) -> dict[int, HolidayYear]:
    if not isinstance(raw, list):
        problems.append("calendar must be a list of years")
        return {}
    years: dict[int, HolidayYear] = {}
    for i, entry in enumerate(raw):
        where = f"calendar[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where} must be a mapping")
            continue
        year = entry.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            problems.append(f"{where}.year must be an integer")
            continue
        if year in years:
            problems.append(f"{where}: year {year} is listed twice")
            continue
        verified, source = entry.get("verified"), entry.get("source")
        if not isinstance(verified, bool):
            problems.append(f"{where}.verified must be true or false")
        if not isinstance(source, str) or not source.strip():
            problems.append(f"{where}.source must name the notice")
        off: set[dt.date] = set()
        worked: set[dt.date] = set()
        for j, holiday in enumerate(entry.get("holidays") or ()):
            _holiday(holiday, year, f"{where}.holidays[{j}]", off, worked, problems)
        clash = off & worked
        if clash:
            problems.append(f"{where}: days both off and worked: "
                            + ", ".join(d.isoformat() for d in sorted(clash)))
        years[year] = HolidayYear(year, verified is True, str(source), frozenset(off),
                                  frozenset(worked))
    return years


def _holiday(raw: Any, year: int, where: str, off: set[dt.date], worked: set[dt.date],
             problems: list[str]) -> None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        problems.append(f"{where} must be a mapping with a name")
        return
    span = raw.get("days_off")
    if not isinstance(span, list) or len(span) != 2:
        problems.append(f"{where}.days_off must be [first day, last day]")
        return
    first = _data_date(span[0], f"{where}.days_off[0]", problems)
    last = _data_date(span[1], f"{where}.days_off[1]", problems)
    if first is None or last is None:
        return
    if last < first or first.year != year or last.year != year:
        problems.append(f"{where}.days_off must run forwards within {year}")
        return
    day = first
    while day <= last:
        off.add(day)
        day += dt.timedelta(days=1)
    for k, value in enumerate(raw.get("make_up_workdays") or ()):
        day_worked = _data_date(value, f"{where}.make_up_workdays[{k}]", problems)
        if day_worked is None:
            continue
        if day_worked.year != year or day_worked.weekday() < 5:
            problems.append(f"{where}.make_up_workdays[{k}]: {day_worked.isoformat()} must be "
                            f"a Saturday or Sunday of {year}")
            continue
        worked.add(day_worked)
