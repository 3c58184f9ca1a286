"""What only a person can confirm: the articles of the applicable frameworks that need human
evidence (and any other article someone attested), each marked attested (with who, when and
what) or needing attestation.

An attestation is shown beside the findings; it never turns a failed check into a pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from faceaudit.errors import ErrorRecord
from faceaudit.mandates import Catalog
from faceaudit.mandates.select import applicable
from faceaudit.model import Attestation, SystemModel
from faceaudit.redact import redact

HUMAN = "HUM"


@dataclass(frozen=True)
class AttestationItem:
    """One article a person must confirm, for one system."""

    system: str
    mandate: str
    title: str
    attestations: tuple[Attestation, ...]

    @property
    def attested(self) -> bool:
        return bool(self.attestations)


def unknown_mandates(model: SystemModel, catalog: Catalog) -> Iterator[ErrorRecord]:
    """Attestations that name an article the catalog does not have."""
    for attestation in model.attestations:
        if catalog.article(attestation.mandate) is None:
            where = attestation.provenance
            yield ErrorRecord(where.path, f"{where.pointer}/mandate: no article "
                              f"{attestation.mandate!r} in the mandate catalog",
                              line=where.line, pointer=f"{where.pointer}/mandate")


def attestation_items(models: Iterable[SystemModel],
                      catalog: Catalog) -> tuple[AttestationItem, ...]:
    items = []
    for model in models:
        if model.system is None:
            continue
        by_mandate: dict[str, list[Attestation]] = {}
        for attestation in model.attestations:
            shown = replace(attestation, statement=redact(attestation.statement),
                            by=redact(attestation.by))
            by_mandate.setdefault(attestation.mandate, []).append(shown)
        for framework in applicable(catalog, model.system.jurisdictions):
            for article in framework.articles:
                if HUMAN not in article.evidence and article.id not in by_mandate:
                    continue
                items.append(AttestationItem(model.system.name, article.id, article.title,
                                             tuple(by_mandate.get(article.id, ()))))
    return tuple(items)
