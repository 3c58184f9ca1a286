"""Encryption applied by SQL code: pgcrypto (and MySQL/SQL Server equivalents) calls, and the
column each call's result is stored in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from faceaudit.readers.sqlkit.lexing import PUNCT, QNAME, WORD, Tok, match_paren, split_top

_FUNCTIONS = {
    "pgp_sym_encrypt": "pgcrypto pgp_sym_encrypt()",
    "pgp_sym_encrypt_bytea": "pgcrypto pgp_sym_encrypt_bytea()",
    "pgp_pub_encrypt": "pgcrypto pgp_pub_encrypt()",
    "pgp_pub_encrypt_bytea": "pgcrypto pgp_pub_encrypt_bytea()",
    "encrypt": "pgcrypto encrypt()",
    "encrypt_iv": "pgcrypto encrypt_iv()",
    "aes_encrypt": "MySQL AES_ENCRYPT()",
    "encryptbykey": "SQL Server ENCRYPTBYKEY()",
    "encryptbypassphrase": "SQL Server ENCRYPTBYPASSPHRASE()",
    "encryptbycert": "SQL Server ENCRYPTBYCERT()",
    "encryptbyasymkey": "SQL Server ENCRYPTBYASYMKEY()",
}

_MENTIONS = re.compile(
    r"\b(?:pgp_(?:sym|pub)_encrypt(?:_bytea)?|encrypt(?:_iv)?|aes_encrypt"
    r"|encryptby(?:key|passphrase|cert|asymkey))\s*\(", re.I)


def mentions_encryption(text: str) -> bool:
    """A cheap test on raw text, before any tokenizing: whether an encryption call may be in
    it. Plain substring tests first, since a case-insensitive pattern over a 50 MB INSERT is
    slow and almost never matches."""
    if "crypt" not in text and "CRYPT" not in text and "Crypt" not in text:
        return False
    return _MENTIONS.search(text) is not None

# Where a walk back from a call stops: the start of the clause the call's value belongs to.
_CLAUSE_START = frozenset({"VALUES", "SELECT", "RETURN", "RETURNING", "WHERE", "BEGIN",
                           "THEN", "ELSE", "LOOP", "DECLARE", "IF", "ELSIF", "WHEN", "FROM",
                           "INTO", "PERFORM", "CALL", "DO", "AS", "DEFAULT"})
_STATEMENT_START = frozenset({"INSERT", "UPDATE", "REPLACE", "SELECT", "BEGIN", "THEN", "ELSE",
                              "LOOP", "DECLARE", "DO", "AS", "RETURN", "PERFORM"})


@dataclass(frozen=True)
class EncryptedValue:
    """One encryption call and where its result goes."""

    how: str  # "pgcrypto pgp_sym_encrypt()"
    table: str | None  # the table written to, when the code says (UPDATE t, INSERT INTO t)
    column: str | None  # the column written to
    new_row: bool  # the target is NEW.column (a trigger's row)
    line: int


def _is_call(toks: list[Tok], index: int) -> str | None:
    tok = toks[index]
    if tok.kind != WORD or index + 1 >= len(toks) or not toks[index + 1].is_punct("("):
        return None
    return _FUNCTIONS.get(tok.text.lower())


def _assignment_target(toks: list[Tok], index: int) -> tuple[str | None, bool]:
    """Walk back from a call to the ``=`` or ``:=`` its value is assigned with."""
    depth = 0
    position = index - 1
    while position >= 0:
        tok = toks[position]
        if tok.kind == PUNCT:
            if tok.text == ")":
                depth += 1
            elif tok.text == "(":
                depth -= 1
            elif tok.text == ";" and depth <= 0:
                return None, False
        elif depth <= 0:
            if tok.text in ("=", ":="):
                target = position - 1
                if target >= 0 and toks[target].kind in (WORD, QNAME):
                    new_row = (target >= 2 and toks[target - 1].is_punct(".")
                               and toks[target - 2].up in ("NEW", "INSERTED"))
                    return toks[target].text, new_row
                return None, False
            if tok.kind == WORD and tok.up in _CLAUSE_START:
                return None, False
        position -= 1
    return None, False


def _statement_start(toks: list[Tok], index: int) -> int:
    depth = 0
    position = index - 1
    while position >= 0:
        tok = toks[position]
        if tok.kind == PUNCT:
            if tok.text == ")":
                depth += 1
            elif tok.text == "(":
                depth -= 1
            elif tok.text == ";":
                return position + 1
        elif depth <= 0 and tok.kind == WORD and tok.up in ("INSERT", "UPDATE", "REPLACE"):
            return position
        position -= 1
    return 0


def _table_after(toks: list[Tok], index: int) -> tuple[str | None, int]:
    """The qualified name at ``index``, skipping INTO/ONLY/IGNORE; and the index after it."""
    while index < len(toks) and toks[index].up in ("INTO", "ONLY", "IGNORE", "LOW_PRIORITY"):
        index += 1
    if index >= len(toks) or toks[index].kind not in (WORD, QNAME):
        return None, index
    parts = [toks[index].text]
    index += 1
    while index + 1 < len(toks) and toks[index].is_punct(".") \
            and toks[index + 1].kind in (WORD, QNAME):
        parts.append(toks[index + 1].text)
        index += 2
    return ".".join(parts), index


def _inserted_column(toks: list[Tok], start: int, call: int,
                     known: list[str] | None) -> tuple[str | None, str | None]:
    """For a call inside INSERT INTO t (cols) VALUES (...) or ... SELECT ...: (t, column)."""
    table, index = _table_after(toks, start + 1)
    if table is None:
        return None, None
    columns = known
    if index < len(toks) and toks[index].is_punct("("):
        close = match_paren(toks, index)
        if close < 0:
            return table, None
        columns = [item[0].text for item in split_top(toks[index + 1:close])
                   if item and item[0].kind in (WORD, QNAME)]
        index = close + 1
    if index >= len(toks) or columns is None:
        return table, None
    if toks[index].up == "VALUES" and index + 1 < len(toks) and toks[index + 1].is_punct("("):
        open_at = index + 1
        close = match_paren(toks, open_at)
        if not open_at < call < close:
            return table, None
        items = split_top(toks[open_at + 1:close])
    elif toks[index].up == "SELECT":
        end = next((p for p in range(index + 1, len(toks))
                    if toks[p].up == "FROM" or toks[p].is_punct(";")), len(toks))
        if not index < call < end:
            return table, None
        items = split_top(toks[index + 1:end])
    else:
        return table, None
    offset = 0
    call_tok = toks[call]
    for position, item in enumerate(items):
        if any(tok is call_tok for tok in item):
            offset = position
            break
    return table, columns[offset] if offset < len(columns) else None


def find_encryption(toks: list[Tok], columns_of: Callable[[str], list[str] | None] | None = None
                    ) -> list[EncryptedValue]:
    """Every encryption call in ``toks`` with the table and column its result is written to."""
    found = []
    for index in range(len(toks)):
        how = _is_call(toks, index)
        if how is None:
            continue
        column, new_row = _assignment_target(toks, index)
        table = None
        start = _statement_start(toks, index)
        first = toks[start] if start < len(toks) else None
        if first is not None and first.up == "UPDATE" and not new_row:
            table, _ = _table_after(toks, start + 1)
        elif first is not None and first.up in ("INSERT", "REPLACE") and column is None:
            name, _ = _table_after(toks, start + 1)
            known = columns_of(name) if name and columns_of is not None else None
            table, column = _inserted_column(toks, start, index, known)
        found.append(EncryptedValue(how, table, column, new_row, toks[index].line))
    return found


def describe_call(toks: list[Tok]) -> str | None:
    """The first encryption call in ``toks``, described, or None."""
    for index in range(len(toks)):
        how = _is_call(toks, index)
        if how is not None:
            return how
    return None
