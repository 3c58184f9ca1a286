"""faceaudit's own configuration: ``[tool.faceaudit]`` in pyproject.toml, or a file given with
``--config``. Validated against ``schemas/config.schema.json``; a typo is an error, never a no-op.

The configuration cannot name a checks folder: a scanned repository must not be able to make
faceaudit run its code. ``--checks-dir`` on the command line is the only way to do that.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from faceaudit.errors import UsageError
from faceaudit.resources import load_schema

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class Config:
    source: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    format: str | None = None
    exclude: tuple[str, ...] = ()
    vocabulary: Mapping[str, Sequence[str]] = field(default_factory=dict)


def _parse(path: Path, table: Mapping[str, Any]) -> Config:
    validator = Draft202012Validator(load_schema("config.schema.json"))
    problems = sorted(validator.iter_errors(table), key=lambda e: list(e.absolute_path))
    if problems:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e.absolute_path) or 'top level'}: {e.message}"
            for e in problems)
        raise UsageError(f"{path}: invalid faceaudit configuration: {details}")
    return Config(
        source=str(path),
        select=tuple(table.get("select", ())),
        ignore=tuple(table.get("ignore", ())),
        fail_on=table.get("fail-on"),
        format=table.get("format"),
        exclude=tuple(table.get("exclude", ())),
        vocabulary={k: tuple(v) for k, v in table.get("vocabulary", {}).items()},
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the configuration: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from exc


def load_config(explicit: Path | None = None, folder: Path | None = None) -> Config:
    """The configuration from ``explicit`` (a TOML file: ``[tool.faceaudit]`` or top level), or
    else from ``pyproject.toml`` in ``folder`` (default: the working folder), or defaults."""
    if explicit is not None:
        data = _read_toml(explicit)
        table = data.get("tool", {}).get("faceaudit", data) if "tool" in data else data
        return _parse(explicit, table)
    candidate = (folder or Path.cwd()) / PYPROJECT
    if not candidate.is_file():
        return Config()
    tool = _read_toml(candidate).get("tool", {})
    if "faceaudit" not in tool:
        return Config()
    return _parse(candidate, tool["faceaudit"])
