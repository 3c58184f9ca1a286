"""Data in a schema file: INSERT rows and pg_dump COPY blocks.

Rows are counted without tokenizing them — a 50 MB INSERT is walked one row at a time by a
compiled pattern — and only the first row of a table is looked at, for columns that hold plain
number arrays (an unencrypted embedding). The values themselves are never copied anywhere: a
sample says "plaintext numbers (512 per value)" and nothing more.
"""

from __future__ import annotations

import csv
import re

from faceaudit.readers.sqlkit.context import Context
from faceaudit.readers.sqlkit.crypto import find_encryption, mentions_encryption
from faceaudit.readers.sqlkit.lexing import (
    NUMBER,
    STRING,
    WORD,
    Cursor,
    ParseError,
    Tok,
    names_in,
    split_top,
    tokenize,
    unquote_name,
    unquote_string,
)
from faceaudit.readers.sqlkit.splitter import CopyBlock, Statement
from faceaudit.schema.ops import Encrypts, RowCount, Sample

MIN_NUMBERS = 16
MAX_TOKENIZED = 1_000_000

_IDENT = r'(?:"(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)'
_QUALIFIED = rf"{_IDENT}(?:\s*\.\s*{_IDENT})*"
_INSERT_HEAD = re.compile(
    r"\s*(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE|OR\s+\w+)\s+)*"
    rf"(?:INTO\s+)?(?P<table>{_QUALIFIED})\s*(?:AS\s+\w+\s*)?"
    r"(?:\((?P<columns>[^()]*)\)\s*)?"
    r"(?:OVERRIDING\s+\w+\s+VALUE\s+)?(?P<verb>VALUES?|SELECT|WITH|DEFAULT|SET|TABLE|\()?",
    re.I)
_IDENT_RE = re.compile(_IDENT)
_SPACE = re.compile(r"\s*")
_STRING_STD = r"'[^']*+'"
_STRING_ESC = r"'(?:[^'\\]++|\\.)*+'"
_QUOTED_STD = r'"[^"]*+"'
_QUOTED_ESC = r'"(?:[^"\\]++|\\.)*+"'


def _row_pattern(string: str, quoted: str) -> re.Pattern[str]:
    """One parenthesised row, with strings and one level of inner parentheses, in C."""
    inner = rf"[^()'\"]++|{string}|{quoted}"
    return re.compile(rf"\((?:{inner}|\((?:{inner})*+\))*+\)", re.S)


_ROW_STD = _row_pattern(_STRING_STD, _QUOTED_STD)
_ROW_ESC = _row_pattern(_STRING_ESC, _QUOTED_ESC)
_PAREN_OR_STRING_STD = re.compile(rf"{_STRING_STD}|{_QUOTED_STD}|[()]", re.S)
_PAREN_OR_STRING_ESC = re.compile(rf"{_STRING_ESC}|{_QUOTED_ESC}|[()]", re.S)
_NUMBER = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")
_BRACKETS = str.maketrans("", "", "{}[]")


def plain_numbers(value: str) -> int:
    """How many numbers a value such as ``{0.12,-0.3,...}`` or ``[0.12, ...]`` holds; 0 when
    it is not a plain number array of at least MIN_NUMBERS numbers."""
    text = value.strip()
    if len(text) < 2 or (text[0], text[-1]) not in (("{", "}"), ("[", "]")):
        return 0
    parts = text.translate(_BRACKETS).split(",")
    if len(parts) < MIN_NUMBERS:
        return 0
    for part in parts:
        if not _NUMBER.fullmatch(part):
            return 0
    return len(parts)


def _describe(count: int) -> str:
    return f"plaintext numbers ({count} per value)"


def _close_paren(text: str, start: int, escapes: bool) -> int:
    """The position of the parenthesis closing the one at ``start``, or -1 (any depth)."""
    depth = 0
    pattern = _PAREN_OR_STRING_ESC if escapes else _PAREN_OR_STRING_STD
    for match in pattern.finditer(text, start):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
            if depth == 0:
                return match.start()
    return -1


def count_rows(text: str, start: int, escapes: bool) -> tuple[int, tuple[int, int] | None]:
    """Rows of a VALUES list starting at ``start``, and the span of the first row's inside."""
    row = _ROW_ESC if escapes else _ROW_STD
    rows = 0
    first = None
    position = start
    end = len(text)
    while True:
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        match = row.match(text, position)
        if match is not None:
            row_end = match.end()
        elif position < end and text[position] == "(":
            close = _close_paren(text, position, escapes)
            if close < 0:
                break
            row_end = close + 1
        else:
            break
        rows += 1
        if first is None:
            first = (position + 1, row_end - 1)
        position = _SPACE.match(text, row_end).end()  # type: ignore[union-attr]
        if position < end and text[position] == ",":
            position += 1
        else:
            break
    return rows, first


def _value_numbers(item: list[Tok]) -> int:
    if not item:
        return 0
    first = item[0]
    if first.kind == STRING:
        return plain_numbers(unquote_string(first.text))
    if first.kind == WORD and first.up == "CAST" and len(item) > 2 and item[2].kind == STRING:
        return plain_numbers(unquote_string(item[2].text))
    if first.kind == WORD and first.up == "ARRAY":
        numbers = [t for t in item[1:] if t.kind == NUMBER]
        others = [t for t in item[1:] if t.kind not in (NUMBER,) and t.text not in "[],-+"]
        if not others and len(numbers) >= MIN_NUMBERS:
            return len(numbers)
    return 0


def insert(ctx: Context, statement: Statement, escapes: bool) -> None:
    """Row counts and first-row samples for INSERTs into facial tables; encryption calls in
    any INSERT."""
    head = statement.head(8192)
    match = _INSERT_HEAD.match(head)
    if match is None:
        raise ParseError("INSERT: no target table", statement.line)
    table = match.group("table")
    listed = match.group("columns")
    columns = _IDENT_RE.findall(listed) if listed is not None else None
    verb = (match.group("verb") or "").upper()
    text = statement.text
    if mentions_encryption(text):
        _insert_encryption(ctx, statement, text)
    if not ctx.facial_insert(table, columns):
        return
    if verb in ("VALUES", "VALUE", "("):
        start = match.end() if verb != "(" else match.end() - 1
        rows, first = count_rows(text, start, escapes)
        if rows == 0:
            raise ParseError("INSERT ... VALUES: no row could be read", statement.line)
        ctx.count_rows(table, rows, statement.line)
        if first is not None:
            row_line = statement.line + text.count("\n", 0, first[0])
            _sample_insert(ctx, table, columns, text[first[0]:first[1]], row_line)
    elif verb in ("DEFAULT", "SET"):
        ctx.count_rows(table, 1, statement.line)


def _insert_encryption(ctx: Context, statement: Statement, text: str) -> None:
    if len(text) > MAX_TOKENIZED:
        text = text[:MAX_TOKENIZED]
    toks = tokenize(text, statement.line)

    def known(name: str) -> list[str] | None:
        found = ctx.columns_of(name)
        return [c for c, _ in found] if found is not None else None

    for found in find_encryption(toks, known):
        if found.table and found.column:
            ctx.emit(Encrypts(found.table, found.column,
                              f"{found.how} in an INSERT into {unquote_name(found.table)}",
                              ctx.provenance(found.line, found.table, found.column)))


def _sample_insert(ctx: Context, table: str, columns: list[str] | None, row: str,
                   line: int) -> None:
    key = unquote_name(table).lower()
    if key in ctx.sampled:
        return
    ctx.sampled.add(key)
    if columns is None:
        known = ctx.columns_of(table)
        if known is None:
            return
        columns = [name for name, _ in known]
    items = split_top(tokenize(row, line))
    for column, item in zip(columns, items, strict=False):
        count = _value_numbers(item)
        if count:
            ctx.emit(Sample(table, column, _describe(count), True,
                            ctx.provenance(item[0].line, table, column)))


def copy_block(ctx: Context, block: CopyBlock) -> None:
    """A pg_dump COPY block: the row count, and samples of the first row."""
    statement = block.statement
    toks = tokenize(statement.text, statement.line)
    cur = Cursor(toks)
    cur.expect("COPY")
    cur.accept("ONLY")
    table, _ = cur.name()
    columns = names_in(cur.group()) if cur.at_punct("(") else None
    options = cur.rest()
    words = {t.up for t in options if t.kind == WORD}
    is_csv = "CSV" in words
    delimiter = "," if is_csv else "\t"
    for index, tok in enumerate(options[:-1]):
        if tok.up == "DELIMITER" and options[index + 1].kind == STRING:
            delimiter = unquote_string(options[index + 1].text) or delimiter
    ctx.emit(RowCount(table, block.rows, ctx.provenance(statement.line, table)))
    if block.first_row is None:
        return
    if columns is None:
        known = ctx.columns_of(table)
        if known is None:
            return
        columns = [name for name, _ in known]
    row = block.first_row.rstrip("\r\n")
    if is_csv:
        values = next(csv.reader([row], delimiter=delimiter[0]), [])
    else:
        values = row.split(delimiter[0])
    ctx.sampled.add(unquote_name(table).lower())
    for column, value in zip(columns, values, strict=False):
        if value == "\\N":
            continue
        count = plain_numbers(value)
        if count:
            ctx.emit(Sample(table, column, _describe(count), True,
                            ctx.provenance(block.first_row_line, table, column)))

