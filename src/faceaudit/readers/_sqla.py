"""SQLAlchemy constructs read from the syntax tree: column types, ``Column``/``mapped_column``,
``ForeignKey`` and ``ForeignKeyConstraint``, and the elements of a ``Table``.

The ORM-model reader (declarative classes, Flask-SQLAlchemy, Core ``Table``) and the Alembic
reader share these. A type is given as the SQL spelling the classifier understands
(``LargeBinary`` -> ``bytea``, ``ARRAY(Float)`` -> ``float8[]``, ``Vector(512)`` ->
``vector(512)``); a type this module does not know keeps its own name. Encrypted types
(sqlalchemy-utils ``EncryptedType``/``StringEncryptedType``, any type whose name speaks of
encryption, a ``TypeDecorator`` of this file so named) give encryption evidence in words.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from faceaudit.model import Provenance
from faceaudit.readers._pyast import (
    call_named,
    dotted,
    integer,
    keyword,
    last_name,
    string,
    strings,
)
from faceaudit.schema.ops import ColumnDef, CreateTable, ForeignKey

_PLAIN = {
    "largebinary": "bytea", "_binary": "bytea", "bytea": "bytea", "pickletype": "bytea",
    "blob": "blob", "longblob": "longblob", "mediumblob": "mediumblob", "tinyblob": "tinyblob",
    "text": "text", "unicodetext": "text", "clob": "text", "longtext": "longtext",
    "mediumtext": "mediumtext", "tinytext": "tinytext", "citext": "citext",
    "integer": "integer", "int": "integer", "biginteger": "bigint", "bigint": "bigint",
    "smallinteger": "smallint", "smallint": "smallint", "tinyint": "tinyint",
    "float": "float8", "double": "float8", "double_precision": "float8", "real": "real",
    "boolean": "boolean", "date": "date", "time": "time", "interval": "interval",
    "json": "json", "jsonb": "jsonb", "jsontype": "json", "uuid": "uuid", "uuidtype": "uuid",
    "inet": "inet", "cidr": "cidr", "macaddr": "macaddr", "tsvector": "tsvector",
    "hstore": "hstore", "enum": "enum", "money": "money",
}
_SIZED = {"string": "varchar", "unicode": "varchar", "varchar": "varchar", "nvarchar": "nvarchar",
          "char": "char", "nchar": "nchar", "varbinary": "varbinary", "binary": "binary",
          "bit": "bit"}
_VECTORS = {"vector": "vector", "halfvec": "halfvec", "sparsevec": "sparsevec"}
# Python types of ``Mapped[...]`` annotations, as SQLAlchemy maps them by default.
_PYTHON = {
    "bytes": "bytea", "str": "varchar", "int": "integer", "float": "float8", "bool": "boolean",
    "datetime": "timestamp", "date": "date", "time": "time", "timedelta": "interval",
    "Decimal": "numeric", "UUID": "uuid", "dict": "json",
}
_SCHEMA_ITEMS = frozenset({
    "ForeignKey", "Sequence", "Identity", "Computed", "CheckConstraint", "FetchedValue",
    "DefaultClause", "UniqueConstraint", "PrimaryKeyConstraint", "Index", "text",
})
_ENCRYPTED = re.compile(r"encrypt|fernet", re.IGNORECASE)
_WRAPPERS = frozenset({"deferred", "column_property", "query_expression"})


@dataclass(frozen=True)
class TypeInfo:
    """A column type as SQL spells it, and encryption evidence the type itself gives."""

    type: str | None
    encryption: str | None = None


@dataclass
class Context:
    """What a file tells about itself that column reading needs: module string constants,
    its own ``TypeDecorator`` classes (name -> ``impl``), and a way to find the table of a
    model class named in ``ForeignKey(Face.id)``."""

    constants: Mapping[str, str] = field(default_factory=dict)
    custom_types: Mapping[str, ast.expr | None] = field(default_factory=dict)
    class_table: Callable[[str], str | None] = field(default=lambda name: None)


def custom_types(module: ast.Module) -> dict[str, ast.expr | None]:
    """Type names the module defines itself: its classes that subclass ``TypeDecorator`` (or
    ``UserDefinedType``), with the ``impl`` each names, and module-level names bound once to a
    type expression (``EMBEDDING = Vector(512)``)."""
    found: dict[str, ast.expr | None] = {}
    bound: dict[str, int] = {}
    for node in module.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            bound[name] = bound.get(name, 0) + 1
            if isinstance(node.value, ast.Call | ast.Attribute):
                found[name] = node.value
        if not isinstance(node, ast.ClassDef):
            continue
        if not any(last_name(base) in {"TypeDecorator", "UserDefinedType"}
                   for base in node.bases):
            continue
        impl = None
        for statement in node.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                    and isinstance(statement.targets[0], ast.Name) \
                    and statement.targets[0].id == "impl":
                impl = statement.value
        found[node.name] = impl
    for name, count in bound.items():
        if count > 1:
            found.pop(name, None)  # bound more than once: no single type to trust
    return found


def _unwrap(node: ast.expr) -> ast.expr:
    """``X`` for ``MutableList.as_mutable(X)``, ``X.with_variant(...)``, ``X.evaluates_none()``."""
    for _ in range(8):
        func = node.func if isinstance(node, ast.Call) else None
        if not isinstance(func, ast.Attribute) or not isinstance(node, ast.Call):
            break
        if func.attr == "as_mutable" and node.args:
            node = node.args[0]
        elif func.attr in {"with_variant", "evaluates_none", "copy"}:
            node = func.value
        else:
            break
    return node


def _size(call: ast.Call | None, names: tuple[str, ...]) -> int | None:
    if call is None:
        return None
    if call.args and integer(call.args[0]) is not None:
        return integer(call.args[0])
    for name in names:
        value = integer(keyword(call, name))
        if value is not None:
            return value
    return None


def type_info(node: ast.expr | None, context: Context, depth: int = 0) -> TypeInfo:
    """The SQL spelling of a SQLAlchemy type expression (a class or an instance)."""
    if node is None or depth > 6:
        return TypeInfo(None)
    node = _unwrap(node)
    name = last_name(node)
    if name is None:
        return TypeInfo(None)
    call = node if isinstance(node, ast.Call) else None
    custom = context.custom_types.get(name)
    if name in context.custom_types and last_name(custom) != name:
        inner = type_info(custom, context, depth + 1)
        encryption = f"encrypted type {name}" if _ENCRYPTED.search(name) else inner.encryption
        return TypeInfo(inner.type or name, encryption)
    if _ENCRYPTED.search(name):
        inner_node = None
        if call is not None:
            inner_node = keyword(call, "type_in") or (call.args[0] if call.args else None)
        inner = type_info(inner_node, context, depth + 1)
        inner_name = last_name(_unwrap(inner_node)) if inner_node is not None else None
        shown = f"{name}({inner_name})" if inner_name else name
        return TypeInfo(inner.type or name, f"encrypted type {shown}")
    return TypeInfo(_plain_type(name, call, context, depth))


def _plain_type(name: str, call: ast.Call | None, context: Context, depth: int) -> str:
    lowered = name.lower()
    if lowered in _PLAIN:
        return _PLAIN[lowered]
    if lowered in _SIZED:
        size = _size(call, ("length",))
        return f"{_SIZED[lowered]}({size})" if size is not None else _SIZED[lowered]
    if lowered in {"numeric", "decimal"}:
        precision = _size(call, ("precision",))
        scale = integer(call.args[1]) if call is not None and len(call.args) > 1 else None
        if scale is None and call is not None:
            scale = integer(keyword(call, "scale"))
        if precision is None:
            return "numeric"
        return f"numeric({precision},{scale})" if scale is not None else f"numeric({precision})"
    if lowered in {"datetime", "timestamp"}:
        zoned = call is not None and any(
            item.arg == "timezone" and isinstance(item.value, ast.Constant)
            and item.value.value is True for item in call.keywords)
        return "timestamptz" if zoned else "timestamp"
    if lowered in _VECTORS:
        size = _size(call, ("dim", "dimensions"))
        return f"{_VECTORS[lowered]}({size})" if size is not None else _VECTORS[lowered]
    if lowered == "array":
        item = keyword(call, "item_type") if call is not None else None
        if item is None and call is not None and call.args:
            item = call.args[0]
        inner = type_info(item, context, depth + 1).type
        dimensions = max(1, (integer(keyword(call, "dimensions")) or 1) if call else 1)
        return f"{inner}{'[]' * dimensions}" if inner else "array"
    return name


def python_type(annotation: ast.expr | None) -> str | None:
    """The SQL spelling SQLAlchemy gives the Python type of a ``Mapped[...]`` annotation, or the
    annotation's own text when it is not one of the default ones."""
    inner = mapped_inner(annotation)
    if inner is None:
        return None
    if isinstance(inner, ast.Subscript) and last_name(inner.value) in {"list", "List"}:
        item = last_name(inner.slice)
        return "float8[]" if item == "float" else "json"
    name = last_name(inner)
    if name is None:
        return None
    return _PYTHON.get(name, name)


def mapped_inner(annotation: ast.expr | None) -> ast.expr | None:
    """``X`` for ``Mapped[X]``, ``Mapped[Optional[X]]`` and ``Mapped[X | None]``."""
    if not isinstance(annotation, ast.Subscript) or last_name(annotation.value) != "Mapped":
        return None
    inner: ast.expr = annotation.slice
    for _ in range(4):
        if isinstance(inner, ast.Subscript) and last_name(inner.value) == "Optional":
            inner = inner.slice
        elif isinstance(inner, ast.Subscript) and last_name(inner.value) == "Union" \
                and isinstance(inner.slice, ast.Tuple):
            others = [e for e in inner.slice.elts
                      if not (isinstance(e, ast.Constant) and e.value is None)]
            if len(others) != 1:
                return inner
            inner = others[0]
        elif isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.BitOr):
            if isinstance(inner.right, ast.Constant) and inner.right.value is None:
                inner = inner.left
            elif isinstance(inner.left, ast.Constant) and inner.left.value is None:
                inner = inner.right
            else:
                return inner
        else:
            break
    return inner


def on_delete(node: ast.expr | None, constants: Mapping[str, str] | None = None) -> str | None:
    text = string(node, constants)
    return " ".join(text.lower().split()) if text else None


def _foreign_key(call: ast.Call, column: str, line: int, path: str, pointer: str,
                 context: Context) -> ForeignKey | None:
    target = call.args[0] if call.args else keyword(call, "column")
    text = string(target, context.constants)
    if text is None:
        chain = dotted(target)
        if chain is None or "." not in chain:
            return None
        owner, ref_column = chain.rsplit(".", 1)
        owner = owner.rsplit(".", 1)[-1]
        table = context.class_table(owner) or owner.lower()
    elif "." in text:
        table, ref_column = text.rsplit(".", 1)
    else:
        return None
    return ForeignKey((column,), table, (ref_column,),
                      on_delete(keyword(call, "ondelete"), context.constants),
                      Provenance(path, line, pointer))


def column_call(node: ast.expr | None) -> ast.Call | None:
    """The ``Column(...)``/``mapped_column(...)`` call an attribute is bound to, also through
    ``deferred(...)`` or ``column_property(...)``."""
    if isinstance(node, ast.Call) and last_name(node) in _WRAPPERS and node.args:
        node = node.args[0]
    return call_named(node, ("Column", "mapped_column"))


def read_column(call: ast.Call, table: str, path: str, context: Context, *,
                attribute: str | None = None, line: int | None = None,
                annotation: ast.expr | None = None) -> ColumnDef | None:
    """A ``Column``/``mapped_column`` call as a column of ``table``; None without a name."""
    positional = list(call.args)
    name = string(positional[0], context.constants) if positional else None
    if name is not None:
        positional = positional[1:]
    name = name or string(keyword(call, "name"), context.constants) or attribute
    if name is None:
        return None
    line = line or call.lineno
    pointer = f"{table}.{name}"
    type_node = keyword(call, "type_")
    references = None
    for arg in positional:
        called = last_name(arg)
        if isinstance(arg, ast.Call) and called == "ForeignKey":
            references = references or _foreign_key(arg, name, line, path, pointer, context)
        elif type_node is None and called not in _SCHEMA_ITEMS:
            type_node = arg
    found = type_info(type_node, context) if type_node is not None \
        else TypeInfo(python_type(annotation))
    comment = string(keyword(call, "comment"), context.constants) \
        or string(keyword(call, "doc"), context.constants)
    return ColumnDef(name, found.type, Provenance(path, line, pointer), comment=comment,
                     encryption=found.encryption, references=references)


def foreign_key_constraint(call: ast.Call, table: str, path: str,
                           context: Context) -> ForeignKey | None:
    """``ForeignKeyConstraint(["face_id"], ["faces.id"], ondelete="CASCADE")``."""
    columns = strings(call.args[0] if call.args else keyword(call, "columns"), context.constants)
    targets = strings(call.args[1] if len(call.args) > 1 else keyword(call, "refcolumns"),
                      context.constants)
    if not columns or not targets or "." not in targets[0]:
        return None
    ref_table = targets[0].rsplit(".", 1)[0]
    return ForeignKey(tuple(columns), ref_table, tuple(t.rsplit(".", 1)[-1] for t in targets),
                      on_delete(keyword(call, "ondelete"), context.constants),
                      Provenance(path, call.lineno, table))


def qualified(table: str, schema: ast.expr | None, constants: Mapping[str, str]) -> str:
    """``schema.table`` when a ``schema=`` keyword names a schema."""
    name = string(schema, constants)
    return f"{name}.{table}" if name else table


def table_of(call: ast.Call, name: str, elements: list[ast.expr], path: str,
             context: Context) -> CreateTable:
    """A ``Table(...)`` or ``op.create_table(...)`` call: its columns and foreign keys."""
    table = qualified(name, keyword(call, "schema"), context.constants)
    columns: list[ColumnDef] = []
    foreign_keys: list[ForeignKey] = []
    for element in elements:
        found_call = column_call(element)
        if found_call is not None:
            column = read_column(found_call, table, path, context)
            if column is not None:
                columns.append(column)
        elif isinstance(element, ast.Call) and last_name(element) == "ForeignKeyConstraint":
            found = foreign_key_constraint(element, table, path, context)
            if found is not None:
                foreign_keys.append(found)
    return CreateTable(table, tuple(columns), Provenance(path, call.lineno, table),
                       foreign_keys=tuple(foreign_keys),
                       comment=string(keyword(call, "comment"), context.constants))
