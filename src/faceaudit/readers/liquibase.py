"""Liquibase changelogs (YAML, JSON, XML) read as schema operations.

A changelog is a list of change sets; each holds changes such as ``createTable`` or
``addColumn``. The reader turns them into operations in file order, each with the line of its
change (a column definition keeps its own line). What it reads:

- ``createTable``, ``addColumn`` (columns with ``name``, ``type``, ``remarks`` as the comment,
  and ``constraints`` that reference a parent table, ``deleteCascade`` meaning ON DELETE
  CASCADE), ``dropColumn`` (``columnName`` or a list of columns), ``dropTable``,
  ``renameColumn``, ``renameTable``, ``modifyDataType``, ``addForeignKeyConstraint``,
  ``setColumnRemarks`` and ``setTableRemarks``;
- ``sql`` changes with the statement inline, read by the SQL reader from the line the statement
  starts on.

What it leaves alone: ``rollback`` blocks (they undo, they are never applied forward),
``include`` and ``includeAll`` (the scan reads the included files on its own, in their folder's
order), ``sqlFile`` (the SQL file is scanned as SQL), preconditions, contexts and ``dbms``
filters (every change set is applied), and changelog properties (``${name}`` stays as written).
Changes that do not alter what a table holds (indexes, views, data loads) give no operation.

XML is parsed by expat without namespaces (a ``prefix:`` is dropped from names). A document with
a DOCTYPE or an entity declaration is refused before parsing: expanding entities is how an XML
"bomb" makes a small file huge, and a changelog never needs one.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from faceaudit.errors import ErrorRecord, InputError
from faceaudit.model import Provenance
from faceaudit.readers.sql import parse_sql_text
from faceaudit.readers.structured import Document, load_document
from faceaudit.schema.ops import (
    AddColumn,
    AddForeignKey,
    AlterColumn,
    ColumnDef,
    Comment,
    CreateTable,
    DropColumn,
    DropTable,
    ForeignKey,
    RenameColumn,
    RenameTable,
    SchemaOp,
)
from faceaudit.schema.source import SchemaFile

NAME = "liquibase"
SUFFIXES = frozenset({".yaml", ".yml", ".json", ".xml"})

_YAML_HEAD = re.compile(r"^[ \t]*[\"']?databaseChangeLog[\"']?[ \t]*:", re.MULTILINE)
_JSON_HEAD = re.compile(r"\"databaseChangeLog\"\s*:")
_XML_HEAD = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?databaseChangeLog[\s/>]")
# Any DTD is refused: entity declarations are what an XML bomb is made of.
_DTD = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# A YAML block scalar indicator at the end of a line: the text starts on the next line.
_BLOCK_SCALAR = re.compile(r"[|>][1-9+\-]{0,2}[ \t]*(?:#.*)?$")
_MAX_DEPTH = 200


def claims(name: str, head: str) -> bool:
    """A YAML, JSON or XML file whose head holds a ``databaseChangeLog`` root."""
    lower = name.lower()
    if lower.endswith(".xml"):
        return _XML_HEAD.search(head) is not None
    if lower.endswith(".json"):
        return _JSON_HEAD.search(head) is not None
    if lower.endswith((".yaml", ".yml")):
        return _YAML_HEAD.search(head) is not None
    return False


@dataclass
class _Node:
    """A change, column or constraints entry, the same whether it came from YAML, JSON or XML."""

    kind: str
    attrs: dict[str, Any]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: str | None = None  # the statement of an ``sql`` change
    text_line: int = 0

    def child(self, kind: str) -> _Node | None:
        for node in self.children:
            if node.kind == kind:
                return node
        return None

    def get(self, key: str) -> str | None:
        return _text(self.attrs.get(key))


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    return text or None


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def read(lines: Iterator[str], path: str) -> SchemaFile:
    """The operations of one changelog, in file order, with an error record for what the
    reader could not make sense of."""
    text = "".join(lines)
    ops: list[SchemaOp] = []
    errors: list[ErrorRecord] = []
    try:
        if path.lower().endswith(".xml") or text.lstrip("\ufeff \t\r\n").startswith("<"):
            changes, errors = _xml_changes(text, path)
        else:
            changes, errors = _document_changes(text, path)
        for change in changes:
            _change_ops(change, path, ops, errors)
    except Exception as exc:  # a reader never raises for bad content
        errors.append(ErrorRecord(path, f"reading stopped: {type(exc).__name__}: {exc}"))
    errors.sort(key=lambda error: error.line or 0)
    return SchemaFile(path, NAME, tuple(ops), tuple(errors))


# --- YAML and JSON ------------------------------------------------------------------------------


def _document_changes(text: str, path: str) -> tuple[list[_Node], list[ErrorRecord]]:
    try:
        document = load_document(text, path)
    except InputError as exc:
        return [], [exc.record]
    root = document.value
    if not isinstance(root, dict) or not isinstance(root.get("databaseChangeLog"), list):
        return [], [ErrorRecord(path, "not a Liquibase changelog: no databaseChangeLog list",
                                document.line_of("/databaseChangeLog") or 1)]
    changes: list[_Node] = []
    errors: list[ErrorRecord] = []
    text_lines = text.splitlines()
    for index, entry in enumerate(root["databaseChangeLog"]):
        base = f"/databaseChangeLog/{index}"
        if not isinstance(entry, dict):
            errors.append(ErrorRecord(path, "changelog entry is not a mapping",
                                      document.line_of(base)))
            continue
        change_set = entry.get("changeSet")
        if change_set is None:
            continue  # include, includeAll, property, preConditions: nothing to apply here
        if not isinstance(change_set, dict):
            errors.append(ErrorRecord(path, "changeSet is not a mapping",
                                      document.line_of(f"{base}/changeSet")))
            continue
        items = change_set.get("changes") or []
        if not isinstance(items, list):
            errors.append(ErrorRecord(path, "changeSet changes is not a list",
                                      document.line_of(f"{base}/changeSet/changes")))
            continue
        for position, item in enumerate(items):
            pointer = f"{base}/changeSet/changes/{position}"
            if not isinstance(item, dict):
                errors.append(ErrorRecord(path, "change is not a mapping",
                                          document.line_of(pointer)))
                continue
            for kind, body in item.items():
                changes.append(_document_node(document, text_lines, kind, body,
                                              f"{pointer}/{kind}"))
    return changes, errors


def _document_node(document: Document, text_lines: list[str], kind: str, body: Any,
                   pointer: str) -> _Node:
    line = document.line_of(pointer) or 0
    if kind == "sql":
        return _document_sql(document, text_lines, body, pointer, line)
    attrs = dict(body) if isinstance(body, Mapping) else {}
    node = _Node(kind, attrs, line)
    columns = attrs.get("columns")
    if isinstance(columns, list):
        for index, entry in enumerate(columns):
            column = entry.get("column") if isinstance(entry, dict) else None
            if not isinstance(column, dict):
                continue
            column_pointer = f"{pointer}/columns/{index}/column"
            # A column's line is the line of its name, where the reader's eye goes.
            column_node = _Node("column", dict(column),
                                document.line_of(f"{column_pointer}/name") or line)
            constraints = column.get("constraints")
            if isinstance(constraints, dict):
                column_node.children.append(_Node(
                    "constraints", dict(constraints),
                    document.line_of(f"{column_pointer}/constraints") or line))
            node.children.append(column_node)
    return node


def _document_sql(document: Document, text_lines: list[str], body: Any, pointer: str,
                  line: int) -> _Node:
    if isinstance(body, Mapping):
        statement, pointer = body.get("sql"), f"{pointer}/sql"
    else:
        statement = body
    node = _Node("sql", dict(body) if isinstance(body, Mapping) else {}, line)
    if isinstance(statement, str):
        start = document.line_of(pointer) or line
        # ``sql: |`` puts the statement on the lines below the key.
        if 0 < start <= len(text_lines) and _BLOCK_SCALAR.search(text_lines[start - 1]):
            start += 1
        node.text, node.text_line = statement, start
    return node


# --- XML ----------------------------------------------------------------------------------------


class _Refused(Exception):
    """The XML holds a declaration the reader never processes."""


@dataclass
class _XmlBuilder:
    parser: Any
    root: _Node | None = None
    stack: list[_Node] = field(default_factory=list)
    chunks: list[list[str]] = field(default_factory=list)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if len(self.stack) >= _MAX_DEPTH:
            raise _Refused(f"XML nests more than {_MAX_DEPTH} elements deep")
        node = _Node(name.rsplit(":", 1)[-1],
                     {key.rsplit(":", 1)[-1]: value for key, value in attrs.items()},
                     int(self.parser.CurrentLineNumber))
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)
        self.chunks.append([])

    def end(self, name: str) -> None:
        node = self.stack.pop()
        node.text = "".join(self.chunks.pop())

    def data(self, data: str) -> None:
        if not self.stack:
            return
        chunks = self.chunks[-1]
        if not chunks:
            self.stack[-1].text_line = int(self.parser.CurrentLineNumber)
        chunks.append(data)


def _refuse(*_: Any) -> None:
    raise _Refused("XML with a DOCTYPE or entity declaration is refused")


def _refuse_entity(*_: Any) -> int:
    raise _Refused("XML with an external entity is refused")


def _parse_xml(text: str, path: str) -> tuple[_Node | None, ErrorRecord | None]:
    dtd = _DTD.search(text)
    if dtd is not None:
        line = text.count("\n", 0, dtd.start()) + 1
        return None, ErrorRecord(path, "XML with a DOCTYPE or ENTITY declaration is refused "
                                       "(entities are never expanded)", line)
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    builder = _XmlBuilder(parser)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse_entity
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        reason = xml.parsers.expat.errors.messages.get(exc.code, str(exc))
        return None, ErrorRecord(path, f"not valid XML: {reason}", exc.lineno)
    except _Refused as exc:
        return None, ErrorRecord(path, str(exc), int(parser.CurrentLineNumber))
    return builder.root, None


def _xml_changes(text: str, path: str) -> tuple[list[_Node], list[ErrorRecord]]:
    root, error = _parse_xml(text, path)
    if error is not None:
        return [], [error]
    if root is None or root.kind != "databaseChangeLog":
        return [], [ErrorRecord(path, "not a Liquibase changelog: the root element is not "
                                      "databaseChangeLog", root.line if root else 1)]
    changes: list[_Node] = []
    for change_set in root.children:
        if change_set.kind != "changeSet":
            continue
        for change in change_set.children:
            if change.kind in {"rollback", "comment", "preConditions", "validCheckSum"}:
                continue
            if change.kind != "sql":
                change.text = None
            changes.append(change)
    return changes, []


# --- changes to operations ----------------------------------------------------------------------


def _table_name(node: _Node, name_key: str = "tableName",
                schema_key: str = "schemaName") -> str | None:
    table = node.get(name_key)
    schema = node.get(schema_key)
    if table is None:
        return None
    return f"{schema}.{table}" if schema else table


def _provenance(path: str, line: int, table: str, column: str | None = None) -> Provenance:
    return Provenance(path, line or None, f"{table}.{column}" if column else table)


_REFERENCE = re.compile(r"^\s*(?P<table>[^()\s]+)\s*\((?P<columns>[^()]*)\)\s*$")


def _column_def(column: _Node, table: str, path: str) -> ColumnDef | None:
    name = column.get("name")
    if name is None:
        return None
    provenance = _provenance(path, column.line, table, name)
    references: ForeignKey | None = None
    constraints = column.child("constraints")
    if constraints is not None:
        parent = _table_name(constraints, "referencedTableName", "referencedTableSchemaName")
        parent_columns = _names(constraints.get("referencedColumnNames"))
        reference = _REFERENCE.match(constraints.get("references") or "")
        if parent is None and reference is not None:
            parent = reference.group("table")
            parent_columns = _names(reference.group("columns"))
        if parent is not None:
            cascade = _truthy(constraints.attrs.get("deleteCascade"))
            references = ForeignKey((name,), parent, parent_columns,
                                    "cascade" if cascade else None, provenance)
    return ColumnDef(name, column.get("type"), provenance, comment=column.get("remarks"),
                     references=references)


def _on_delete(node: _Node) -> str | None:
    action = node.get("onDelete")
    if action is not None:
        return " ".join(action.lower().split())
    return "cascade" if _truthy(node.attrs.get("deleteCascade")) else None


def _change_ops(change: _Node, path: str, ops: list[SchemaOp],
                errors: list[ErrorRecord]) -> None:
    kind = change.kind

    def missing(what: str) -> None:
        errors.append(ErrorRecord(path, f"{kind} without {what}", change.line or None))

    if kind == "sql":
        if change.text and change.text.strip():
            found, problems = parse_sql_text(change.text, path, change.text_line or change.line)
            ops.extend(found)
            errors.extend(problems)
        return
    if kind == "renameTable":
        old = _table_name(change, "oldTableName")
        new = _table_name(change, "newTableName")
        if old is None or new is None:
            missing("oldTableName and newTableName")
        else:
            ops.append(RenameTable(old, new, _provenance(path, change.line, old)))
        return
    if kind == "addForeignKeyConstraint":
        base = _table_name(change, "baseTableName", "baseTableSchemaName")
        parent = _table_name(change, "referencedTableName", "referencedTableSchemaName")
        if base is None or parent is None:
            missing("baseTableName and referencedTableName")
            return
        provenance = _provenance(path, change.line, base)
        ops.append(AddForeignKey(base, ForeignKey(
            _names(change.get("baseColumnNames")), parent,
            _names(change.get("referencedColumnNames")), _on_delete(change), provenance)))
        return
    if kind not in _TABLE_CHANGES:
        return  # indexes, views, data loads, tags: nothing a check looks at
    table = _table_name(change)
    if table is None:
        missing("tableName")
        return
    _TABLE_CHANGES[kind](change, table, path, ops, errors)


def _create_table(change: _Node, table: str, path: str, ops: list[SchemaOp],
                  errors: list[ErrorRecord]) -> None:
    columns = []
    for column in change.children:
        if column.kind != "column":
            continue
        definition = _column_def(column, table, path)
        if definition is None:
            errors.append(ErrorRecord(path, f"createTable {table}: column without a name",
                                      column.line or None))
        else:
            columns.append(definition)
    ops.append(CreateTable(table, tuple(columns), _provenance(path, change.line, table),
                           comment=change.get("remarks")))


def _add_column(change: _Node, table: str, path: str, ops: list[SchemaOp],
                errors: list[ErrorRecord]) -> None:
    for column in change.children:
        if column.kind != "column":
            continue
        definition = _column_def(column, table, path)
        if definition is None:
            errors.append(ErrorRecord(path, f"addColumn {table}: column without a name",
                                      column.line or None))
        else:
            ops.append(AddColumn(table, definition))


def _drop_column(change: _Node, table: str, path: str, ops: list[SchemaOp],
                 errors: list[ErrorRecord]) -> None:
    names = [change.get("columnName")] + [column.get("name") for column in change.children
                                          if column.kind == "column"]
    if not any(names):
        errors.append(ErrorRecord(path, f"dropColumn {table} without a column name",
                                  change.line or None))
    for name in names:
        if name:
            ops.append(DropColumn(table, name, _provenance(path, change.line, table, name)))


def _drop_table(change: _Node, table: str, path: str, ops: list[SchemaOp],
                errors: list[ErrorRecord]) -> None:
    ops.append(DropTable(table, _provenance(path, change.line, table)))


def _rename_column(change: _Node, table: str, path: str, ops: list[SchemaOp],
                   errors: list[ErrorRecord]) -> None:
    old, new = change.get("oldColumnName"), change.get("newColumnName")
    if old is None or new is None:
        errors.append(ErrorRecord(path, f"renameColumn {table} without oldColumnName and "
                                        "newColumnName", change.line or None))
        return
    ops.append(RenameColumn(table, old, new, _provenance(path, change.line, table, new)))


def _modify_data_type(change: _Node, table: str, path: str, ops: list[SchemaOp],
                      errors: list[ErrorRecord]) -> None:
    column, new_type = change.get("columnName"), change.get("newDataType")
    if column is None or new_type is None:
        errors.append(ErrorRecord(path, f"modifyDataType {table} without columnName and "
                                        "newDataType", change.line or None))
        return
    ops.append(AlterColumn(table, column, _provenance(path, change.line, table, column),
                           type=new_type))


def _set_remarks(change: _Node, table: str, path: str, ops: list[SchemaOp],
                 errors: list[ErrorRecord]) -> None:
    column = change.get("columnName") if change.kind == "setColumnRemarks" else None
    if change.kind == "setColumnRemarks" and column is None:
        errors.append(ErrorRecord(path, f"setColumnRemarks {table} without columnName",
                                  change.line or None))
        return
    remarks = _text(change.attrs.get("remarks"))
    ops.append(Comment(table, column, remarks or "",
                       _provenance(path, change.line, table, column)))


_TABLE_CHANGES = {
    "createTable": _create_table,
    "addColumn": _add_column,
    "dropColumn": _drop_column,
    "dropTable": _drop_table,
    "renameColumn": _rename_column,
    "modifyDataType": _modify_data_type,
    "setColumnRemarks": _set_remarks,
    "setTableRemarks": _set_remarks,
}
