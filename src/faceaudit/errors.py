"""Error types. Each layer raises its own; the engine turns input errors into records."""

from __future__ import annotations

from dataclasses import dataclass


class FaceauditError(Exception):
    """Base of every error faceaudit raises on purpose."""


class UsageError(FaceauditError):
    """The caller asked for something that cannot be done (bad option, unknown check id)."""


class CheckLoadError(UsageError):
    """A check module could not be loaded or its metadata is malformed."""


@dataclass(frozen=True)
class ErrorRecord:
    """An input that could not be read, parsed or validated. The scan goes on without it."""

    path: str
    reason: str
    line: int | None = None
    pointer: str | None = None


class InputError(FaceauditError):
    """A single input file is unreadable, malformed or invalid."""

    def __init__(self, path: str, reason: str, line: int | None = None,
                 pointer: str | None = None) -> None:
        super().__init__(reason)
        self.record = ErrorRecord(path=path, reason=reason, line=line, pointer=pointer)


class InputErrors(FaceauditError):
    """Several problems found in one input (for example every schema violation at once)."""

    def __init__(self, records: list[ErrorRecord]) -> None:
        super().__init__("; ".join(r.reason for r in records))
        self.records = records
