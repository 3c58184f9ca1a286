"""Decide from a statement's first words whether it can matter, and parse only those.

Classification reads the head of the statement (its first kilobyte) with plain patterns, before
any tokenizing; a pg_dump's thousands of ``ALTER TABLE ... OWNER TO``, ``CREATE INDEX``,
``GRANT`` and ``SET`` statements cost one pattern match each. The statements that can change a
table, say how long rows live or whether values are encrypted are tokenized with sqlparse's
lexer and handed to their parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlparse import keywords

from faceaudit.readers.sqlkit import data, routines, tables
from faceaudit.readers.sqlkit.context import Context
from faceaudit.readers.sqlkit.crypto import find_encryption, mentions_encryption
from faceaudit.readers.sqlkit.lexing import ParseError, Tok, tokenize, unquote_name
from faceaudit.readers.sqlkit.splitter import Statement
from faceaudit.schema.ops import Encrypts

MAX_TOKENIZED = 1_000_000

Handler = Callable[[Context, list[Tok], int], None]

_HEAD_WORD = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*(?:([A-Za-z_][\w$]*)|(\S))", re.S)
_ROUTINE_KIND = re.compile(
    r"\s*CREATE\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?(?:DEFINER\s*=\s*\S+\s+)?"
    r"(?:SQL\s+SECURITY\s+\w+\s+)?(?:CONSTRAINT\s+)?"
    r"(?P<kind>FUNCTION|PROCEDURE|PROC|TRIGGER|EVENT)\b", re.I)
_PART = r'(?:"[^"]*"|`[^`]*`|\[[^\]]*\]|[\w$]+)'
_NAME = rf"{_PART}(?:\s*\.\s*{_PART})*"
# ALTER TABLE statements pg_dump writes by the thousand that change nothing a check reads.
_ALTER_TRIVIAL = re.compile(
    rf"\s*ALTER\s+TABLE\s+(?:ONLY\s+)?{_NAME}\s+(?:OWNER\s+TO\b"
    r"|ADD\s+CONSTRAINT\s+\S+\s+(?:PRIMARY\s+KEY|UNIQUE|CHECK|EXCLUDE)\b"
    r"|ALTER\s+(?:COLUMN\s+)?\S+\s+(?:SET|DROP)\s+(?:DEFAULT|NOT\s+NULL|STATISTICS|STORAGE)\b"
    r"|CLUSTER\s+ON\b|REPLICA\s+IDENTITY\b|SET\s*\()", re.I)
_MORE_ACTIONS = re.compile(r",\s*(?:ADD|DROP|ALTER|MODIFY|CHANGE|RENAME|ENABLE|FORCE)\b", re.I)
_SCHEDULER_WORDS = ("cron", "CRON", "Cron", "partman", "PARTMAN")
_SCHEDULERS = re.compile(r"\b(?:cron|partman)\s*\.", re.I)
_PART_CONFIG = re.compile(r"\s*(?:UPDATE|INSERT\s+INTO)\s+\"?partman\"?\s*\.\s*\"?part_config\b",
                          re.I)
_PURGE_WORDS = re.compile(r"\b(?:DELETE|TRUNCATE|DROP|DETACH)\b", re.I)
_PROCEDURES = re.compile(r"\bsp_(?:rename|addextendedproperty|updateextendedproperty)\b", re.I)

_KNOWN_WORDS = frozenset().union(*(
    getattr(keywords, name) for name in dir(keywords) if name.startswith("KEYWORDS"))) | {
    "PRAGMA", "REFRESH", "IMPORT", "DISCARD", "RELEASE", "OPTIMIZE", "KILL", "REASSIGN",
    "HANDLER", "RESTORE", "DBCC", "BULK", "RAISERROR", "THROW", "WAITFOR", "LABEL", "VACUUM",
    "PERFORM", "DO", "CALL", "EXEC", "EXECUTE", "GO", "PRINT", "USE", "SECURITY", "REINDEX",
    "UNLOCK", "FLUSH", "SOURCE", "CHECKPOINT", "LISTEN", "NOTIFY", "UNLISTEN", "LOAD", "DESC",
    "REPAIR", "PURGE", "INSTALL", "UNINSTALL", "DENY", "CHECKSUM", "SPOOL", "PROMPT",
}

_LABELS: dict[Handler, str] = {
    tables.create_table: "CREATE TABLE", tables.alter_table: "ALTER TABLE",
    tables.drop_table: "DROP TABLE", tables.rename_table: "RENAME TABLE",
    tables.comment_on: "COMMENT ON", tables.create_extension: "CREATE EXTENSION",
    tables.create_policy: "CREATE POLICY", tables.exec_procedure: "EXEC",
    routines.create_function: "CREATE FUNCTION", routines.create_trigger: "CREATE TRIGGER",
    routines.create_event: "CREATE EVENT", routines.scheduler: "scheduler call",
    routines.part_config_update: "UPDATE partman.part_config",
    routines.part_config_insert: "INSERT INTO partman.part_config",
}


def head_words(text: str, count: int) -> list[str]:
    """The first words of a statement, upper-cased; a symbol ends the list (and is in it)."""
    words: list[str] = []
    position = 0
    while len(words) < count:
        match = _HEAD_WORD.match(text, position)
        if match is None:
            break
        if match.group(1) is None:
            words.append(match.group(2))
            break
        words.append(match.group(1).upper())
        position = match.end()
    return words


def _update_encryption(ctx: Context, toks: list[Tok], line: int) -> None:
    def known(name: str) -> list[str] | None:
        found = ctx.columns_of(name)
        return [c for c, _ in found] if found is not None else None

    for found in find_encryption(toks, known):
        if found.table and found.column:
            ctx.emit(Encrypts(found.table, found.column,
                              f"{found.how} in an UPDATE of {unquote_name(found.table)}",
                              ctx.provenance(found.line, found.table, found.column)))


def _create_handler(ctx: Context, statement: Statement, head: str,
                    words: list[str]) -> Handler | None:
    rest = words[1:]
    if rest[:2] == ["OR", "REPLACE"]:
        rest = rest[2:]
    if rest and rest[0] in ("GLOBAL", "LOCAL"):
        rest = rest[1:]
    if rest and rest[0] in ("TEMP", "TEMPORARY"):
        return None
    if rest and rest[0] in ("UNLOGGED", "TRANSIENT"):
        rest = rest[1:]
    if rest[:1] == ["TABLE"]:
        return tables.create_table
    if rest[:1] == ["EXTENSION"]:
        return tables.create_extension
    if rest[:1] == ["POLICY"]:
        return tables.create_policy
    routine = _ROUTINE_KIND.match(head)
    if routine is None:
        return None
    kind = routine.group("kind").upper()
    if kind == "EVENT":
        return routines.create_event
    text = statement.text
    if kind == "TRIGGER":
        if mentions_encryption(text) or _PURGE_WORDS.search(text) or any(
                f.encrypts or (f.purges and f.by_age) for f in ctx.functions.values()):
            return routines.create_trigger
        return None
    if mentions_encryption(text) or _PURGE_WORDS.search(text):
        return routines.create_function
    return None


def _handler(ctx: Context, statement: Statement, head: str,
             words: list[str]) -> Handler | str | None:
    """The parser a statement needs; "insert" for the untokenized INSERT path; None to skip."""
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if first == "CREATE":
        return _create_handler(ctx, statement, head, words)
    if first == "ALTER":
        if not (second == "TABLE" or (second in ("ONLINE", "IGNORE") and words[2:3] == ["TABLE"])):
            return None
        if _ALTER_TRIVIAL.match(head) and statement.size < 4096:
            text = statement.text
            if not _MORE_ACTIONS.search(text) and not mentions_encryption(text):
                return None
        return tables.alter_table
    if first == "DROP":
        table = second == "TABLE" or (second == "TEMPORARY" and words[2:3] == ["TABLE"])
        return tables.drop_table if table else None
    if first == "RENAME":
        return tables.rename_table if second in ("TABLE", "TABLES") else None
    if first == "COMMENT":
        return tables.comment_on if second == "ON" else None
    if first in ("EXEC", "EXECUTE") or first.startswith("SP_"):
        return tables.exec_procedure if _PROCEDURES.search(head) else None
    if first in ("SELECT", "DO", "CALL", "PERFORM", "WITH"):
        text = statement.text
        if statement.size < MAX_TOKENIZED and any(word in text for word in _SCHEDULER_WORDS) \
                and _SCHEDULERS.search(text):
            return routines.scheduler
        return None
    if first == "UPDATE":
        if _PART_CONFIG.match(head):
            return routines.part_config_update
        if mentions_encryption(statement.text):
            return _update_encryption
        return None
    if first in ("INSERT", "REPLACE"):
        return routines.part_config_insert if _PART_CONFIG.match(head) else "insert"
    if first in _KNOWN_WORDS or first == "(" or first.startswith(("SP_", "XP_")):
        return None
    return f"unrecognised statement starting with {first!r}"


def _check_replacement(ctx: Context, statement: Statement) -> None:
    if any("\ufffd" in piece for piece in statement.pieces):
        text = statement.text
        line = statement.line + text.count("\n", 0, text.index("\ufffd"))
        ctx.error(line, "invalid UTF-8 bytes (read as U+FFFD replacement characters) in this "
                        "statement; names or text in it may be garbled")


def handle(ctx: Context, statement: Statement, escapes: bool) -> None:
    """Emit what one statement holds into ``ctx``; bad statements become errors."""
    _check_replacement(ctx, statement)
    head = statement.head(1024)
    words = head_words(head, 4)
    if not words:
        return
    handler = _handler(ctx, statement, head, words)
    if handler is None:
        return
    try:
        if handler == "insert":
            data.insert(ctx, statement, escapes)
            return
        if isinstance(handler, str):
            ctx.error(statement.line, handler)
            return
        label = _LABELS.get(handler, words[0])
        if statement.size > MAX_TOKENIZED:
            ctx.error(statement.line, f"{label} statement of {statement.size} characters is too "
                                      "long to parse; skipped")
            return
        handler(ctx, tokenize(statement.text, statement.line), statement.line)
    except ParseError as problem:
        where = f" (at line {problem.line})" if problem.line and problem.line != statement.line \
            else ""
        what = "INSERT" if handler == "insert" else _LABELS.get(handler, words[0]) \
            if not isinstance(handler, str) else words[0]
        ctx.error(statement.line, f"could not parse {what} statement: {problem.reason}{where}")
