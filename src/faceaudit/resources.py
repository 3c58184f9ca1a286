"""Locate the data that ships with faceaudit: built-in checks, JSON schemas, mandate catalog.

In an installed wheel the top-level ``checks/`` and ``schemas/`` folders travel inside the package
as ``faceaudit/_bundled``; in a source checkout they are read from the repository root.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def _bundled_or_source(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    source = _PACKAGE.parent.parent / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"faceaudit is incomplete: its {name}/ folder is missing")


def builtin_checks_dir() -> Path:
    return _bundled_or_source("checks")


def schemas_dir() -> Path:
    return _bundled_or_source("schemas")


def mandates_dir() -> Path:
    return _PACKAGE / "mandates" / "data"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Load one of faceaudit's own JSON schemas by file name."""
    with open(schemas_dir() / name, encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema
