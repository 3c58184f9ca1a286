"""The schema readers faceaudit has, in the order they are asked to claim a file.

A file goes to the first reader that claims it: a Django migration is read as a migration, not
as a Python file with SQL in its strings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from faceaudit.schema.source import SchemaFile


@dataclass(frozen=True)
class SchemaReader:
    name: str
    suffixes: frozenset[str]  # lower-case file endings it may claim, with the dot
    claims: Callable[[str, str], bool]
    read: Callable[[Iterator[str], str], SchemaFile]
    streams: bool = False  # reads files of any size line by line (database dumps)


SCHEMA_READERS: tuple[SchemaReader, ...] = ()
