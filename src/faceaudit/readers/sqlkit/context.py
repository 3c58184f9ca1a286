"""What the SQL reader keeps while it reads one text: the operations and errors so far, and
the little it must remember to judge later statements (which tables it saw created and with
which columns, which partitions belong to which parent, what each function body does)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from faceaudit.classify import classify_column
from faceaudit.errors import ErrorRecord
from faceaudit.model import FACIAL, Provenance
from faceaudit.schema.ops import (
    AddColumn,
    CreateTable,
    DropColumn,
    DropTable,
    Purge,
    RenameColumn,
    RenameTable,
    RowCount,
    Sample,
    SchemaOp,
    normalize_name,
)

MAX_ERRORS = 100


@dataclass
class FunctionFacts:
    """What a function or procedure body does to tables, for the triggers and jobs calling it."""

    encrypts: list[tuple[str, str]] = field(default_factory=list)  # (NEW.column, how)
    purges: list[tuple[str, str]] = field(default_factory=list)  # (table, command)
    by_age: bool = False  # the body compares with the clock: its deletes are by age


@dataclass
class _Rows:
    table: str
    rows: int
    line: int


class Context:
    """The state of one read: emitted operations, errors and what later statements need."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.ops: list[SchemaOp] = []
        self.errors: list[ErrorRecord] = []
        self.suppressed = 0
        # normalized table name -> its columns as (name as written, type)
        self.tables: dict[str, list[tuple[str, str | None]]] = {}
        self.created_at: dict[str, int] = {}  # normalized table -> index of its CreateTable op
        self.partitions: dict[str, str] = {}  # normalized child -> parent as written
        self.partitioned: set[str] = set()  # normalized names of PARTITION BY tables
        self.functions: dict[str, FunctionFacts] = {}
        self.jobs: dict[str, list[Purge]] = {}  # pg_cron job name -> the purges it made
        self.partman: dict[str, dict[str, str]] = {}  # normalized table -> part_config values
        self.sampled: set[str] = set()
        self._names: dict[str, str] = {}
        self._facial: dict[object, bool] = {}
        self._rows: _Rows | None = None
        self._samples: list[Sample] = []

    # --- output ------------------------------------------------------------------------------

    def normalized(self, name: str) -> str:
        folded = self._names.get(name)
        if folded is None:
            folded = self._names[name] = normalize_name(name)
        return folded

    def provenance(self, line: int | None, table: str, column: str | None = None) -> Provenance:
        pointer = self.normalized(table)
        if column is not None:
            pointer += "." + self.normalized(column)
        return Provenance(self.path, line, pointer)

    def error(self, line: int | None, reason: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.suppressed += 1
            return
        self.errors.append(ErrorRecord(self.path, reason, line))

    def finish(self) -> None:
        self.flush_rows()
        if self.suppressed:
            self.errors.append(ErrorRecord(
                self.path, f"{self.suppressed} further errors in this file not listed", None))
            self.suppressed = 0

    def emit(self, op: SchemaOp) -> None:
        if isinstance(op, Sample) and self._rows is not None \
                and self.normalized(op.table) == self.normalized(self._rows.table):
            self._samples.append(op)  # it follows the RowCount still being summed
            return
        if not isinstance(op, RowCount):
            self.flush_rows()
        self._remember(op)
        self.ops.append(op)

    def count_rows(self, table: str, rows: int, line: int) -> None:
        """Rows inserted into a table; consecutive INSERTs into one table become one RowCount."""
        pending = self._rows
        if pending is not None and self.normalized(pending.table) == self.normalized(table):
            pending.rows += rows
            return
        self.flush_rows()
        self._rows = _Rows(table, rows, line)

    def flush_rows(self) -> None:
        pending, self._rows = self._rows, None
        if pending is not None:
            self.ops.append(RowCount(pending.table, pending.rows,
                                     self.provenance(pending.line, pending.table)))
        self.ops.extend(self._samples)
        self._samples = []

    # --- what the text has said so far -------------------------------------------------------

    def _remember(self, op: SchemaOp) -> None:
        if isinstance(op, CreateTable):
            key = normalize_name(op.table)
            self.tables[key] = [(c.name, c.type) for c in op.columns]
            self.created_at[key] = len(self.ops)
            if op.partition_of:
                self.partitions[key] = op.partition_of
            if op.partitioned:
                self.partitioned.add(key)
        elif isinstance(op, AddColumn):
            self.tables.setdefault(normalize_name(op.table), []).append(
                (op.column.name, op.column.type))
        elif isinstance(op, DropColumn | RenameColumn):
            columns = self.tables.get(normalize_name(op.table))
            if columns is not None:
                gone = normalize_name(op.column if isinstance(op, DropColumn) else op.old)
                kept = [c for c in columns if normalize_name(c[0]) != gone]
                if isinstance(op, RenameColumn):
                    kept += [(op.new, t) for n, t in columns if normalize_name(n) == gone]
                columns[:] = kept
        elif isinstance(op, RenameTable):
            old = normalize_name(op.old)
            if old in self.tables:
                self.tables[normalize_name(op.new)] = self.tables.pop(old)
        elif isinstance(op, DropTable):
            self.tables.pop(normalize_name(op.table), None)
        self._facial.clear()

    def columns_of(self, table: str) -> list[tuple[str, str | None]] | None:
        return self.tables.get(normalize_name(table))

    def is_facial(self, table: str, columns: list[str] | None = None) -> bool:
        """Whether a table (or the listed columns of it) holds facial data, as far as known."""
        key = normalize_name(table)
        types = dict((normalize_name(n), t) for n, t in self.tables.get(key, []))
        if columns is None:
            cached = self._facial.get(key)
            if cached is not None:
                return cached
            names = [(n, t) for n, t in self.tables.get(key, [])]
        else:
            names = [(c, types.get(normalize_name(c))) for c in columns]
        facial = any(classify_column(normalize_name(n), t, key).categories & FACIAL
                     for n, t in names)
        if columns is None:
            self._facial[key] = facial
        return facial

    def facial_insert(self, table: str, columns: list[str] | None) -> bool:
        """``is_facial`` for an INSERT's target, cached: a dump repeats the same head."""
        key = (table, tuple(columns) if columns is not None else None)
        cached = self._facial.get(key)
        if cached is None:
            cached = self._facial[key] = self.is_facial(table, columns)
        return cached

    def mark_partition(self, child: str, parent: str) -> None:
        """ATTACH PARTITION: the child's CreateTable (if this text made it) gains its parent."""
        key = normalize_name(child)
        self.partitions[key] = parent
        index = self.created_at.get(key)
        if index is not None:
            op = self.ops[index]
            if isinstance(op, CreateTable) and op.partition_of is None:
                self.ops[index] = dataclasses.replace(op, partition_of=parent)

    def parent_of(self, table: str) -> str | None:
        return self.partitions.get(normalize_name(table))

    def forget_job(self, name: str) -> None:
        """cron.unschedule: the job's purges made in this text are withdrawn."""
        gone = self.jobs.pop(name, [])
        if gone:
            ids = {id(op) for op in gone}
            self.ops = [op for op in self.ops if id(op) not in ids]
            self.created_at = {}
            for index, op in enumerate(self.ops):
                if isinstance(op, CreateTable):
                    self.created_at[normalize_name(op.table)] = index
