"""Helpers that keep checks short: the questions many checks ask of the model."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from faceaudit.check import Location
from faceaudit.model import (
    FACIAL,
    Component,
    ComponentKind,
    DataCategory,
    Flow,
    Store,
    SystemModel,
    Zone,
)

_ZONE_RANK = {Zone.DEVICE: 0, Zone.ON_PREMISES: 1, Zone.CLOUD: 2, Zone.INTERNET: 3}


def categories_text(categories: frozenset[DataCategory]) -> str:
    return ", ".join(sorted(c.value for c in categories))


def store_object(component: Component, store: Store) -> str:
    """How reports name a store: the component id, plus the store name when it has one."""
    return f"{component.id}/{store.name}" if store.name else component.id


def store_key(component: Component, store: Store) -> str:
    """A line-independent key for a store, for fingerprints."""
    return f"{component.id}#{component.stores.index(store)}:{store.name or ''}"


@dataclass(frozen=True)
class FacialStore:
    component: Component
    store: Store
    facial: frozenset[DataCategory]

    @property
    def location(self) -> Location:
        return Location.of(self.store.provenance, store_object(self.component, self.store))

    @property
    def key(self) -> str:
        return store_key(self.component, self.store)

    def column_evidence(self) -> list[str]:
        """The classified columns that make this store facial, with the classifier's reason."""
        return [f"{table.name}.{col.name}: {col.classification_reason}"
                for table in self.store.tables for col in table.columns
                if col.categories & FACIAL]


def facial_stores(model: SystemModel) -> Iterator[FacialStore]:
    for component, store in model.stores():
        facial = store.facial
        if facial:
            yield FacialStore(component, store, facial)


def is_exposed(component: Component) -> bool:
    """In the cloud, on the internet, or run by another party: outside the device boundary."""
    return component.zone in (Zone.CLOUD, Zone.INTERNET) or component.is_third_party


def exposure_rank(component: Component) -> int:
    rank = _ZONE_RANK[component.zone]
    return max(rank, 3) if component.kind is ComponentKind.EXTERNAL else rank


def crosses_out(model: SystemModel, flow: Flow) -> bool:
    """Whether a facial flow carries data further out: into the cloud, the internet or a third
    party, from somewhere less exposed (or from one's own components to another party)."""
    source, target = model.component(flow.source), model.component(flow.target)
    if source is None or target is None or not flow.facial or not is_exposed(target):
        return False
    if target.is_third_party and not source.is_third_party:
        return True
    return exposure_rank(target) > exposure_rank(source)


def basis_gap(model: SystemModel, flow: Flow) -> str | None:
    """Why a flow lacks a legal basis, or ``None`` when it has a valid one."""
    basis = flow.legal_basis
    if basis is None:
        return "no legal_basis is recorded on the flow"
    if basis.law:
        return None
    if basis.separate_consent:
        consent = model.consent(basis.separate_consent)
        if consent is None:
            return f"consent {basis.separate_consent!r} is not recorded"
        if not consent.separate:
            return f"consent {consent.id!r} is not a separate consent"
        return None
    return "legal_basis names neither a law nor a separate consent"


class FacialFlowGraph:
    """The facial flows of a model indexed by their target, built once per check run."""

    def __init__(self, model: SystemModel) -> None:
        self.incoming: dict[str, list[Flow]] = {}
        for flow in model.facial_flows():
            self.incoming.setdefault(flow.target, []).append(flow)

    def path_to(self, flow: Flow) -> tuple[Flow, ...]:
        """The shortest chain of facial flows from where the data originates up to ``flow``.

        The search walks backwards over facial flows from the flow's source until it meets a
        component that receives no facial flow (the origin, typically a camera), preferring
        declaration order so the result is deterministic.
        """
        return _shortest_chain(self.incoming, flow)


def _shortest_chain(incoming: dict[str, list[Flow]], flow: Flow) -> tuple[Flow, ...]:
    queue: deque[tuple[str, tuple[Flow, ...]]] = deque([(flow.source, (flow,))])
    seen = {flow.source}
    best: tuple[Flow, ...] = (flow,)
    while queue:
        node, chain = queue.popleft()
        arrivals = [f for f in incoming.get(node, []) if f.source not in seen]
        if not incoming.get(node):
            return chain
        best = chain
        for arrival in arrivals:
            seen.add(arrival.source)
            queue.append((arrival.source, (arrival, *chain)))
    return best


def hops_text(chain: tuple[Flow, ...]) -> str:
    """``cam -> svc (line 31) -> vendor (line 40)``."""
    text = chain[0].source
    for hop in chain:
        line = f" (line {hop.provenance.line})" if hop.provenance.line else ""
        text += f" -> {hop.target}{line}"
    return text


def flow_location(flow: Flow) -> Location:
    return Location.of(flow.provenance, flow.label)
