"""Apply schema operations in order and describe the result as model tables.

The state keeps each table as it stands after every operation so far: a later migration that
drops a column removes it, a rename moves it, a dropped table disappears. ``tables()`` then turns
the final state into :class:`~faceaudit.model.Table` objects, classifying each column (with the
table's name as context) and collecting the evidence that rows expire or values are encrypted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from faceaudit.classify import DEFAULT_VOCABULARY, Vocabulary, classify_column
from faceaudit.model import Column, Provenance, Table
from faceaudit.schema.ops import (
    AddColumn,
    AddForeignKey,
    AlterColumn,
    ColumnDef,
    Comment,
    CreateTable,
    DropColumn,
    DropTable,
    Encrypts,
    Extension,
    ForeignKey,
    Purge,
    RenameColumn,
    RenameTable,
    RowCount,
    RowSecurity,
    Sample,
    SchemaOp,
    normalize_name,
)

# Column names that say each row carries its own expiry.
_EXPIRY = re.compile(r"^(expires?_?(at|on|time)?|expiry(_at|_date)?|ttl|retain_until|"
                     r"retention_until|delete_after|delete_at|purge_after|purge_at|"
                     r"expiration(_at|_date|_time)?|valid_until)$", re.IGNORECASE)
# Underscores separate words here: pgp_sym_encrypt speaks of encryption.
_ENCRYPTED_COMMENT = re.compile(r"(?<![a-z0-9])(encrypt\w*|ciphertext|aes(?:[-_ ]?\d+)?|pgp|kms|"
                                r"fernet|sealed|envelope)(?![a-z0-9])", re.IGNORECASE)
_NOT_ENCRYPTED = re.compile(r"\b(not|un|no)[-_ ]?encrypt", re.IGNORECASE)


def encryption_in_comment(comment: str | None) -> str | None:
    """A column comment that says the values are encrypted, as evidence; None otherwise."""
    if comment and _ENCRYPTED_COMMENT.search(comment) and not _NOT_ENCRYPTED.search(comment):
        return f"column comment says: {comment[:80]}"
    return None


@dataclass
class _Column:
    name: str
    type: str | None
    provenance: Provenance
    comment: str | None = None
    encryption: str | None = None


@dataclass
class _Table:
    name: str
    provenance: Provenance
    columns: dict[str, _Column] = field(default_factory=dict)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    comment: str | None = None
    partition_of: str | None = None
    purges: list[str] = field(default_factory=list)
    encrypts: dict[str | None, str] = field(default_factory=dict)
    rows: int | None = None
    samples: dict[str, str] = field(default_factory=dict)
    row_security: bool = False


def _key(name: str) -> str:
    return normalize_name(name, for_lookup=True)


class SchemaState:
    """Tables as they stand after the operations applied so far, in order."""

    def __init__(self) -> None:
        self._tables: dict[str, _Table] = {}
        self.extensions: dict[str, Provenance] = {}

    def table(self, name: str) -> _Table | None:
        return self._tables.get(_key(name))

    def apply_all(self, ops: Iterable[SchemaOp]) -> None:
        for op in ops:
            self.apply(op)

    def apply(self, op: SchemaOp) -> None:
        if isinstance(op, CreateTable):
            self._create(op)
        elif isinstance(op, Extension):
            self.extensions.setdefault(op.name.lower(), op.provenance)
        elif isinstance(op, RenameTable):
            table = self._tables.pop(_key(op.old), None)
            if table is not None:
                table.name = normalize_name(op.new)
                self._tables[_key(op.new)] = table
                for other in self._tables.values():  # foreign keys follow the rename
                    other.foreign_keys = [replace(fk, table=op.new) if _key(fk.table) ==
                                          _key(op.old) else fk for fk in other.foreign_keys]
        elif isinstance(op, DropTable):
            self._tables.pop(_key(op.table), None)
        else:
            table = self._tables.get(_key(op.table))
            if table is None:
                return  # an operation on a table this source never created: nothing to judge
            self._alter(table, op)

    def _create(self, op: CreateTable) -> None:
        table = _Table(normalize_name(op.table), op.provenance, comment=op.comment,
                       partition_of=normalize_name(op.partition_of) if op.partition_of else None)
        for column in op.columns:
            self._add_column(table, column)
        table.foreign_keys.extend(op.foreign_keys)
        if op.ttl:
            table.purges.append(op.ttl)
        self._tables[_key(op.table)] = table

    @staticmethod
    def _add_column(table: _Table, column: ColumnDef) -> None:
        table.columns[_key(column.name)] = _Column(
            normalize_name(column.name), column.type, column.provenance, column.comment,
            column.encryption)
        if column.references is not None:
            table.foreign_keys.append(column.references)

    def _alter(self, table: _Table, op: SchemaOp) -> None:
        if isinstance(op, AddColumn):
            self._add_column(table, op.column)
        elif isinstance(op, DropColumn):
            table.columns.pop(_key(op.column), None)
            table.foreign_keys = [fk for fk in table.foreign_keys
                                  if _key(op.column) not in {_key(c) for c in fk.columns}]
        elif isinstance(op, RenameColumn):
            column = table.columns.get(_key(op.old))
            if column is not None:
                column.name = normalize_name(op.new)
                table.columns = {(_key(op.new) if key == _key(op.old) else key): value
                                 for key, value in table.columns.items()}
        elif isinstance(op, AlterColumn):
            column = table.columns.get(_key(op.column))
            if column is not None:
                column.type = op.type or column.type
                column.encryption = op.encryption or column.encryption
        elif isinstance(op, Comment):
            if op.column is None:
                table.comment = op.text
            elif (column := table.columns.get(_key(op.column))) is not None:
                column.comment = op.text
        elif isinstance(op, AddForeignKey):
            table.foreign_keys.append(op.foreign_key)
        elif isinstance(op, RowSecurity):
            table.row_security = True
        elif isinstance(op, Purge):
            table.purges.append(op.how)
        elif isinstance(op, Encrypts):
            table.encrypts[_key(op.column) if op.column else None] = op.how
        elif isinstance(op, RowCount):
            table.rows = (table.rows or 0) + op.rows
        elif isinstance(op, Sample) and op.plaintext_numbers:
            table.samples[_key(op.column)] = op.description

    # --- the final picture ------------------------------------------------------------------

    def _own_retention(self, table: _Table) -> list[str]:
        found = [f"column {c.name} holds each row's expiry" for c in table.columns.values()
                 if _EXPIRY.match(c.name)]
        found += table.purges
        if table.partition_of:
            parent = self._tables.get(_key(table.partition_of))
            if parent is not None and parent.purges:
                found += [f"partition of {parent.name}: {how}" for how in parent.purges]
        return found

    def _retention(self, table: _Table, seen: frozenset[str] = frozenset()) -> list[str]:
        """The table's own expiry evidence, or a cascade chain from a parent that has some."""
        own = self._own_retention(table)
        if own:
            return own
        for fk in table.foreign_keys:
            if (fk.on_delete or "").lower() != "cascade":
                continue
            parent = self._tables.get(_key(fk.table))
            if parent is None or parent.name in seen or parent is table:
                continue
            inherited = self._retention(parent, seen | {table.name})
            if inherited:
                return [f"rows deleted with their {parent.name} row (ON DELETE CASCADE via "
                        f"{', '.join(fk.columns)}), and {parent.name}: {inherited[0]}"]
        return []

    def _encryption(self, table: _Table, column: _Column) -> str | None:
        # The strongest evidence first: the column's type, then code that encrypts it, then
        # what its comment says.
        return (column.encryption or table.encrypts.get(_key(column.name))
                or encryption_in_comment(column.comment))

    def tables(self, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> tuple[Table, ...]:
        result = []
        for table in self._tables.values():
            columns = []
            for column in table.columns.values():
                found = classify_column(column.name, column.type, table.name, column.comment,
                                        vocabulary)
                encryption = self._encryption(table, column)
                if encryption is None and found.categories and None in table.encrypts:
                    encryption = table.encrypts[None]
                columns.append(Column(
                    column.name, column.type, found.categories, found.reason,
                    column.provenance, confidence=found.confidence, comment=column.comment,
                    encryption=encryption,
                    plaintext_sample=table.samples.get(_key(column.name))))
            result.append(Table(table.name, tuple(columns), table.provenance,
                                retention=tuple(self._retention(table)), rows=table.rows,
                                row_security=table.row_security))
        return tuple(result)
