"""Django model fields read from the syntax tree, for models.py files and migrations alike.

A field becomes the column Django creates for it: the column name (``db_column``, or
``<name>_id`` for a foreign key), the PostgreSQL type Django gives the field (``BinaryField`` ->
``bytea``, ``ArrayField(FloatField(), size=128)`` -> ``float8[128]``, ``JSONField`` ->
``jsonb``, ``ImageField`` -> ``varchar(100)``, pgvector's ``VectorField(dimensions=512)`` ->
``vector(512)``), a comment (``db_comment``, else ``help_text``, else ``verbose_name``),
encryption evidence for encrypted fields (django-cryptography's ``encrypt(...)``,
django-fernet-fields and django-encrypted-model-fields ``Encrypted*Field``) and a foreign key
with its ``on_delete``. Tables are named as Django names them: ``<app_label>_<model>``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from faceaudit.model import Provenance
from faceaudit.readers._pyast import boolean, dotted, integer, keyword, last_name, string
from faceaudit.schema.ops import ColumnDef, CreateTable, ForeignKey

_FIXED = {
    "AutoField": "integer", "BigAutoField": "bigint", "SmallAutoField": "smallint",
    "BigIntegerField": "bigint", "BinaryField": "bytea", "BooleanField": "boolean",
    "NullBooleanField": "boolean", "DateField": "date", "DateTimeField": "timestamptz",
    "TimeField": "time", "DurationField": "interval", "FloatField": "float8",
    "IntegerField": "integer", "PositiveIntegerField": "integer",
    "PositiveBigIntegerField": "bigint", "PositiveSmallIntegerField": "smallint",
    "SmallIntegerField": "smallint", "GenericIPAddressField": "inet", "IPAddressField": "inet",
    "JSONField": "jsonb", "TextField": "text", "UUIDField": "uuid", "HStoreField": "hstore",
    "CICharField": "citext", "CIEmailField": "citext", "CITextField": "citext",
    "SearchVectorField": "tsvector",
}
# Character fields and the max_length Django gives them when the model does not.
_CHAR = {"CharField": None, "SlugField": 50, "EmailField": 254, "URLField": 200,
         "FileField": 100, "ImageField": 100, "FilePathField": 100,
         "CommaSeparatedIntegerField": None}
_VECTORS = {"VectorField": "vector", "HalfVectorField": "halfvec",
            "SparseVectorField": "sparsevec"}
_ON_DELETE = {"CASCADE": "cascade", "SET_NULL": "set null", "PROTECT": "restrict",
              "RESTRICT": "restrict", "DO_NOTHING": "no action", "SET_DEFAULT": "set default",
              "SET": "set default"}
_ENCRYPTED = re.compile(r"encrypt|fernet", re.IGNORECASE)
# The column type of a foreign key is its target's key, declared elsewhere: left unknown.
IMPLICIT_KEY_TYPE = "bigint"  # Django's DEFAULT_AUTO_FIELD since 3.2 projects


def table_name(app_label: str, model: str) -> str:
    """The table Django creates for a model without ``db_table``."""
    return f"{app_label}_{model.lower()}" if app_label else model.lower()


def app_label_of(path: str, marker: str) -> str:
    """The app a file belongs to: the folder above ``marker`` (``models.py``'s folder, or the
    folder holding a ``models/`` or ``migrations/`` package)."""
    parts = path.replace("\\", "/").split("/")[:-1]
    if parts and parts[-1] == marker:
        parts = parts[:-1]
    return parts[-1] if parts else ""


def is_field_call(node: ast.AST | None) -> bool:
    """A call that declares a model field (``models.CharField(...)``, ``ForeignKey(...)``,
    ``encrypt(models.TextField())``)."""
    name = last_name(node) if isinstance(node, ast.Call) else None
    if name is None:
        return False
    return name.endswith(("Field", "ForeignKey")) or name == "encrypt"


@dataclass(frozen=True)
class Field:
    """One field: the column it makes (None for a many-to-many field, which makes a table)."""

    name: str
    column: ColumnDef | None
    primary_key: bool = False
    many_to_many: tuple[str, str] | None = None  # (app label, model) of the target


# Finds the table of (app label, model name); model names compare case-insensitively.
TableOf = Callable[[str, str], str]


def model_reference(node: ast.expr | None, app_label: str, own_model: str,
                    constants: Mapping[str, str]) -> tuple[str, str] | None:
    """The (app label, model) a relation points at: ``"self"``, ``"app.Model"``, ``"Model"``,
    a class, or the user model (``settings.AUTH_USER_MODEL``, ``get_user_model()``)."""
    text = string(node, constants)
    if text is not None:
        if text == "self":
            return app_label, own_model
        if "." in text:
            app, _, model = text.rpartition(".")
            return app, model
        return app_label, text
    chain = dotted(node.func if isinstance(node, ast.Call) else node)
    if chain is None:
        return None
    if chain.endswith("AUTH_USER_MODEL") or chain.endswith("get_user_model"):
        return "auth", "User"
    return app_label, chain.rsplit(".", 1)[-1]


def _comment(call: ast.Call, positional_name: bool, constants: Mapping[str, str]) -> str | None:
    if boolean(keyword(call, "auto_created")) is True:
        return None  # Django's own verbose_name "ID" for the key it adds
    for name in ("db_comment", "help_text", "verbose_name"):
        text = string(keyword(call, name), constants)
        if text:
            return text
    if positional_name and call.args:
        return string(call.args[0], constants)
    return None


def field_type(call: ast.Call, constants: Mapping[str, str], depth: int = 0) -> str | None:
    """The PostgreSQL type Django creates for a (non-relation) field."""
    kind = last_name(call) or ""
    if kind.startswith("Encrypted") and kind != "Encrypted":
        kind = kind[len("Encrypted"):]
    if kind in _FIXED:
        return _FIXED[kind]
    if kind in _CHAR:
        length = integer(keyword(call, "max_length")) or _CHAR[kind]
        return f"varchar({length})" if length else "varchar"
    if kind == "DecimalField":
        digits, places = integer(keyword(call, "max_digits")), \
            integer(keyword(call, "decimal_places"))
        return f"numeric({digits},{places})" if digits is not None and places is not None \
            else "numeric"
    if kind in _VECTORS:
        size = integer(keyword(call, "dimensions"))
        if size is None and call.args:
            size = integer(call.args[0])
        return f"{_VECTORS[kind]}({size})" if size is not None else _VECTORS[kind]
    if kind == "ArrayField" and depth < 6:
        base = keyword(call, "base_field") or (call.args[0] if call.args else None)
        inner = field_type(base, constants, depth + 1) if isinstance(base, ast.Call) else None
        size = integer(keyword(call, "size"))
        if size is None and len(call.args) > 1:
            size = integer(call.args[1])
        return f"{inner}[{size if size is not None else ''}]" if inner else "array"
    return kind or None


def on_delete(node: ast.expr | None, constants: Mapping[str, str]) -> str | None:
    """``models.CASCADE`` -> ``cascade``; ``models.SET_NULL`` -> ``set null``; ..."""
    if node is None:
        return None
    name = last_name(node) or string(node, constants)
    return _ON_DELETE.get(name or "", name.lower() if name else None)


def read_field(name: str, call: ast.Call, *, table: str, app_label: str, model: str,
               table_of: TableOf, path: str, line: int,
               constants: Mapping[str, str]) -> Field:
    """One field assignment or ``(name, field)`` pair as the column Django creates."""
    kind = last_name(call) or ""
    encryption = None
    if kind == "encrypt" and call.args and isinstance(call.args[0], ast.Call):
        inner = call.args[0]
        encryption = f"encrypted type encrypt({last_name(inner)})"
        call, kind = inner, last_name(inner) or ""
    elif _ENCRYPTED.search(kind):
        encryption = f"encrypted type {kind}"
    primary = boolean(keyword(call, "primary_key")) is True
    db_column = string(keyword(call, "db_column"), constants)
    if kind.endswith("ManyToManyField"):
        target = model_reference(keyword(call, "to") or (call.args[0] if call.args else None),
                                 app_label, model, constants)
        through = keyword(call, "through")
        return Field(name, None, many_to_many=target if through is None else None)
    if kind.endswith(("ForeignKey", "OneToOneField")) or kind == "ForeignObject":
        column = db_column or f"{name}_id"
        pointer = f"{table}.{column}"
        target = model_reference(keyword(call, "to") or (call.args[0] if call.args else None),
                                 app_label, model, constants)
        delete = keyword(call, "on_delete") or (call.args[1] if len(call.args) > 1 else None)
        references = None
        if target is not None:
            ref_column = string(keyword(call, "to_field"), constants) or "id"
            references = ForeignKey((column,), table_of(*target), (ref_column,),
                                    on_delete(delete, constants), Provenance(path, line, pointer))
        return Field(name, ColumnDef(column, None, Provenance(path, line, pointer),
                                     comment=_comment(call, False, constants),
                                     encryption=encryption, references=references),
                     primary_key=primary)
    column = db_column or name
    positional_name = kind != "ArrayField" and kind not in _VECTORS
    return Field(name, ColumnDef(column, field_type(call, constants),
                                 Provenance(path, line, f"{table}.{column}"),
                                 comment=_comment(call, positional_name, constants),
                                 encryption=encryption),
                 primary_key=primary)


def join_table(table: str, model: str, field: str, target_table: str, target_model: str,
               path: str, line: int) -> CreateTable:
    """The table Django creates for a many-to-many field without ``through``."""
    name = f"{table}_{field}"
    source, target = model.lower(), target_model.lower()
    if source == target:
        source, target = f"from_{source}", f"to_{target}"
    columns = [ColumnDef("id", IMPLICIT_KEY_TYPE, Provenance(path, line, f"{name}.id"))]
    for column, parent in ((f"{source}_id", table), (f"{target}_id", target_table)):
        provenance = Provenance(path, line, f"{name}.{column}")
        columns.append(ColumnDef(column, None, provenance, references=ForeignKey(
            (column,), parent, ("id",), "cascade", provenance)))
    return CreateTable(name, tuple(columns), Provenance(path, line, name))
