"""Statements that shape tables: CREATE TABLE, ALTER TABLE, DROP TABLE, RENAME TABLE,
sp_rename, COMMENT ON and SQL Server's MS_Description extended property, CREATE EXTENSION and
CREATE POLICY. Each takes the statement's tokens and emits operations into the context."""

from __future__ import annotations

from dataclasses import dataclass

from faceaudit.model import Provenance
from faceaudit.readers.sqlkit.context import Context
from faceaudit.readers.sqlkit.crypto import describe_call
from faceaudit.readers.sqlkit.lexing import (
    OP,
    PUNCT,
    QNAME,
    STRING,
    WORD,
    Cursor,
    ParseError,
    Tok,
    names_in,
    render,
    split_dotted,
    split_top,
    unquote_name,
    unquote_string,
)
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
    RenameColumn,
    RenameTable,
    RowSecurity,
)

# Words that end a column's type and start its constraints.
_COLUMN_STOPS = frozenset({
    "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT",
    "COLLATE", "GENERATED", "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "COMMENT",
    "ENCRYPTED", "MASKED", "ON", "AS", "CHARSET", "SPARSE", "ROWGUIDCOL", "FILESTREAM",
    "STORAGE", "COMPRESSION", "VISIBLE", "INVISIBLE", "CODEC", "TTL", "MATERIALIZED", "ALIAS",
    "EPHEMERAL", "KEY", "DEFERRABLE", "INITIALLY", "COLUMN_FORMAT", "ENFORCED", "FOREIGN",
    "USING", "FIRST", "AFTER", "SRID", "HIDDEN", "OPTIONS",
})
_TABLE_CONSTRAINTS = frozenset({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE",
                                "FULLTEXT", "SPATIAL", "LIKE", "PERIOD"})
_TYPE_WORDS = frozenset({
    "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "MEDIUMINT", "SERIAL", "BIGSERIAL",
    "TEXT", "VARCHAR", "CHAR", "CHARACTER", "NVARCHAR", "NCHAR", "BLOB", "BYTEA", "LONGBLOB",
    "MEDIUMBLOB", "TINYBLOB", "VARBINARY", "BINARY", "UUID", "JSON", "JSONB", "BOOLEAN", "BOOL",
    "DATE", "DATETIME", "DATETIME2", "TIMESTAMP", "TIMESTAMPTZ", "TIME", "REAL", "FLOAT",
    "DOUBLE", "NUMERIC", "DECIMAL", "BIT", "VECTOR", "INET", "MONEY", "ENUM", "STRING",
    "LONGTEXT", "MEDIUMTEXT", "TINYTEXT", "NTEXT", "IMAGE", "XML", "FLOAT4", "FLOAT8", "INT2",
    "INT4", "INT8", "VARYING",
})
_DEFAULT_SCHEMAS = frozenset({"public", "pg_catalog", "extensions", "dbo", "sys"})
_ALTER_ACTIONS = frozenset({
    "ADD", "DROP", "ALTER", "MODIFY", "CHANGE", "RENAME", "ENABLE", "DISABLE", "FORCE", "NO",
    "OWNER", "SET", "RESET", "CLUSTER", "ATTACH", "DETACH", "INHERIT", "VALIDATE", "REPLICA",
    "OF", "NOT", "ENGINE", "COMMENT", "AUTO_INCREMENT", "DEFAULT", "CONVERT", "ORDER",
    "ALGORITHM", "LOCK", "PARTITION", "ENCRYPTION", "CHARACTER", "CHARSET", "COLLATE", "CHECK",
    "NOCHECK", "WITH", "SWITCH", "REBUILD", "TRUNCATE", "COALESCE", "REORGANIZE", "EXCHANGE",
    "REMOVE", "ANALYZE", "OPTIMIZE", "REPAIR", "DISCARD", "IMPORT", "ROW_FORMAT", "TABLESPACE",
    "TTL", "MATERIALIZE", "UPDATE", "DELETE", "KEY_BLOCK_SIZE", "STATS_PERSISTENT",
})


@dataclass
class _Column:
    column: ColumnDef
    encrypted_by: str | None = None
    ttl: str | None = None


def _is_equals(tok: Tok | None) -> bool:
    return tok is not None and tok.kind == OP and tok.text == "="


def _type_text(toks: list[Tok]) -> str | None:
    toks = [Tok(WORD, t.text[1:-1], t.line) if t.kind == QNAME and t.text.startswith("[")
            else t for t in toks]
    if len(toks) >= 3 and toks[1].is_punct(".") and toks[0].kind in (WORD, QNAME) \
            and unquote_name(toks[0].text).lower() in _DEFAULT_SCHEMAS:
        toks = toks[2:]
    return render(toks) or None


def _type_ends(el: list[Tok], index: int) -> bool:
    tok = el[index]
    if tok.up in _COLUMN_STOPS:
        return True
    following = el[index + 1].up if index + 1 < len(el) else ""
    if tok.up == "CHARACTER":
        return following == "SET"
    if tok.up == "WITH":
        return following not in ("TIME", "LOCAL")
    return False


def _action(cur: Cursor) -> str | None:
    if cur.accept("CASCADE"):
        return "cascade"
    if cur.accept("RESTRICT"):
        return "restrict"
    if cur.accept("NO", "ACTION"):
        return "no action"
    if cur.accept("SET", "NULL"):
        if cur.at_punct("("):
            cur.group()
        return "set null"
    if cur.accept("SET", "DEFAULT"):
        if cur.at_punct("("):
            cur.group()
        return "set default"
    return None


def _references(ctx: Context, cur: Cursor, table: str, columns: tuple[str, ...],
                column_level: bool) -> ForeignKey:
    """REFERENCES parent [(cols)] [MATCH ...] [ON DELETE ...] [ON UPDATE ...], at the cursor."""
    line = cur.take().line
    parent, _ = cur.name()
    ref_columns: tuple[str, ...] = ()
    if cur.at_punct("("):
        ref_columns = tuple(names_in(cur.group()))
    on_delete = None
    while not cur.done():
        if cur.accept("ON", "DELETE"):
            on_delete = _action(cur)
        elif cur.accept("ON", "UPDATE"):
            _action(cur)
        elif cur.accept("MATCH"):
            cur.take()
        elif cur.accept("NOT", "DEFERRABLE") or cur.accept("DEFERRABLE") \
                or cur.accept("NOT", "VALID") or cur.accept("NOT", "FOR", "REPLICATION"):
            continue
        elif cur.accept("INITIALLY"):
            cur.take()
        else:
            break
    pointer_column = columns[0] if column_level and columns else None
    return ForeignKey(columns, parent, ref_columns, on_delete,
                      ctx.provenance(line, table, pointer_column))


def _foreign_key_constraint(ctx: Context, el: list[Tok], table: str) -> ForeignKey | None:
    """A table constraint: [CONSTRAINT name] FOREIGN KEY [name] (cols) REFERENCES ..."""
    for index, tok in enumerate(el):
        if tok.up == "FOREIGN" and index + 1 < len(el) and el[index + 1].up == "KEY":
            cur = Cursor(el, index + 2)
            if not cur.at_punct("("):
                cur.name()  # MySQL: FOREIGN KEY fk_name (col)
            columns = tuple(names_in(cur.group()))
            if not cur.at("REFERENCES"):
                raise ParseError("FOREIGN KEY without REFERENCES", tok.line)
            return _references(ctx, cur, table, columns, column_level=False)
    return None


def _is_index(el: list[Tok]) -> bool:
    first = el[0]
    if first.kind != WORD or first.up not in ("KEY", "INDEX"):
        return False
    second = el[1] if len(el) > 1 else None
    return second is None or second.is_punct("(") or not (
        second.kind == WORD and second.up in _TYPE_WORDS)


def _column(ctx: Context, el: list[Tok], table: str) -> _Column:
    """A column definition: name, type (possibly none, as SQLite allows), constraints."""
    name_tok = el[0]
    if name_tok.kind not in (WORD, QNAME):
        raise ParseError(f"expected a column name, found {name_tok.text!r}", name_tok.line)
    name = name_tok.text
    index = 1
    depth = 0
    while index < len(el):
        tok = el[index]
        if tok.kind == PUNCT and tok.text in "([":
            depth += 1
        elif tok.kind == PUNCT and tok.text in ")]":
            depth -= 1
        elif depth == 0 and tok.kind == WORD and _type_ends(el, index):
            break
        index += 1
    type_text = _type_text(el[1:index])
    comment = encryption = ttl = None
    references = None
    cur = Cursor(el, index)
    while not cur.done():
        here = cur.peek()
        assert here is not None
        if here.is_punct("("):
            cur.group()
        elif here.up == "REFERENCES":
            references = _references(ctx, cur, table, (name,), column_level=True)
        elif here.up == "COMMENT" and (nxt := cur.peek(1)) is not None and nxt.kind == STRING:
            comment = unquote_string(nxt.text)
            cur.i += 2
        elif here.up == "ENCRYPTED" and cur.word(1) == "WITH" and cur.at_punct("(", 2):
            cur.i += 2
            encryption = f"SQL Server Always Encrypted ({render(cur.group(), comma_space=True)})"
        elif here.up == "TTL":
            cur.take()
            expression = []
            while not cur.done() and cur.word() not in _COLUMN_STOPS:
                expression.append(cur.take())
            ttl = f"column {unquote_name(name)} TTL {render(expression, comma_space=True)}"
        else:
            cur.take()
    encrypted_by = None
    how = describe_call(el[index:])
    if how is not None:
        where = "default" if any(t.up == "DEFAULT" for t in el[index:]) else "generated value"
        encrypted_by = f"{how} in the column's {where}"
    provenance = ctx.provenance(name_tok.line, table, name)
    return _Column(ColumnDef(name, type_text, provenance, comment, encryption, references),
                   encrypted_by, ttl)


def _emit_column_encryption(ctx: Context, table: str, parsed: _Column) -> None:
    if parsed.encrypted_by is not None:
        ctx.emit(Encrypts(table, parsed.column.name, parsed.encrypted_by,
                          parsed.column.provenance))


def create_table(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    cur.expect("CREATE")
    cur.accept("OR", "REPLACE")
    while cur.at("GLOBAL", "LOCAL", "UNLOGGED", "TRANSIENT"):
        cur.take()
    cur.expect("TABLE")
    cur.accept("IF", "NOT", "EXISTS")
    table, _ = cur.name()
    if table.startswith("#"):
        return  # a SQL Server temporary table
    partition_of = None
    if cur.accept("PARTITION", "OF"):
        partition_of, _ = cur.name()
    elif cur.accept("OF"):
        cur.name()
    columns: list[_Column] = []
    foreign_keys: list[ForeignKey] = []
    if cur.accept("LIKE"):
        like, like_line = cur.name()
        columns = _copied_columns(ctx, like, table, like_line)
    elif cur.at_punct("("):
        for el in split_top(cur.group()):
            if not el:
                raise ParseError("empty column definition (a stray comma?)", cur.line())
            first = el[0]
            if first.kind == WORD and first.up == "LIKE":
                like, like_line = Cursor(el, 1).name()
                columns += _copied_columns(ctx, like, table, like_line)
            elif (first.kind == WORD and first.up in _TABLE_CONSTRAINTS) or _is_index(el):
                fk = _foreign_key_constraint(ctx, el, table)
                if fk is not None:
                    foreign_keys.append(fk)
            elif partition_of is None:
                columns.append(_column(ctx, el, table))
    elif partition_of is None and not cur.at("AS", "WITH", "ENGINE"):
        tok = cur.peek()
        found = tok.text if tok is not None else "the end of the statement"
        raise ParseError(f"CREATE TABLE {table} has no column list (found {found!r})",
                         cur.line())
    partitioned, comment, ttl, encrypted = _table_options(cur)
    ttl = ttl or next((c.ttl for c in columns if c.ttl), None)
    provenance = ctx.provenance(line, table)
    ctx.emit(CreateTable(table, tuple(c.column for c in columns), provenance,
                         tuple(foreign_keys), comment, partition_of, partitioned, ttl))
    for parsed in columns:
        _emit_column_encryption(ctx, table, parsed)
    if encrypted:
        ctx.emit(Encrypts(table, None, encrypted, provenance))


def _copied_columns(ctx: Context, source: str, table: str, line: int) -> list[_Column]:
    known = ctx.columns_of(source) or []
    return [_Column(ColumnDef(name, type_, ctx.provenance(line, table, name)))
            for name, type_ in known]


def _table_options(cur: Cursor) -> tuple[bool, str | None, str | None, str | None]:
    partitioned = False
    comment = ttl = encrypted = None
    while not cur.done():
        tok = cur.peek()
        assert tok is not None
        if tok.is_punct("("):
            cur.group()
        elif cur.accept("PARTITION", "BY"):
            partitioned = True
        elif tok.up == "COMMENT":
            cur.take()
            if _is_equals(cur.peek()):
                cur.take()
            if (value := cur.peek()) is not None and value.kind == STRING:
                comment = unquote_string(cur.take().text)
        elif tok.up == "TTL":
            cur.take()
            expression = []
            while not cur.done() and cur.word() not in (
                    "SETTINGS", "PRIMARY", "ORDER", "PARTITION", "SAMPLE", "COMMENT", "ENGINE"):
                expression.append(cur.take())
            ttl = "TTL " + render(expression, comma_space=True)
        elif tok.up == "ENCRYPTION":
            cur.take()
            if _is_equals(cur.peek()):
                cur.take()
            value = cur.peek()
            if value is not None and value.kind == STRING \
                    and unquote_string(value.text).strip().upper() in ("Y", "YES"):
                encrypted = f"InnoDB table encryption (ENCRYPTION={value.text})"
            cur.take()
        else:
            cur.take()
    return partitioned, comment, ttl, encrypted


# --- ALTER TABLE -----------------------------------------------------------------------------

def alter_table(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    cur.expect("ALTER")
    cur.accept("ONLINE")
    cur.accept("IGNORE")
    cur.expect("TABLE")
    cur.accept("IF", "EXISTS")
    cur.accept("ONLY")
    table, _ = cur.name()
    if (star := cur.peek()) is not None and star.text == "*":
        cur.take()
    if cur.at("WITH") and cur.word(1) in ("CHECK", "NOCHECK"):
        cur.i += 2
    if cur.done():
        raise ParseError(f"ALTER TABLE {table} without an action", line)
    previous = ""
    for item in split_top(cur.rest()):
        if not item:
            raise ParseError("empty ALTER TABLE action (a stray comma?)", line)
        first = item[0]
        if first.kind == WORD and first.up in _ALTER_ACTIONS and not (
                first.up == "COMMENT" and len(item) > 1 and item[1].kind in (WORD, QNAME)):
            previous = _alter_action(ctx, item, table)
        elif previous == "add column":
            parsed = _column(ctx, item, table)
            ctx.emit(AddColumn(table, parsed.column))
            _emit_column_encryption(ctx, table, parsed)
        elif previous == "drop column":
            name, name_line = Cursor(item).name()
            ctx.emit(DropColumn(table, name, ctx.provenance(name_line, table, name)))


def _alter_action(ctx: Context, item: list[Tok], table: str) -> str:
    """One ALTER TABLE action; returns what a following bare item continues (SQL Server)."""
    cur = Cursor(item)
    verb = cur.take()
    line = verb.line
    if verb.up == "ADD":
        return _alter_add(ctx, cur, table)
    if verb.up == "DROP":
        if cur.at("CONSTRAINT", "INDEX", "KEY", "PRIMARY", "FOREIGN", "PARTITION", "CHECK",
                  "DEFAULT", "PERIOD", "SYSTEM", "UNIQUE", "FULLTEXT", "SPATIAL"):
            return ""
        cur.accept("COLUMN")
        cur.accept("IF", "EXISTS")
        name, name_line = cur.name()
        ctx.emit(DropColumn(table, name, ctx.provenance(name_line, table, name)))
        return "drop column"
    if verb.up == "RENAME":
        if cur.at("CONSTRAINT", "INDEX", "KEY"):
            return ""
        if cur.accept("TO") or cur.accept("AS"):
            new, _ = cur.name()
            ctx.emit(RenameTable(table, new, ctx.provenance(line, table)))
            return ""
        cur.accept("COLUMN")
        old, old_line = cur.name()
        if cur.accept("TO"):
            new, _ = cur.name()
            ctx.emit(RenameColumn(table, old, new, ctx.provenance(old_line, table, old)))
        else:  # MySQL: RENAME new_name
            ctx.emit(RenameTable(table, old, ctx.provenance(line, table)))
        return ""
    if verb.up == "ALTER":
        if cur.at("INDEX", "CONSTRAINT", "CHECK"):
            return ""
        cur.accept("COLUMN")
        column, column_line = cur.name()
        provenance = ctx.provenance(column_line, table, column)
        if cur.accept("TYPE") or cur.accept("SET", "DATA", "TYPE"):
            rest = cur.rest()
            end = next((i for i, t in enumerate(rest) if t.up in ("USING", "COLLATE")),
                       len(rest))
            ctx.emit(AlterColumn(table, column, provenance, type=_type_text(rest[:end])))
        elif cur.accept("SET", "DEFAULT"):
            how = describe_call(cur.rest())
            if how is not None:
                ctx.emit(Encrypts(table, column, f"{how} in the column's default", provenance))
        elif cur.at("SET", "DROP", "ADD", "RESET", "OPTIONS", "RESTART") or cur.done():
            return ""
        else:  # SQL Server: ALTER COLUMN c <type> [NULL] [ENCRYPTED WITH (...)]
            parsed = _column(ctx, item[cur.i - 1:], table)
            ctx.emit(AlterColumn(table, column, provenance, type=parsed.column.type,
                                 encryption=parsed.column.encryption))
        return ""
    if verb.up in ("MODIFY", "CHANGE"):
        cur.accept("COLUMN")
        previous_name: str | None = None
        if verb.up == "CHANGE":
            previous_name, _ = cur.name()
        parsed = _column(ctx, cur.rest(), table)
        changed = parsed.column
        if previous_name is not None and \
                unquote_name(previous_name).lower() != unquote_name(changed.name).lower():
            ctx.emit(RenameColumn(table, previous_name, changed.name,
                                  ctx.provenance(changed.provenance.line, table, previous_name)))
        ctx.emit(AlterColumn(table, changed.name, changed.provenance, type=changed.type,
                             encryption=changed.encryption))
        if changed.comment is not None:
            ctx.emit(Comment(table, changed.name, changed.comment, changed.provenance))
        _emit_column_encryption(ctx, table, parsed)
        return ""
    if verb.up in ("ENABLE", "FORCE") and cur.accept("ROW", "LEVEL", "SECURITY"):
        ctx.emit(RowSecurity(table, None, ctx.provenance(line, table)))
        return ""
    if verb.up == "ATTACH" and cur.accept("PARTITION"):
        child, _ = cur.name()
        ctx.mark_partition(child, table)
        return ""
    if verb.up == "COMMENT":
        if _is_equals(cur.peek()):
            cur.take()
        if (value := cur.peek()) is not None and value.kind == STRING:
            ctx.emit(Comment(table, None, unquote_string(value.text),
                             ctx.provenance(line, table)))
        return ""
    if verb.up == "ENCRYPTION":
        if _is_equals(cur.peek()):
            cur.take()
        value = cur.peek()
        if value is not None and value.kind == STRING \
                and unquote_string(value.text).strip().upper() in ("Y", "YES"):
            ctx.emit(Encrypts(table, None, f"InnoDB table encryption (ENCRYPTION={value.text})",
                              ctx.provenance(line, table)))
        return ""
    if verb.up == "SET" and cur.accept("SCHEMA"):
        schema, _ = cur.name()
        base = split_dotted(table)[-1]
        ctx.emit(RenameTable(table, f"{schema}.{base}", ctx.provenance(line, table)))
    return ""


def _alter_add(ctx: Context, cur: Cursor, table: str) -> str:
    if cur.at("COLUMN"):
        cur.take()
        cur.accept("IF", "NOT", "EXISTS")
    elif cur.at("CONSTRAINT", "FOREIGN"):
        fk = _foreign_key_constraint(ctx, cur.rest(), table)
        if fk is not None:
            ctx.emit(AddForeignKey(table, fk))
        return ""
    elif cur.at("PRIMARY", "UNIQUE", "CHECK", "EXCLUDE", "FULLTEXT", "SPATIAL", "PARTITION",
                "PERIOD") or _is_index(cur.toks[cur.i:]):
        return ""
    elif cur.at_punct("("):  # MySQL: ADD (a INT, b BLOB)
        for el in split_top(cur.group()):
            if not el:
                raise ParseError("empty column definition (a stray comma?)", cur.line())
            parsed = _column(ctx, el, table)
            ctx.emit(AddColumn(table, parsed.column))
            _emit_column_encryption(ctx, table, parsed)
        return ""
    else:
        cur.accept("IF", "NOT", "EXISTS")
    if cur.done():
        raise ParseError("ADD without a column", cur.line())
    parsed = _column(ctx, cur.rest(), table)
    ctx.emit(AddColumn(table, parsed.column))
    _emit_column_encryption(ctx, table, parsed)
    return "add column"


# --- other table statements ------------------------------------------------------------------

def drop_table(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    cur.expect("DROP")
    cur.accept("TEMPORARY")
    cur.expect("TABLE")
    cur.accept("IF", "EXISTS")
    for item in split_top(cur.rest()):
        name, name_line = Cursor(item).name()
        ctx.emit(DropTable(name, ctx.provenance(name_line, name)))


def rename_table(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    cur.expect("RENAME")
    if not (cur.accept("TABLE") or cur.accept("TABLES")):
        raise ParseError("expected RENAME TABLE", line)
    for item in split_top(cur.rest()):
        part = Cursor(item)
        old, old_line = part.name()
        part.expect("TO")
        new, _ = part.name()
        ctx.emit(RenameTable(old, new, ctx.provenance(old_line, old)))


def comment_on(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    cur.expect("COMMENT", "ON")
    if cur.accept("TABLE"):
        table, name_line = cur.name()
        column = None
    elif cur.accept("COLUMN"):
        full, name_line = cur.name()
        parts = split_dotted(full)
        if len(parts) < 2:
            raise ParseError(f"COMMENT ON COLUMN {full}: no table named", name_line)
        table, column = ".".join(parts[:-1]), parts[-1]
    else:
        return
    cur.expect("IS")
    value = cur.take()
    if value.kind == STRING:
        text = unquote_string(value.text)
    elif value.up == "NULL":
        text = ""
    else:
        raise ParseError(f"COMMENT ON ... IS expects a string, found {value.text!r}", value.line)
    ctx.emit(Comment(table, column, text, ctx.provenance(name_line, table, column)))


def create_extension(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    cur.expect("CREATE", "EXTENSION")
    cur.accept("IF", "NOT", "EXISTS")
    tok = cur.take()
    if tok.kind not in (WORD, QNAME, STRING):
        raise ParseError(f"CREATE EXTENSION: expected a name, found {tok.text!r}", tok.line)
    name = unquote_string(tok.text) if tok.kind == STRING else unquote_name(tok.text)
    ctx.emit(Extension(name, Provenance(ctx.path, tok.line, None)))


def create_policy(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    cur.expect("CREATE", "POLICY")
    policy, _ = cur.name()
    cur.expect("ON")
    table, name_line = cur.name()
    ctx.emit(RowSecurity(table, unquote_name(policy), ctx.provenance(name_line, table)))


def _procedure_args(cur: Cursor) -> tuple[list[str | None], dict[str, str | None]]:
    """Positional and @named arguments of an EXEC, as plain values."""
    positional: list[str | None] = []
    named: dict[str, str | None] = {}
    for item in split_top(cur.rest()):
        if len(item) >= 3 and item[0].text.startswith("@") and _is_equals(item[1]):
            named[item[0].text[1:].lower()] = _value(item[2:])
        elif item:
            positional.append(_value(item))
    return positional, named


def _value(item: list[Tok]) -> str | None:
    tok = item[0]
    if tok.kind == STRING:
        return unquote_string(tok.text)
    if tok.kind in (WORD, QNAME) and tok.up != "NULL":
        return unquote_name(tok.text)
    return None


def _arg(positional: list[str | None], named: dict[str, str | None], index: int,
         key: str) -> str | None:
    if key in named:
        return named[key]
    return positional[index] if index < len(positional) else None


def exec_procedure(ctx: Context, toks: list[Tok], line: int) -> None:
    """EXEC sp_rename ... and EXEC sp_addextendedproperty 'MS_Description', ..."""
    cur = Cursor(toks)
    if not cur.accept("EXEC"):
        cur.accept("EXECUTE")
    procedure, _ = cur.name()
    base = unquote_name(split_dotted(procedure)[-1]).lower()
    positional, named = _procedure_args(cur)
    if base == "sp_rename":
        old = _arg(positional, named, 0, "objname")
        new = _arg(positional, named, 1, "newname")
        kind = (_arg(positional, named, 2, "objtype") or "OBJECT").upper()
        if not old or not new:
            raise ParseError("sp_rename without old and new names", line)
        parts = split_dotted(old)
        if kind == "COLUMN":
            if len(parts) < 2:
                raise ParseError(f"sp_rename of column {old!r} names no table", line)
            table = ".".join(parts[:-1])
            ctx.emit(RenameColumn(table, parts[-1], new,
                                  ctx.provenance(line, table, parts[-1])))
        elif kind == "OBJECT":
            target = ".".join([*parts[:-1], new]) if len(parts) > 1 else new
            ctx.emit(RenameTable(old, target, ctx.provenance(line, old)))
    elif base in ("sp_addextendedproperty", "sp_updateextendedproperty"):
        name = _arg(positional, named, 0, "name")
        value = _arg(positional, named, 1, "value")
        if (name or "").lower() != "ms_description" or value is None:
            return
        level1 = (_arg(positional, named, 4, "level1type") or "").upper()
        level1_name = _arg(positional, named, 5, "level1name")
        if level1 != "TABLE" or not level1_name:
            return
        schema = _arg(positional, named, 3, "level0name")
        qualified = f"{schema}.{level1_name}" if schema else level1_name
        column = None
        if (_arg(positional, named, 6, "level2type") or "").upper() == "COLUMN":
            column = _arg(positional, named, 7, "level2name")
        ctx.emit(Comment(qualified, column, value, ctx.provenance(line, qualified, column)))

