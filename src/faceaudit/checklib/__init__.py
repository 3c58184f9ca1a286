"""Helpers that keep checks short: the questions many checks ask of the model."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from faceaudit.check import Evidence, Location
from faceaudit.model import (
    FACIAL,
    Column,
    Component,
    ComponentKind,
    Consent,
    DataCategory,
    Flow,
    LegalBasis,
    Store,
    SystemModel,
    Table,
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


def facial_tables(store: Store) -> list[Table]:
    """The store's tables that hold facial columns, in order."""
    return [table for table in store.tables if table.categories & FACIAL]


def facial_columns(table: Table) -> list[Column]:
    return [column for column in table.columns if column.categories & FACIAL]


def table_location(table: Table) -> Location:
    return Location.of(table.provenance, table.name)


def column_location(table: Table, column: Column) -> Location:
    return Location.of(column.provenance, f"{table.name}.{column.name}")


def column_reason(table: Table, column: Column) -> str:
    """``faces.embedding (vector(512)): name part 'embedding' in table 'faces' ...``."""
    kind = f" ({column.type})" if column.type else ""
    return f"{table.name}.{column.name}{kind}: {column.classification_reason}"


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


def is_recognition_device(component: Component) -> bool:
    """The facial-recognition device itself: a capture or edge device in the ``device`` zone.

    This is where the Measures (Art. 8) want facial information stored. An edge device declared
    ``on-premises`` (an NVR in a server room) is not the device.
    """
    return component.zone is Zone.DEVICE and component.kind in (ComponentKind.CAPTURE_DEVICE,
                                                                ComponentKind.EDGE_DEVICE)


def disseminates(model: SystemModel, flow: Flow) -> bool:
    """Whether a facial flow hands facial data out: it :func:`crosses_out`, or it reaches a
    ``client-app`` in the ``internet`` zone (a phone or browser of whoever holds the app), from
    wherever it comes."""
    if crosses_out(model, flow):
        return True
    target = model.component(flow.target)
    return (bool(flow.facial) and target is not None and model.component(flow.source) is not None
            and target.kind is ComponentKind.CLIENT_APP and target.zone is Zone.INTERNET)


def _basis_gap(model: SystemModel, basis: LegalBasis | None, holder: str) -> str | None:
    if basis is None:
        return f"no legal_basis is recorded on the {holder}"
    if basis.law:
        return None
    if basis.separate_consent:
        return consent_gap(model, basis.separate_consent)
    return "legal_basis names neither a law nor a separate consent"


def consent_gap(model: SystemModel, consent_id: str) -> str | None:
    """Why a named consent is not a valid separate consent (not recorded, or not separate), or
    ``None`` when it is one."""
    consent = model.consent(consent_id)
    if consent is None:
        return f"consent {consent_id!r} is not recorded"
    if not consent.separate:
        return f"consent {consent.id!r} is not a separate consent"
    return None


def basis_gap(model: SystemModel, flow: Flow) -> str | None:
    """Why a flow lacks a legal basis, or ``None`` when it has a valid one: a ``law``, or a
    ``separate_consent`` naming a recorded consent with ``separate: true``."""
    return _basis_gap(model, flow.legal_basis, "flow")


def store_basis_gap(model: SystemModel, store: Store) -> str | None:
    """Why a store lacks its own legal basis for holding data, or ``None`` when its
    ``legal_basis`` names a ``law`` or a recorded, separate consent."""
    return _basis_gap(model, store.legal_basis, "store")


def consent_scope_gap(consent: Consent, flow: Flow) -> str | None:
    """Why a consent record does not reach a flow, or ``None`` when it does.

    A consent that lists ``purposes`` reaches only a flow whose ``purpose`` is among them
    (compared without regard to case or surrounding spaces); a flow that states no purpose is not
    reached by a consent that restricts its purposes, since nothing shows the person agreed to
    it. A consent that lists ``covers`` reaches only a flow whose source or target it names.
    Without ``purposes`` or ``covers`` the consent is not restricted in that respect.
    """
    if consent.purposes:
        allowed = ", ".join(consent.purposes)
        if flow.purpose is None:
            return (f"consent {consent.id!r} is limited to the purposes {allowed} and the flow "
                    "states no purpose")
        wanted = flow.purpose.strip().casefold()
        if all(p.strip().casefold() != wanted for p in consent.purposes):
            return (f"consent {consent.id!r} is limited to the purposes {allowed}, "
                    f"not {flow.purpose!r}")
    if consent.covers and flow.source not in consent.covers and flow.target not in consent.covers:
        return (f"consent {consent.id!r} covers only {', '.join(consent.covers)}, neither "
                f"{flow.source} nor {flow.target}")
    return None


def matching_basis_gap(model: SystemModel, flow: Flow) -> str | None:
    """Like :func:`basis_gap`, and a separate consent must also match the flow
    (:func:`consent_scope_gap`): its purposes include the flow's, its covers name an end of it.
    A ``law`` is valid whatever the consent says."""
    gap = basis_gap(model, flow)
    if gap is not None or flow.legal_basis is None or flow.legal_basis.law:
        return gap
    consent = model.consent(flow.legal_basis.separate_consent or "")
    return None if consent is None else consent_scope_gap(consent, flow)


def country_of(code: str) -> str:
    """The country part of a jurisdiction or region code: ``US-IL`` -> ``US``, ``cn`` -> ``CN``."""
    return code.strip().upper().split("-", 1)[0]


def system_countries(model: SystemModel) -> frozenset[str]:
    """The countries of the system's stated jurisdictions (empty when none are stated)."""
    if model.system is None:
        return frozenset()
    return frozenset(country_of(j) for j in model.system.jurisdictions)


def china_may_apply(model: SystemModel) -> bool:
    """Whether Chinese law may govern the system: its jurisdictions include ``CN``, or it states
    none (faceaudit's baseline is the Measures). False for a system stated to run only elsewhere."""
    countries = system_countries(model)
    return not countries or "CN" in countries


class FacialFlowGraph:
    """Where facial data comes from, for every component it reaches: built once per model in
    time linear in the number of components and flows.

    A breadth-first search starts from every origin (a component that sends facial data but
    receives none, typically a camera) at once, in declaration order, and remembers for each
    component the facial flow by which it was first reached. Components reachable only around a
    cycle are then reached from the first such flow's source. ``path_to`` follows those flows
    back, so each component's chain is a shortest one from an origin.
    """

    def __init__(self, model: SystemModel) -> None:
        flows = model.facial_flows()
        outgoing: dict[str, list[Flow]] = {}
        receivers: set[str] = set()
        for flow in flows:
            outgoing.setdefault(flow.source, []).append(flow)
            receivers.add(flow.target)
        self.arrival: dict[str, Flow | None] = {}
        origins = [f.source for f in flows if f.source not in receivers]
        self._walk(origins, outgoing)
        # Sources left unreached sit on cycles that no origin feeds.
        self._walk([f.source for f in flows if f.source not in self.arrival], outgoing)

    def _walk(self, starts: list[str], outgoing: dict[str, list[Flow]]) -> None:
        queue: deque[str] = deque()
        for start in starts:
            if start not in self.arrival:
                self.arrival[start] = None
                queue.append(start)
        while queue:
            node = queue.popleft()
            for flow in outgoing.get(node, ()):
                if flow.target not in self.arrival:
                    self.arrival[flow.target] = flow
                    queue.append(flow.target)

    def path_to(self, flow: Flow) -> tuple[Flow, ...]:
        """The chain of facial flows from where the data originates, ending with ``flow``."""
        chain = [flow]
        node = flow.source
        seen = {node}
        while (arrival := self.arrival.get(node)) is not None and arrival.source not in seen:
            chain.append(arrival)
            node = arrival.source
            seen.add(node)
        chain.reverse()
        return tuple(chain)


def hops_text(chain: tuple[Flow, ...]) -> str:
    """``cam -> svc (line 31) -> vendor (line 40)``."""
    text = chain[0].source
    for hop in chain:
        line = f" (line {hop.provenance.line})" if hop.provenance.line else ""
        text += f" -> {hop.target}{line}"
    return text


def flow_text(flow: Flow) -> str:
    """``svc -> cdn (line 12)``: a flow's label with its line, for evidence."""
    line = f" (line {flow.provenance.line})" if flow.provenance.line else ""
    return f"{flow.label}{line}"


def trace_evidence(flow: Flow) -> tuple[Evidence, ...]:
    """Evidence of what shows a flow that configuration or code revealed (empty for a
    described flow): one ``shown by`` line per step of its trace."""
    return tuple(Evidence("shown by", step) for step in flow.trace)


def flow_location(flow: Flow) -> Location:
    return Location.of(flow.provenance, flow.label)
