"""A fast yes/no answer to "is this document valid against the schema?".

Large descriptions spend most of their validation time in jsonschema's generic machinery. This
module compiles the subset of JSON Schema that faceaudit's own schemas use into plain closures.
When it says a document is valid, validation is done; otherwise jsonschema runs and remains the
one source of error messages. Any keyword it does not know makes compilation fail, and then
jsonschema is always used.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]

_IGNORED = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description",
                      "examples", "default"})
_TYPES = frozenset({"string", "object", "array", "boolean", "null", "integer", "number"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not handle."""


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return isinstance(value, int | float)  # number


def _valid_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _unique(value: Any) -> bool:
    if not isinstance(value, list):
        return True
    seen: set[tuple[str, Any]] = set()
    for item in value:
        if isinstance(item, dict | list):
            return False  # let jsonschema decide structural equality
        key = ("bool", item) if isinstance(item, bool) else (
            ("num", item) if isinstance(item, int | float) else (type(item).__name__, item))
        if key in seen:
            return False
        seen.add(key)
    return True


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _object_check(schema: Mapping[str, Any]) -> Check:
    properties = {k: compile_schema(v) for k, v in schema.get("properties", {}).items()}
    patterns = [(re.compile(p), compile_schema(v))
                for p, v in schema.get("patternProperties", {}).items()]
    additional = schema.get("additionalProperties", True)
    extra: Check | None = None if additional is False else (
        None if additional is True else compile_schema(additional))
    closed = additional is False
    required = tuple(schema.get("required", ()))
    min_properties = schema.get("minProperties")

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        if min_properties is not None and len(value) < min_properties:
            return False
        for key in required:
            if key not in value:
                return False
        for key, item in value.items():
            matched = False
            rule = properties.get(key)
            if rule is not None:
                matched = True
                if not rule(item):
                    return False
            for pattern, pattern_rule in patterns:
                if pattern.search(key):
                    matched = True
                    if not pattern_rule(item):
                        return False
            if not matched:
                if closed:
                    return False
                if extra is not None and not extra(item):
                    return False
        return True

    return check


def compile_schema(schema: Any) -> Check:
    """A function telling whether a value satisfies ``schema``; raises Unsupported."""
    if schema is True:
        return lambda value: True
    if schema is False:
        return lambda value: False
    if not isinstance(schema, Mapping):
        raise Unsupported(f"schema {schema!r}")
    unknown = set(schema) - _IGNORED - {
        "type", "properties", "patternProperties", "additionalProperties", "required",
        "minProperties", "enum", "const", "pattern", "minimum", "minLength", "minItems",
        "uniqueItems", "items", "format", "allOf"}
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    checks: list[Check] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        unknown_types = set(names) - _TYPES
        if unknown_types:
            raise Unsupported(f"type {sorted(unknown_types)}")
        allowed: tuple[str, ...] = tuple(names)

        def type_check(value: Any) -> bool:
            return any(_is_type(value, name) for name in allowed)

        checks.append(type_check)
    if {"properties", "patternProperties", "additionalProperties", "required",
            "minProperties"} & set(schema):
        checks.append(_object_check(schema))
    if "enum" in schema:
        options = tuple(schema["enum"])
        checks.append(lambda value: any(_equal(value, o) for o in options))
    if "const" in schema:
        constant = schema["const"]
        checks.append(lambda value: _equal(value, constant))
    if "pattern" in schema:
        pattern = re.compile(schema["pattern"])
        checks.append(lambda value: not isinstance(value, str) or bool(pattern.search(value)))
    if "minimum" in schema:
        low = schema["minimum"]
        checks.append(lambda value: isinstance(value, bool)
                      or not isinstance(value, int | float) or value >= low)
    if "minLength" in schema:
        shortest = schema["minLength"]
        checks.append(lambda value: not isinstance(value, str) or len(value) >= shortest)
    if "minItems" in schema:
        fewest = schema["minItems"]
        checks.append(lambda value: not isinstance(value, list) or len(value) >= fewest)
    if schema.get("uniqueItems") is True:
        checks.append(_unique)
    if "items" in schema:
        item_check = compile_schema(schema["items"])
        checks.append(lambda value: not isinstance(value, list)
                      or all(item_check(item) for item in value))
    if "format" in schema:
        if schema["format"] != "date":
            raise Unsupported(f"format {schema['format']!r}")
        checks.append(_valid_date)
    if "allOf" in schema:
        parts = [compile_schema(part) for part in schema["allOf"]]
        checks.append(lambda value: all(part(value) for part in parts))
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)
