"""Output formats: each renders an immutable report and never sees the engine."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from faceaudit.formats.json_format import render_json
from faceaudit.formats.text import render_text
from faceaudit.report import Report


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


_RENDERERS: dict[Format, Callable[[Report], str]] = {
    Format.TEXT: render_text,
    Format.JSON: render_json,
}


def render(report: Report, fmt: Format) -> str:
    return _RENDERERS[fmt](report)


__all__ = ["Format", "render"]
