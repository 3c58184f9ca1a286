"""What the mandate catalog holds and how far the checks cover it: the library behind
``faceaudit mandates list``, ``show`` and ``coverage``.

Everything here is a pure function of a :class:`~faceaudit.mandates.Catalog` and a sequence of
checks (the registry's, so built-in checks, installed plugins and ``--checks-dir`` folders alike).
Output is deterministic: catalog order for frameworks and articles, check ids in
sorted order.

An article is classified, for :func:`coverage`, as

- ``covered``: some check cites it and its evidence does not include HUM;
- ``attestation``: no check cites it and its evidence includes HUM (a person must confirm it);
- ``covered+attestation``: a check cites it and its evidence includes HUM;
- ``uncovered``: neither, and the catalog says a static check could judge it (``checkable``
  ``yes`` or ``partial``): a gap in the checks;
- ``out-of-scope``: neither, and no static check could judge it (``checkable: no``): an article
  stating a purpose, definitions, liability or a date of effect.
"""

from __future__ import annotations

import difflib
import json
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from faceaudit.check import Check
from faceaudit.errors import UsageError
from faceaudit.mandates.catalog import Article, Catalog, Framework
from faceaudit.mandates.select import applicable

HUMAN = "HUM"

CONFIDENCE: Mapping[str, str] = {
    "C": "confirmed", "S": "secondary sources", "U": "unconfirmed"}
"""The catalog's confidence tags, spelled out."""

EVIDENCE: Mapping[str, str] = {
    "DF": "data flows", "DB": "database schemas", "CFG": "configuration",
    "SRC": "source code", HUMAN: "a person's attestation"}
"""The catalog's evidence kinds, spelled out."""

COVERED = "covered"
ATTESTATION = "attestation"
BOTH = "covered+attestation"
UNCOVERED = "uncovered"
OUT_OF_SCOPE = "out-of-scope"
CLASSES: tuple[str, ...] = (COVERED, ATTESTATION, BOTH, UNCOVERED, OUT_OF_SCOPE)
"""The coverage classes, in the order counts are given."""

JURISDICTION = re.compile(r"[A-Z]{2}(-[A-Z0-9]{1,3})?")
"""A jurisdiction code, as the system description and the catalog write it."""

_WIDTH = 100
_LABEL = 14  # width of the label column of `mandates show`


class UnknownMandateError(UsageError):
    """A framework id or article reference that the catalog does not have."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = tuple(suggestions)


# ----------------------------------------------------------------------------- lookup


def all_refs(catalog: Catalog) -> tuple[str, ...]:
    """Every framework id and every article reference (``framework:ref``), in catalog order."""
    refs: list[str] = []
    for framework in catalog.frameworks:
        refs.append(framework.id)
        refs.extend(article.id for article in framework.articles)
    return tuple(refs)


def close_matches(catalog: Catalog, reference: str, n: int = 3) -> list[str]:
    """Up to ``n`` framework ids or article references that look like ``reference``."""
    return difflib.get_close_matches(reference.strip(), all_refs(catalog), n=n, cutoff=0.6)


def _unknown(kind: str, reference: str, candidates: Sequence[str]) -> UnknownMandateError:
    matches = difflib.get_close_matches(reference, candidates, n=3, cutoff=0.6)
    hint = (f"; did you mean {', '.join(matches)}?" if matches
            else "; `faceaudit mandates list` shows the frameworks")
    return UnknownMandateError(f"no {kind} {reference!r} in the mandate catalog{hint}", matches)


def resolve(catalog: Catalog, reference: str) -> Framework | tuple[Framework, Article]:
    """The framework (``cn-frt-2025``) or the article (``cn-frt-2025:Art.8``) named.

    An exact match wins; otherwise a match ignoring case is accepted. Raises
    :class:`UnknownMandateError`, naming close matches, when nothing matches.
    """
    wanted = reference.strip()
    keys: tuple[Callable[[str], str], ...] = (str.strip, str.casefold)
    for key in keys:
        for framework in catalog.frameworks:
            if key(framework.id) == key(wanted):
                return framework
            for article in framework.articles:
                if key(article.id) == key(wanted):
                    return framework, article
    kind = "article" if ":" in wanted else "framework or article"
    raise _unknown(kind, wanted, all_refs(catalog))


def select_frameworks(catalog: Catalog, ids: Iterable[str] = ()) -> tuple[Framework, ...]:
    """The frameworks with these ids, in catalog order; every framework when ``ids`` is empty.

    Raises :class:`UnknownMandateError`, naming close matches, for an id not in the catalog.
    """
    wanted = [i.strip() for i in ids if i.strip()]
    known = [fw.id for fw in catalog.frameworks]
    for framework_id in wanted:
        if framework_id not in known:
            raise _unknown("framework", framework_id, known)
    return tuple(fw for fw in catalog.frameworks if not wanted or fw.id in wanted)


def effective_date(framework: Framework, article: Article) -> str:
    """The article's own date of effect if it has one, else its framework's."""
    return article.effective or framework.effective


# ----------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class CoveringCheck:
    """A check that cites an article."""

    id: str
    slug: str
    severity: str


def covering_checks(article_id: str, checks: Iterable[Check]) -> tuple[CoveringCheck, ...]:
    """The checks whose metadata cites ``article_id``, by id."""
    found = {c.id: CoveringCheck(c.id, c.meta.slug, c.meta.severity.value)
             for c in checks if article_id in c.meta.mandates}
    return tuple(found[i] for i in sorted(found))


def needs_person(article: Article) -> bool:
    """Whether the article needs a person's attestation: its evidence includes HUM."""
    return HUMAN in article.evidence


def classify(article: Article, checks: Iterable[Check]) -> str:
    """The article's coverage class (one of :data:`CLASSES`)."""
    return _class(bool(covering_checks(article.id, checks)), needs_person(article),
                  article.checkable != "no")


def _class(covered: bool, human: bool, checkable: bool) -> str:
    if covered:
        return BOTH if human else COVERED
    if human:
        return ATTESTATION
    return UNCOVERED if checkable else OUT_OF_SCOPE


# ----------------------------------------------------------------------------- list


@dataclass(frozen=True)
class FrameworkSummary:
    """One line of ``faceaudit mandates list``."""

    id: str
    short_title: str
    jurisdictions: tuple[str, ...]
    effective: str
    binding: bool
    articles: int


def list_frameworks(catalog: Catalog,
                    jurisdictions: Iterable[str] = ()) -> tuple[FrameworkSummary, ...]:
    """Every framework, or only those the jurisdiction codes select (see
    :func:`faceaudit.mandates.select.applicable`: ``CN-GD`` brings in ``CN``, a member state
    brings in ``EU``). Codes are compared in upper case; one that is not an ISO 3166 code,
    optionally with a subdivision, raises :class:`~faceaudit.errors.UsageError`."""
    codes = [code.strip().upper() for code in jurisdictions if code.strip()]
    for code in codes:
        if not JURISDICTION.fullmatch(code):
            raise UsageError(f"{code!r} is not a jurisdiction code such as CN, CN-GD or US-IL")
    chosen = applicable(catalog, codes) if codes else catalog.frameworks
    return tuple(FrameworkSummary(fw.id, fw.short_title, fw.jurisdictions, fw.effective,
                                  fw.binding, len(fw.articles)) for fw in chosen)


def render_list(summaries: Sequence[FrameworkSummary]) -> str:
    """``mandates list`` as text: one aligned line per framework."""
    if not summaries:
        return ""
    rows = [(s.id, s.short_title, ",".join(s.jurisdictions), s.effective,
             "binding" if s.binding else "non-binding", _plural(s.articles, "article"))
            for s in summaries]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)),
                        row[-1]]) for row in rows]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- show


@dataclass(frozen=True)
class ArticleDetail:
    """Everything ``faceaudit mandates show FRAMEWORK:REF`` says about one article."""

    framework: Framework
    article: Article
    effective: str
    covering: tuple[CoveringCheck, ...]

    @property
    def needs_person(self) -> bool:
        return needs_person(self.article)

    @property
    def coverage_class(self) -> str:
        return _class(bool(self.covering), self.needs_person, self.article.checkable != "no")


def article_detail(catalog: Catalog, reference: str, checks: Iterable[Check]) -> ArticleDetail:
    """The article ``reference`` names, with its date of effect and covering checks.

    Raises :class:`UnknownMandateError` when the reference is not an article of the catalog.
    """
    found = resolve(catalog, reference)
    if isinstance(found, Framework):
        raise UnknownMandateError(f"{reference!r} is a framework, not an article")
    framework, article = found
    return ArticleDetail(framework, article, effective_date(framework, article),
                         covering_checks(article.id, checks))


def attestation_hint(article: Article) -> str:
    """What a person must attest for an article whose evidence includes HUM."""
    if article.checkable == "no":
        what = "that the system meets this article (no check can show it)"
    else:
        what = "the part of this article that no check can show" + (
            " (see the note)" if article.note else "")
    return f"a person must attest {what}"


def attestation_yaml(article: Article) -> str:
    """The entry to add to a system description's ``attestations`` to record it."""
    return (f'attestations: [{{mandate: "{article.id}", statement: "<what was confirmed>", '
            f'by: "<name, role>", date: "YYYY-MM-DD"}}]')


def _field(label: str, text: str) -> list[str]:
    indent = " " * _LABEL
    return textwrap.wrap(text, width=_WIDTH, initial_indent=f"{label}:".ljust(_LABEL),
                         subsequent_indent=indent, break_on_hyphens=False) or [
        f"{label}:".rstrip()]


def render_article(detail: ArticleDetail) -> str:
    """``mandates show FRAMEWORK:REF`` as text."""
    fw, article = detail.framework, detail.article
    binding = "binding" if fw.binding else "non-binding"
    evidence = ", ".join(f"{e} ({EVIDENCE.get(e, e)})" for e in article.evidence) or "none"
    lines = [f"{article.id}  {article.title}",
             *_field("framework", f"{fw.short_title} ({fw.id}; {binding}; "
                                  f"{', '.join(fw.jurisdictions)})"),
             *_field("effective", detail.effective),
             *_field("confidence", f"{CONFIDENCE[article.confidence]} ({article.confidence})"),
             *_field("checkable", article.checkable),
             *_field("evidence", evidence),
             *_field("requirement", article.requirement.strip())]
    if article.note:
        lines += _field("note", article.note.strip())
    if detail.covering:
        width = max(len(c.slug) for c in detail.covering)
        rows = [f"{c.id}  {c.slug.ljust(width)}  {c.severity}" for c in detail.covering]
        lines.append("checks:".ljust(_LABEL) + rows[0])
        lines += [" " * _LABEL + row for row in rows[1:]]
    else:
        lines.append("checks:".ljust(_LABEL) + "none")
    if detail.needs_person:
        lines += _field("attestation", f"{attestation_hint(article)}; record it in "
                                       "faceaudit.yaml:")
        lines.append(" " * _LABEL + attestation_yaml(article))
    return "\n".join(lines) + "\n"


def render_framework(framework: Framework, checks: Iterable[Check]) -> str:
    """``mandates show FRAMEWORK`` as text: the framework, then one brief line per article
    (reference, confidence tag, coverage class, title)."""
    checks = tuple(checks)
    lines = [f"{framework.id}  {framework.title}",
             *_field("short title", framework.short_title),
             *_field("jurisdiction", ", ".join(framework.jurisdictions)),
             *_field("effective", framework.effective),
             *_field("binding", "yes" if framework.binding else "no"),
             *_field("articles", str(len(framework.articles))),
             ""]
    width = max(len(a.ref) for a in framework.articles)
    for article in framework.articles:
        cls = classify(article, checks)
        lines.append(f"{article.ref.ljust(width)}  [{article.confidence}]  "
                     f"{cls.ljust(len(BOTH))}  {article.title}")
    lines += ["", f"faceaudit mandates show {framework.id}:{framework.articles[0].ref} "
                  "explains one article."]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class ArticleCoverage:
    """One article's coverage class and the checks that cite it."""

    id: str
    ref: str
    title: str
    coverage: str
    checks: tuple[str, ...]


@dataclass(frozen=True)
class FrameworkCoverage:
    """The coverage of one framework's articles."""

    id: str
    short_title: str
    articles: tuple[ArticleCoverage, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Articles per class, in the order of :data:`CLASSES` (every class present)."""
        return _count(self.articles)


@dataclass(frozen=True)
class Coverage:
    """The coverage of the frameworks chosen."""

    frameworks: tuple[FrameworkCoverage, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Articles per class over every framework chosen."""
        return _count([a for fw in self.frameworks for a in fw.articles])


def _count(articles: Iterable[ArticleCoverage]) -> dict[str, int]:
    counts = dict.fromkeys(CLASSES, 0)
    for article in articles:
        counts[article.coverage] += 1
    return counts


def coverage(catalog: Catalog, checks: Iterable[Check],
             framework_ids: Iterable[str] = ()) -> Coverage:
    """Each article of the frameworks named (all of them when none is) with its class.

    Raises :class:`UnknownMandateError` for a framework id the catalog does not have.
    """
    checks = tuple(checks)
    result = []
    for framework in select_frameworks(catalog, framework_ids):
        items = []
        for article in framework.articles:
            covering = covering_checks(article.id, checks)
            items.append(ArticleCoverage(article.id, article.ref, article.title,
                                         _class(bool(covering), needs_person(article),
                                                article.checkable != "no"),
                                         tuple(c.id for c in covering)))
        result.append(FrameworkCoverage(framework.id, framework.short_title, tuple(items)))
    return Coverage(tuple(result))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _counts_text(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{counts[c]} {c}" for c in CLASSES)


def render_coverage(report: Coverage) -> str:
    """``mandates coverage`` as text: per framework a counts line, then one line per article
    (reference, class, covering check ids); a total at the end."""
    lines: list[str] = []
    for fw in report.frameworks:
        lines.append(f"{fw.id} ({fw.short_title}): {_plural(len(fw.articles), 'article')}: "
                     f"{_counts_text(fw.counts)}")
        width = max((len(a.ref) for a in fw.articles), default=0)
        for article in fw.articles:
            row = f"  {article.ref.ljust(width)}  {article.coverage.ljust(len(BOTH))}"
            if article.checks:
                row += "  " + ", ".join(article.checks)
            lines.append(row.rstrip())
        lines.append("")
    total = sum(len(fw.articles) for fw in report.frameworks)
    lines.append(f"total: {_plural(total, 'article')} in "
                 f"{_plural(len(report.frameworks), 'framework')}: "
                 f"{_counts_text(report.counts)}")
    return "\n".join(lines) + "\n"


def coverage_json(report: Coverage) -> dict[str, Any]:
    """``mandates coverage --format json`` as a JSON-ready value (catalog order, sorted ids)."""
    return {
        "classes": list(CLASSES),
        "frameworks": [
            {"id": fw.id, "short_title": fw.short_title, "articles_total": len(fw.articles),
             "counts": fw.counts,
             "articles": [{"id": a.id, "ref": a.ref, "title": a.title, "class": a.coverage,
                           "checks": list(a.checks)} for a in fw.articles]}
            for fw in report.frameworks],
        "total": {"frameworks": len(report.frameworks),
                  "articles": sum(len(fw.articles) for fw in report.frameworks),
                  "counts": report.counts},
    }


def render_coverage_json(report: Coverage) -> str:
    """:func:`coverage_json` serialised: two-space indent, UTF-8 kept, a final newline."""
    return json.dumps(coverage_json(report), indent=2, ensure_ascii=False) + "\n"
