"""Schema operations: what every schema reader emits, in the order the source applies them.

SQL DDL, migrations (SQL, Alembic, Django, Liquibase), ORM models and database dumps all come down
to this one vocabulary. :class:`~faceaudit.schema.state.SchemaState` applies the operations in
order, so a column dropped by a later migration is gone when the checks look.

Table and column names are given as the source spells them; :func:`normalize_name` folds them
the way the database would (unquoted names to lower case, a leading ``public.`` dropped).
"""

from __future__ import annotations

from dataclasses import dataclass

from faceaudit.model import Provenance


def normalize_name(name: str, *, for_lookup: bool = False) -> str:
    """Fold an SQL identifier the way the database would show it: quotes removed (quoted parts
    keep their case), unquoted parts lower-cased, the default schema (``public.``, ``dbo.``,
    ``main.``) dropped.

    ``for_lookup`` gives the key under which names are compared: ``[bracketed]`` and
    ```backticked``` parts lower-cased as well, since SQL Server and MySQL compare names without
    regard to case, while ``"double-quoted"`` parts stay exact, as in PostgreSQL.
    """
    parts = []
    for part in _split_dotted(name.strip()):
        if len(part) >= 2 and part[0] == part[-1] == '"':
            parts.append(part[1:-1])
        elif (len(part) >= 2 and part[0] == part[-1] == "`") or \
                (part.startswith("[") and part.endswith("]")):
            parts.append(part[1:-1].lower() if for_lookup else part[1:-1])
        else:
            parts.append(part.lower())
    if len(parts) > 1 and parts[0].lower() in {"public", "dbo", "main"}:
        parts = parts[1:]
    return ".".join(parts)


def _split_dotted(name: str) -> list[str]:
    parts: list[str] = []
    current = ""
    quote = ""
    for char in name:
        if quote:
            current += char
            if char == quote:
                quote = ""
        elif char in "\"`":
            quote = char
            current += char
        elif char == "[":
            quote = "]"
            current += char
        elif char == ".":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str  # the referenced (parent) table
    ref_columns: tuple[str, ...]
    on_delete: str | None  # cascade | set null | restrict | no action | set default
    provenance: Provenance


@dataclass(frozen=True)
class ColumnDef:
    name: str
    type: str | None
    provenance: Provenance
    comment: str | None = None
    # Evidence that the column's values are encrypted (an encrypted type, an ENCRYPTED WITH
    # clause, an encryption annotation), in words for the report; None when there is none.
    encryption: str | None = None
    references: ForeignKey | None = None


@dataclass(frozen=True)
class CreateTable:
    table: str
    columns: tuple[ColumnDef, ...]
    provenance: Provenance
    foreign_keys: tuple[ForeignKey, ...] = ()
    comment: str | None = None
    partition_of: str | None = None  # CREATE TABLE child PARTITION OF parent
    partitioned: bool = False  # PARTITION BY ...
    ttl: str | None = None  # a table-level expiry such as MySQL/ClickHouse TTL, in words


@dataclass(frozen=True)
class AddColumn:
    table: str
    column: ColumnDef


@dataclass(frozen=True)
class DropColumn:
    table: str
    column: str
    provenance: Provenance


@dataclass(frozen=True)
class RenameColumn:
    table: str
    old: str
    new: str
    provenance: Provenance


@dataclass(frozen=True)
class AlterColumn:
    """A column's type or encryption changes (ALTER COLUMN ... TYPE, Alembic alter_column)."""

    table: str
    column: str
    provenance: Provenance
    type: str | None = None
    encryption: str | None = None


@dataclass(frozen=True)
class RenameTable:
    old: str
    new: str
    provenance: Provenance


@dataclass(frozen=True)
class DropTable:
    table: str
    provenance: Provenance


@dataclass(frozen=True)
class Comment:
    """COMMENT ON TABLE/COLUMN: a column comment when ``column`` is given."""

    table: str
    column: str | None
    text: str
    provenance: Provenance


@dataclass(frozen=True)
class AddForeignKey:
    table: str
    foreign_key: ForeignKey


@dataclass(frozen=True)
class Extension:
    name: str  # pgcrypto, vector, pg_cron, pg_partman, ...
    provenance: Provenance


@dataclass(frozen=True)
class RowSecurity:
    """Row-level security enabled on a table, or a policy created for it."""

    table: str
    policy: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Purge:
    """Something that deletes a table's rows on a schedule or by age: a pg_cron job deleting
    from it or dropping its partitions, a partition-retention setting, a TTL, an event."""

    table: str
    how: str  # in words, e.g. "pg_cron job 'purge-faces' (0 3 * * *): DELETE FROM ..."
    provenance: Provenance


@dataclass(frozen=True)
class Encrypts:
    """Encryption applied to a column by code the schema holds (a pgcrypto call in a trigger,
    a default or a view), rather than by the column's type."""

    table: str
    column: str | None  # None: the table's facial columns in general
    how: str
    provenance: Provenance


@dataclass(frozen=True)
class RowCount:
    """Rows found for a table in a dump's data section."""

    table: str
    rows: int
    provenance: Provenance


@dataclass(frozen=True)
class Sample:
    """What the first rows of a table's data hold in one column, described, never copied:
    e.g. "plaintext numbers (512 per value)" or "binary, high entropy"."""

    table: str
    column: str
    description: str
    plaintext_numbers: bool
    provenance: Provenance


SchemaOp = (CreateTable | AddColumn | DropColumn | RenameColumn | AlterColumn | RenameTable
            | DropTable | Comment | AddForeignKey | Extension | RowSecurity | Purge | Encrypts
            | RowCount | Sample)
