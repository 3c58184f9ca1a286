"""The exit code of a scan, from one table.

| code | meaning |
|------|---------|
| 0 | the scan was complete and no finding is at or above the threshold |
| 1 | at least one finding is at or above the threshold |
| 2 | usage or configuration error (nothing was scanned) |
| 3 | the scan was incomplete: an input could not be read, parsed or validated |

3 wins over 1: an incomplete scan is never reported as merely having findings.
"""

from __future__ import annotations

from enum import IntEnum

from faceaudit.check import Severity
from faceaudit.report import Report


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INCOMPLETE = 3


def exit_code(report: Report, fail_on: Severity = Severity.LOW) -> ExitCode:
    if not report.complete:
        return ExitCode.INCOMPLETE
    if any(f.severity.rank >= fail_on.rank for f in report.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK
