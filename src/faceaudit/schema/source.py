"""What a schema reader returns for one file, and the order in which files apply.

Every schema reader is a module in ``faceaudit.readers`` with:

- ``NAME``: the reader's name as reports show it (``sql``, ``alembic``, ...);
- ``claims(name: str, head: str) -> bool``: whether the file is its kind, from the file name
  (the path inside the scan target, POSIX style) and the first 64 KiB of text;
- ``read(lines: Iterator[str], path: str) -> SchemaFile``: the operations the file holds, in
  order. ``lines`` yields the file's lines with their line ends; a reader that needs the whole
  text joins them, one that streams (database dumps) must not. A reader never raises for bad
  content: what it cannot read becomes an :class:`~faceaudit.errors.ErrorRecord` in
  ``errors``, with the line, and it reads on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from faceaudit.errors import ErrorRecord
from faceaudit.schema.ops import SchemaOp


@dataclass(frozen=True)
class SchemaFile:
    path: str
    reader: str
    ops: tuple[SchemaOp, ...]
    errors: tuple[ErrorRecord, ...] = ()
    # Where the file sits in its folder's sequence of migrations; files without a version sort
    # by name after the versioned ones (see :func:`migration_key`).
    order: tuple[object, ...] = field(default=())
    # Migration frameworks that chain files explicitly (Alembic, Django) give the identities:
    # this file's revision and the revisions it comes after.
    revision: str | None = None
    after: tuple[str, ...] = ()


_VERSION = re.compile(
    r"^(?:[VvUu](?P<flyway>\d+(?:[._]\d+)*)__"  # Flyway V1_2__name.sql, U3__undo.sql
    r"|(?P<number>\d+)(?=[_.\-]|$)"  # 0001_init.sql, 20240101120000_add.sql, 000001_x.up.sql
    r")")


def migration_key(name: str) -> tuple[object, ...]:
    """Sort key for a migration file name: its version, compared as numbers, then the name.

    ``V2__b.sql`` sorts before ``V10__a.sql``; ``0002_x.py`` before ``0010_y.py``; Flyway's
    repeatable ``R__name.sql`` and unversioned files come after every versioned one, by name.
    """
    base = name.rsplit("/", 1)[-1]
    match = _VERSION.match(base)
    if match is None:
        return (1, (), base)
    digits = match.group("flyway") or match.group("number") or ""
    version = tuple(int(part) for part in re.split(r"[._]", digits) if part)
    return (0, version, base)


def is_down_migration(name: str) -> bool:
    """A migration that undoes another (``0003_x.down.sql``, Flyway ``U3__x.sql``): not applied."""
    base = name.rsplit("/", 1)[-1].lower()
    return ".down." in base or base.endswith("_down.sql") or bool(re.match(r"^u\d", base))
