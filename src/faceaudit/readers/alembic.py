"""Alembic revision scripts read as schema changes, through ``ast`` only.

The file's ``revision`` and ``down_revision`` (a string, None, or a tuple for a merge revision;
``depends_on`` adds to the latter) chain it to the other revisions of its folder. Its operations
come from ``upgrade()`` alone (``downgrade()`` is never applied forward), including helper
functions of the file that ``upgrade()`` calls and ``with op.batch_alter_table(...)`` blocks:
``create_table``, ``add_column``, ``drop_column``, ``alter_column`` (type, rename, comment),
``drop_table``, ``rename_table``, ``create_foreign_key``, ``create_table_comment``, and
``execute`` with SQL text (``op.execute("...")``, ``op.execute(sa.text("..."))``, a module
string constant), which the SQL reader reads from the line the text starts on. A ``schema=``
keyword makes the table ``schema.table``. Both branches of an ``if`` are read.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial

from faceaudit.errors import ErrorRecord
from faceaudit.model import Provenance
from faceaudit.readers._pyast import (
    dotted,
    guarded,
    keyword,
    module_constants,
    parse_python,
    string,
    strings,
)
from faceaudit.readers._pysql import Constants, constants_of, sql_argument
from faceaudit.readers._sqla import (
    Context,
    column_call,
    custom_types,
    on_delete,
    qualified,
    read_column,
    table_of,
    type_info,
)
from faceaudit.readers.sql import parse_sql_text
from faceaudit.schema.ops import (
    AddColumn,
    AddForeignKey,
    AlterColumn,
    Comment,
    DropColumn,
    DropTable,
    ForeignKey,
    RenameColumn,
    RenameTable,
    SchemaOp,
)
from faceaudit.schema.source import SchemaFile

NAME = "alembic"

_REVISION = re.compile(r"^revision[ \t]*(?::[^=\n]*)?=", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision[ \t]*(?::[^=\n]*)?=", re.MULTILINE)
_ALEMBIC = re.compile(r"^[ \t]*(?:from[ \t]+alembic\b|import[ \t]+alembic\b|def[ \t]+upgrade\b)"
                      r"|\bop\.\w+\(", re.MULTILINE)
_BODIES = ("body", "orelse", "finalbody")
# Functions named like op's methods, called bare because a project wraps op in its own helpers
# (Superset's create_table, add_columns, drop_columns): read like op's own.
_IMPORTED_OPS = frozenset({"create_table", "drop_table", "rename_table", "add_column",
                           "drop_column", "alter_column", "add_columns", "drop_columns",
                           "create_foreign_key"})


def claims(name: str, head: str) -> bool:
    """A Python file with ``revision =`` and ``down_revision =`` at module level, and Alembic's
    ``op`` or an ``upgrade()`` function (a merge revision may have nothing else)."""
    return name.lower().endswith(".py") and bool(
        _REVISION.search(head) and _DOWN_REVISION.search(head) and _ALEMBIC.search(head))


def read(lines: Iterator[str], path: str) -> SchemaFile:
    """The revision, the revisions it follows, and the operations of ``upgrade()``."""
    module, errors = parse_python(lines, path)
    if module is None:
        return SchemaFile(path, NAME, (), tuple(errors))
    values = module_constants(module, path, errors)
    unknown: tuple[str | None, tuple[str, ...]] = (None, ())
    revision, after = guarded(path, None, errors, partial(_identity, module, values), unknown)
    found = module
    upgrade = _Upgrade(found, path, errors, constants_of(found, values))
    ops: list[SchemaOp] = guarded(path, None, errors, upgrade.run, [])
    return SchemaFile(path, NAME, tuple(ops), tuple(errors), revision=revision, after=after)


def _identity(module: ast.Module, constants: Mapping[str, str]) -> tuple[str | None,
                                                                        tuple[str, ...]]:
    """``revision`` and the revisions it follows (``down_revision`` and ``depends_on``)."""
    revision: str | None = None
    after: list[str] = []
    for statement in module.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else \
            [statement.target] if isinstance(statement, ast.AnnAssign) else []
        value = statement.value if isinstance(statement, ast.Assign | ast.AnnAssign) else None
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            if target.id == "revision":
                revision = string(value, constants)
            elif target.id in {"down_revision", "depends_on"}:
                after.extend(item for item in strings(value, constants) or [] if item)
    return revision, tuple(dict.fromkeys(after))


@dataclass
class _Upgrade:
    """Walks ``upgrade()`` in source order and collects its operations."""

    module: ast.Module
    path: str
    errors: list[ErrorRecord]
    constants: Constants
    ops: list[SchemaOp] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.functions = {node.name: node for node in self.module.body
                          if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
        self.context = Context(self.constants.values, custom_types(self.module))

    def run(self) -> list[SchemaOp]:
        upgrade = self.functions.get("upgrade")
        if upgrade is not None:
            self._body(upgrade.body, {}, {"upgrade"})
        if not self.ops:  # Alembic's multidb template: upgrade_<engine>() functions
            for name, function in self.functions.items():
                if name.startswith("upgrade_"):
                    self._body(function.body, {}, {"upgrade", name})
        return self.ops

    def _body(self, statements: list[ast.stmt], batches: dict[str, str],
              visited: set[str]) -> None:
        for statement in statements:
            guarded(self.path, statement.lineno, self.errors,
                    partial(self._statement, statement, batches, visited), None)

    def _statement(self, statement: ast.stmt, batches: dict[str, str],
                   visited: set[str]) -> None:
        if isinstance(statement, ast.Expr | ast.Assign | ast.AnnAssign | ast.Return) \
                and isinstance(statement.value, ast.Call):
            self._call(statement.value, batches, visited)
            return
        if isinstance(statement, ast.With | ast.AsyncWith):
            inner = dict(batches)
            for item in statement.items:
                table = self._batch_table(item.context_expr)
                if table is not None and isinstance(item.optional_vars, ast.Name):
                    inner[item.optional_vars.id] = table
            self._body(statement.body, inner, visited)
            return
        for name in _BODIES:
            block = getattr(statement, name, None)
            if isinstance(block, list):
                self._body([s for s in block if isinstance(s, ast.stmt)], batches, visited)
        for handler in getattr(statement, "handlers", []):
            self._body(handler.body, batches, visited)

    def _batch_table(self, node: ast.expr) -> str | None:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "batch_alter_table"):
            return None
        name = string(_arg(node, 0, "table_name"), self.constants.values)
        return qualified(name, keyword(node, "schema"), self.constants.values) if name else None

    def _call(self, call: ast.Call, batches: dict[str, str], visited: set[str]) -> None:
        if isinstance(call.func, ast.Name):
            helper = self.functions.get(call.func.id)
            if helper is not None:
                if call.func.id not in visited:
                    self._body(helper.body, batches, visited | {call.func.id})
            elif call.func.id in _IMPORTED_OPS:
                # a project's own wrapper of op, imported: create_table("t", sa.Column(...))
                self._op(call.func.id, call)
            return
        if not isinstance(call.func, ast.Attribute):
            return
        method = call.func.attr
        receiver = dotted(call.func.value) or ""
        if method in {"execute", "exec_driver_sql"}:
            self._execute(call)
        elif receiver in batches:
            self._batch(method, call, batches[receiver])
        elif receiver == "op" or receiver.endswith(".op"):
            self._op(method, call)

    # --- operations ---------------------------------------------------------------------------

    def _name(self, call: ast.Call, index: int, key: str, method: str,
              schema: str = "schema") -> str | None:
        """A table name argument, qualified by its schema keyword; an error when not a string."""
        name = string(_arg(call, index, key), self.constants.values)
        if name is None:
            self.errors.append(ErrorRecord(
                self.path, f"op.{method}: the table name is not a string this reader can see",
                call.lineno))
            return None
        return qualified(name, keyword(call, schema), self.constants.values)

    def _op(self, method: str, call: ast.Call) -> None:
        values = self.constants.values
        provenance = Provenance(self.path, call.lineno)
        if method == "create_table":
            table = self._name(call, 0, "table_name", method)
            if table is not None:
                raw = string(_arg(call, 0, "table_name"), values) or table
                self.ops.append(table_of(call, raw, call.args[1:], self.path, self.context))
        elif method == "drop_table":
            table = self._name(call, 0, "table_name", method)
            if table is not None:
                self.ops.append(DropTable(table, _at(provenance, table)))
        elif method == "rename_table":
            old = self._name(call, 0, "old_table_name", method)
            new = self._name(call, 1, "new_table_name", method)
            if old is not None and new is not None:
                self.ops.append(RenameTable(old, new, _at(provenance, old)))
        elif method in {"add_column", "drop_column", "alter_column"}:
            table = self._name(call, 0, "table_name", method)
            if table is not None:
                self._column_op(method, call, table, 1)
        elif method in {"add_columns", "drop_columns"}:
            table = self._name(call, 0, "table_name", method)
            if table is not None:
                for index in range(1, len(call.args)):
                    self._column_op(method[:-1], call, table, index)
        elif method == "create_foreign_key":
            source = self._name(call, 1, "source_table", method, "source_schema")
            target = self._name(call, 2, "referent_table", method, "referent_schema")
            if source is not None and target is not None:
                self._foreign_key(call, source, target, 3)
        elif method == "create_table_comment":
            table = self._name(call, 0, "table_name", method)
            text = string(_arg(call, 1, "comment"), values)
            if table is not None and text is not None:
                self.ops.append(Comment(table, None, text, _at(provenance, table)))

    def _batch(self, method: str, call: ast.Call, table: str) -> None:
        if method in {"add_column", "drop_column", "alter_column"}:
            self._column_op(method, call, table, 0)
        elif method == "create_foreign_key":
            target = string(_arg(call, 1, "referent_table"), self.constants.values)
            if target is not None:
                target = qualified(target, keyword(call, "referent_schema"),
                                   self.constants.values)
                self._foreign_key(call, table, target, 2)

    def _column_op(self, method: str, call: ast.Call, table: str, index: int) -> None:
        values = self.constants.values
        if method == "add_column":
            column = column_call(_arg(call, index, "column"))
            found = read_column(column, table, self.path, self.context) if column else None
            if found is not None:
                self.ops.append(AddColumn(table, found))
            return
        name = string(_arg(call, index, "column_name"), values)
        if name is None:
            self.errors.append(ErrorRecord(
                self.path, f"{method}: the column name is not a string this reader can see",
                call.lineno))
            return
        provenance = Provenance(self.path, call.lineno, f"{table}.{name}")
        if method == "drop_column":
            self.ops.append(DropColumn(table, name, provenance))
            return
        new_type = keyword(call, "type_")
        if new_type is not None:
            info = type_info(new_type, self.context)
            self.ops.append(AlterColumn(table, name, provenance, type=info.type,
                                        encryption=info.encryption))
        new_name = string(keyword(call, "new_column_name"), values)
        if new_name:
            self.ops.append(RenameColumn(table, name, new_name, provenance))
        comment = string(keyword(call, "comment"), values)
        if comment:
            final = new_name or name
            self.ops.append(Comment(table, final, comment,
                                    Provenance(self.path, call.lineno, f"{table}.{final}")))

    def _foreign_key(self, call: ast.Call, table: str, target: str, index: int) -> None:
        values = self.constants.values
        local = strings(_arg(call, index, "local_cols"), values)
        remote = strings(_arg(call, index + 1, "remote_cols"), values)
        if not local or not remote:
            return
        self.ops.append(AddForeignKey(table, ForeignKey(
            tuple(local), target, tuple(remote), on_delete(keyword(call, "ondelete"), values),
            Provenance(self.path, call.lineno, table))))

    def _execute(self, call: ast.Call) -> None:
        found = sql_argument(_arg(call, 0, "sqltext") or keyword(call, "statement"),
                             self.constants)
        if found is False:
            self.errors.append(ErrorRecord(
                self.path, "SQL text built at run time: not read", call.lineno))
        elif isinstance(found, tuple):
            ops, errors = parse_sql_text(found[0], self.path, found[1])
            self.ops.extend(ops)
            self.errors.extend(errors)


def _arg(call: ast.Call, index: int, name: str) -> ast.expr | None:
    """The argument at ``index`` or passed as ``name=``."""
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return keyword(call, name)


def _at(provenance: Provenance, table: str) -> Provenance:
    return Provenance(provenance.path, provenance.line, table)
