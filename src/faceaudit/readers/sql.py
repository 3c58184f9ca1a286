"""SQL DDL, migrations and pg_dump output in PostgreSQL, MySQL/MariaDB, SQLite and SQL Server
dialects, read as a stream of statements.

The file is never held whole: :mod:`~faceaudit.readers.sqlkit.splitter` cuts it into statements
as lines arrive, :mod:`~faceaudit.readers.sqlkit.statements` drops the statements no check needs
by their first words, and only the rest are tokenized (with sqlparse's lexer) and parsed.
``COPY ... FROM stdin`` data is counted line by line, looking only at the first row.
:func:`parse_sql_text` reads SQL found inside other files (Liquibase ``sql`` changes, string
literals in migration code) the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from faceaudit.errors import ErrorRecord
from faceaudit.readers.sqlkit.context import Context
from faceaudit.readers.sqlkit.data import copy_block
from faceaudit.readers.sqlkit.lexing import ParseError
from faceaudit.readers.sqlkit.splitter import CopyBlock, Splitter, Statement
from faceaudit.readers.sqlkit.statements import handle
from faceaudit.schema.ops import SchemaOp
from faceaudit.schema.source import SchemaFile, migration_key

NAME = "sql"
# The endings claimed by name (``.sqlite.sql`` among them); a pg_dump plain-format file is
# claimed by its first lines whatever its name (``prod.dump``, ``backup``).
SUFFIXES = frozenset({".sql", ".ddl", ".psql", ".pgsql", ".mysql"})
STREAMS = True  # reads a file of any size line by line

_SUFFIX_TUPLE = tuple(sorted(SUFFIXES))
_DUMP_HEADS = ("--\n-- PostgreSQL database dump", "--\r\n-- PostgreSQL database dump")


def claims(name: str, head: str) -> bool:
    """SQL files by extension, and pg_dump plain-format output by its first lines."""
    return name.lower().endswith(_SUFFIX_TUPLE) or head.lstrip("\ufeff").startswith(_DUMP_HEADS)


def _read_into(ctx: Context, lines: Iterable[str], first_line: int, mysql: bool) -> None:
    splitter = Splitter(first_line, mysql)
    try:
        for event in splitter.split(lines):
            if isinstance(event, Statement):
                try:
                    handle(ctx, event, splitter.mysql)
                except Exception as exc:  # one statement's surprise never ends the file
                    ctx.error(event.line, f"could not read statement: {type(exc).__name__}: "
                                          f"{exc}")
            elif isinstance(event, CopyBlock):
                try:
                    copy_block(ctx, event)
                except ParseError as problem:
                    ctx.error(event.statement.line,
                              f"could not parse COPY statement: {problem.reason}")
                except Exception as exc:  # as above
                    ctx.error(event.statement.line, f"could not read COPY block: "
                                                    f"{type(exc).__name__}: {exc}")
            else:
                ctx.error(event.line, event.reason)
    except Exception as exc:  # a reader never raises for bad content
        ctx.error(splitter.line_no or None,
                  f"reading stopped: {type(exc).__name__}: {exc}")
    ctx.finish()


def read(lines: Iterable[str], path: str) -> SchemaFile:
    """The schema operations of one SQL file, in order, with what could not be read."""
    ctx = Context(path)
    _read_into(ctx, lines, 1, path.lower().endswith(".mysql"))
    return SchemaFile(path, NAME, tuple(ctx.ops), tuple(ctx.errors), order=migration_key(path))


def _text_lines(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end + 1]
        start = end + 1


def parse_sql_text(text: str, path: str,
                   first_line: int = 1) -> tuple[list[SchemaOp], list[ErrorRecord]]:
    """Operations and errors of SQL embedded in another file; line numbers are
    ``first_line`` plus the line offset within ``text``."""
    ctx = Context(path)
    _read_into(ctx, _text_lines(text), first_line, mysql=False)
    return list(ctx.ops), list(ctx.errors)
