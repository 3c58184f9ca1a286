"""The schema readers faceaudit has, in the order they are asked to claim a file.

A file goes to the first reader that claims it: a Django migration is read as a migration, not
as a Python file with SQL in its strings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from faceaudit.readers import (
    alembic,
    code_sql,
    django_migrations,
    liquibase,
    orm_models,
    sql,
)
from faceaudit.schema.source import SchemaFile


@dataclass(frozen=True)
class SchemaReader:
    name: str
    suffixes: frozenset[str]  # lower-case file endings it may claim, with the dot
    claims: Callable[[str, str], bool]
    read: Callable[[Iterator[str], str], SchemaFile]
    streams: bool = False  # reads files of any size line by line (database dumps)


_PYTHON = frozenset({".py"})

SCHEMA_READERS: tuple[SchemaReader, ...] = (
    SchemaReader(liquibase.NAME, liquibase.SUFFIXES, liquibase.claims, liquibase.read),
    SchemaReader(django_migrations.NAME, _PYTHON, django_migrations.claims,
                 django_migrations.read),
    SchemaReader(alembic.NAME, _PYTHON, alembic.claims, alembic.read),
    SchemaReader(orm_models.NAME, _PYTHON, orm_models.claims, orm_models.read),
    SchemaReader(sql.NAME, sql.SUFFIXES, sql.claims, sql.read, streams=sql.STREAMS),
    SchemaReader(code_sql.NAME, code_sql.SUFFIXES, code_sql.claims, code_sql.read),
)
