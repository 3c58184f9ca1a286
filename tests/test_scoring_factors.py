"""Each scoring factor, one at a time, against the documented tables."""

from __future__ import annotations

from dataclasses import replace

import pytest

from faceaudit.check import Hit, Location
from faceaudit.model import (
    Column,
    Component,
    ComponentKind,
    DataCategory,
    Provenance,
    Store,
    Subjects,
    SystemInfo,
    SystemModel,
    Table,
    Zone,
)
from faceaudit.registry import load_registry
from faceaudit.scoring import people, score

HERE = Provenance("faceaudit.yaml", 1, "")
META = load_registry(plugins=False).get("FA101").meta  # high: base 7.5
HIT = Hit("m", (Location("faceaudit.yaml", 1, "x"),), data=frozenset({DataCategory.FACE_IMAGE}))


def _system(stored: int | None = None, minors: bool | None = None) -> SystemModel:
    info = SystemInfo("S", None, (), (), Subjects(stored, minors), HERE)
    return SystemModel(system=info)


def _factors(model: SystemModel | None, hit: Hit = HIT) -> dict[str, tuple[str, float]]:
    return {f.name: (f.value, f.weight) for f in score(META, hit, model).factors
            if f.name not in {"severity", "data"}}


@pytest.mark.parametrize(("stored", "weight", "value"), [
    (2_000_000, 1.2, "2000000 stored: 1,000,000 or more people"),
    (100_000, 1.1, "100000 stored: 100,000 or more people (the filing threshold)"),
    (99_999, 1.0, "99999 stored: 1,000 to 99,999 people"),
    (999, 0.9, "999 stored: fewer than 1,000 people"),
])
def test_people_bands(stored: int, weight: float, value: str) -> None:
    assert _factors(_system(stored)) == {"people": (value, weight)}


def test_people_unknown_gives_no_factor() -> None:
    assert _factors(_system()) == {}
    assert _factors(None) == {}


def test_people_counted_from_dump_rows_when_the_description_is_silent() -> None:
    column = Column("face_embedding", "vector(512)", frozenset({DataCategory.FACE_TEMPLATE}),
                    "r", HERE)
    tables = (Table("faces", (column,), HERE, rows=250_000),
              Table("logs", (), HERE, rows=9_000_000))
    store = Store(None, frozenset(), tables, None, None, HERE)
    component = Component("db", ComponentKind.DATASTORE, Zone.ON_PREMISES, None, None, (store,),
                          HERE)
    assert people(SystemModel(components=(component,))) == 250_000


def test_minors_raise_only_findings_about_faces() -> None:
    assert _factors(_system(minors=True)) == {
        "minors": ("children under 14 among them", 1.15)}
    assert _factors(_system(minors=True), replace(HIT, data=frozenset())) == {}
    assert _factors(_system(minors=False)) == {}


def test_mitigations_lower_the_score_at_most_twice() -> None:
    hit = replace(HIT, mitigations=("carried over TLS", "encrypted", "third"))
    factors = score(META, hit, None).factors
    assert [(f.name, f.value, f.weight) for f in factors][2:] == [
        ("mitigation", "carried over TLS", 0.9), ("mitigation", "encrypted", 0.9)]
    # 7.5 x 1.15 x 0.81 = 6.98625 -> 7.0
    assert score(META, hit, None).value == 7.0


def test_all_factors_together_and_the_cap() -> None:
    hit = replace(HIT, zone=Zone.INTERNET)
    # 7.5 x 1.15 x 1.2 x 1.2 x 1.15 = 14.28 -> capped at 10
    assert score(META, hit, _system(5_000_000, True)).value == 10.0
    # 7.5 x 1.15 x 0.9 (device) x 0.9 (few people) = 6.98625 -> 7.0
    assert score(META, replace(HIT, zone=Zone.DEVICE), _system(10)).value == 7.0
