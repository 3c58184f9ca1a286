"""The documentation page of a check, generated from its metadata and the mandate catalog.

``docs/checks/<ID>.md`` in the repository is this page; a test keeps the two in step, and
``faceaudit checks show ID`` prints the same text.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from faceaudit.check import Check, Concern
from faceaudit.mandates import Catalog, load_catalog
from faceaudit.registry import checks_in_folder
from faceaudit.resources import builtin_checks_dir


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


def render_index(checks: Sequence[Check]) -> str:
    """``docs/checks/README.md``: every check, grouped by concern, linking to its page."""
    lines = ["# Checks", "",
             "Every built-in check, grouped by the concern reports group findings by. "
             "`faceaudit checks show ID` prints a check's page.", ""]
    for concern in Concern:
        group = sorted((c for c in checks if c.meta.concern is concern), key=lambda c: c.id)
        if not group:
            continue
        lines += [f"## {concern.value}", "", "| id | slug | severity | title | primary article |",
                  "|---|---|---|---|---|"]
        lines += [f"| [{c.id}]({c.id}.md) | {c.meta.slug} | {c.meta.severity.value} | "
                  f"{c.meta.title} | `{c.meta.mandates[0]}` |" for c in group]
        lines.append("")
    return "\n".join(lines)


def write_check_docs(folder: Path, only: Sequence[str] = ()) -> list[Path]:
    """Write the doc page of every built-in check (or those in ``only``) into ``folder``."""
    catalog = load_catalog()
    folder.mkdir(parents=True, exist_ok=True)
    checks = checks_in_folder(builtin_checks_dir(), "built-in")
    index = folder / "README.md"
    index.write_text(render_index(checks), encoding="utf-8")
    written = [index]
    for check in checks:
        if only and check.id not in only:
            continue
        target = folder / f"{check.id}.md"
        target.write_text(render_check_doc(check, catalog), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m faceaudit.checkdoc [FOLDER [ID...]]``: regenerate docs/checks/."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("docs/checks")
    for path in write_check_docs(folder, [a.upper() for a in args[1:]]):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
