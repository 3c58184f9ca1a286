"""Django model classes (``class Photo(models.Model)``) as the tables Django creates.

The table is ``Meta.db_table`` or ``<app_label>_<model>``, the app label being ``Meta.app_label``
or the folder of ``models.py`` (of the ``models/`` package). Abstract models
(``Meta.abstract = True``) make no table; their fields are copied into the models deriving from
them, when they are defined in the same file. A proxy model makes no table. A model deriving
from a concrete model of the file gets the ``<parent>_ptr_id`` key Django adds; any other model
without a primary key field gets Django's implicit ``id``. A many-to-many field without
``through`` makes its join table.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from faceaudit.model import Provenance
from faceaudit.readers._django import (
    IMPLICIT_KEY_TYPE,
    Field,
    is_field_call,
    join_table,
    read_field,
    table_name,
)
from faceaudit.readers._pyast import boolean, string
from faceaudit.readers._pyclasses import ClassIndex, attributes, base_names, inner_options
from faceaudit.schema.ops import ColumnDef, CreateTable, ForeignKey, SchemaOp

_MODEL_BASES = frozenset({"models.Model", "django.db.models.Model"})


class DjangoModels:
    """The Django models of one module."""

    def __init__(self, index: ClassIndex, path: str, app_label: str,
                 constants: Mapping[str, str], bare_model: bool) -> None:
        self.index = index
        self.path = path
        self.app_label = app_label
        self.constants = constants
        self.bare_model = bare_model  # ``Model`` alone names Django's model class
        self._by_name: dict[str, list[ast.ClassDef]] | None = None

    def is_model(self, node: ast.ClassDef) -> bool:
        """A Django model: deriving from ``models.Model``, or, in a Django file, from a class
        named ``...Model`` of another module (``TimeStampedModel``) while declaring fields."""
        for current in [node, *self.index.ancestors(node)]:
            for name in base_names(current):
                if name in _MODEL_BASES or (self.bare_model and name == "Model"):
                    return True
                if self.bare_model and name.endswith("Model") \
                        and name.rsplit(".", 1)[-1] not in self.index.classes \
                        and any(isinstance(a.value, ast.Call) and is_field_call(a.value)
                                for a in attributes(current)):
                    return True
        return False

    def _option(self, node: ast.ClassDef, name: str) -> ast.expr | None:
        return inner_options(node).get(name)

    def _abstract(self, node: ast.ClassDef) -> bool:
        return boolean(self._option(node, "abstract")) is True

    def _label(self, node: ast.ClassDef) -> str:
        return string(self._option(node, "app_label"), self.constants) or self.app_label

    def _concrete(self, node: ast.ClassDef) -> ast.ClassDef | None:
        """The model whose table holds ``node``'s rows: itself, or for a proxy its parent."""
        for current in [node, *self.index.ancestors(node)]:
            if self._abstract(current) or not self.is_model(current):
                continue
            if boolean(self._option(current, "proxy")) is not True:
                return current
        return None

    def table(self, node: ast.ClassDef) -> str | None:
        concrete = self._concrete(node)
        if concrete is None or self._abstract(node):
            return None
        return string(self._option(concrete, "db_table"), self.constants) \
            or table_name(self._label(concrete), concrete.name)

    def table_of(self, app: str, model: str) -> str:
        """The table of a model a relation points at: one of this file's, or by Django's rule."""
        if app == self.app_label:
            if self._by_name is None:
                self._by_name = {}
                for node in self.index.order:
                    self._by_name.setdefault(node.name.lower(), []).append(node)
            for node in self._by_name.get(model.lower(), []):
                found = self.table(node) if self.is_model(node) else None
                if found is not None:
                    return found
        return table_name(app, model)

    def _fields(self, node: ast.ClassDef, table: str) -> list[Field]:
        sources = [parent for parent in reversed(self.index.ancestors(node))
                   if self._abstract(parent)] + [node]
        found: dict[str, Field] = {}
        for source in sources:
            for attribute in attributes(source):
                if isinstance(attribute.value, ast.Call) and is_field_call(attribute.value):
                    found[attribute.name] = read_field(
                        attribute.name, attribute.value, table=table, app_label=self._label(node),
                        model=node.name, table_of=self.table_of, path=self.path,
                        line=attribute.line, constants=self.constants)
        return list(found.values())

    def ops(self, node: ast.ClassDef) -> list[SchemaOp]:
        table = self.table(node)
        if table is None or self._concrete(node) is not node:
            return []
        fields = self._fields(node, table)
        columns = [field.column for field in fields if field.column is not None]
        parent = next((p for p in self.index.ancestors(node)
                       if self.is_model(p) and self._concrete(p) is p), None)
        if parent is not None:
            column = f"{parent.name.lower()}_ptr_id"
            provenance = Provenance(self.path, node.lineno, f"{table}.{column}")
            parent_table = self.table(parent) or parent.name.lower()
            columns.insert(0, ColumnDef(column, None, provenance, references=ForeignKey(
                (column,), parent_table, ("id",), "cascade", provenance)))
        elif not any(field.primary_key for field in fields):
            columns.insert(0, ColumnDef("id", IMPLICIT_KEY_TYPE,
                                        Provenance(self.path, node.lineno, f"{table}.id")))
        ops: list[SchemaOp] = [CreateTable(
            table, tuple(columns), Provenance(self.path, node.lineno, table),
            comment=string(self._option(node, "db_table_comment"), self.constants))]
        for field in fields:
            if field.many_to_many is not None:
                target_app, target_model = field.many_to_many
                ops.append(join_table(table, node.name, field.name,
                                      self.table_of(target_app, target_model), target_model,
                                      self.path, self._line(node, field.name)))
        return ops

    @staticmethod
    def _line(node: ast.ClassDef, name: str) -> int:
        return next((a.line for a in attributes(node) if a.name == name), node.lineno)
