"""Django migration files read as schema changes, through ``ast`` only.

A migration's revision is ``<app_label>.<file stem>`` (the app being the folder that holds
``migrations/``); it comes after the ``dependencies`` it names (``("photos", "0001_initial")``
-> ``photos.0001_initial``; ``__first__``/``__latest__`` and swappable dependencies are left
out). Its ``operations`` become schema operations in order: ``CreateModel`` (the table Django
creates: ``options["db_table"]`` or ``<app_label>_<model>``; abstract and proxy models make
none; a many-to-many field without ``through`` makes its join table), ``AddField``,
``RemoveField``, ``AlterField`` (type, encryption, comment), ``RenameField``, ``DeleteModel``,
``RenameModel``, ``AlterModelTable``, ``AlterModelTableComment``, ``RunSQL`` (read by the SQL
reader) and ``SeparateDatabaseAndState``'s database operations.

A migration sees only itself: a ``db_table`` set by an earlier migration is not known here, so
later operations on that model name the default table. When a removed or renamed field was not
defined in the same file, the reader cannot tell whether it was a foreign key (whose column is
``<name>_id``) and names both columns; applying the one that does not exist changes nothing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from faceaudit.errors import ErrorRecord
from faceaudit.model import Provenance
from faceaudit.readers._django import Field, app_label_of, join_table, read_field, table_name
from faceaudit.readers._pyast import (
    boolean,
    dict_entries,
    guarded,
    keyword,
    last_name,
    module_constants,
    parse_python,
    string,
)
from faceaudit.readers._pysql import Constants, constants_of, sql_argument
from faceaudit.readers.sql import parse_sql_text
from faceaudit.schema.ops import (
    AddColumn,
    AddForeignKey,
    AlterColumn,
    Comment,
    CreateTable,
    DropColumn,
    DropTable,
    RenameColumn,
    RenameTable,
    SchemaOp,
)
from faceaudit.schema.source import SchemaFile

NAME = "django-migration"

_MIGRATION = re.compile(
    r"^[ \t]*class[ \t]+Migration[ \t]*\([ \t]*(?:migrations\.)?Migration[ \t]*\)",
    re.MULTILINE)
_NOT_MIGRATIONS = frozenset({"__first__", "__latest__"})


def claims(name: str, head: str) -> bool:
    """A Python file that defines ``class Migration(migrations.Migration)``."""
    return name.lower().endswith(".py") and bool(_MIGRATION.search(head))


def read(lines: Iterator[str], path: str) -> SchemaFile:
    """The migration's revision, its dependencies, and the operations it applies."""
    app_label = app_label_of(path, "migrations")
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".py")
    revision = f"{app_label}.{stem}" if app_label else stem
    module, errors = parse_python(lines, path)
    if module is None:
        return SchemaFile(path, NAME, (), tuple(errors), revision=revision)
    migration = next((node for node in module.body if isinstance(node, ast.ClassDef)
                      and node.name == "Migration"), None)
    if migration is None:
        errors.append(ErrorRecord(path, "no class Migration at module level"))
        return SchemaFile(path, NAME, (), tuple(errors), revision=revision)
    body = {name.id: statement.value for statement in migration.body
            if isinstance(statement, ast.Assign) for name in statement.targets
            if isinstance(name, ast.Name)}
    constants = constants_of(module, module_constants(module, path, errors))
    none: tuple[str, ...] = ()
    dependencies = body.get("dependencies")
    after = guarded(path, dependencies.lineno if dependencies else None, errors,
                    partial(_dependencies, dependencies), none)
    reader = _Operations(path, app_label, constants, errors)
    operations = body.get("operations")
    if isinstance(operations, ast.List | ast.Tuple):
        reader.all(operations.elts)
    return SchemaFile(path, NAME, tuple(reader.ops), tuple(errors), revision=revision,
                      after=after)


def _dependencies(node: ast.expr | None) -> tuple[str, ...]:
    found = []
    if isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                app, name = (string(part) for part in item.elts)
                if app and name and name not in _NOT_MIGRATIONS:
                    found.append(f"{app}.{name}")
    return tuple(found)


@dataclass
class _Model:
    """What this migration has told about one model so far."""

    table: str | None  # None: abstract or proxy, no table
    db_table: bool = False  # the table was named explicitly
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass
class _Operations:
    path: str
    app_label: str
    constants: Constants
    errors: list[ErrorRecord]
    ops: list[SchemaOp] = field(default_factory=list)
    models: dict[str, _Model] = field(default_factory=dict)

    def all(self, operations: list[ast.expr]) -> None:
        for operation in operations:
            if isinstance(operation, ast.Call):
                guarded(self.path, operation.lineno, self.errors,
                        partial(self._operation, operation), None)

    def _operation(self, call: ast.Call) -> None:
        kind = last_name(call)
        if kind == "CreateModel":
            self._create(call)
        elif kind in {"AddField", "AlterField"}:
            self._field_op(kind, call)
        elif kind in {"RemoveField", "RenameField"}:
            self._field_change(kind, call)
        elif kind == "DeleteModel":
            model = self._text(call, 0, "name")
            table = self._table(model) if model else None
            if model and table:
                self.ops.append(DropTable(table, self._at(call, table)))
                self.models.pop(model.lower(), None)
        elif kind == "RenameModel":
            self._rename_model(call)
        elif kind == "AlterModelTable":
            self._alter_table(call)
        elif kind == "AlterModelTableComment":
            model, text = self._text(call, 0, "name"), self._text(call, 1, "table_comment")
            table = self._table(model) if model else None
            if table and text:
                self.ops.append(Comment(table, None, text, self._at(call, table)))
        elif kind == "RunSQL":
            self._run_sql(_arg(call, 0, "sql"))
        elif kind == "SeparateDatabaseAndState":
            found = keyword(call, "database_operations")
            if isinstance(found, ast.List | ast.Tuple):
                self.all(found.elts)

    # --- helpers ------------------------------------------------------------------------------

    def _text(self, call: ast.Call, index: int, name: str) -> str | None:
        return string(_arg(call, index, name), self.constants.values)

    def _at(self, call: ast.Call, pointer: str) -> Provenance:
        return Provenance(self.path, call.lineno, pointer)

    def _table(self, model: str) -> str | None:
        known = self.models.get(model.lower())
        return known.table if known is not None else table_name(self.app_label, model)

    def _table_of(self, app: str, model: str) -> str:
        if app == self.app_label:
            return self._table(model) or table_name(app, model)
        return table_name(app, model)

    def _field(self, model: str, table: str, name: str, node: ast.expr | None,
               line: int) -> Field | None:
        if not isinstance(node, ast.Call):
            return None
        return read_field(name, node, table=table, app_label=self.app_label, model=model,
                          table_of=self._table_of, path=self.path, line=line,
                          constants=self.constants.values)

    # --- operations ---------------------------------------------------------------------------

    def _create(self, call: ast.Call) -> None:
        model = self._text(call, 0, "name")
        if model is None:
            self.errors.append(ErrorRecord(self.path, "CreateModel without a model name",
                                           call.lineno))
            return
        options = dict_entries(_arg(call, 2, "options"))
        db_table = string(options.get("db_table"), self.constants.values)
        skipped = boolean(options.get("abstract")) is True \
            or boolean(options.get("proxy")) is True
        table = None if skipped else db_table or table_name(self.app_label, model)
        known = _Model(table, db_table is not None)
        self.models[model.lower()] = known
        if table is None:
            return
        entries = _arg(call, 1, "fields")
        lines: dict[str, int] = {}
        for entry in entries.elts if isinstance(entries, ast.List | ast.Tuple) else []:
            if isinstance(entry, ast.Tuple) and len(entry.elts) == 2:
                name = string(entry.elts[0], self.constants.values)
                found = self._field(model, table, name, entry.elts[1], entry.lineno) \
                    if name else None
                if found is not None:
                    known.fields[found.name] = found
                    lines[found.name] = entry.lineno
        columns = [f.column for f in known.fields.values() if f.column is not None]
        self.ops.append(CreateTable(
            table, tuple(columns), self._at(call, table),
            comment=string(options.get("db_table_comment"), self.constants.values)))
        for found in known.fields.values():
            self._join_table(model, table, found, lines[found.name])

    def _join_table(self, model: str, table: str, found: Field, line: int) -> None:
        if found.many_to_many is not None:
            app, target = found.many_to_many
            self.ops.append(join_table(table, model, found.name, self._table_of(app, target),
                                       target, self.path, line))

    def _model_table(self, call: ast.Call) -> tuple[str, str] | None:
        model = self._text(call, 0, "model_name")
        table = self._table(model) if model else None
        if model is None or table is None:
            return None
        return model, table

    def _field_op(self, kind: str, call: ast.Call) -> None:
        target = self._model_table(call)
        name = self._text(call, 1, "name")
        if target is None or name is None:
            return
        model, table = target
        found = self._field(model, table, name, _arg(call, 2, "field"), call.lineno)
        if found is None:
            return
        self.models.setdefault(model.lower(), _Model(table)).fields[name] = found
        column = found.column
        if kind == "AddField":
            if column is not None:
                self.ops.append(AddColumn(table, column))
            self._join_table(model, table, found, call.lineno)
            return
        if column is None:
            return
        self.ops.append(AlterColumn(table, column.name, column.provenance, type=column.type,
                                    encryption=column.encryption))
        if column.comment:
            self.ops.append(Comment(table, column.name, column.comment, column.provenance))
        if column.references is not None:
            self.ops.append(AddForeignKey(table, column.references))

    def _columns(self, model: str, name: str) -> list[str]:
        """The column(s) a field of ``model`` may have: known, or ``name`` and ``name_id``."""
        known = self.models.get(model.lower())
        found = known.fields.get(name) if known is not None else None
        if found is not None:
            return [found.column.name] if found.column is not None else []
        return [name, f"{name}_id"]

    def _field_change(self, kind: str, call: ast.Call) -> None:
        target = self._model_table(call)
        if target is None:
            return
        model, table = target
        known = self.models.get(model.lower())
        if kind == "RemoveField":
            name = self._text(call, 1, "name")
            if name is None:
                return
            for column in self._columns(model, name):
                self.ops.append(DropColumn(table, column, self._at(call, f"{table}.{column}")))
            if self._many_to_many(known, name):
                self.ops.append(DropTable(f"{table}_{name}", self._at(call, f"{table}_{name}")))
            if known is not None:
                known.fields.pop(name, None)
            return
        old, new = self._text(call, 1, "old_name"), self._text(call, 2, "new_name")
        if old is None or new is None:
            return
        for column in self._columns(model, old):
            if column not in {old, f"{old}_id"}:
                continue  # a db_column name stays when the field is renamed
            renamed = new + column[len(old):]
            self.ops.append(RenameColumn(table, column, renamed,
                                         self._at(call, f"{table}.{column}")))
        if self._many_to_many(known, old):
            self.ops.append(RenameTable(f"{table}_{old}", f"{table}_{new}",
                                        self._at(call, f"{table}_{old}")))
        if known is not None and old in known.fields:
            known.fields[new] = known.fields.pop(old)

    @staticmethod
    def _many_to_many(known: _Model | None, name: str) -> bool:
        """Whether this file defined ``name`` as a many-to-many field with a join table."""
        found = known.fields.get(name) if known is not None else None
        return found is not None and found.many_to_many is not None

    def _rename_model(self, call: ast.Call) -> None:
        old, new = self._text(call, 0, "old_name"), self._text(call, 1, "new_name")
        if old is None or new is None:
            return
        known = self.models.pop(old.lower(), None) or _Model(table_name(self.app_label, old))
        if known.table is not None and not known.db_table:
            renamed = table_name(self.app_label, new)
            self.ops.append(RenameTable(known.table, renamed, self._at(call, known.table)))
            known.table = renamed
        self.models[new.lower()] = known

    def _alter_table(self, call: ast.Call) -> None:
        model = self._text(call, 0, "name")
        if model is None:
            return
        table = self._text(call, 1, "table") or table_name(self.app_label, model)
        current = self._table(model)
        if current is not None and current != table:
            self.ops.append(RenameTable(current, table, self._at(call, current)))
        known = self.models.setdefault(model.lower(), _Model(table))
        known.table, known.db_table = table, True

    def _run_sql(self, node: ast.expr | None) -> None:
        items = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
        for item in items:
            if isinstance(item, ast.Tuple) and item.elts:  # (sql, params)
                item = item.elts[0]
            found = sql_argument(item, self.constants)
            if found is False and item is not None:
                self.errors.append(ErrorRecord(self.path, "SQL text built at run time: not read",
                                               item.lineno))
            elif isinstance(found, tuple):
                ops, errors = parse_sql_text(found[0], self.path, found[1])
                self.ops.extend(ops)
                self.errors.extend(errors)


def _arg(call: ast.Call, index: int, name: str) -> ast.expr | None:
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return keyword(call, name)
