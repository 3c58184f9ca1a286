"""The versioned JSON report (``schemas/report.schema.json``)."""

from __future__ import annotations

import json
from typing import Any

from faceaudit.finding import Finding
from faceaudit.report import REPORT_SCHEMA_VERSION, Report


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "check": finding.check_id,
        "slug": finding.slug,
        "title": finding.title,
        "concern": finding.concern.value,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "score": {
            "value": finding.score.value,
            "factors": [{"name": f.name, "value": f.value, "weight": f.weight}
                        for f in finding.score.factors],
        },
        "mandates": list(finding.mandates),
        "message": finding.message,
        "locations": [{"path": loc.path, "line": loc.line, "object": loc.object}
                      for loc in finding.locations],
        "evidence": [{"label": e.label, "value": e.value} for e in finding.evidence],
        "remediation": finding.remediation,
        "docs": f"docs/checks/{finding.check_id}.md",
        "fingerprint": finding.fingerprint,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    by_severity = report.count_by_severity()
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "faceaudit", "version": report.tool_version},
        "catalog_version": report.catalog_version,
        "generated_at": report.generated_at,
        "targets": list(report.targets),
        "complete": report.complete,
        "systems": [{"name": s.name, "description": s.description} for s in report.systems],
        "inputs": [{"path": i.path, "reader": i.reader, "sha256": i.sha256}
                   for i in report.inputs],
        "errors": [{"path": e.path, "line": e.line, "pointer": e.pointer, "reason": e.reason}
                   for e in report.errors],
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "checks": [{"id": c.id, "slug": c.slug, "origin": c.origin} for c in report.checks],
        "findings": [_finding(f) for f in report.findings],
        "compliance": {
            "frameworks": [
                {"system": p.system, "framework": p.framework, "title": p.title,
                 "posture": p.score, "risk": p.risk, "counts": dict(p.counts)}
                for p in report.postures],
            "articles": [
                {"system": a.system, "framework": a.framework, "mandate": a.mandate,
                 "title": a.title, "status": a.status, "reason": a.reason,
                 "checks": list(a.checks), "findings": list(a.findings),
                 "attestations": [{"statement": t.statement, "by": t.by, "date": t.date,
                                   "path": t.provenance.path, "line": t.provenance.line}
                                  for t in a.attestations]}
                for a in report.articles],
        },
        "totals": {
            "findings": len(report.findings),
            "errors": len(report.errors),
            "inputs": len(report.inputs),
            "by_severity": {severity.value: count for severity, count in by_severity.items()},
        },
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
