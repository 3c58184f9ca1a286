"""The documentation page of a check, generated from its metadata and the mandate catalog.

``docs/checks/<ID>.md`` in the repository is this page; a test keeps the two in step, and
``faceaudit checks show ID`` prints the same text.
"""

from __future__ import annotations

from faceaudit.check import Check
from faceaudit.mandates import Catalog


def render_check_doc(check: Check, catalog: Catalog) -> str:
    meta = check.meta
    lines = [
        f"# {meta.id} {meta.slug}: {meta.title}",
        "",
        "| | |",
        "|---|---|",
        f"| Severity | {meta.severity.value} |",
        f"| Confidence | {meta.confidence.value} |",
        f"| Concern | {meta.concern.value} |",
        f"| Reads | {', '.join(meta.reads)} |",
        f"| Added in | {meta.added} |",
        "",
        "## Why it matters",
        "",
        meta.rationale.strip(),
        "",
        "## Articles",
        "",
    ]
    for ref in meta.mandates:
        article = catalog.article(ref)
        if article is None:
            lines.append(f"- `{ref}` (not in the catalog)")
            continue
        tag = {"C": "confirmed", "S": "secondary sources", "U": "unconfirmed"}[article.confidence]
        lines.append(f"- `{ref}` {article.title} ({tag}): {article.requirement.strip()}")
    lines += [
        "",
        "## Bad",
        "",
        f"```{meta.bad_example.language}",
        meta.bad_example.text.strip("\n"),
        "```",
        "",
        "## Good",
        "",
        f"```{meta.good_example.language}",
        meta.good_example.text.strip("\n"),
        "```",
        "",
        "## Remediation",
        "",
        meta.remediation.strip(),
        "",
    ]
    return "\n".join(lines)
