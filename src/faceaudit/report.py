"""The report of one scan: immutable, complete, and the only thing formats see."""

from __future__ import annotations

from dataclasses import dataclass

from faceaudit.check import Severity
from faceaudit.errors import ErrorRecord
from faceaudit.finding import Finding
from faceaudit.model import Attestation

REPORT_SCHEMA_VERSION = "2"


@dataclass(frozen=True)
class InputRecord:
    path: str
    reader: str
    sha256: str


@dataclass(frozen=True)
class SkipRecord:
    path: str
    reason: str


@dataclass(frozen=True)
class SystemRecord:
    name: str
    description: str


@dataclass(frozen=True)
class CheckRecord:
    id: str
    slug: str
    origin: str


@dataclass(frozen=True)
class ArticleStatus:
    """One article of one framework, for one system, in the compliance view."""

    system: str
    framework: str
    mandate: str
    title: str
    status: str  # fail | pass | not-assessed | attested | needs-attestation
    reason: str
    checks: tuple[str, ...]  # the checks covering the article that ran
    findings: tuple[str, ...]  # fingerprints of the findings that fail it
    attestations: tuple[Attestation, ...]


@dataclass(frozen=True)
class Posture:
    system: str
    framework: str
    title: str
    score: int | None
    counts: tuple[tuple[str, int], ...]  # status -> number of articles, every status listed
    risk: float  # the summed risk of failing articles, for recomputing the score


STATUSES = ("fail", "pass", "not-assessed", "attested", "needs-attestation")


@dataclass(frozen=True)
class Report:
    tool_version: str
    catalog_version: str
    generated_at: str
    targets: tuple[str, ...]
    systems: tuple[SystemRecord, ...]
    inputs: tuple[InputRecord, ...]
    errors: tuple[ErrorRecord, ...]
    skipped: tuple[SkipRecord, ...]
    checks: tuple[CheckRecord, ...]
    findings: tuple[Finding, ...]
    postures: tuple[Posture, ...] = ()
    articles: tuple[ArticleStatus, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.errors

    def count_by_severity(self) -> dict[Severity, int]:
        counts = {severity: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts
