"""The report of one scan: immutable, complete, and the only thing formats see."""

from __future__ import annotations

from dataclasses import dataclass

from faceaudit.attest import AttestationItem
from faceaudit.check import Severity
from faceaudit.errors import ErrorRecord
from faceaudit.finding import Finding

REPORT_SCHEMA_VERSION = "1"


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
    attestations: tuple[AttestationItem, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.errors

    def count_by_severity(self) -> dict[Severity, int]:
        counts = {severity: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts
