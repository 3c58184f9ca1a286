"""Property: on random flow graphs, FA201 reports exactly the facial flows that cross into the
internet zone without a basis, each with a shortest chain from an origin, as a brute-force
search over every simple path finds."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from faceaudit.checklib import FacialFlowGraph
from faceaudit.model import (
    Component,
    ComponentKind,
    DataCategory,
    Flow,
    LegalBasis,
    Provenance,
    SystemModel,
    Zone,
)
from faceaudit.registry import load_registry

FA201 = load_registry(plugins=False).get("FA201")
HERE = Provenance("faceaudit.yaml", 1, "")
KINDS = {Zone.DEVICE: ComponentKind.CAPTURE_DEVICE, Zone.ON_PREMISES: ComponentKind.SERVICE,
         Zone.INTERNET: ComponentKind.EXTERNAL}


@st.composite
def systems(draw: st.DrawFn) -> SystemModel:
    zones = draw(st.lists(st.sampled_from(list(KINDS)), min_size=2, max_size=8))
    components = tuple(Component(f"c{i}", KINDS[z], z, None, None, (), HERE)
                       for i, z in enumerate(zones))
    edges = draw(st.lists(st.tuples(st.integers(0, len(zones) - 1),
                                    st.integers(0, len(zones) - 1),
                                    st.booleans(), st.booleans()), max_size=16))
    flows = tuple(
        Flow(f"c{a}", f"c{b}",
             frozenset({DataCategory.FACE_TEMPLATE if facial else DataCategory.IDENTITY}),
             "https", "1.3", LegalBasis(None, "a law", HERE) if basis else None, None,
             Provenance("faceaudit.yaml", line, f"/flows/{line}"))
        for line, (a, b, facial, basis) in enumerate(edges, start=1) if a != b)
    return SystemModel(components=components, flows=flows)


def _simple_paths(model: SystemModel, start: str, goal: str) -> Iterator[list[Flow]]:
    facial = model.facial_flows()

    def walk(node: str, seen: frozenset[str], chain: list[Flow]) -> Iterator[list[Flow]]:
        if node == goal:
            yield chain
            return
        for flow in facial:
            if flow.source == node and flow.target not in seen:
                yield from walk(flow.target, seen | {flow.target}, [*chain, flow])

    yield from walk(start, frozenset({start}), [])


def _zone(model: SystemModel, component_id: str) -> Zone:
    component = model.component(component_id)
    assert component is not None
    return component.zone


@settings(max_examples=400, deadline=None)
@given(systems())
def test_fa201_matches_brute_force(model: SystemModel) -> None:
    expected = [f for f in model.facial_flows()
                if f.legal_basis is None and _zone(model, f.target) is Zone.INTERNET
                and _zone(model, f.source) is not Zone.INTERNET]
    hits = list(FA201.run(model))
    assert [h.locations[0].line for h in hits] == [f.provenance.line for f in expected]

    receivers = {f.target for f in model.facial_flows()}
    origins = sorted({f.source for f in model.facial_flows() if f.source not in receivers})
    graph = FacialFlowGraph(model)
    for flow in model.facial_flows():
        chain = graph.path_to(flow)
        assert chain[-1] is flow
        assert all(a.target == b.source for a, b in pairwise(chain))
        assert all(hop.facial for hop in chain)
        lengths = [len(p) for o in origins for p in _simple_paths(model, o, flow.source)]
        if lengths:
            # Some origin feeds this flow: the chain starts there and is a shortest one.
            assert chain[0].source in origins
            assert len(chain) == min(lengths) + 1


def test_chain_is_shortest_when_a_longer_route_is_declared_first() -> None:
    # o -> b -> d -> t is declared before o -> a -> t; the chain must be the two-hop one.
    components = tuple(Component(name, ComponentKind.SERVICE, Zone.ON_PREMISES, None, None, (),
                                 HERE) for name in ("o", "a", "b", "d", "t", "v"))
    edges = [("o", "a"), ("o", "b"), ("b", "d"), ("d", "t"), ("a", "t"), ("t", "v")]
    flows = tuple(Flow(a, b, frozenset({DataCategory.FACE_IMAGE}), "https", None, None, None,
                       Provenance("faceaudit.yaml", n, "")) for n, (a, b) in enumerate(edges))
    model = SystemModel(components=components, flows=flows)
    chain = FacialFlowGraph(model).path_to(flows[-1])
    assert [f.label for f in chain] == ["o -> a", "a -> t", "t -> v"]
