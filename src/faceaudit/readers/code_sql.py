"""SQL embedded in migration code: the DDL that Python, JavaScript/TypeScript, Go, Java and Kotlin
files hand to their database as string literals.

A knex migration's ``knex.raw(`CREATE TABLE ...`)``, a TypeORM ``queryRunner.query(...)``, a Go
``tx.Exec(`...`)`` with a raw string, a Flyway Java migration's text block, a Python script's
``cursor.execute('''...''')``: the literals are found by :mod:`faceaudit.readers.literals`
(never by importing or running the file), those that hold DDL are read by the SQL reader from the
line they start on, and their operations come out in source order.

Statements in a function that undoes a migration (``down``, ``downgrade``, ``rollback``) are
left out: they are never applied forward. The file's place among its folder's migrations comes
from its name (knex ``20240101120000_add_faces.js``, Flyway ``V3__AddFaces.java``), so the
reader leaves ``order`` empty. Code that builds tables through a query builder or ORM API rather
than SQL text (``knex.schema.createTable``, TypeORM entities) is not read here.

Python files are claimed too; when a more specific reader (Django migrations, Alembic, ORM
models) claims the same file, the scan gives it to that reader.
"""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.errors import ErrorRecord
from faceaudit.readers.literals import LANGUAGES, Literal, extract, holds_ddl, language_of
from faceaudit.readers.sql import parse_sql_text
from faceaudit.schema.ops import SchemaOp
from faceaudit.schema.source import SchemaFile

NAME = "code-sql"
SUFFIXES = frozenset(LANGUAGES)  # every ending the literal scanners know


def claims(name: str, head: str) -> bool:
    """A source file of a language this reader knows whose head mentions DDL."""
    dot = name.rfind(".")
    return dot >= 0 and name[dot:].lower() in SUFFIXES and holds_ddl(head)


def sql_literals(source: str, path: str) -> tuple[list[Literal], list[ErrorRecord]]:
    """The literals of ``source`` that hold DDL and are applied (not in a down migration), and
    the error records of the scan."""
    language = language_of(path)
    if language is None:
        return [], [ErrorRecord(path, "not a source file this reader knows")]
    literals, problems = extract(source, language)
    kept = [literal for literal in literals if not literal.down and holds_ddl(literal.text)]
    return kept, [ErrorRecord(path, problem.reason, problem.line) for problem in problems]


def read(lines: Iterator[str], path: str) -> SchemaFile:
    """The schema operations of the DDL held in the file's string literals, in source order."""
    ops: list[SchemaOp] = []
    errors: list[ErrorRecord] = []
    try:
        literals, errors = sql_literals("".join(lines), path)
        for literal in literals:
            found, problems = parse_sql_text(literal.text, path, literal.line)
            ops.extend(found)
            errors.extend(problems)
    except Exception as exc:  # a reader never raises for bad content
        errors.append(ErrorRecord(path, f"reading stopped: {type(exc).__name__}: {exc}"))
    return SchemaFile(path, NAME, tuple(ops), tuple(errors))
