"""Run bandit in-process over Python files and turn its results into code findings.

bandit is used as a library (``BanditConfig``, ``BanditManager``): its files list is set to the
files discovery found, its profile to faceaudit's own tests (B901-B905) and the stock tests of
:mod:`.stock`, and its results are read as objects. The scanned code is parsed, never imported
or run. ``# nosec`` comments are not honoured: suppressions are faceaudit's to judge.
"""

from __future__ import annotations

import ast
import bisect
import hashlib
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    # bandit's plugin loading, on import, passes an argument its loader (stevedore) has
    # deprecated; the warning is about bandit, not about the scan.
    warnings.filterwarnings("ignore", "The verify_requirements argument", DeprecationWarning)
    from bandit.core.config import BanditConfig  # type: ignore[import-untyped]
    from bandit.core.manager import BanditManager  # type: ignore[import-untyped]

from faceaudit.errors import ErrorRecord
from faceaudit.model import CodeFinding, Provenance
from faceaudit.pysource import SourceFile, SourceScan, plugins, stock

MAX_SOURCE_BYTES = 16 * 1024 * 1024
PROFILE_TESTS = tuple(sorted({*plugins.BY_ID, *stock.BY_ID}))


def _read(files: Sequence[SourceFile]) -> tuple[dict[str, SourceFile], list[tuple[str, str]],
                                                list[ErrorRecord]]:
    wanted: dict[str, SourceFile] = {}
    hashes: list[tuple[str, str]] = []
    errors: list[ErrorRecord] = []
    for source in files:
        try:
            size = source.path.stat().st_size
            if size > MAX_SOURCE_BYTES:
                errors.append(ErrorRecord(source.display, f"file is {size} bytes, over the "
                                          f"{MAX_SOURCE_BYTES}-byte limit for Python files"))
                continue
            data = source.path.read_bytes()
        except OSError as exc:
            errors.append(ErrorRecord(source.display, f"cannot be read: {exc.strerror or exc}"))
            continue
        hashes.append((source.display, hashlib.sha256(data).hexdigest()))
        wanted[str(source.path.absolute())] = source
    return wanted, hashes, errors


def _syntax_error(source: SourceFile, reason: str) -> ErrorRecord:
    try:
        ast.parse(source.path.read_bytes(), filename=source.display)
    except SyntaxError as exc:
        return ErrorRecord(source.display, f"not valid Python: {exc.msg}", line=exc.lineno)
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        return ErrorRecord(source.display, f"not valid Python: {type(exc).__name__}")
    return ErrorRecord(source.display, f"bandit could not scan the file: {reason}")


class _Functions:
    """The enclosing function of a line, for stock results (parsed only for files that have
    them)."""

    def __init__(self) -> None:
        self._spans: dict[str, tuple[list[int], list[tuple[int, int, str]]]] = {}

    def at(self, path: Path, line: int) -> str | None:
        key = str(path)
        if key not in self._spans:
            self._spans[key] = _spans(path)
        starts, spans = self._spans[key]
        found: str | None = None
        for start, end, name in spans[:bisect.bisect_right(starts, line)]:
            if start <= line <= end:
                found = name
        return found


def _spans(path: Path) -> tuple[list[int], list[tuple[int, int, str]]]:
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError):
        return [], []
    spans: list[tuple[int, int, str]] = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = prefix + stmt.name
                if not isinstance(stmt, ast.ClassDef):
                    spans.append((stmt.lineno, stmt.end_lineno or stmt.lineno, name))
                visit(stmt.body, name + ".")

    visit(tree.body, "")
    spans.sort()
    return [s[0] for s in spans], spans


def _face_finding(issue: plugins.FaceIssue, source: SourceFile) -> CodeFinding | ErrorRecord:
    fact = issue.fact
    if fact.category == plugins.FAILURE:
        return ErrorRecord(source.display, fact.message, line=fact.line)
    test_id, name = issue.test_id, plugins.BY_ID[issue.test_id][1]
    return CodeFinding(
        test_id=test_id, test_name=name, category=fact.category, message=fact.message,
        severity=issue.severity, confidence=issue.confidence,
        provenance=Provenance(source.display, fact.line, fact.function or None),
        source=fact.source, sink=fact.sink, steps=fact.steps, data=fact.data, host=fact.host,
        scheme=fact.scheme, cwe=issue.cwe.id or None,
        tls_verify=False if fact.unverified else None)


def _stock_finding(issue: Any, source: SourceFile, functions: _Functions) -> CodeFinding:
    test = stock.BY_ID[issue.test_id]
    line = int(issue.lineno or 0) or None
    return CodeFinding(
        test_id=test.test_id, test_name=test.name, category="security",
        message=test.message or str(issue.text), severity=str(issue.severity),
        confidence=str(issue.confidence),
        provenance=Provenance(source.display, line,
                              functions.at(source.path, line) if line else None),
        source=None, sink=test.kind, cwe=issue.cwe.id or None)


def run_bandit(files: Sequence[SourceFile]) -> SourceScan:
    """bandit over the files, with faceaudit's tests and the stock tests that matter."""
    wanted, hashes, errors = _read(files)
    if not wanted:
        return SourceScan((), tuple(errors), tuple(hashes))
    manager = BanditManager(BanditConfig(), "file", quiet=True, ignore_nosec=True,
                            profile={"include": set(PROFILE_TESTS), "exclude": set()})
    manager.files_list = sorted(wanted)
    manager.run_tests()
    for fname, reason in manager.get_skipped():
        source = wanted.get(str(fname))
        if source is not None:
            errors.append(_syntax_error(source, str(reason)))
    findings: list[CodeFinding] = []
    functions = _Functions()
    for issue in manager.get_issue_list():
        source = wanted.get(str(issue.fname))
        if source is None:
            continue
        if isinstance(issue, plugins.FaceIssue):
            made = _face_finding(issue, source)
            (errors if isinstance(made, ErrorRecord) else findings).append(made)  # type: ignore[arg-type]
        elif issue.test_id in stock.BY_ID:
            findings.append(_stock_finding(issue, source, functions))
    findings.sort(key=lambda f: (f.provenance.path, f.provenance.line or 0, f.test_id,
                                 f.message))
    return SourceScan(tuple(findings), tuple(errors), tuple(sorted(hashes)))
