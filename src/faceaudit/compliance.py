"""The compliance view: for each system and each framework that applies to it, every article
with a status an auditor can act on, and a posture from 0 to 100.

Statuses, in the order they win:

- ``fail``: a check that covers the article reported a finding (the findings are listed);
- ``attested`` / ``needs-attestation``: the article needs a person's confirmation (its catalog
  evidence includes HUM) and one was, or was not, recorded in the description; an attestation
  never turns a ``fail`` into anything else;
- ``pass``: checks that cover it ran on a model that shows facial data and found nothing;
- ``not-assessed``: checks cover it, but none could look at relevant evidence (which input was
  missing is said).

Articles that no check covers and no person needs to confirm (an article stating the law's
purpose or its date of effect) are out of scope and left out.

Posture = 100 x (1 - the mean, over assessed articles (pass or fail), of the article's risk),
where a passing article's risk is 0 and a failing one's is the highest score among its findings
divided by 10; rounded to a whole number. No assessed article, no posture.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from faceaudit.check import Check
from faceaudit.errors import ErrorRecord
from faceaudit.finding import Finding
from faceaudit.mandates import Article, Catalog, Framework
from faceaudit.mandates.select import applicable
from faceaudit.model import Attestation, SystemModel
from faceaudit.redact import redact
from faceaudit.report import STATUSES, ArticleStatus, Posture

HUMAN = "HUM"
NO_SYSTEM = "(schemas without a description)"


@dataclass(frozen=True)
class ModelResult:
    """What one model's check run produced, as the compliance view needs it."""

    name: str
    model: SystemModel
    findings: tuple[Finding, ...]
    ran: frozenset[str]  # ids of checks that judged this model

    @cached_property
    def facial(self) -> bool:
        """Whether the model shows facial data for checks to judge."""
        return _facial(self.model)

    @cached_property
    def by_mandate(self) -> dict[str, list[Finding]]:
        index: dict[str, list[Finding]] = {}
        for finding in self.findings:
            for mandate in finding.mandates:
                index.setdefault(mandate, []).append(finding)
        return index


def unknown_mandates(model: SystemModel, catalog: Catalog) -> Iterator[ErrorRecord]:
    """Attestations that name an article the catalog does not have."""
    for attestation in model.attestations:
        if catalog.article(attestation.mandate) is None:
            where = attestation.provenance
            yield ErrorRecord(where.path, f"{where.pointer}/mandate: no article "
                              f"{attestation.mandate!r} in the mandate catalog",
                              line=where.line, pointer=f"{where.pointer}/mandate")


def _facial(model: SystemModel) -> bool:
    return (any(store.facial for _, store in model.stores()) or bool(model.facial_flows())
            or any(c.collection is not None for c in model.components))


def _reads_only_code(check: Check) -> bool:
    return {fact.split(".", 1)[0] for fact in check.meta.reads} <= {"code"}


def _missing_input(result: ModelResult, covering: Sequence[Check]) -> str:
    names = ", ".join(c.id for c in covering)
    if result.model.system is None:
        described = ", ".join(c.id for c in covering if not _reads_only_code(c))
        coded = ", ".join(c.id for c in covering if _reads_only_code(c))
        reasons = [f"{described} need a system description, and none covers these inputs"
                   if described else "",
                   f"{coded} need Python source, and none was scanned" if coded else ""]
        return "; ".join(r for r in reasons if r)
    if not covering:
        return "its checks were not selected for this scan"
    return f"{names} ran, but the inputs show no facial data for them to judge"


def _article(result: ModelResult, framework: Framework, article: Article,
             checks: Sequence[Check], attested: Sequence[Attestation],
             selected_covering: bool) -> ArticleStatus | None:
    covering = [c for c in checks if article.id in c.meta.mandates]
    ran = tuple(c.id for c in covering if c.id in result.ran)
    failing = result.by_mandate.get(article.id, [])
    human = HUMAN in article.evidence

    def status(value: str, reason: str) -> ArticleStatus:
        return ArticleStatus(result.name, framework.id, article.id, article.title, value, reason,
                             ran, tuple(f.fingerprint for f in failing), tuple(attested))

    if failing:
        ids = sorted({f.check_id for f in failing})
        said = (f"; attested by {attested[0].by} on {attested[0].date}, which does not clear "
                "a finding") if attested else ""
        return status("fail", f"{len(failing)} finding(s) from {', '.join(ids)}{said}")
    machine = ""
    if ran and result.facial:
        machine = f"{', '.join(ran)} ran on facial data and found nothing"
    if human or attested:
        tail = f"; {machine}" if machine else ""
        if attested:
            return status("attested", f"attested by {attested[0].by} on {attested[0].date}{tail}")
        return status("needs-attestation", f"a person must confirm it{tail}")
    if machine:
        return status("pass", machine)
    if covering or selected_covering:
        return status("not-assessed", _missing_input(result, covering))
    return None


def _posture(result: ModelResult, framework: Framework, items: Sequence[ArticleStatus],
             findings: dict[str, Finding]) -> Posture:
    counts = {s: 0 for s in STATUSES}
    for item in items:
        counts[item.status] += 1
    assessed = counts["fail"] + counts["pass"]
    risk = sum(max(findings[fp].score.value for fp in item.findings) / 10
               for item in items if item.status == "fail")
    score = None
    if assessed:
        exact = Decimal(str(100 * (1 - risk / assessed)))
        score = int(exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return Posture(result.name, framework.id, framework.short_title, score,
                   tuple(counts.items()), round(risk, 3))


def compliance_view(results: Iterable[ModelResult], catalog: Catalog,
                    selected: Sequence[Check], all_checks: Sequence[Check],
                    frameworks: Sequence[str] = ()) -> tuple[tuple[Posture, ...],
                                                             tuple[ArticleStatus, ...]]:
    """Postures and article statuses for every model, framework and article in scope.

    ``frameworks`` narrows the view to those framework ids; otherwise each model's
    jurisdictions choose them (a model without a description gets none).
    """
    postures: list[Posture] = []
    articles: list[ArticleStatus] = []
    for result in results:
        if frameworks:
            chosen = tuple(fw for fw in catalog.frameworks if fw.id in frameworks)
        elif result.model.system is not None:
            chosen = applicable(catalog, result.model.system.jurisdictions)
        else:
            chosen = ()
        by_mandate: dict[str, list[Attestation]] = {}
        for attestation in result.model.attestations:
            shown = replace(attestation, statement=redact(attestation.statement),
                            by=redact(attestation.by))
            by_mandate.setdefault(attestation.mandate, []).append(shown)
        findings = {f.fingerprint: f for f in result.findings}
        for framework in chosen:
            items = []
            for article in framework.articles:
                any_check = any(article.id in c.meta.mandates for c in all_checks)
                item = _article(result, framework, article, selected,
                                by_mandate.get(article.id, ()), any_check)
                if item is not None:
                    items.append(item)
            if items:  # a framework with nothing in scope for this system is left out
                postures.append(_posture(result, framework, items, findings))
                articles.extend(items)
    return tuple(postures), tuple(articles)
