"""SQLAlchemy declarative classes (plain, 2.0 ``Mapped`` style and Flask-SQLAlchemy) as tables.

A class is a table when it names one (``__tablename__``) or, under Flask-SQLAlchemy
(``db.Model``), when it has columns: Flask-SQLAlchemy then names the table after the class in
snake case (``FaceEncoding`` -> ``face_encoding``). ``__abstract__`` classes and mixins are not
tables; their columns are copied into the classes deriving from them (best effort: only mixins
of the same file are known). A class deriving from a table class of the file without naming a
table of its own adds its columns to its parent's table (single-table inheritance), unless under
Flask-SQLAlchemy it declares its own primary key (joined-table inheritance, a table of its own).
A class with ``__table__ = Table(...)`` is read through its ``Table`` call.
"""

from __future__ import annotations

import ast
import re

from faceaudit.model import Provenance
from faceaudit.readers._pyast import boolean, dict_entries, dotted, keyword, last_name, string
from faceaudit.readers._pyclasses import Attribute, ClassIndex, attributes, class_value
from faceaudit.readers._sqla import (
    Context,
    column_call,
    foreign_key_constraint,
    mapped_inner,
    python_type,
    qualified,
    read_column,
)
from faceaudit.schema.ops import AddColumn, ColumnDef, CreateTable, ForeignKey, SchemaOp

_CAMEL = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")
_NOT_FLASK = frozenset({"models.Model", "peewee.Model", "pw.Model", "django.db.models.Model"})


def snake_case(name: str) -> str:
    """The table name Flask-SQLAlchemy derives from a class name."""
    return _CAMEL.sub(r"_\1", name).lower().lstrip("_")


class Declarative:
    """The declarative classes of one module."""

    def __init__(self, index: ClassIndex, path: str, context: Context) -> None:
        self.index = index
        self.path = path
        self.context = context
        context.class_table = self.class_table
        self._tables: dict[str, str | None] = {}
        self._resolving: set[str] = set()

    # --- what a class is ----------------------------------------------------------------------

    def is_model(self, node: ast.ClassDef) -> bool:
        """Whether the class reads as a declarative class (a table, a mixin or a base)."""
        for current in [node, *self.index.ancestors(node)]:
            if any(a.name in {"__tablename__", "__table__", "__abstract__"}
                   for a in attributes(current)) or self._own(current):
                return True
        return self.is_flask(node)

    def is_flask(self, node: ast.ClassDef) -> bool:
        for current in [node, *self.index.ancestors(node)]:
            for base in current.bases:
                chain = dotted(base) or ""
                if chain.endswith(".Model") and chain not in _NOT_FLASK:
                    return True
        return False

    def class_table(self, name: str) -> str | None:
        """The table of the module's class ``name``, or None when it maps none."""
        node = self.index.classes.get(name)
        if node is None:
            return None
        if name not in self._tables:
            if name in self._resolving:
                return None
            self._resolving.add(name)
            self._tables[name] = self._table(node)
            self._resolving.discard(name)
        return self._tables[name]

    def _table(self, node: ast.ClassDef) -> str | None:
        if boolean(class_value(node, "__abstract__")) is True:
            return None
        schema = self._table_args(node)[0]
        named = string(class_value(node, "__tablename__"), self.context.constants)
        if named is not None:
            return qualified(named, schema, self.context.constants)
        table_call = class_value(node, "__table__")
        if isinstance(table_call, ast.Call) and table_call.args:
            return string(table_call.args[0], self.context.constants)
        parent = self._mapped_parent(node)
        flask = self.is_flask(node)
        if parent is not None and not (flask and self._own_primary_key(node)):
            return self.class_table(parent.name)  # single-table inheritance
        if flask and (self._own(node) or any(self._own(p) for p in self.index.ancestors(node))):
            return qualified(snake_case(node.name), schema, self.context.constants)
        return None

    def _mapped_parent(self, node: ast.ClassDef) -> ast.ClassDef | None:
        for parent in self.index.ancestors(node):
            if node in self.index.ancestors(parent):
                continue  # an inheritance cycle: no parent to inherit from
            if self.class_table(parent.name) is not None:
                return parent
        return None

    def _own_primary_key(self, node: ast.ClassDef) -> bool:
        for attribute in self._own(node):
            call = column_call(attribute.value)
            if call is not None and boolean(keyword(call, "primary_key")) is True:
                return True
        return False

    def _table_args(self, node: ast.ClassDef) -> tuple[ast.expr | None, ast.expr | None,
                                                         list[ast.expr]]:
        """``(schema, comment, constraints)`` from ``__table_args__``."""
        value = class_value(node, "__table_args__")
        options: dict[str, ast.expr] = {}
        constraints: list[ast.expr] = []
        if isinstance(value, ast.Tuple):
            constraints = list(value.elts)
            if constraints and isinstance(constraints[-1], ast.Dict):
                options = dict_entries(constraints.pop())
        else:
            options = dict_entries(value)
        return options.get("schema"), options.get("comment"), constraints

    # --- columns ------------------------------------------------------------------------------

    def _own(self, node: ast.ClassDef) -> list[Attribute]:
        """The class's own column attributes, in order."""
        return [a for a in attributes(node) if not a.name.startswith("__") and (
            column_call(a.value) is not None
            or (a.value is None and self._column_annotation(a.annotation)))]

    def _column_annotation(self, annotation: ast.expr | None) -> bool:
        """``Mapped[X]`` without a value is a column unless ``X`` names another model."""
        inner = mapped_inner(annotation)
        if inner is None or isinstance(inner, ast.Constant):
            return False
        if isinstance(inner, ast.Subscript) and last_name(inner.value) in {
                "list", "List", "set", "Set", "dict", "Dict"}:
            return last_name(inner.slice) == "float"
        return last_name(inner) not in self.index.classes

    def _column(self, attribute: Attribute, table: str) -> ColumnDef | None:
        call = column_call(attribute.value)
        if call is not None:
            return read_column(call, table, self.path, self.context, attribute=attribute.name,
                               line=attribute.line, annotation=attribute.annotation)
        pointer = f"{table}.{attribute.name}"
        return ColumnDef(attribute.name, python_type(attribute.annotation),
                         Provenance(self.path, attribute.line, pointer))

    def _columns(self, node: ast.ClassDef, table: str, *, inherited: bool) -> list[ColumnDef]:
        """Columns from the class's mixins (when ``inherited``), then its own."""
        found: dict[str, Attribute] = {}
        if inherited:
            for parent in reversed(self.index.ancestors(node)):
                if self.class_table(parent.name) is None:
                    found.update((a.name, a) for a in self._own(parent))
        found.update((a.name, a) for a in self._own(node))
        columns = [self._column(attribute, table) for attribute in found.values()]
        return [column for column in columns if column is not None]

    # --- operations ---------------------------------------------------------------------------

    def ops(self, node: ast.ClassDef) -> list[SchemaOp]:
        """A table class as CreateTable; a single-table subclass as AddColumn ops."""
        table = self.class_table(node.name)
        if table is None or isinstance(class_value(node, "__table__"), ast.Call):
            return []
        parent = self._mapped_parent(node)
        if parent is not None and self.class_table(parent.name) == table:
            return [AddColumn(table, column)
                    for column in self._columns(node, table, inherited=False)]
        _, comment, constraints = self._table_args(node)
        foreign_keys: list[ForeignKey] = []
        for element in constraints:
            if isinstance(element, ast.Call) and last_name(element) == "ForeignKeyConstraint":
                found = foreign_key_constraint(element, table, self.path, self.context)
                if found is not None:
                    foreign_keys.append(found)
        return [CreateTable(table, tuple(self._columns(node, table, inherited=True)),
                            Provenance(self.path, node.lineno, table),
                            foreign_keys=tuple(foreign_keys),
                            comment=string(comment, self.context.constants))]
