"""The command line: a thin layer over :func:`faceaudit.scan` and the registry."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from faceaudit import __version__
from faceaudit.check import Severity
from faceaudit.checkdoc import render_check_doc
from faceaudit.config import load_config
from faceaudit.engine import ScanOptions, scan
from faceaudit.errors import FaceauditError, UsageError
from faceaudit.formats import Format, render
from faceaudit.gate import ExitCode, exit_code
from faceaudit.mandates import coverage as coverage_lib
from faceaudit.mandates import load_catalog
from faceaudit.registry import load_registry


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


class _Progress:
    """A one-line progress indicator on stderr, shown only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __call__(self, index: int, total: int, path: str) -> None:
        if not self.enabled or total < 2:
            return
        text = f"[{index}/{total}] {path}"[:78]
        sys.stderr.write("\r\x1b[2K" + text)
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def _fail(message: str, code: ExitCode) -> None:
    click.echo(f"faceaudit: {message}", err=True)
    sys.exit(int(code))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="faceaudit")
def cli() -> None:
    """Find where a system's handling of facial data breaches the rules that govern it."""


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # a defect in faceaudit itself
        click.echo(f"faceaudit: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(int(ExitCode.INCOMPLETE))


@cli.command("scan")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice([f.value for f in Format]),
              help="Output format (default: text).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]),
              help="Lowest severity that makes the exit code 1 (default: low).")
@click.option("--select", multiple=True, metavar="IDS",
              help="Run only these checks (ids, slugs or id prefixes; comma-separated).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these checks.")
@click.option("--framework", "frameworks", multiple=True, metavar="IDS",
              help="Show the compliance view for these frameworks (comma-separated ids, e.g. "
                   "cn-frt-2025) instead of those the description's jurisdictions select.")
@click.option("--exclude", multiple=True, metavar="GLOBS",
              help="Leave out files and folders matching these globs (comma-separated).")
@click.option("--checks-dir", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Also load checks from this folder (runs its Python code).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Read settings from this TOML file instead of ./pyproject.toml "
                   "[tool.faceaudit].")
def scan_command(paths: tuple[Path, ...], fmt: str | None, output: Path | None,
                 fail_on: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
                 frameworks: tuple[str, ...], exclude: tuple[str, ...],
                 checks_dir: tuple[Path, ...],
                 config_path: Path | None) -> None:
    """Scan PATHS (files or folders; default: the current folder).

    Settings come from the command line, then [tool.faceaudit] in ./pyproject.toml (or the
    --config file), then the defaults.
    """
    progress = _Progress()
    try:
        config = load_config(config_path)
    except FaceauditError as exc:
        _fail(str(exc), ExitCode.USAGE)
        return
    fmt = fmt or config.format or Format.TEXT.value
    fail_on = fail_on or config.fail_on or Severity.LOW.value
    options = ScanOptions(select=_split(select) or config.select,
                          ignore=_split(ignore) or config.ignore,
                          exclude=[*config.exclude, *_split(exclude)],
                          frameworks=_split(frameworks),
                          checks_dirs=tuple(checks_dir), vocabulary=config.vocabulary,
                          progress=progress)
    try:
        report = scan(list(paths) or [Path(".")], options)
    except FaceauditError as exc:
        progress.clear()
        _fail(str(exc), ExitCode.USAGE)
        return
    progress.clear()
    text = render(report, Format(fmt))
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"{output}: cannot write the report: {exc.strerror or exc}", ExitCode.USAGE)
        if not report.complete:
            click.echo(f"faceaudit: scan incomplete: {len(report.errors)} input error(s); "
                       f"see {output}", err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(int(exit_code(report, Severity(fail_on))))


@cli.group("checks")
def checks_group() -> None:
    """List and explain the checks."""


@checks_group.command("list")
@click.option("--checks-dir", multiple=True, type=click.Path(file_okay=False, path_type=Path))
def checks_list(checks_dir: tuple[Path, ...]) -> None:
    """List every check with its severity, concern and articles."""
    try:
        registry = load_registry(tuple(checks_dir))
    except FaceauditError as exc:
        _fail(str(exc), ExitCode.USAGE)
        return
    for check in registry.checks:
        meta = check.meta
        click.echo(f"{meta.id}  {meta.severity.value:<8} {meta.concern.value:<20} "
                   f"{meta.slug}: {meta.title}")
        click.echo(f"       {', '.join(meta.mandates)}")


@checks_group.command("show")
@click.argument("check_id")
@click.option("--checks-dir", multiple=True, type=click.Path(file_okay=False, path_type=Path))
def checks_show(check_id: str, checks_dir: tuple[Path, ...]) -> None:
    """Explain one check: rationale, articles, remediation, a bad and a good example."""
    try:
        check = load_registry(tuple(checks_dir)).get(check_id)
    except (UsageError, FaceauditError) as exc:
        _fail(str(exc), ExitCode.USAGE)
        return
    click.echo(render_check_doc(check, load_catalog()), nl=False)


@cli.group("mandates")
def mandates_group() -> None:
    """Browse the mandate catalog and what the checks cover."""


@mandates_group.command("list")
@click.option("--jurisdiction", "jurisdictions", multiple=True, metavar="CODE",
              help="Only the frameworks these jurisdiction codes select (e.g. CN-GD, US-IL, "
                   "FR; comma-separated or repeated).")
def mandates_list(jurisdictions: tuple[str, ...]) -> None:
    """List the catalog's frameworks.

    One line each: id, short title, jurisdictions, date of effect, binding or not, articles.
    """
    codes = _split(jurisdictions)
    try:
        summaries = coverage_lib.list_frameworks(load_catalog(), codes)
    except FaceauditError as exc:
        _fail(f"--jurisdiction: {exc}", ExitCode.USAGE)
        return
    if not summaries:
        click.echo(f"faceaudit: no framework in the catalog applies to {', '.join(codes).upper()}",
                   err=True)
    click.echo(coverage_lib.render_list(summaries), nl=False)


@mandates_group.command("show")
@click.argument("reference", metavar="REF")
@click.option("--checks-dir", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Also load checks from this folder (runs its Python code).")
def mandates_show(reference: str, checks_dir: tuple[Path, ...]) -> None:
    """Explain an article, or list a framework's articles.

    REF is an article (cn-frt-2025:Art.8) or a framework id (cn-frt-2025).
    """
    catalog = load_catalog()
    try:
        found = coverage_lib.resolve(catalog, reference)
        checks = load_registry(tuple(checks_dir)).checks
    except FaceauditError as exc:
        _fail(str(exc), ExitCode.USAGE)
        return
    if isinstance(found, tuple):
        detail = coverage_lib.article_detail(catalog, found[1].id, checks)
        click.echo(coverage_lib.render_article(detail), nl=False)
    else:
        click.echo(coverage_lib.render_framework(found, checks), nl=False)


@mandates_group.command("coverage")
@click.option("--framework", "frameworks", multiple=True, metavar="ID",
              help="Only these frameworks (ids, comma-separated or repeated; default: all).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--checks-dir", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Also load checks from this folder (runs its Python code).")
def mandates_coverage(frameworks: tuple[str, ...], fmt: str,
                      checks_dir: tuple[Path, ...]) -> None:
    """Show which articles checks cover and which need a person.

    Each article is covered (a check cites it), attestation (no check does and a person must
    confirm it), covered+attestation (both), uncovered (neither, though a static check could
    judge it) or out-of-scope (neither, and no static check could).
    """
    try:
        report = coverage_lib.coverage(load_catalog(), load_registry(tuple(checks_dir)).checks,
                                       _split(frameworks))
    except FaceauditError as exc:
        _fail(str(exc), ExitCode.USAGE)
        return
    render_report = (coverage_lib.render_coverage_json if fmt == "json"
                     else coverage_lib.render_coverage)
    click.echo(render_report(report), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
