"""ORM model files read as schemas: SQLAlchemy (declarative classes, 2.0 ``Mapped`` style,
Core ``Table(...)``), Flask-SQLAlchemy, Django models and peewee, through ``ast`` only.

Each model becomes one CreateTable, in the order the file defines them (a single-table
subclass becomes AddColumn ops on its parent's table; a Django many-to-many field adds its join
table after its model). Types are given as the SQL the database holds, so that the classifier
sees ``bytea`` for ``LargeBinary``/``BinaryField``/``BlobField``, ``float8[]`` for
``ARRAY(Float)`` and ``vector(512)`` for pgvector's ``Vector(512)``. Comments come from
``comment=`` (SQLAlchemy), ``db_comment``/``help_text``/``verbose_name`` (Django, peewee);
encrypted types and fields give encryption evidence; ``ForeignKey(..., ondelete=...)`` and
Django's ``on_delete`` give foreign keys. Base classes and mixins are only known when the same
file defines them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import partial

from faceaudit.errors import ErrorRecord
from faceaudit.readers import alembic, django_migrations
from faceaudit.readers._django import app_label_of
from faceaudit.readers._django_models import DjangoModels
from faceaudit.readers._peewee import PeeweeModels
from faceaudit.readers._pyast import (
    guarded,
    imported_modules,
    last_name,
    module_constants,
    module_statements,
    parse_python,
    string,
)
from faceaudit.readers._pyclasses import ClassIndex
from faceaudit.readers._sqla import Context, column_call, custom_types, table_of
from faceaudit.readers._sqla_models import Declarative
from faceaudit.schema.ops import SchemaOp
from faceaudit.schema.source import SchemaFile

NAME = "orm-models"

_SQLA_IMPORT = re.compile(r"^[ \t]*(?:from|import)[ \t]+(?:sqlalchemy|flask_sqlalchemy)\b",
                          re.MULTILINE)
_SQLA_MARK = re.compile(r"__tablename__|\b(?:Column|mapped_column|Table)\s*\(")
_FLASK_MODEL = re.compile(r"^[ \t]*class[ \t]+\w+[ \t]*\([^)]*\bdb\.Model\b", re.MULTILINE)
_DJANGO_IMPORT = re.compile(r"^[ \t]*(?:from|import)[ \t]+django\b", re.MULTILINE)
_PEEWEE_IMPORT = re.compile(r"^[ \t]*(?:from|import)[ \t]+(?:peewee|playhouse)\b", re.MULTILINE)
_MODEL_CLASS = re.compile(r"^[ \t]*class[ \t]+\w+[ \t]*\([^)]*Model\b", re.MULTILINE)
_FLASK_COLUMN = re.compile(r"\bdb\.(?:Column|Table)\s*\(")


def claims(name: str, head: str) -> bool:
    """A Python file that defines SQLAlchemy, Flask-SQLAlchemy, Django or peewee models (and is
    not an Alembic or Django migration)."""
    if not name.lower().endswith(".py"):
        return False
    if alembic.claims(name, head) or django_migrations.claims(name, head):
        return False
    if _FLASK_MODEL.search(head) or _FLASK_COLUMN.search(head):
        return True
    if _SQLA_IMPORT.search(head) and _SQLA_MARK.search(head):
        return True
    return bool((_DJANGO_IMPORT.search(head) or _PEEWEE_IMPORT.search(head))
                and _MODEL_CLASS.search(head))


def read(lines: Iterator[str], path: str) -> SchemaFile:
    """One CreateTable per model, in file order; a file Python cannot parse is one error."""
    module, errors = parse_python(lines, path)
    ops: list[SchemaOp] = []
    if module is not None:
        found = module
        ops = guarded(path, None, errors, lambda: _models(found, path, errors), [])
    return SchemaFile(path, NAME, tuple(ops), tuple(errors))


def _models(module: ast.Module, path: str, errors: list[ErrorRecord]) -> list[SchemaOp]:
    imports = imported_modules(module)
    index = ClassIndex(module)
    context = Context(module_constants(module, path, errors), custom_types(module))
    peewee_file = bool(imports & {"peewee", "playhouse"})
    django = DjangoModels(index, path, app_label_of(path, "models"), context.constants,
                          bare_model="django" in imports and not peewee_file)
    peewee = PeeweeModels(index, path, context.constants, bare_model=peewee_file)
    declarative = Declarative(index, path, context)

    def class_ops(node: ast.ClassDef) -> list[SchemaOp]:
        if django.is_model(node):
            return django.ops(node)
        if peewee.is_model(node):
            return peewee.ops(node)
        if declarative.is_model(node):
            return declarative.ops(node)
        return []

    def table_ops(call: ast.Call, name: str) -> list[SchemaOp]:
        return [table_of(call, name, call.args[1:], path, context)]

    found: list[tuple[int, int, list[SchemaOp]]] = []
    for node in index.order:
        found.append((node.lineno, len(found),
                      guarded(path, node.lineno, errors, partial(class_ops, node), [])))
    for call in _table_calls(module):
        name = string(call.args[0], context.constants)
        if name is not None:
            found.append((call.lineno, len(found), guarded(
                path, call.lineno, errors, partial(table_ops, call, name), [])))
    return [op for _, _, class_or_table in sorted(found, key=lambda item: item[:2])
            for op in class_or_table]


def _table_calls(module: ast.Module) -> list[ast.Call]:
    """SQLAlchemy Core ``Table("name", metadata, Column(...), ...)`` calls bound at module level
    or in a class body (``__table__ = Table(...)``)."""
    statements = list(module_statements(module))
    statements += [s for node in statements if isinstance(node, ast.ClassDef) for s in node.body]
    found = []
    for statement in statements:
        value = statement.value if isinstance(statement, ast.Assign | ast.AnnAssign | ast.Expr) \
            else None
        if isinstance(value, ast.Call) and last_name(value) == "Table" and value.args \
                and any(column_call(arg) is not None for arg in value.args[1:]):
            found.append(value)
    return found
