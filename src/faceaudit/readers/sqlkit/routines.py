"""Code that deletes or encrypts rows: functions and procedures, triggers, MySQL events,
pg_cron jobs and pg_partman retention settings."""

from __future__ import annotations

import re
from collections.abc import Callable

from faceaudit.readers.sqlkit.context import Context, FunctionFacts
from faceaudit.readers.sqlkit.crypto import find_encryption
from faceaudit.readers.sqlkit.lexing import (
    OP,
    QNAME,
    STRING,
    WORD,
    Cursor,
    ParseError,
    Tok,
    match_paren,
    render,
    split_dotted,
    split_top,
    tokenize,
    unquote_name,
    unquote_string,
)
from faceaudit.schema.ops import Encrypts, Purge, normalize_name

_ROUTINE_WORDS = ("FUNCTION", "PROCEDURE", "PROC", "TRIGGER", "EVENT")
_DYNAMIC = re.compile(
    r"\b(?P<verb>DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|DROP\s+TABLE(?:\s+IF\s+EXISTS)?"
    r"|DETACH\s+PARTITION)\s+(?:ONLY\s+)?(?P<name>[A-Za-z_\"%][\w.\"$%]*)?", re.I)
_PARTITION_SUFFIX = re.compile(r"(?:_p?\d{4}(?:_?\d{2}){0,3}|_(?:old|default|p\d+))$", re.I)
_FALSE = frozenset({"false", "f", "off", "0", "no"})
# A DELETE that compares with the clock removes rows by age (a retention rule), not by
# relation (a cascade written by hand).
_CLOCK = re.compile(r"\b(?:now|current_timestamp|current_date|localtimestamp|strftime|datetime|"
                    r"julianday|unixepoch|interval|date_sub|getdate|getutcdate|sysdate|"
                    r"sysdatetime|dateadd|utc_timestamp)\b", re.I)
COMMAND_CHARS = 160


def short(text: str) -> str:
    """A command in one line, cut to a readable length."""
    text = " ".join(text.split())
    return text if len(text) <= COMMAND_CHARS else text[:COMMAND_CHARS - 1] + "…"


def _skip_definer(cur: Cursor) -> None:
    if cur.at("DEFINER"):
        while not cur.done() and not cur.at(*_ROUTINE_WORDS, "CONSTRAINT"):
            cur.take()


def _routine_head(cur: Cursor) -> str:
    cur.expect("CREATE")
    if not cur.accept("OR", "REPLACE"):
        cur.accept("OR", "ALTER")
    _skip_definer(cur)
    if cur.accept("SQL", "SECURITY"):
        cur.take()
    cur.accept("CONSTRAINT")
    kind = cur.take()
    if kind.up not in _ROUTINE_WORDS:
        raise ParseError(f"expected FUNCTION, PROCEDURE, TRIGGER or EVENT, found {kind.text!r}",
                         kind.line)
    cur.accept("IF", "NOT", "EXISTS")
    return kind.up


def _expanded(toks: list[Tok]) -> list[Tok]:
    """The tokens with quoted routine bodies (``AS $$ ... $$``) tokenized in place."""
    out: list[Tok] = []
    for index, tok in enumerate(toks):
        quoted_body = tok.kind == STRING and (
            tok.text.startswith("$") or (index and toks[index - 1].up == "AS"))
        if quoted_body:
            out.extend(tokenize(unquote_string(tok.text), tok.line))
        else:
            out.append(tok)
    return out


def _resolve(ctx: Context, table: str) -> str:
    """A dropped table that is a partition stands for its parent."""
    parent = ctx.parent_of(table)
    if parent is not None:
        return parent
    stripped = _PARTITION_SUFFIX.sub("", table)
    if stripped != table and ctx.columns_of(stripped) is not None:
        return stripped
    return table


def _names_after(toks: list[Tok], index: int) -> list[str]:
    """Comma-separated table names starting at ``index`` (TRUNCATE a, b; DROP TABLE a, b)."""
    names = []
    cur = Cursor(toks, index)
    while not cur.done():
        tok = cur.peek()
        if tok is None or tok.kind not in (WORD, QNAME):
            break
        name, _ = cur.name()
        names.append(name)
        if not cur.at_punct(","):
            break
        cur.take()
    return names


def _table_before(toks: list[Tok], index: int) -> str | None:
    """For ``ALTER TABLE t DETACH PARTITION p``: the t before position ``index``."""
    for start in range(index - 1, -1, -1):
        if toks[start].up == "TABLE" and start and toks[start - 1].up == "ALTER":
            cur = Cursor(toks, start + 1)
            cur.accept("IF", "EXISTS")
            cur.accept("ONLY")
            try:
                return cur.name()[0]
            except ParseError:
                return None
    return None


def find_purges(ctx: Context, toks: list[Tok]) -> list[tuple[str, str]]:
    """Tables whose rows the code deletes: (table, what happens), in order of appearance."""
    found: list[tuple[str, str]] = []
    for index, tok in enumerate(toks):
        if tok.kind == STRING:
            found += _dynamic_purges(ctx, unquote_string(tok.text), toks)
            continue
        if tok.kind != WORD:
            continue
        word = tok.up
        following = toks[index + 1].up if index + 1 < len(toks) else ""
        if word == "DELETE" and not (index and toks[index - 1].up == "ON"):
            cur = Cursor(toks, index + 1)
            if cur.accept("TOP"):
                cur.skip_group()
            cur.accept("FROM")
            cur.accept("ONLY")
            found += [(name, "DELETE") for name in _names_after(toks, cur.i)[:1]]
        elif word == "TRUNCATE":
            cur = Cursor(toks, index + 1)
            cur.accept("TABLE")
            cur.accept("ONLY")
            found += [(name, "TRUNCATE") for name in _names_after(toks, cur.i)]
        elif word == "DROP" and following == "TABLE":
            cur = Cursor(toks, index + 2)
            cur.accept("IF", "EXISTS")
            found += [(_resolve(ctx, name), "DROP TABLE") for name in _names_after(toks, cur.i)]
        elif (word == "DETACH" or word == "DROP") and following == "PARTITION":
            table = _table_before(toks, index)
            if table is not None:
                found.append((table, f"{word} PARTITION"))
        elif index + 1 < len(toks) and toks[index + 1].is_punct("("):
            name = tok.text
            if index >= 2 and toks[index - 1].is_punct("."):
                name = f"{toks[index - 2].text}.{name}"
            facts = ctx.functions.get(normalize_name(name)) \
                or ctx.functions.get(normalize_name(tok.text))
            if facts is not None:
                found += [(table, f"{what} in {unquote_name(tok.text)}()")
                          for table, what in facts.purges]
    return found


def _dynamic_purges(ctx: Context, text: str, toks: list[Tok]) -> list[tuple[str, str]]:
    """Statements built as strings (EXECUTE format('DROP TABLE %I', ...))."""
    found = []
    for match in _DYNAMIC.finditer(text):
        verb = " ".join(match.group("verb").upper().split()[:2])
        name = match.group("name")
        if name and "%" not in name:
            found.append((_resolve(ctx, name) if "DROP" in verb else name, verb))
        elif "DROP" in verb or "DETACH" in verb:
            # a generated partition name: the partitioned tables the code names
            for tok in toks:
                candidate = unquote_string(tok.text) if tok.kind == STRING else tok.text
                candidate = candidate.split("::")[0]
                if candidate and normalize_name(candidate) in ctx.partitioned:
                    found.append((candidate, f"{verb} of its partitions"))
                    break
    return found


# --- CREATE FUNCTION / PROCEDURE -------------------------------------------------------------

def create_function(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    kind = _routine_head(cur)
    name, _ = cur.name()
    body = _expanded(cur.rest())
    facts = FunctionFacts()
    label = f"{'function' if kind == 'FUNCTION' else 'procedure'} {unquote_name(name)}"
    for found in find_encryption(body, _column_names(ctx)):
        if found.new_row and found.column:
            facts.encrypts.append((found.column, found.how))
        elif found.table and found.column:
            ctx.emit(Encrypts(found.table, found.column, f"{found.how} in {label}",
                              ctx.provenance(found.line, found.table, found.column)))
    facts.purges = find_purges(ctx, body)
    facts.by_age = bool(_CLOCK.search(" ".join(tok.text for tok in body)))
    ctx.functions[normalize_name(name)] = facts
    ctx.functions.setdefault(normalize_name(split_dotted(name)[-1]), facts)


def _column_names(ctx: Context) -> Callable[[str], list[str] | None]:
    def columns(table: str) -> list[str] | None:
        known = ctx.columns_of(table)
        return [name for name, _ in known] if known is not None else None
    return columns


# --- CREATE TRIGGER --------------------------------------------------------------------------

def create_trigger(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    _routine_head(cur)
    trigger, _ = cur.name()
    depth = 0
    while not cur.done():
        tok = cur.peek()
        assert tok is not None
        if tok.is_punct("("):
            depth += 1
        elif tok.is_punct(")"):
            depth -= 1
        elif depth == 0 and tok.up == "ON":
            break
        cur.take()
    if not cur.accept("ON"):
        raise ParseError(f"trigger {trigger} names no table (ON ...)", line)
    table, table_line = cur.name()
    rest = cur.rest()
    label = f"trigger {unquote_name(trigger)}"
    for index, tok in enumerate(rest):
        if tok.up == "EXECUTE" and index + 2 < len(rest) \
                and rest[index + 1].up in ("FUNCTION", "PROCEDURE"):
            function, _ = Cursor(rest, index + 2).name()
            facts = ctx.functions.get(normalize_name(function))
            if facts is None:
                return
            for column, how in facts.encrypts:
                ctx.emit(Encrypts(table, column,
                                  f"{how} in trigger function {unquote_name(function)} "
                                  f"({label})", ctx.provenance(table_line, table, column)))
            if facts.by_age:
                for purged, what in facts.purges:
                    ctx.emit(Purge(purged, f"{label} on {unquote_name(table)} runs "
                                           f"{unquote_name(function)}(): {what} by age",
                                   ctx.provenance(line, purged)))
            return
    body = _expanded(rest)
    for found in find_encryption(body, _column_names(ctx)):
        target = table if found.new_row else found.table
        if target and found.column:
            ctx.emit(Encrypts(target, found.column, f"{found.how} in {label}",
                              ctx.provenance(found.line, target, found.column)))
    if _CLOCK.search(" ".join(tok.text for tok in body)):
        for purged, _what in find_purges(ctx, body):
            ctx.emit(Purge(purged, f"{label} on {unquote_name(table)}: "
                                   f"{short(render(body, comma_space=True))}",
                           ctx.provenance(line, purged)))


# --- MySQL CREATE EVENT ----------------------------------------------------------------------

def create_event(ctx: Context, toks: list[Tok], line: int) -> None:
    cur = Cursor(toks)
    _routine_head(cur)
    event, _ = cur.name()
    cur.expect("ON", "SCHEDULE")
    schedule: list[Tok] = []
    while not cur.done() and not (cur.at("ENABLE", "DISABLE", "COMMENT", "DO")
                                  or (cur.at("ON") and cur.word(1) == "COMPLETION")):
        schedule.append(cur.take())
    while not cur.done() and not cur.at("DO"):
        cur.take()
    if not cur.accept("DO"):
        raise ParseError(f"event {event} has no DO body", line)
    body = cur.rest()
    how = f"MySQL event {unquote_name(event)} ({render(schedule, comma_space=True)})"
    for table, _what in find_purges(ctx, body):
        ctx.emit(Purge(table, f"{how}: {short(render(body, comma_space=True))}",
                       ctx.provenance(line, table)))


# --- pg_cron and pg_partman ------------------------------------------------------------------

def _arguments(toks: list[Tok]) -> tuple[list[Tok], dict[str, Tok]]:
    positional: list[Tok] = []
    named: dict[str, Tok] = {}
    for item in split_top(toks):
        if len(item) >= 3 and item[0].kind in (WORD, QNAME) and item[1].kind == OP \
                and item[1].text in (":=", "=>"):
            named[unquote_name(item[0].text).lower()] = item[2]
        elif item:
            positional.append(item[0])
    return positional, named


def _text(tok: Tok | None) -> str | None:
    if tok is None:
        return None
    if tok.kind == STRING:
        return unquote_string(tok.text)
    if tok.kind in (WORD, QNAME):
        return unquote_name(tok.text)
    return tok.text


def scheduler(ctx: Context, toks: list[Tok], line: int) -> None:
    """SELECT cron.schedule(...), cron.unschedule(...), partman.create_parent(...), also
    inside a DO block."""
    if toks and toks[0].up == "DO":
        toks = _expanded(toks)
    for index in range(len(toks) - 3):
        if not (toks[index + 1].is_punct(".") and toks[index + 3].is_punct("(")):
            continue
        schema = unquote_name(toks[index].text).lower()
        function = unquote_name(toks[index + 2].text).lower()
        close = match_paren(toks, index + 3)
        if close < 0:
            raise ParseError(f"unbalanced parentheses in {schema}.{function}(...)",
                             toks[index].line)
        positional, named = _arguments(toks[index + 4:close])
        if schema == "cron" and function in ("schedule", "schedule_in_database"):
            _cron_job(ctx, positional, named, toks[index].line)
        elif schema == "cron" and function == "unschedule":
            job = _text(named.get("job_name") or (positional[0] if positional else None))
            if job:
                ctx.forget_job(job)
        elif schema == "partman" and function == "create_parent":
            table = _text(named.get("p_parent_table") or (positional[0] if positional else None))
            if table:
                settings = {key[2:]: _text(value) or "" for key, value in named.items()
                            if key in ("p_retention", "p_retention_keep_table")}
                partman_settings(ctx, table, settings, toks[index].line)


def _cron_job(ctx: Context, positional: list[Tok], named: dict[str, Tok], line: int) -> None:
    if named:
        name = _text(named.get("job_name"))
        schedule = _text(named.get("schedule"))
        command_tok = named.get("command")
    elif len(positional) >= 3:
        name, schedule, command_tok = _text(positional[0]), _text(positional[1]), positional[2]
    elif len(positional) == 2:
        name, schedule, command_tok = None, _text(positional[0]), positional[1]
    else:
        raise ParseError("cron.schedule needs a schedule and a command", line)
    if command_tok is None or command_tok.kind != STRING:
        return
    command = unquote_string(command_tok.text)
    label = f"pg_cron job '{name}'" if name else "pg_cron job"
    how = f"{label} ({schedule}): {short(command)}"
    made = []
    for table, _what in find_purges(ctx, tokenize(command, command_tok.line)):
        op = Purge(table, how, ctx.provenance(line, table))
        ctx.emit(op)
        made.append(op)
    if name:
        ctx.jobs.setdefault(name, []).extend(made)


def partman_settings(ctx: Context, table: str, settings: dict[str, str], line: int) -> None:
    """Record part_config values for a table; a retention whose old partitions are dropped
    (retention_keep_table false) is a purge."""
    key = normalize_name(table)
    config = ctx.partman.setdefault(key, {})
    before = (config.get("retention"), config.get("retention_keep_table"))
    config.update({k: v for k, v in settings.items() if v is not None})
    retention = config.get("retention")
    keep = (config.get("retention_keep_table") or "true").strip().lower()
    if retention and keep in _FALSE and before != (retention, config.get("retention_keep_table")):
        ctx.emit(Purge(table, f"pg_partman retention '{retention}': partitions older than "
                              "that are dropped by partman maintenance",
                       ctx.provenance(line, table)))


def part_config_update(ctx: Context, toks: list[Tok], line: int) -> None:
    """UPDATE partman.part_config SET retention = '...' ... WHERE parent_table = '...'."""
    cur = Cursor(toks)
    cur.expect("UPDATE")
    cur.name()
    cur.expect("SET")
    rest = cur.rest()
    where = next((i for i, t in enumerate(rest) if t.up == "WHERE"), len(rest))
    settings: dict[str, str] = {}
    for item in split_top(rest[:where]):
        if len(item) >= 3 and item[1].text == "=":
            settings[unquote_name(item[0].text).lower()] = _text(item[2]) or ""
    tables = [_text(rest[i + 2]) for i in range(where, len(rest) - 2)
              if unquote_name(rest[i].text).lower() == "parent_table" and rest[i + 1].text == "="]
    for table in tables:
        if table:
            partman_settings(ctx, table, settings, line)


def part_config_insert(ctx: Context, toks: list[Tok], line: int) -> None:
    """INSERT INTO partman.part_config (parent_table, retention, ...) VALUES (...)."""
    cur = Cursor(toks)
    cur.expect("INSERT", "INTO")
    cur.name()
    if not cur.at_punct("("):
        return
    columns = [unquote_name(item[0].text).lower() for item in split_top(cur.group()) if item]
    if not cur.accept("VALUES"):
        return
    while cur.at_punct("("):
        values = [_text(item[0]) if item else None for item in split_top(cur.group())]
        row = dict(zip(columns, values, strict=False))
        table = row.get("parent_table")
        if table:
            settings = {k: v for k, v in row.items()
                        if k in ("retention", "retention_keep_table") and v is not None}
            partman_settings(ctx, table, settings, line)
        if not cur.at_punct(","):
            break
        cur.take()
