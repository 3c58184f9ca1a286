"""Split SQL into statements line by line, never holding more than the current statement.

The splitter knows where a statement cannot end: inside single-, double-, backtick- and
bracket-quoted text, ``E''`` strings, dollar-quoted bodies (``$$`` and ``$tag$``), ``--`` and
``/* */`` comments (nested, as PostgreSQL allows). It follows MySQL ``DELIMITER`` changes,
SQL Server ``GO`` batch separators, and reads a pg_dump ``COPY ... FROM stdin;`` data block by
counting its lines up to the ``\\.`` line, keeping only the first row.

Each line is scanned by one compiled pattern that consumes ordinary text and complete quoted
strings in C, returning to Python only at a character that may change the state (a statement
end, an unclosed quote, a comment, a dollar sign), so a 50 MB single-line INSERT costs one
pattern match per statement end rather than a Python step per character.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_NORMAL, _SQUOTE, _ESQUOTE, _DQUOTE, _DQUOTE_ESC, _BACKTICK, _DOLLAR, _COMMENT = range(8)

_WS = re.compile(r"\s*")
_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$")
_ESC_SQ_END = re.compile(r"(?:[^'\\]++|\\.)*+'", re.S)
_ESC_DQ_END = re.compile(r'(?:[^"\\]++|\\.)*+"', re.S)
_COMMENT_MARK = re.compile(r"/\*|\*/")
# A line that is a command to the client rather than SQL: GO (SQL Server batch end),
# DELIMITER (MySQL client), or a psql meta-command such as \connect; or a statement start
# only SQL Server scripts have (IF NOT EXISTS, USE [db], SET ANSI_NULLS), which tells the
# splitter to expect statements without semicolons.
_LINE_COMMAND = re.compile(
    r"[ \t]*(?:(?P<go>go)(?:[ \t]+\d+)?[ \t]*(?:--[^\n]*)?\r?\n?\Z"
    r"|(?P<delimiter>delimiter)[ \t]+(?P<value>\S+)"
    r"|(?P<meta>\\)"
    r"|(?P<tsql>if\s+(?:not\s+)?exists\b|use\s+\["
    r"|set\s+(?:ansi_nulls|quoted_identifier|nocount)\b))", re.I)
# In SQL Server scripts statements often end without a semicolon; one starts a new
# statement at a line beginning with one of these words (outside parentheses).
_TSQL_START = re.compile(
    r"[ \t]*(?:CREATE|INSERT|EXEC|EXECUTE|GRANT|PRINT|USE|DECLARE|TRUNCATE"
    r"|(?:ALTER|DROP)\s+(?:TABLE|VIEW|INDEX|PROCEDURE|PROC|FUNCTION|TRIGGER|SCHEMA|DATABASE"
    r"|SEQUENCE|TYPE|USER|ROLE|SYNONYM)\b)\b", re.I)
# Statements whose body may hold semicolons inside BEGIN ... END.
_ROUTINE = re.compile(
    r"\s*CREATE\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?(?:DEFINER\s*=\s*\S+\s+)?"
    r"(?:FUNCTION|PROCEDURE|PROC|TRIGGER|EVENT)\b", re.I)
_BLOCK = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"[^"]*"|`[^`]*`|--[^\n]*|/\*.*?\*/"""
    r"|\$(?P<tag>(?:[A-Za-z_]\w*)?)\$.*?\$(?P=tag)\$"
    r"|\b(?P<word>BEGIN|CASE|END(?:\s+CASE)?)\b", re.I | re.S)
_NOT_BLOCK_BEGIN = re.compile(r"\s+(?:TRAN|TRANSACTION|DISTRIBUTED|WORK)\b", re.I)
_NOT_BLOCK_END = re.compile(r"\s+(?:IF|LOOP|WHILE|REPEAT|FOR)\b", re.I)
_MYSQL_DUMP = ("-- MySQL dump", "-- MariaDB dump")
_COPY_STDIN = re.compile(r"\s*COPY\b.*?\bFROM\s+STDIN\b", re.I | re.S)


@dataclass
class Statement:
    """One statement: its text in pieces (joined on demand) and the line it starts on."""

    pieces: list[str]
    line: int
    terminated: bool = True
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.pieces)
            self.pieces = [self._text]
        return self._text

    def head(self, size: int = 2048) -> str:
        """The first ``size`` characters, without joining the whole statement."""
        if self._text is not None:
            return self._text[:size]
        taken: list[str] = []
        length = 0
        for piece in self.pieces:
            taken.append(piece)
            length += len(piece)
            if length >= size:
                break
        return "".join(taken)[:size]

    @property
    def size(self) -> int:
        return sum(len(piece) for piece in self.pieces)


@dataclass
class CopyBlock:
    """A ``COPY ... FROM stdin;`` statement with its data: the row count and the first row."""

    statement: Statement
    rows: int
    first_row: str | None
    first_row_line: int
    terminated: bool


@dataclass
class SplitError:
    line: int
    reason: str


Event = Statement | CopyBlock | SplitError


def _end(match: re.Match[str] | None) -> int:
    """The end of a match of a pattern that cannot fail (it may match nothing)."""
    assert match is not None
    return match.end()


def _skip_pattern(delimiter: str, mysql: bool, tsql: bool) -> re.Pattern[str]:
    """The pattern that consumes text which cannot change the splitter's state."""
    special = set("'\"`-/$[")
    if mysql:
        special.add("#")
    if tsql:
        special.update("()")
    special.add(delimiter[0])
    plain = "[^" + "".join(re.escape(c) for c in sorted(special)) + "]++"
    alternatives = [plain]
    if mysql:
        alternatives += [r"'(?:[^'\\]++|\\.)*+'", r'"(?:[^"\\]++|\\.)*+"']
    else:
        alternatives += [r"(?<![eE])'[^']*+'", r"(?<=[eE])'(?:[^'\\]++|\\.)*+'", r'"[^"]*+"']
    if mysql:
        alternatives.append(r"`[^`]*+`")  # until then a backtick stops the scan: it means MySQL
    alternatives.append(r"\[[^\]\n]*+\]" if tsql else r"\[[^\]\n'\"]*+\]")
    if delimiter[0] != "-":
        alternatives.append(r"-(?!-)")
    if delimiter[0] != "/":
        alternatives.append(r"/(?!\*)")
    if delimiter[0] != "$":
        alternatives.append(r"\$(?!(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$)")
    return re.compile("(?:" + "|".join(alternatives) + ")*+", re.S)


class Splitter:
    """Turns lines into :data:`Event` objects. One instance reads one text."""

    def __init__(self, first_line: int = 1, mysql: bool = False) -> None:
        self.line_no = first_line - 1
        self.mysql = mysql
        self.tsql = False
        self.delimiter = ";"
        self.state = _NORMAL
        self.comment_depth = 0
        self.dollar_tag = ""
        self.opened_at = 0  # line where the current quote or comment opened
        self.started = False
        self.pieces: list[str] = []
        self.stmt_line = 0
        self.paren_depth = 0
        self.routine: bool | None = None
        self.block_depth = 0
        self.unchecked: list[str] = []
        self.check_pos = 0
        self.copy_pending: Statement | None = None
        self._skip_cache: dict[tuple[str, bool, bool], re.Pattern[str]] = {}
        self._skip = self._pattern()

    # --- modes -------------------------------------------------------------------------------

    def _pattern(self) -> re.Pattern[str]:
        key = (self.delimiter, self.mysql, self.tsql)
        pattern = self._skip_cache.get(key)
        if pattern is None:
            pattern = self._skip_cache[key] = _skip_pattern(*key)
        return pattern

    def _set_mysql(self) -> None:
        if not self.mysql:
            self.mysql = True
            self._skip = self._pattern()

    def _set_tsql(self) -> None:
        if not self.tsql:
            self.tsql = True
            self._skip = self._pattern()

    # --- statements --------------------------------------------------------------------------

    def _reset(self) -> None:
        self.started = False
        self.pieces = []
        self.paren_depth = 0
        self.routine = None
        self.block_depth = 0
        self.unchecked = []

    def _finish(self, terminated: bool) -> Statement | None:
        if not self.started:
            return None
        statement = Statement(self.pieces, self.stmt_line, terminated)
        self._reset()
        if terminated and statement.head(5).upper().startswith("COPY") \
                and _COPY_STDIN.match(statement.head(4096)):
            self.copy_pending = statement
            return None
        return statement

    def _head(self, line: str, seg: int, pos: int) -> str:
        taken: list[str] = []
        length = 0
        for piece in self.pieces:
            taken.append(piece)
            length += len(piece)
            if length >= 400:
                return "".join(taken)
        return "".join(taken) + line[seg:pos]

    def _routine_continues(self, line: str, seg: int, pos: int) -> bool:
        """At a semicolon: whether it sits inside a routine's BEGIN ... END body."""
        if self.routine is None:
            self.routine = bool(_ROUTINE.match(self._head(line, seg, pos)))
            if not self.routine:
                return False
            new_text = "".join(self.pieces) + line[seg:pos]
        elif not self.routine:
            return False
        else:
            new_text = "".join(self.unchecked) + line[self.check_pos:pos]
        self.unchecked = []
        self.check_pos = pos + 1
        if self.tsql:
            return True  # a SQL Server routine runs to the end of its batch (GO)
        for match in _BLOCK.finditer(new_text):
            word = match.group("word")
            if word is None:
                continue
            word = word.upper()
            if word.startswith("END"):
                if not _NOT_BLOCK_END.match(new_text, match.end()):
                    self.block_depth -= 1
            elif word == "CASE" or not _NOT_BLOCK_BEGIN.match(new_text, match.end()):
                self.block_depth += 1
        return self.block_depth > 0

    # --- the scan ----------------------------------------------------------------------------

    def split(self, lines: Iterable[str]) -> Iterator[Event]:
        source = iter(lines)
        first = next(source, None)
        if first is None:
            return
        first = first.lstrip("\ufeff")  # a byte-order mark is not SQL
        if first.startswith(_MYSQL_DUMP):
            self._set_mysql()  # mysqldump escapes quotes with backslashes
        for line in itertools.chain((first,), source):
            self.line_no += 1
            yield from self._feed(line)
            if self.copy_pending is not None:
                statement, self.copy_pending = self.copy_pending, None
                yield from self._read_copy(source, statement, line)
        yield from self._end()

    def _read_copy(self, source: Iterator[str], statement: Statement,
                   line: str) -> Iterator[Event]:
        end = "\\.\r\n" if line.endswith("\r\n") else "\\.\n"
        first = next(source, None)
        if first is None:
            yield SplitError(statement.line, "COPY data block has no terminating \\. line")
            yield CopyBlock(statement, 0, None, self.line_no + 1, False)
            return
        self.line_no += 1
        first_line = self.line_no
        if first == end or first.rstrip("\r\n") == "\\.":
            yield CopyBlock(statement, 0, None, first_line, True)
            return
        rows = 1
        data = first
        for data in source:  # the hot loop: one comparison and one addition per row
            if data == end:
                break
            rows += 1
        else:
            if data.rstrip("\r\n") == "\\.":
                self.line_no += rows
                yield CopyBlock(statement, rows - 1, first, first_line, True)
                return
            self.line_no += rows - 1
            yield SplitError(statement.line, "COPY data block has no terminating \\. line")
            yield CopyBlock(statement, rows, first, first_line, False)
            return
        self.line_no += rows
        yield CopyBlock(statement, rows, first, first_line, True)

    def _end(self) -> Iterator[Event]:
        if self.state != _NORMAL:
            what = {_SQUOTE: "string literal", _ESQUOTE: "string literal",
                    _DQUOTE: "quoted identifier", _DQUOTE_ESC: "quoted string",
                    _BACKTICK: "backtick-quoted identifier",
                    _DOLLAR: f"dollar-quoted string {self.dollar_tag}",
                    _COMMENT: "/* comment"}[self.state]
            yield SplitError(self.opened_at, f"unterminated {what} (runs to the end of the file)")
            self._reset()
            return
        statement = self._finish(terminated=False)
        if statement is not None:
            yield statement
        if self.copy_pending is not None:
            statement, self.copy_pending = self.copy_pending, None
            yield SplitError(statement.line, "COPY data block has no terminating \\. line")
            yield CopyBlock(statement, 0, None, self.line_no + 1, False)

    def _line_command(self, line: str) -> tuple[Statement | None, bool]:
        """Handle GO, DELIMITER, psql meta-commands and SQL Server statement starts.

        Returns a statement the line ends, if any, and whether the line is used up."""
        command = _LINE_COMMAND.match(line)
        if command is not None:
            if command.group("go") and self.delimiter == ";":
                self._set_tsql()
                return self._finish(terminated=True), True
            if not self.started and command.group("delimiter"):
                self.delimiter = command.group("value")
                self._set_mysql()
                self._skip = self._pattern()
                return None, True
            if not self.started and command.group("meta"):
                return None, True
            if not self.started and command.group("tsql"):
                self._set_tsql()
        if self.tsql and self.started and self.paren_depth <= 0 and _TSQL_START.match(line):
            if self.routine is None:
                self.routine = bool(_ROUTINE.match(self._head(line, 0, 0)))
            if not self.routine:
                return self._finish(terminated=False), False
        return None, False

    def _feed(self, line: str) -> Iterator[Event]:
        n = len(line)
        pos = 0
        seg = 0
        if self.state == _NORMAL:
            ended, used = self._line_command(line)
            if ended is not None:
                yield ended
            if used or self.copy_pending is not None:
                return
        self.check_pos = 0
        while pos < n:
            state = self.state
            if state == _NORMAL:
                if not self.started:
                    pos = _end(_WS.match(line, pos))
                    if pos >= n:
                        break
                    char = line[pos]
                    if char == "-" and line.startswith("--", pos):
                        break
                    if char == "/" and line.startswith("/*", pos):
                        if line.startswith("/*!", pos):
                            self._set_mysql()
                        self.state = _COMMENT
                        self.comment_depth = 1
                        self.opened_at = self.line_no
                        pos += 2
                        continue
                    if char == "#" and self.mysql:
                        break
                    if line.startswith(self.delimiter, pos):
                        pos += len(self.delimiter)
                        continue
                    self.started = True
                    self.stmt_line = self.line_no
                    seg = pos
                    self.check_pos = pos
                pos = _end(self._skip.match(line, pos))
                if pos >= n:
                    break
                char = line[pos]
                if line.startswith(self.delimiter, pos):
                    if self.delimiter == ";" and self._routine_continues(line, seg, pos):
                        pos += 1
                        continue
                    self.pieces.append(line[seg:pos])
                    pos += len(self.delimiter)
                    statement = self._finish(terminated=True)
                    if self.copy_pending is not None:
                        return  # the data block follows on the next line
                    if statement is not None:
                        yield statement
                    continue
                if char == "'":
                    self.state = _ESQUOTE if self.mysql or (pos and line[pos - 1] in "eE") \
                        else _SQUOTE
                    self.opened_at = self.line_no
                    pos += 1
                elif char == '"':
                    self.state = _DQUOTE_ESC if self.mysql else _DQUOTE
                    self.opened_at = self.line_no
                    pos += 1
                elif char == "`":
                    self._set_mysql()
                    self.state = _BACKTICK
                    self.opened_at = self.line_no
                    pos += 1
                elif char == "-" and line.startswith("--", pos):
                    pos = n
                elif char == "/" and line.startswith("/*", pos):
                    if line.startswith("/*!", pos):
                        self._set_mysql()
                    self.state = _COMMENT
                    self.comment_depth = 1
                    self.opened_at = self.line_no
                    pos += 2
                elif char == "$":
                    tag = _DOLLAR_TAG.match(line, pos)
                    if tag is not None and self.delimiter[0] != "$" and not self.mysql and (
                            pos == 0 or not (line[pos - 1].isalnum() or line[pos - 1] in "_$")):
                        self.state = _DOLLAR
                        self.dollar_tag = tag.group()
                        self.opened_at = self.line_no
                        pos = tag.end()
                    else:
                        pos += 1
                elif char == "#" and self.mysql:
                    pos = n
                elif char == "(":
                    self.paren_depth += 1
                    pos += 1
                elif char == ")":
                    self.paren_depth -= 1
                    pos += 1
                else:
                    pos += 1
            elif state in (_SQUOTE, _DQUOTE, _BACKTICK):
                close = "'" if state == _SQUOTE else '"' if state == _DQUOTE else "`"
                found = line.find(close, pos)
                if found < 0:
                    pos = n
                else:
                    pos = found + 1
                    self.state = _NORMAL
            elif state in (_ESQUOTE, _DQUOTE_ESC):
                match = (_ESC_SQ_END if state == _ESQUOTE else _ESC_DQ_END).match(line, pos)
                if match is None:
                    pos = n
                else:
                    pos = match.end()
                    self.state = _NORMAL
            elif state == _DOLLAR:
                found = line.find(self.dollar_tag, pos)
                if found < 0:
                    pos = n
                else:
                    pos = found + len(self.dollar_tag)
                    self.state = _NORMAL
            else:  # comment
                pos = self._comment(line, pos)
        if self.started:
            self.pieces.append(line[seg:] if seg else line)
            if self.routine:
                self.unchecked.append(line[self.check_pos:])

    def _comment(self, line: str, pos: int) -> int:
        if self.mysql:
            found = line.find("*/", pos)
            if found < 0:
                return len(line)
            self.state = _NORMAL
            return found + 2
        for mark in _COMMENT_MARK.finditer(line, pos):
            if mark.group() == "/*":
                self.comment_depth += 1
            else:
                self.comment_depth -= 1
                if self.comment_depth == 0:
                    self.state = _NORMAL
                    return mark.end()
        return len(line)


def split_statements(lines: Iterable[str], first_line: int = 1,
                     mysql: bool = False) -> Iterator[Event]:
    """The statements, COPY blocks and splitting errors of ``lines``, in order."""
    return Splitter(first_line, mysql).split(lines)
