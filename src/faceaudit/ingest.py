"""Read one claimed file with its reader: bytes hashed, text decoded, problems recorded.

System descriptions are read whole. Schema files are handed to their reader line by line, so a
database dump of any size streams through; a line that is not UTF-8 becomes an error record with
its line number and is read on with replacement characters.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from faceaudit.classify import Vocabulary
from faceaudit.discover import MAX_FILE_BYTES, Candidate
from faceaudit.errors import ErrorRecord, InputError, InputErrors
from faceaudit.model import KeyMaterial, Setting
from faceaudit.readers import config, description, keys
from faceaudit.readers.description import DescriptionResult
from faceaudit.readers.kinds import SchemaReader
from faceaudit.report import InputRecord
from faceaudit.schema.source import SchemaFile


@dataclass(frozen=True)
class Ingested:
    record: InputRecord | None
    errors: tuple[ErrorRecord, ...] = ()
    description: DescriptionResult | None = None
    schema: SchemaFile | None = None
    keys: tuple[KeyMaterial, ...] = ()
    settings: tuple[Setting, ...] = ()


_REPLACEMENT = "\ufffd"


class _Hashing(io.RawIOBase):
    """A raw file that hashes every byte read through it."""

    def __init__(self, path: Path) -> None:
        self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._file.readinto(buffer)
        if count:
            self.digest.update(memoryview(buffer)[:count])
        return count or 0

    def close(self) -> None:
        self._file.close()
        super().close()


def _note_bad_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: replace undecodable bytes and remember that it happened."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    flags = _BAD_BYTES.get()
    if flags is not None:
        flags.append(error.reason)
    return _REPLACEMENT, error.end


_BAD_BYTES: ContextVar[list[str] | None] = ContextVar("faceaudit_bad_bytes", default=None)
codecs.register_error("faceaudit.note", _note_bad_bytes)


class _Lines:
    """The decoded lines of a file, hashing its bytes as they pass.

    Decoding happens in large blocks in C; a line holding bytes that are not UTF-8 is read with
    replacement characters and becomes an error record with its line number.
    """

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.errors: list[ErrorRecord] = []
        self.done = False
        self._raw: _Hashing | None = None

    def __iter__(self) -> Iterator[str]:
        bad: list[str] = []
        token = _BAD_BYTES.set(bad)
        raw = self._raw = _Hashing(self.path)
        try:
            with io.TextIOWrapper(io.BufferedReader(raw, 1 << 16), encoding="utf-8-sig",
                                  errors="faceaudit.note", newline="") as text:
                for number, line in enumerate(text, start=1):
                    if bad and _REPLACEMENT in line:
                        self.errors.append(ErrorRecord(
                            self.display, f"not UTF-8 text: {bad[0]}; read with replacement "
                            "characters", line=number))
                        bad.clear()
                    yield line
            self.done = True
        finally:
            _BAD_BYTES.reset(token)

    def finish(self) -> str:
        """The file's SHA-256: from the bytes read, or read again if the reader stopped early."""
        if self.done and self._raw is not None:
            return self._raw.digest.hexdigest()
        whole = hashlib.sha256()
        with open(self.path, "rb") as handle:
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


_T = TypeVar("_T")


def _stream(candidate: Candidate, name: str, streams: bool,
            read: Callable[[Iterator[str], str], _T]) -> Ingested | tuple[_T, Ingested]:
    """Read a text file line by line with ``read``: an error ``Ingested`` when it cannot be
    read, else the reader's result and an ``Ingested`` holding the input record and the lines'
    decoding errors. A reader's own failure is an error record naming only its kind, so no
    content of the file reaches the report."""
    path = candidate.display
    try:
        size = candidate.path.stat().st_size
    except OSError as exc:
        return Ingested(None, (ErrorRecord(path, f"cannot be read: {exc.strerror or exc}"),))
    if size > MAX_FILE_BYTES and not streams:
        return Ingested(None, (ErrorRecord(path, f"file is {size} bytes, over the "
                                           f"{MAX_FILE_BYTES}-byte limit for {name} files"),))
    lines = _Lines(candidate.path, path)
    try:
        result = read(iter(lines), path)
        digest = lines.finish()
    except OSError as exc:
        return Ingested(None, (ErrorRecord(path, f"cannot be read: {exc.strerror or exc}"),))
    except RecursionError:
        return Ingested(None, (ErrorRecord(path, f"{name} reader: input nests too deeply to "
                                           "read"),))
    except Exception as exc:  # a defect in a reader must not lose the rest of the scan
        return Ingested(None, (ErrorRecord(path, f"{name} reader failed: "
                                           f"{type(exc).__name__}"),))
    return result, Ingested(InputRecord(path, name, digest), tuple(lines.errors))


def _schema(candidate: Candidate, reader: SchemaReader) -> Ingested:
    read = _stream(candidate, reader.name, reader.streams, reader.read)
    if isinstance(read, Ingested):
        return read
    schema, done = read
    return replace(done, errors=(*done.errors, *schema.errors), schema=schema)


def _config(candidate: Candidate) -> Ingested:
    read = _stream(candidate, config.NAME, False, config.read)
    if isinstance(read, Ingested):
        return read
    found, done = read
    return replace(done, errors=(*done.errors, *found.errors), settings=found.settings)


MAX_KEY_FILE_BYTES = 1024 * 1024


def _keys(candidate: Candidate) -> Ingested:
    path = candidate.display
    try:
        size = candidate.path.stat().st_size
        if size > MAX_KEY_FILE_BYTES:
            return Ingested(None, (ErrorRecord(path, f"file is {size} bytes, over the "
                                               f"{MAX_KEY_FILE_BYTES}-byte limit for key "
                                               "and certificate files"),))
        data = candidate.path.read_bytes()
    except OSError as exc:
        return Ingested(None, (ErrorRecord(path, f"cannot be read: {exc.strerror or exc}"),))
    record = InputRecord(path, keys.NAME, hashlib.sha256(data).hexdigest())
    try:
        found, errors = keys.read(data, path)
    except Exception as exc:  # a defect in the reader must not lose the rest of the scan
        return Ingested(record, (ErrorRecord(path, f"{keys.NAME} reader failed: "
                                             f"{type(exc).__name__}"),))
    return Ingested(record, errors, keys=found)


def ingest(candidate: Candidate, vocabulary: Vocabulary,
           readers: tuple[SchemaReader, ...]) -> Ingested:
    """Read one claimed file with the reader that claimed it."""
    if candidate.reader == description.NAME:
        return _description(candidate, vocabulary)
    if candidate.reader == keys.NAME:
        return _keys(candidate)
    if candidate.reader == config.NAME:
        return _config(candidate)
    reader = next((r for r in readers if r.name == candidate.reader), None)
    if reader is None:
        return Ingested(None, (ErrorRecord(candidate.display,
                                           f"no reader named {candidate.reader!r}"),))
    return _schema(candidate, reader)
