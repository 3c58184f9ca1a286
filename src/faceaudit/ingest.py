"""Read one claimed file with its reader: bytes hashed, text decoded, problems recorded.

System descriptions are read whole. Schema files are handed to their reader line by line, so a
database dump of any size streams through; a line that is not UTF-8 becomes an error record with
its line number and is read on with replacement characters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from faceaudit.classify import Vocabulary
from faceaudit.discover import MAX_FILE_BYTES, Candidate
from faceaudit.errors import ErrorRecord, InputError, InputErrors
from faceaudit.readers import description
from faceaudit.readers.description import DescriptionResult
from faceaudit.readers.kinds import SchemaReader
from faceaudit.report import InputRecord
from faceaudit.schema.source import SchemaFile

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Ingested:
    record: InputRecord | None
    errors: tuple[ErrorRecord, ...] = ()
    description: DescriptionResult | None = None
    schema: SchemaFile | None = None


class _Lines:
    """The decoded lines of a file, hashing its bytes as they pass."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.digest = hashlib.sha256()
        self.errors: list[ErrorRecord] = []
        self.done = False

    def __iter__(self) -> Iterator[str]:
        with open(self.path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                self.digest.update(raw)
                data = raw[len(_BOM):] if number == 1 and raw.startswith(_BOM) else raw
                try:
                    yield data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    self.errors.append(ErrorRecord(
                        self.display, f"not UTF-8 text: {exc.reason} at byte {exc.start} of "
                        "the line; read with replacement characters", line=number))
                    yield data.decode("utf-8", errors="replace")
        self.done = True

    def finish(self) -> str:
        """The file's SHA-256: from the lines read, or read again if the reader stopped early."""
        if self.done:
            return self.digest.hexdigest()
        with open(self.path, "rb") as handle:
            whole = hashlib.sha256()
            for block in iter(lambda: handle.read(1 << 20), b""):
                whole.update(block)
        return whole.hexdigest()


def _description(candidate: Candidate, vocabulary: Vocabulary) -> Ingested:
    path = candidate.display
    try:
        size = candidate.path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Ingested(None, (ErrorRecord(path, f"file is {size} bytes, over the "
                                               f"{MAX_FILE_BYTES}-byte limit for descriptions"),))
        data = candidate.path.read_bytes()
    except OSError as exc:
        return Ingested(None, (ErrorRecord(path, f"cannot be read: {exc.strerror or exc}"),))
    record = InputRecord(path, candidate.reader, hashlib.sha256(data).hexdigest())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Ingested(record, (ErrorRecord(path, f"not UTF-8 text: {exc.reason} at byte "
                                             f"{exc.start}"),))
    try:
        result = description.read_description(text, path, vocabulary)
    except InputError as exc:
        return Ingested(record, (exc.record,))
    except InputErrors as exc:
        return Ingested(record, tuple(exc.records))
    return Ingested(record, result.problems, description=result)


def _schema(candidate: Candidate, reader: SchemaReader) -> Ingested:
    path = candidate.display
    try:
        size = candidate.path.stat().st_size
    except OSError as exc:
        return Ingested(None, (ErrorRecord(path, f"cannot be read: {exc.strerror or exc}"),))
    if size > MAX_FILE_BYTES and not reader.streams:
        return Ingested(None, (ErrorRecord(path, f"file is {size} bytes, over the "
                                           f"{MAX_FILE_BYTES}-byte limit for {reader.name} "
                                           "files"),))
    lines = _Lines(candidate.path, path)
    try:
        schema = reader.read(iter(lines), path)
        digest = lines.finish()
    except OSError as exc:
        return Ingested(None, (ErrorRecord(path, f"cannot be read: {exc.strerror or exc}"),))
    except RecursionError:
        return Ingested(None, (ErrorRecord(path, f"{reader.name} reader: input nests too "
                                           "deeply to read"),))
    except Exception as exc:  # a defect in a reader must not lose the rest of the scan
        return Ingested(None, (ErrorRecord(path, f"{reader.name} reader failed: "
                                           f"{type(exc).__name__}: {exc}"),))
    record = InputRecord(path, reader.name, digest)
    return Ingested(record, (*lines.errors, *schema.errors), schema=schema)


def ingest(candidate: Candidate, vocabulary: Vocabulary,
           readers: tuple[SchemaReader, ...]) -> Ingested:
    """Read one claimed file with the reader that claimed it."""
    if candidate.reader == description.NAME:
        return _description(candidate, vocabulary)
    reader = next((r for r in readers if r.name == candidate.reader), None)
    if reader is None:
        return Ingested(None, (ErrorRecord(candidate.display,
                                           f"no reader named {candidate.reader!r}"),))
    return _schema(candidate, reader)
