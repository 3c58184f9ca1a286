"""The compiled quick check agrees with jsonschema on real and randomly broken documents."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from faceaudit.readers.fastcheck import Unsupported, compile_schema
from faceaudit.readers.structured import load_document
from faceaudit.readers.validate import quick_check_for, validator_for

ROOT = Path(__file__).resolve().parents[2]
DESCRIPTIONS = sorted([*ROOT.glob("examples/*/faceaudit.yaml"),
                       *ROOT.glob("tests/checks/fixtures/*/*/*/faceaudit.yaml")])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 200_000),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
                    st.sampled_from(["device", "cloud", "face-image", "2025-02-30", "2025-06-01",
                                     "FA101", "aes-256-gcm", "1.3", "CN", "cn", "x-note"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)


def _agrees(schema_name: str, value: Any) -> None:
    quick = quick_check_for(schema_name)
    assert quick is not None
    errors = list(validator_for(schema_name).iter_errors(value))
    assert quick(value) == (not errors), [e.message for e in errors]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@pytest.mark.parametrize("path", DESCRIPTIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_agrees_on_every_bundled_description(path: Path) -> None:
    _agrees("system.schema.json", load_document(path.read_text(encoding="utf-8"),
                                                str(path)).value)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(DESCRIPTIONS), st.data())
def test_agrees_on_mutated_descriptions(path: Path, data: st.DataObject) -> None:
    document = copy.deepcopy(load_document(path.read_text(encoding="utf-8"), str(path)).value)
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(_paths(document)))
        if not where:
            continue
        parent = document
        for step in where[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[where[-1]] = data.draw(VALUES)
        elif action == "delete":
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.text(max_size=10))] = data.draw(VALUES)
        else:
            parent.append(data.draw(VALUES))
    _agrees("system.schema.json", document)


def test_agrees_on_the_mandate_catalog_and_configuration() -> None:
    for path in sorted((ROOT / "src" / "faceaudit" / "mandates" / "data").glob("*.yaml")):
        _agrees("mandates.schema.json", yaml.safe_load(path.read_text(encoding="utf-8")))
    _agrees("config.schema.json", {"select": ["FA1"], "fail-on": "high"})
    _agrees("config.schema.json", {"select": "FA1"})
    _agrees("config.schema.json", {"fail_on": "high"})


def test_unknown_keywords_are_refused() -> None:
    with pytest.raises(Unsupported):
        compile_schema({"oneOf": [{"type": "string"}]})
    with pytest.raises(Unsupported):
        compile_schema({"type": "string", "format": "email"})


KEYWORD_CASES: list[tuple[dict[str, Any], Any]] = [
    ({"type": "integer"}, 3), ({"type": "integer"}, 3.0), ({"type": "integer"}, 3.5),
    ({"type": "integer"}, True), ({"type": "number"}, False), ({"type": ["string", "null"]}, None),
    ({"type": "boolean"}, 0), ({"minProperties": 1}, {}), ({"minProperties": 1}, {"a": 1}),
    ({"required": ["a"]}, {"b": 1}), ({"required": ["a"]}, [1]),
    ({"properties": {"a": {"type": "string"}}}, {"a": 1}),
    ({"patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": False},
     {"x-a": 1}),
    ({"patternProperties": {"^x-": {}}, "additionalProperties": False}, {"y": 1}),
    ({"additionalProperties": {"type": "integer"}}, {"a": "s"}),
    ({"enum": [1, "a"]}, True), ({"enum": [1, "a"]}, 1.0), ({"const": 1}, True),
    ({"const": False}, 0), ({"pattern": "^[a-z]+$"}, "abc1"), ({"pattern": "b"}, "abc"),
    ({"minimum": 0}, -1), ({"minimum": 0}, True), ({"minLength": 2}, "a"),
    ({"minItems": 1}, []), ({"uniqueItems": True}, [1, True]),
    ({"uniqueItems": True}, [1, 1.0]), ({"uniqueItems": True}, ["a", "a"]),
    ({"items": {"type": "string"}}, ["a", 2]), ({"format": "date"}, "2025-02-30"),
    ({"format": "date"}, "2025-02-28"), ({"format": "date"}, 5),
    ({"allOf": [{"type": "string"}, {"minLength": 3}]}, "ab"),
]


@pytest.mark.parametrize(("schema", "value"), KEYWORD_CASES)
def test_keyword_semantics_match_jsonschema(schema: dict[str, Any], value: Any) -> None:
    expected = Draft202012Validator(schema, format_checker=FormatChecker()).is_valid(value)
    assert compile_schema(schema)(value) == expected
