"""One scan: discover inputs, read them into models, run the checks, assemble the report."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from faceaudit import __version__
from faceaudit.assemble import Described, assemble
from faceaudit.check import Check, Evidence, Hit, Location
from faceaudit.classify import DEFAULT_VOCABULARY, Vocabulary
from faceaudit.compliance import NO_SYSTEM, ModelResult, compliance_view, unknown_mandates
from faceaudit.discover import SOURCE_READER, discover, display_path
from faceaudit.errors import ErrorRecord, UsageError
from faceaudit.finding import Finding, fingerprint, sort_key
from faceaudit.ingest import ingest
from faceaudit.mandates import load_catalog
from faceaudit.model import KeyMaterial, Setting, SystemModel
from faceaudit.pysource import SourceFile, scan_sources
from faceaudit.readers.kinds import SCHEMA_READERS
from faceaudit.redact import redact
from faceaudit.registry import Registry, load_registry
from faceaudit.report import (
    CheckRecord,
    InputRecord,
    Report,
    SkipRecord,
    SystemRecord,
)
from faceaudit.schema.source import SchemaFile
from faceaudit.scoring import score

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ScanOptions:
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    checks_dirs: Sequence[Path] = ()
    exclude: Sequence[str] = ()
    frameworks: Sequence[str] = ()  # narrow the compliance view to these framework ids
    plugins: bool = True
    vocabulary: Mapping[str, Sequence[str]] = field(default_factory=dict)
    progress: Progress | None = None
    now: Callable[[], _dt.datetime] = lambda: _dt.datetime.now(_dt.UTC)


def _clean(record: ErrorRecord) -> ErrorRecord:
    return ErrorRecord(record.path, redact(record.reason), record.line, record.pointer)


def _vocabulary(options: ScanOptions) -> Vocabulary:
    if not options.vocabulary:
        return DEFAULT_VOCABULARY
    try:
        return DEFAULT_VOCABULARY.extended(options.vocabulary)
    except ValueError as exc:
        raise UsageError(f"vocabulary: {exc}") from exc


def _run_check(check: Check, model: SystemModel) -> tuple[list[Hit], ErrorRecord | None]:
    try:
        return list(check.run(model)), None
    except Exception as exc:  # a broken check must not lose the rest of the scan
        return [], ErrorRecord(f"check:{check.id}",
                               f"check {check.id} ({check.origin}) failed: "
                               f"{type(exc).__name__}: {exc}")


def _finding(check: Check, hit: Hit, stable_paths: Mapping[str, str],
             model: SystemModel | None = None) -> Finding:
    meta = check.meta
    if not hit.locations:
        raise ValueError(f"check {meta.id} reported a finding without a location")
    return Finding(
        check_id=meta.id, slug=meta.slug, title=meta.title, concern=meta.concern,
        severity=meta.severity, confidence=meta.confidence, score=score(meta, hit, model),
        mandates=meta.mandates, message=redact(hit.message),
        locations=tuple(Location(loc.path, loc.line, redact(loc.object))
                        for loc in hit.locations),
        evidence=tuple(Evidence(e.label, redact(e.value)) for e in hit.evidence),
        remediation=meta.remediation, fingerprint=fingerprint(meta, hit, stable_paths))


# Facts only a system description states. Without a description they are unknown, not absent,
# so a check that reads any of them does not judge a model built from schemas alone.
DESCRIPTION_FACTS = frozenset({"system", "alternatives", "assessments", "filing",
                               "security", "attestations"})


# Facts only the Python source scan supplies. A check that reads nothing else has nothing to
# judge in a model without code, so it does not count as having assessed it.
CODE_FACTS = frozenset({"code"})


def judges(check: Check, model: SystemModel) -> bool:
    """Whether a check can judge a model: one that reads description-only facts needs one, and
    one that reads only code needs code."""
    facts = {fact.split(".", 1)[0] for fact in check.meta.reads}
    if not model.code and facts <= CODE_FACTS:
        return False
    if model.system is not None:
        return True
    return not facts & DESCRIPTION_FACTS


def run_checks(checks: Iterable[Check], model: SystemModel,
               stable_paths: Mapping[str, str] | None = None,
               ) -> tuple[list[Finding], list[ErrorRecord]]:
    """Run checks over one model; a check that raises becomes an error record."""
    stable = stable_paths or {}
    findings: list[Finding] = []
    errors: list[ErrorRecord] = []
    for check in checks:
        if not judges(check, model):
            continue
        hits, error = _run_check(check, model)
        if error is not None:
            errors.append(error)
            continue
        try:
            findings.extend(_finding(check, hit, stable, model) for hit in hits)
        except ValueError as exc:
            errors.append(ErrorRecord(f"check:{check.id}", str(exc)))
    return findings, errors


def scan(targets: Sequence[Path | str], options: ScanOptions | None = None,
         registry: Registry | None = None) -> Report:
    """Scan files and folders and return the report. The library's main entry point."""
    options = options or ScanOptions()
    paths = [Path(t) for t in targets]
    registry = registry or load_registry(options.checks_dirs, options.plugins)
    checks = registry.selected(options.select, options.ignore)
    vocabulary = _vocabulary(options)
    readers = SCHEMA_READERS
    found = discover(paths, options.exclude, readers)

    inputs: list[InputRecord] = []
    errors: list[ErrorRecord] = list(found.errors)
    described: list[Described] = []
    schema_files: list[SchemaFile] = []
    keys: list[KeyMaterial] = []
    settings: list[Setting] = []
    total = len(found.candidates)
    for index, candidate in enumerate(found.candidates, start=1):
        if options.progress is not None:
            options.progress(index, total, candidate.display)
        read = ingest(candidate, vocabulary, readers)
        if read.record is not None:
            inputs.append(read.record)
        errors.extend(read.errors)
        if read.description is not None:
            described.append(Described(candidate.display, read.description))
        if read.schema is not None:
            schema_files.append(read.schema)
        keys.extend(read.keys)
        settings.extend(read.settings)
    code = scan_sources([SourceFile(c.path, c.display) for c in found.sources])
    inputs.extend(InputRecord(path, SOURCE_READER, digest) for path, digest in code.hashes)
    errors.extend(code.errors)
    stable_paths = {c.display: c.relative
                    for c in (*found.candidates, *found.sources)}
    started = options.now()
    models = assemble(described, schema_files, vocabulary, stable_paths, keys,
                      as_of=started.date().isoformat(), settings=settings, code=code.findings)
    errors.extend(error for _, model in models for error in model.unread)

    catalog = load_catalog()
    unknown = [fw for fw in options.frameworks
               if fw not in {f.id for f in catalog.frameworks}]
    if unknown:
        raise UsageError(f"--framework: no framework {unknown[0]!r} in the catalog "
                         f"(see faceaudit mandates list)")
    findings: list[Finding] = []
    systems: list[SystemRecord] = []
    results: list[ModelResult] = []
    for path, model in models:
        name = model.system.name if model.system is not None else NO_SYSTEM
        if model.system is not None:
            systems.append(SystemRecord(model.system.name, path))
        model_findings, check_errors = run_checks(checks, model, stable_paths)
        findings.extend(model_findings)
        errors.extend(check_errors)
        errors.extend(unknown_mandates(model, catalog))
        ran = frozenset(c.id for c in checks if judges(c, model))
        results.append(ModelResult(name, model, tuple(model_findings), ran))
    postures, articles = compliance_view(results, catalog, checks, registry.checks,
                                         options.frameworks)

    return Report(
        tool_version=__version__,
        catalog_version=catalog.version,
        generated_at=started.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        targets=tuple(display_path(p) for p in paths),
        systems=tuple(systems),
        inputs=tuple(sorted(inputs, key=lambda i: (i.path, i.reader))),
        errors=tuple(sorted((_clean(e) for e in errors),
                            key=lambda e: (e.path, e.line or 0, e.pointer or "", e.reason))),
        skipped=tuple(SkipRecord(s.path, s.reason) for s in found.skipped),
        checks=tuple(CheckRecord(c.id, c.meta.slug, c.origin) for c in checks),
        findings=tuple(sorted(findings, key=sort_key)),
        postures=postures,
        articles=articles,
    )
