"""Plain text for a terminal: findings grouped by severity, each with ``path:line``."""

from __future__ import annotations

from faceaudit.check import Location, Severity
from faceaudit.report import Report


def _where(location: Location) -> str:
    return f"{location.path}:{location.line}" if location.line else location.path


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


_SHOWN = ("fail", "not-assessed", "needs-attestation", "attested")


def _compliance(report: Report) -> list[str]:
    """Per system and framework: the posture, the counts, then every article that is not a
    plain pass (those are counted)."""
    lines: list[str] = []
    for posture in report.postures:
        counts = dict(posture.counts)
        score = "no posture (nothing assessed)" if posture.score is None else \
            f"posture {posture.score}/100"
        lines.append("")
        lines.append(f"COMPLIANCE {posture.framework} ({posture.title}) for {posture.system}: "
                     f"{score}")
        lines.append("  " + ", ".join(f"{counts[s]} {s}" for s in counts))
        for status in _SHOWN:
            for item in report.articles:
                if (item.system, item.framework, item.status) == (posture.system,
                                                                  posture.framework, status):
                    lines.append(f"  {status:<18} {item.mandate}  {item.title}: {item.reason}")
    if report.postures:
        lines.append("  (attestations are shown beside findings and never clear one)")
    return lines


def render_text(report: Report) -> str:
    lines: list[str] = []
    systems = ", ".join(s.name for s in report.systems) or "no system description found"
    lines.append(f"faceaudit {report.tool_version}: {_plural(len(report.inputs), 'input')} read, "
                 f"{_plural(len(report.checks), 'check')} run; systems: {systems}")
    for severity in sorted(Severity, key=lambda s: -s.rank):
        group = [f for f in report.findings if f.severity is severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"{severity.value.upper()} ({len(group)})")
        for finding in group:
            lines.append(f"  {_where(finding.primary)}  {finding.check_id} {finding.slug}  "
                         f"[{finding.primary.object}]  score {finding.score.value}")
            lines.append(f"    {finding.message}")
            for location in finding.locations[1:]:
                lines.append(f"    also at {_where(location)}  [{location.object}]")
            for evidence in finding.evidence:
                lines.append(f"    {evidence.label}: {evidence.value}")
            lines.append(f"    articles: {', '.join(finding.mandates)}")
            lines.append(f"    fix: {finding.remediation}")
    lines.extend(_compliance(report))
    if report.errors:
        lines.append("")
        lines.append(f"ERRORS ({len(report.errors)}): the scan is incomplete")
        for error in report.errors:
            where = f"{error.path}:{error.line}" if error.line else error.path
            lines.append(f"  {where}  {error.reason}")
    if report.skipped:
        lines.append("")
        lines.append(f"SKIPPED ({len(report.skipped)})")
        lines.extend(f"  {s.path}  {s.reason}" for s in report.skipped)
    counts = report.count_by_severity()
    parts = [f"{counts[s]} {s.value}" for s in sorted(Severity, key=lambda s: -s.rank) if counts[s]]
    summary = _plural(len(report.findings), "finding")
    if parts:
        summary += f" ({', '.join(parts)})"
    summary += f", {_plural(len(report.errors), 'error')}"
    if not report.complete:
        summary += "; scan incomplete"
    lines.append("")
    lines.append(summary)
    return "\n".join(lines) + "\n"
