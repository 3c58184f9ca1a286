"""What the literal scanners share: the literal and piece types, line numbers, escapes,
placeholders for interpolated code, and the joining of literals the code adds together.

See :mod:`faceaudit.readers.literals` for what a literal's text is.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

PLACEHOLDER = "__expr__"
# Statements a schema check needs: tables, extensions, policies, comments, pg_cron schedules.
DDL = re.compile(
    r"\b(?:(?:CREATE|ALTER|DROP)\s+(?:(?:OR\s+REPLACE|GLOBAL|LOCAL|TEMP|TEMPORARY|UNLOGGED"
    r"|FOREIGN|VIRTUAL)\s+)*(?:TABLE|EXTENSION|POLICY)\b|RENAME\s+TABLE\b|COMMENT\s+ON\b"
    r"|cron\s*\.\s*schedule\b)", re.IGNORECASE)
GAP = 256  # how much code between two literals is kept to decide whether they join
HEADER = 300  # how much of a statement's code is kept to recognise a down-migration header

PYTHON = "python"
JAVASCRIPT = "javascript"
GO = "go"
JAVA = "java"
KOTLIN = "kotlin"

LANGUAGES = {".py": PYTHON, ".js": JAVASCRIPT, ".mjs": JAVASCRIPT, ".cjs": JAVASCRIPT,
             ".jsx": JAVASCRIPT, ".ts": JAVASCRIPT, ".tsx": JAVASCRIPT, ".mts": JAVASCRIPT,
             ".cts": JAVASCRIPT, ".go": GO, ".java": JAVA, ".kt": KOTLIN, ".kts": KOTLIN}


def holds_ddl(text: str) -> bool:
    """Whether text holds a statement the schema checks need."""
    return DDL.search(text) is not None


def language_of(path: str) -> str | None:
    """The language family of a file, from its name."""
    dot = path.rfind(".")
    return LANGUAGES.get(path[dot:].lower()) if dot >= 0 else None


@dataclass(frozen=True)
class Literal:
    """A string literal (or literals joined by ``+``) and the line its text starts on."""

    text: str
    line: int
    down: bool = False


@dataclass(frozen=True)
class Problem:
    reason: str
    line: int


@dataclass
class Piece:
    text: str
    line: int  # the line the text starts on
    end_line: int  # the line it ends on
    down: bool
    gap: str  # code between the previous piece and this one, comments left out
    gap_complete: bool
    start: int = 0  # offset, to put pieces in source order
    nested: bool = False  # inside an interpolation of another literal: joins nothing


class Lines:
    """Line numbers of offsets, by bisection over the offsets where lines start."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(match.end() for match in re.finditer("\n", text))

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def offset(self, line: int, column: int) -> int:
        return self.starts[min(line, len(self.starts)) - 1] + column


# --- placeholders -------------------------------------------------------------------------------

NAME_MAX = 256  # an interpolated expression longer than this is never a plain name
_DOTTED = re.compile(r"\s*[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*\s*")
_DOTTED_PART = r"[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*"
_LAST_NAME = re.compile(r"[A-Za-z_$][\w$]*\s*$")


def placeholder(expression: str) -> str:
    """What an interpolated expression becomes in a literal's text."""
    if len(expression) <= NAME_MAX and _DOTTED.fullmatch(expression):
        found = _LAST_NAME.search(expression.strip())
        if found:
            return found.group(0).strip()
    return PLACEHOLDER


# --- escapes ------------------------------------------------------------------------------------


def _char(code: int) -> str:
    return chr(code) if 0 <= code <= 0x10FFFF else "\ufffd"


_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
                   "v": "\v", "s": " ", "0": "\0"}


def _escape_decoder(pattern: str, simple: str, continuation: bool,
                    unknown_keeps_backslash: bool) -> Callable[[str], str]:
    compiled = re.compile(pattern, re.DOTALL)

    def one(match: re.Match[str]) -> str:
        body = match.group(0)[1:]
        head = body[:1]
        if head in "\r\n\u2028\u2029" and body:
            return "" if continuation else match.group(0)
        if head in simple and len(body) == 1:
            return _SIMPLE_ESCAPES.get(head, head)
        if head in "xuU" and len(body) > 1:
            digits = body[1:].strip("{}").lstrip("u")
            try:
                return _char(int(digits, 16))
            except ValueError:
                return match.group(0)
        if head == "N" and body.startswith("N{"):
            try:
                return unicodedata.lookup(body[2:-1])
            except KeyError:
                return match.group(0)
        if head.isdigit():
            return _char(int(body, 8)) if set(body) <= set("01234567") else body
        return match.group(0) if unknown_keeps_backslash else body

    def decode(text: str) -> str:
        return compiled.sub(one, text) if "\\" in text else text

    return decode


python_unescape = _escape_decoder(
    r"\\(?:\r\n|\n|[\\'\"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}"
    r"|N\{[^}\n]*\})", "\\'\"abfnrtv", continuation=True, unknown_keeps_backslash=True)
js_unescape = _escape_decoder(
    r"\\(?:\r\n|x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|0(?![0-9])|.)",
    "\\'\"`bfnrtv0$", continuation=True, unknown_keeps_backslash=False)
go_unescape = _escape_decoder(
    r"\\(?:[abfnrtv\\'\"]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3})",
    "abfnrtv\\'\"", continuation=False, unknown_keeps_backslash=True)
java_unescape = _escape_decoder(
    r"\\(?:\r\n|\n|[btnfrs\"'\\]|[0-3][0-7]{0,2}|[4-7][0-7]?|u+[0-9a-fA-F]{4})",
    "btnfrs\"'\\", continuation=True, unknown_keeps_backslash=True)
kotlin_unescape = _escape_decoder(
    r"\\(?:[tbnr'\"\\$]|u[0-9a-fA-F]{4})", "tbnr'\"\\$", continuation=False,
    unknown_keeps_backslash=True)


# --- joining pieces -----------------------------------------------------------------------------

_JOIN_PLUS = re.compile(r"\s*\+\s*")
_JOIN_NAME = re.compile(rf"\s*\+\s*({_DOTTED_PART})\s*\+\s*")
_TRAILING_NAME = re.compile(rf"\s*\+\s*({_DOTTED_PART})(?![\w$(\[.])")
_SQL_SWITCH = re.compile(r"'|\"|--|/\*|\*/|\n")
_CODE, _SQUOTE, _DQUOTE, _LINE_COMMENT, _BLOCK_COMMENT = range(5)


def _sql_state(text: str, state: int) -> int:
    """Where SQL text leaves off: in code, a quoted string or name, or a comment."""
    for match in _SQL_SWITCH.finditer(text):
        token = match.group(0)
        if state == _CODE:
            state = {"'": _SQUOTE, '"': _DQUOTE, "--": _LINE_COMMENT,
                     "/*": _BLOCK_COMMENT}.get(token, _CODE)
        elif (state == _SQUOTE and token == "'") or (state == _DQUOTE and token == '"') \
                or (state == _LINE_COMMENT and token == "\n") \
                or (state == _BLOCK_COMMENT and token == "*/"):
            state = _CODE
    return state


@dataclass
class _Chain:
    """Literals being joined; where the SQL text stands is worked out only when a join needs
    it."""

    parts: list[str]
    line: int
    end_line: int
    down: bool
    state: int = _CODE
    scanned: int = 0  # parts whose SQL state is in ``state``

    def add(self, text: str, line: int, end_line: int) -> None:
        breaks = line - self.end_line
        if breaks > 0:
            for part in self.parts[self.scanned:]:
                self.state = _sql_state(part, self.state)
            self.scanned = len(self.parts)
            last = self.parts[-1][-1:] if self.parts else ""
            word_joint = _is_word(text[:1]) and _is_word(last)
            if self.state == _CODE and not word_joint:
                self.parts.append("\n" * breaks)
        self.append(text)
        self.end_line = max(end_line, self.end_line)

    def append(self, text: str) -> None:
        if text:
            self.parts.append(text)

    def literal(self) -> Literal:
        return Literal("".join(self.parts), self.line, self.down)


def _is_word(char: str) -> bool:
    return bool(char) and (char.isalnum() or char == "_")


def join_pieces(pieces: list[Piece], final_gap: str, adjacent: bool) -> list[Literal]:
    """Join literals that the code adds together (or, with ``adjacent``, writes side by side)."""
    chains: list[tuple[int, _Chain]] = []
    current: _Chain | None = None
    start = 0
    for piece in sorted(pieces, key=lambda item: item.start):
        if piece.nested:
            chains.append((piece.start, _Chain([piece.text], piece.line, piece.end_line,
                                               piece.down)))
            continue
        if current is not None and piece.gap_complete:
            name = _JOIN_NAME.fullmatch(piece.gap)
            if (adjacent and not piece.gap.strip()) or _JOIN_PLUS.fullmatch(piece.gap) or name:
                if name:
                    current.append(placeholder(name.group(1)))
                current.add(piece.text, piece.line, piece.end_line)
                continue
        if current is not None:
            _close(current, piece.gap)
            chains.append((start, current))
        current = _Chain([], piece.line, piece.line, piece.down)
        current.append(piece.text)
        current.end_line = piece.end_line
        start = piece.start
    if current is not None:
        _close(current, final_gap)
        chains.append((start, current))
    chains.sort(key=lambda item: item[0])
    return [chain.literal() for _, chain in chains]


def _close(chain: _Chain, gap: str) -> None:
    trailing = _TRAILING_NAME.match(gap)
    if trailing:
        chain.append(placeholder(trailing.group(1)))


# --- down migrations ----------------------------------------------------------------------------

_DOWN_WORD = r"(?:[Dd]owngrade|[Dd]own|[Rr]ollback|[Rr]evert|[Uu]ndo)(?![a-z])[\w$]*"
DOWN_HEADER = re.compile(
    rf"(?:(?<![\w$.])|(?<=exports\.)){_DOWN_WORD}\s*(?:\(|:(?!:)|=(?![=>]))")
PYTHON_DOWN = re.compile(r"(?:down|downgrade|rollback|revert|undo)(?:_\w*)?", re.IGNORECASE)
