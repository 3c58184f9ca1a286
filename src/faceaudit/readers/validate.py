"""Validate a loaded document against one of faceaudit's JSON schemas, with lines in errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from faceaudit.errors import ErrorRecord
from faceaudit.readers.fastcheck import Unsupported, compile_schema
from faceaudit.readers.structured import Document, join_pointer
from faceaudit.resources import load_schema

_ANNOTATIONS = frozenset({"description", "title", "$comment"})


def _inline(node: Any, defs: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """Replace local ``#/$defs/...`` references with their targets.

    Validation then never resolves a reference, which dominates its cost on large documents.
    A recursive definition is left as a reference.
    """
    if isinstance(node, list):
        return [_inline(item, defs, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref not in seen:
        target = _inline(defs[ref.removeprefix("#/$defs/")], defs, (*seen, ref))
        rest = {k: _inline(v, defs, seen) for k, v in node.items() if k != "$ref"}
        if set(rest) - _ANNOTATIONS & set(target):
            return {"allOf": [target], **rest}
        return {**target, **rest}
    return {k: (v if k == "$defs" else _inline(v, defs, seen)) for k, v in node.items()}


@cache
def _inlined(schema_name: str) -> dict[str, Any]:
    schema = load_schema(schema_name)
    inlined: dict[str, Any] = _inline(schema, schema.get("$defs", {}))
    return inlined


@cache
def validator_for(schema_name: str) -> Draft202012Validator:
    return Draft202012Validator(_inlined(schema_name), format_checker=FormatChecker())


@cache
def quick_check_for(schema_name: str) -> Callable[[Any], bool] | None:
    """The compiled yes/no check of a schema, or None when it uses keywords it cannot compile."""
    try:
        return compile_schema(_inlined(schema_name))
    except Unsupported:
        return None


def _pointer(error: ValidationError) -> str:
    pointer = ""
    for token in error.absolute_path:
        pointer = join_pointer(pointer, token)
    return pointer


def _unexpected_keys(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    instance = error.instance if isinstance(error.instance, dict) else {}
    return sorted(k for k in instance
                  if k not in known and not any(p.search(k) for p in patterns))


def _records(document: Document, error: ValidationError) -> Iterator[ErrorRecord]:
    pointer = _pointer(error)
    if error.validator == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        expected = ", ".join(sorted(schema.get("properties", {})))
        for key in _unexpected_keys(error):
            child = join_pointer(pointer, key)
            yield ErrorRecord(document.path,
                              f"{child}: unknown key {key!r}; expected one of: {expected}",
                              line=document.line_of(child), pointer=child)
        return
    where = pointer or "/"
    yield ErrorRecord(document.path, f"{where}: {error.message}",
                      line=document.line_of(pointer), pointer=pointer)


def validate(document: Document, schema_name: str) -> list[ErrorRecord]:
    """Every violation of the schema, in document order, each with its line and pointer."""
    quick = quick_check_for(schema_name)
    if quick is not None and quick(document.value):
        return []
    validator = validator_for(schema_name)
    instance: Any = document.value
    records = [r for e in validator.iter_errors(instance) for r in _records(document, e)]
    return sorted(records, key=lambda r: (r.line or 0, r.pointer or "", r.reason))
