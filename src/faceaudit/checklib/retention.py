"""Retention limits that frameworks set on facial data, and how a store's retention compares.

The limits are data, not code: ``faceaudit/data/retention_limits.yaml`` lists, per framework and
jurisdiction, the longest time facial data may be kept (``max_days``), the event that time counts
from (``counted_from``) and the article that sets it. The file ships inside the package and is
read once; it is part of faceaudit, like the mandate catalog, not an input of the scan.

A store's retention counts from its own event (``retention.after``, default ``collection``).
:func:`overrun` compares the two, explaining in a sentence how the counts relate when they start
at different events.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from faceaudit.model import Retention

RETENTION_EVENTS: tuple[str, ...] = (
    "collection", "last-interaction", "purpose-end", "consent-withdrawal")
"""The events a retention period can count from (``retention.after`` in the description)."""

DEFAULT_EVENT = "collection"

EVENT_TEXT: dict[str, str] = {
    "collection": "collection",
    "last-interaction": "the last interaction",
    "purpose-end": "the end of the purpose",
    "consent-withdrawal": "the withdrawal of consent",
}

_FIELDS = ("framework", "jurisdiction", "article", "max_days", "counted_from", "summary")
_FRAMEWORK = re.compile(r"^[a-z0-9-]+$")
_ARTICLE = re.compile(r"^[A-Za-z0-9.()\-]+$")
_JURISDICTION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


class RetentionLimitsError(RuntimeError):
    """The packaged retention limits are malformed: a defect of faceaudit, not of the input."""


@dataclass(frozen=True)
class RetentionLimit:
    """The longest one framework lets facial data be kept in one jurisdiction."""

    framework: str
    jurisdiction: str
    article: str
    max_days: int
    counted_from: str
    summary: str

    @property
    def mandate(self) -> str:
        """The catalog reference of the article, e.g. ``us-il-bipa:15(a)``."""
        return f"{self.framework}:{self.article}"

    def applies_in(self, jurisdiction: str) -> bool:
        """Whether a system jurisdiction falls under this limit: the same code, or a subdivision
        of the country the limit is set for (a ``CN`` limit applies in ``CN-BJ``)."""
        code = jurisdiction.strip().upper()
        return code == self.jurisdiction or (
            "-" not in self.jurisdiction and code.startswith(self.jurisdiction + "-"))

    def describe(self) -> str:
        """``1095 days after the last interaction (us-il-bipa:15(a), US-IL)``."""
        return (f"{self.max_days} days after {EVENT_TEXT[self.counted_from]} "
                f"({self.mandate}, {self.jurisdiction})")


def parse_retention_limits(text: str, source: str = "retention_limits.yaml"
                           ) -> tuple[RetentionLimit, ...]:
    """Parse and validate the limits file; raise :class:`RetentionLimitsError` naming every
    problem."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RetentionLimitsError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("limits"), list):
        raise RetentionLimitsError(f"{source}: must be a mapping with a 'limits' list")
    problems: list[str] = []
    limits: list[RetentionLimit] = []
    seen: set[tuple[str, str]] = set()
    for i, entry in enumerate(raw["limits"]):
        where = f"limits[{i}]"
        found = _entry_problems(entry)
        if found:
            problems += [f"{where}: {p}" for p in found]
            continue
        limit = RetentionLimit(entry["framework"], entry["jurisdiction"], str(entry["article"]),
                               entry["max_days"], entry["counted_from"],
                               " ".join(entry["summary"].split()))
        if (limit.framework, limit.jurisdiction) in seen:
            problems.append(f"{where}: {limit.framework} in {limit.jurisdiction} is listed twice")
        seen.add((limit.framework, limit.jurisdiction))
        limits.append(limit)
    if problems:
        raise RetentionLimitsError(f"{source}: " + "; ".join(problems))
    return tuple(limits)


def _entry_problems(entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return ["must be a mapping"]
    problems = [f"unknown key {key!r}" for key in entry if key not in _FIELDS]
    problems += [f"{key} is required" for key in _FIELDS if key not in entry]
    if problems:
        return problems
    checks: tuple[tuple[str, bool], ...] = (
        ("framework", isinstance(entry["framework"], str)
         and bool(_FRAMEWORK.match(entry["framework"]))),
        ("jurisdiction", isinstance(entry["jurisdiction"], str)
         and bool(_JURISDICTION.match(entry["jurisdiction"]))),
        ("article", isinstance(entry["article"], str) and bool(_ARTICLE.match(entry["article"]))),
        ("max_days", isinstance(entry["max_days"], int) and not isinstance(entry["max_days"], bool)
         and entry["max_days"] >= 0),
        ("counted_from", entry["counted_from"] in RETENTION_EVENTS),
        ("summary", isinstance(entry["summary"], str) and bool(entry["summary"].strip())),
    )
    return [f"{key} {entry[key]!r} is not valid" for key, ok in checks if not ok]


@cache
def load_retention_limits() -> tuple[RetentionLimit, ...]:
    """The limits that ship with faceaudit, read once from the package data."""
    resource = files("faceaudit").joinpath("data", "retention_limits.yaml")
    return parse_retention_limits(resource.read_text(encoding="utf-8"), "retention_limits.yaml")


def limits_for(jurisdictions: Iterable[str],
               limits: tuple[RetentionLimit, ...] | None = None) -> tuple[RetentionLimit, ...]:
    """The limits that apply in any of ``jurisdictions``, in the order of the limits file."""
    codes = tuple(jurisdictions)
    pool = load_retention_limits() if limits is None else limits
    return tuple(limit for limit in pool if any(limit.applies_in(code) for code in codes))


@dataclass(frozen=True)
class Overrun:
    """A store's retention that exceeds a limit."""

    limit: RetentionLimit
    days: int
    counted_from: str
    note: str | None
    """How the two counts relate, when they start at different events."""

    @property
    def unbounded(self) -> bool:
        """The store's count starts at an event that may never come, so the limit's clock has
        no bound however few the days."""
        return self.counted_from == "consent-withdrawal" != self.limit.counted_from


def overrun(retention: Retention, limit: RetentionLimit) -> Overrun | None:
    """Whether a retention period kept after its own event exceeds ``limit``.

    The days are compared directly, which is exact when both count from the same event and the
    worst case otherwise (the two events on the same day). Retention that counts from the
    withdrawal of consent, against a limit that does not, always exceeds it: a person who never
    withdraws is kept for ever. ``None`` when the days are not stated (another check reports
    that) or within the limit.
    """
    if retention.days is None:
        return None
    after = retention.after or DEFAULT_EVENT
    note = counting_note(retention.days, after, limit)
    result = Overrun(limit, retention.days, after, note)
    if result.unbounded or retention.days > limit.max_days:
        return result
    return None


def counting_note(days: int, after: str, limit: RetentionLimit) -> str | None:
    """How ``days`` after ``after`` relate to the limit's count, or ``None`` for the same event."""
    start, end = EVENT_TEXT.get(after, after), EVENT_TEXT[limit.counted_from]
    if after == limit.counted_from:
        return None
    if after == "consent-withdrawal":
        return (f"retention counts from {start}, which may never come: the data of a person who "
                f"does not withdraw is kept with no end after {end}")
    if after == "collection":
        return (f"retention counts from collection, the limit from {end}, which never comes "
                f"earlier: when the two coincide, the data is kept {days} days after {end}")
    return (f"retention counts from {start}, the limit from {end}: when {start} comes at or "
            f"after {end}, the data is kept at least {days} days after {end}")
