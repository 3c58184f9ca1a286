"""peewee models (``class Face(Model)`` with ``BlobField``, ``ForeignKeyField``...) as tables.

The table is ``Meta.table_name`` (or peewee 2's ``db_table``), else the class name in lower
case (peewee's legacy naming, its default) or in snake case when ``legacy_table_names = False``;
``schema`` and ``legacy_table_names`` are inherited from base models' ``Meta`` as peewee does.
A model inherits its base models' fields. A model without fields of its own that other models
of the file derive from (the usual ``BaseModel`` holding ``Meta.database``) makes no table. A
model without a primary key field gets peewee's implicit ``id``. Field classes of the file
(``class EncryptedBlobField(BlobField)``) take their base's type.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

from faceaudit.model import Provenance
from faceaudit.readers._pyast import boolean, dotted, integer, keyword, last_name, string
from faceaudit.readers._pyclasses import (
    Attribute,
    ClassIndex,
    attributes,
    base_names,
    inner_options,
)
from faceaudit.schema.ops import ColumnDef, CreateTable, ForeignKey, SchemaOp

_TYPES = {
    "AutoField": "integer", "BigAutoField": "bigint", "IdentityField": "integer",
    "PrimaryKeyField": "integer", "IntegerField": "integer", "BigIntegerField": "bigint",
    "SmallIntegerField": "smallint", "FloatField": "real", "DoubleField": "float8",
    "TextField": "text", "BlobField": "bytea", "BigBitField": "bytea",
    "BinaryUUIDField": "uuid",  # 16 raw bytes, but a key: not evidence of binary content
    "UUIDField": "uuid", "DateTimeField": "timestamp", "DateTimeTZField": "timestamptz",
    "DateField": "date", "TimeField": "time", "TimestampField": "integer",
    "BooleanField": "boolean", "IPField": "bigint", "BitField": "bigint", "JSONField": "json",
    "BinaryJSONField": "jsonb", "HStoreField": "hstore", "TSVectorField": "tsvector",
    "IntervalField": "interval",
}
_VECTORS = {"VectorField": "vector", "HalfVectorField": "halfvec",
            "SparseVectorField": "sparsevec"}
_ON_DELETE_WORDS = re.compile(r"\s+")
_MODEL_BASES = frozenset({"peewee.Model", "pw.Model", "playhouse.signals.Model"})
_ENCRYPTED = re.compile(r"encrypt|fernet", re.IGNORECASE)
_SNAKE_1 = re.compile(r"(.)_*([A-Z][a-z]+)")
_SNAKE_2 = re.compile(r"([a-z0-9])_*([A-Z])")


def _snake(name: str) -> str:
    """peewee's ``make_snake_case``."""
    return _SNAKE_2.sub(r"\1_\2", _SNAKE_1.sub(r"\1_\2", name)).lower()


class PeeweeModels:
    """The peewee models of one module."""

    def __init__(self, index: ClassIndex, path: str, constants: Mapping[str, str],
                 bare_model: bool) -> None:
        self.index = index
        self.path = path
        self.constants = constants
        self.bare_model = bare_model  # ``Model`` alone names peewee's model class

    def is_model(self, node: ast.ClassDef) -> bool:
        """A peewee model: deriving from ``peewee.Model``, or, in a peewee file, from a class
        named ``...Model`` of another module (``from .base import BaseModel``) while declaring
        fields."""
        for current in [node, *self.index.ancestors(node)]:
            for name in base_names(current):
                if name in _MODEL_BASES or (self.bare_model and name == "Model"):
                    return True
                if self.bare_model and name.endswith("Model") \
                        and name.rsplit(".", 1)[-1] not in self.index.classes \
                        and self._field_attributes(current):
                    return True
        return False

    def _inherited(self, node: ast.ClassDef, name: str) -> ast.expr | None:
        for current in [node, *self.index.ancestors(node)]:
            value = inner_options(current).get(name)
            if value is not None:
                return value
        return None

    def table(self, node: ast.ClassDef) -> str:
        options = inner_options(node)
        name = string(options.get("table_name") or options.get("db_table"), self.constants)
        if name is None:
            legacy = boolean(self._inherited(node, "legacy_table_names"))
            name = _snake(node.name) if legacy is False else \
                re.sub(r"[^\w]+", "_", node.name.lower())
        schema = string(self._inherited(node, "schema"), self.constants)
        return f"{schema}.{name}" if schema else name

    def _table_of(self, node: ast.ClassDef, target: ast.expr | None) -> str | None:
        text = string(target, self.constants)
        name = text if text is not None else (dotted(target) or "").rsplit(".", 1)[-1]
        if not name:
            return None
        if name == "self":
            return self.table(node)
        found = self.index.classes.get(name)
        return self.table(found) if found is not None else name.lower()

    def _type(self, kind: str, call: ast.Call | None, depth: int = 0) -> str:
        if kind.startswith("Encrypted") and kind[len("Encrypted"):] in _TYPES:
            kind = kind[len("Encrypted"):]
        if kind in _TYPES:
            return _TYPES[kind]
        if kind in {"CharField", "FixedCharField"}:
            length = (integer(keyword(call, "max_length")) if call else None) or 255
            return f"{'varchar' if kind == 'CharField' else 'char'}({length})"
        if kind == "DecimalField":
            digits = integer(keyword(call, "max_digits")) if call else None
            places = integer(keyword(call, "decimal_places")) if call else None
            return f"numeric({digits or 10},{places if places is not None else 5})"
        if kind in _VECTORS:
            size = integer(keyword(call, "dimensions")) if call else None
            return f"{_VECTORS[kind]}({size})" if size is not None else _VECTORS[kind]
        if kind == "ArrayField" and call is not None and depth < 6:
            field_class = keyword(call, "field_class") or (call.args[0] if call.args else None)
            inner = self._type(last_name(field_class) or "", None, depth + 1) \
                if field_class is not None else None
            dimensions = integer(keyword(call, "dimensions")) or 1
            return f"{inner}{'[]' * dimensions}" if inner else "array"
        custom = self.index.classes.get(kind)
        if custom is not None and depth < 6:
            for base_name in base_names(custom):
                short = base_name.rsplit(".", 1)[-1]
                resolved = self._type(short, None, depth + 1)
                if resolved != short:
                    return resolved
        return kind

    @staticmethod
    def _field_attributes(node: ast.ClassDef) -> list[Attribute]:
        return [a for a in attributes(node) if isinstance(a.value, ast.Call)
                and (last_name(a.value) or "").endswith(("Field", "ForeignKey"))
                and not (last_name(a.value) or "").endswith("ManyToManyField")]

    def _column(self, node: ast.ClassDef, table: str,
                attribute: Attribute) -> tuple[ColumnDef, bool]:
        call = attribute.value
        assert isinstance(call, ast.Call)
        kind = last_name(call) or ""
        relation = kind in {"ForeignKeyField", "DeferredForeignKey"}
        name = string(keyword(call, "column_name") or keyword(call, "db_column"), self.constants)
        if name is None:
            name = attribute.name if not relation or attribute.name.endswith("_id") \
                else f"{attribute.name}_id"
        provenance = Provenance(self.path, attribute.line, f"{table}.{name}")
        references = None
        if relation:
            target = keyword(call, "model") or keyword(call, "rel_model") \
                or (call.args[0] if call.args else None)
            parent = self._table_of(node, target)
            field = keyword(call, "field")
            ref = string(field, self.constants) or (last_name(field) if field else None) or "id"
            delete = string(keyword(call, "on_delete"), self.constants)
            if parent is not None:
                references = ForeignKey(
                    (name,), parent, (ref,),
                    _ON_DELETE_WORDS.sub(" ", delete.strip().lower()) if delete else None,
                    provenance)
        comment = string(keyword(call, "help_text"), self.constants) \
            or string(keyword(call, "verbose_name"), self.constants)
        encryption = f"encrypted type {kind}" if _ENCRYPTED.search(kind) else None
        column = ColumnDef(name, None if relation else self._type(kind, call), provenance,
                           comment=comment, encryption=encryption, references=references)
        return column, boolean(keyword(call, "primary_key")) is True

    def ops(self, node: ast.ClassDef) -> list[SchemaOp]:
        own = self._field_attributes(node)
        if not own and self.index.is_base(node):
            return []
        table = self.table(node)
        found: dict[str, Attribute] = {}
        parents = [p for p in self.index.ancestors(node) if self.is_model(p)]
        for current in [*reversed(parents), node]:
            found.update((a.name, a) for a in self._field_attributes(current))
        columns = [self._column(node, table, attribute) for attribute in found.values()]
        result = [column for column, _ in columns]
        if not any(primary for _, primary in columns) \
                and self._inherited(node, "primary_key") is None:
            result.insert(0, ColumnDef("id", "integer",
                                       Provenance(self.path, node.lineno, f"{table}.id")))
        return [CreateTable(table, tuple(result), Provenance(self.path, node.lineno, table))]
