"""The filing rules of the Measures (Art. 15) as data, and the Chinese working-day arithmetic."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from faceaudit.checklib.governance import (
    FilingDataError,
    WorkCalendar,
    filing_rules,
    parse_filing_rules,
)

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return filing_rules().calendar


def test_packaged_rules() -> None:
    rules = filing_rules()
    assert rules.threshold == 100_000
    assert rules.deadline_working_days == 30
    assert rules.transitional_before == D("2025-06-01")
    assert rules.transitional_deadline == D("2025-07-14")
    assert sorted(rules.calendar.years) == [2025, 2026]
    assert rules.calendar.years[2025].verified
    assert not rules.calendar.years[2026].verified, "2026 is marked to be verified"


@pytest.mark.parametrize(("day", "working"), [
    ("2025-01-01", False),  # New Year's Day, a Wednesday
    ("2025-01-26", True),   # Sunday worked for the Spring Festival
    ("2025-01-28", False),  # Spring Festival eve, a Tuesday
    ("2025-02-04", False),  # last day of the Spring Festival break
    ("2025-02-05", True),
    ("2025-02-08", True),   # Saturday worked
    ("2025-02-09", False),  # an ordinary Sunday
    ("2025-04-27", True),   # Sunday worked for Labour Day
    ("2025-05-05", False),
    ("2025-06-02", False),  # Dragon Boat Festival, a Monday
    ("2025-09-28", True),
    ("2025-10-08", False),
    ("2025-10-11", True),
    ("2025-10-13", True),   # an ordinary Monday
    ("2026-01-04", True),   # Sunday worked
    ("2026-02-14", True),
    ("2026-02-23", False),
    ("2026-05-09", True),
    ("2026-10-07", False),
    ("2027-01-01", True),   # outside the calendar: a Friday is a working day
    ("2027-01-02", False),  # and a Saturday is not
])
def test_is_working_day(calendar: WorkCalendar, day: str, working: bool) -> None:
    assert calendar.is_working_day(D(day)) is working


@pytest.mark.parametrize(("year", "count"), [(2025, 248), (2026, 248)])
def test_working_days_in_a_year(calendar: WorkCalendar, year: int, count: int) -> None:
    assert calendar.count_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31)) == count


@pytest.mark.parametrize(("start", "count", "expected"), [
    # Counted from the day after: 2025-06-02 is a holiday, so day 1 is Tuesday 3 June.
    ("2025-06-01", 30, "2025-07-14"),
    ("2025-06-01", 1, "2025-06-03"),
    ("2025-07-01", 30, "2025-08-12"),
    # Over National Day: 28 Sep and 11 Oct are worked, 1-8 Oct are not.
    ("2025-09-10", 30, "2025-10-28"),
    ("2025-09-26", 1, "2025-09-28"),
    ("2025-09-30", 1, "2025-10-09"),
    # Over the Spring Festival 2025.
    ("2025-01-20", 10, "2025-02-08"),
    # From 2025 into 2026: 1-3 Jan off, Sunday 4 Jan worked.
    ("2025-12-31", 1, "2026-01-04"),
    ("2025-12-20", 30, "2026-02-02"),
    # From 2026 into 2027, counted Monday to Friday.
    ("2026-12-01", 30, "2027-01-12"),
    ("2027-03-01", 5, "2027-03-08"),
])
def test_add_working_days(calendar: WorkCalendar, start: str, count: int,
                          expected: str) -> None:
    assert calendar.add_working_days(D(start), count) == D(expected)


def test_add_working_days_needs_a_positive_count(calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        calendar.add_working_days(D("2025-06-01"), 0)


def test_count_between_agrees_with_counting_day_by_day(calendar: WorkCalendar) -> None:
    rng = random.Random(20250601)
    first = D("2024-11-01").toordinal()
    last = D("2027-03-01").toordinal()
    for _ in range(300):
        a, b = sorted(rng.randint(first, last) for _ in range(2))
        start, end = dt.date.fromordinal(a), dt.date.fromordinal(b)
        by_day = sum(1 for n in range(a + 1, b + 1)
                     if calendar.is_working_day(dt.date.fromordinal(n)))
        assert calendar.count_between(start, end) == by_day, (start, end)
    assert calendar.count_between(D("2025-07-14"), D("2025-07-01")) == 0


def test_count_inverts_add(calendar: WorkCalendar) -> None:
    for start in ("2025-06-01", "2025-09-10", "2025-12-20", "2026-12-01"):
        day = calendar.add_working_days(D(start), 30)
        assert calendar.count_between(D(start), day) == 30


def test_gaps_and_notes(calendar: WorkCalendar) -> None:
    assert calendar.gaps(D("2025-06-01"), D("2025-07-14")).weekday_only_years == ()
    gaps = calendar.gaps(D("2026-12-01"), D("2027-01-12"))
    assert gaps.weekday_only_years == (2027,)
    assert gaps.unverified_years == (2026,)
    assert calendar.notes(gaps) == (
        "working days in 2027 counted Monday to Friday: the holiday calendar covers only "
        "2025-2026",
        "the 2026 holiday calendar is still to be verified against the State Council notice")
    assert calendar.gaps(D("2024-12-30"), D("2024-12-31")).weekday_only_years == (2024,)


def test_deadline_before_the_measures_is_the_fixed_date() -> None:
    deadline = filing_rules().deadline_for(D("2025-05-31"))
    assert deadline.day == D("2025-07-14")
    assert deadline.counted_from is None
    assert deadline.basis == ("threshold reached before 2025-06-01: the fixed date of the CAC "
                              "notice of 2025-05-28 on facial-recognition filing")


def test_deadline_from_the_first_day_of_the_measures() -> None:
    deadline = filing_rules().deadline_for(D("2025-06-01"))
    assert deadline.day == D("2025-07-14")
    assert deadline.counted_from == D("2025-06-01")
    assert deadline.basis == "30 Chinese working days after 2025-06-01"
    assert deadline.notes == ()


def test_timing() -> None:
    rules = filing_rules()
    on_time = rules.timing(D("2025-07-01"), D("2025-08-12"))
    assert not on_time.late and on_time.late_working_days == 0
    late = rules.timing(D("2025-07-01"), D("2025-08-19"))
    assert late.late and late.late_working_days == 5
    # Late on a non-working day only.
    weekend = rules.timing(D("2025-07-01"), D("2025-08-16"))
    assert weekend.late and weekend.late_working_days == 3
    transitional = rules.timing(D("2024-03-01"), D("2025-07-21"))
    assert transitional.late and transitional.late_working_days == 5
    assert transitional.notes == ()
    into_2027 = rules.timing(D("2026-12-01"), D("2027-01-20"))
    assert into_2027.late_working_days == 6
    assert into_2027.notes[0].startswith("working days in 2027 counted Monday to Friday")


def _raw(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "threshold": 100000,
        "deadline_working_days": 30,
        "transitional": {"reached_before": "2025-06-01", "deadline": "2025-07-14",
                         "source": "CAC notice"},
        "calendar": [{"year": 2025, "verified": True, "source": "notice",
                      "holidays": [{"name": "Labour Day",
                                    "days_off": ["2025-05-01", "2025-05-05"],
                                    "make_up_workdays": ["2025-04-27"]}]}],
    }
    raw.update(changes)
    return raw


def test_parse_accepts_dates_as_text_or_dates() -> None:
    rules = parse_filing_rules(_raw())
    assert rules.calendar.is_working_day(D("2025-04-27"))
    assert not rules.calendar.is_working_day(D("2025-05-02"))


@pytest.mark.parametrize(("changes", "problem"), [
    ({"threshold": "100k"}, "threshold must be a positive integer"),
    ({"deadline_working_days": 0}, "deadline_working_days must be a positive integer"),
    ({"transitional": {"deadline": "2025-07-14", "source": "x"}},
     "transitional.reached_before must be a date"),
    ({"calendar": [{"year": 2025, "verified": True, "source": "n",
                    "holidays": [{"name": "x", "off": ["2025-05-01", "2025-05-05"]}]}]},
     "calendar[0].holidays[0].days_off must be [first day, last day]"),
    ({"calendar": [{"year": 2025, "verified": True, "source": "n",
                    "holidays": [{"name": "x", "days_off": ["2025-05-05", "2025-05-01"]}]}]},
     "must run forwards within 2025"),
    ({"calendar": [{"year": 2025, "verified": True, "source": "n",
                    "holidays": [{"name": "x", "days_off": ["2025-05-01", "2025-05-05"],
                                  "make_up_workdays": ["2025-04-28"]}]}]},
     "2025-04-28 must be a Saturday or Sunday of 2025"),
    ({"calendar": [{"year": 2025, "verified": True, "source": "n"},
                   {"year": 2025, "verified": True, "source": "n"}]},
     "year 2025 is listed twice"),
    ({"calendar": [{"year": 2025, "verified": "yes", "source": "n"}]},
     "calendar[0].verified must be true or false"),
])
def test_parse_rejects_malformed_data(changes: dict[str, Any], problem: str) -> None:
    with pytest.raises(FilingDataError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        parse_filing_rules(_raw(**changes))


def test_parse_rejects_a_non_mapping() -> None:
    with pytest.raises(FilingDataError, match="top level must be a mapping"):
        parse_filing_rules(["threshold", 100000])
