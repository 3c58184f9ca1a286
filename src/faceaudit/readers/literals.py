"""String literals of source code, with the line each starts on, found without running the code.

The code-SQL reader looks for DDL in the strings a migration script hands to its database. This
module finds those strings in Python (through :mod:`tokenize`), JavaScript and TypeScript, Go,
Java and Kotlin (through a small scanner per language family that skips comments, character
literals and JavaScript regular expressions). Every scanner moves forward only, by regular
expression searches, so a file with one 50 MB line costs time in proportion to its size.

What a literal's text is:

- escapes are decoded as the language decodes them; Java text blocks lose their incidental
  indentation;
- an interpolation (``${expr}`` in JavaScript template literals and Kotlin strings, ``$name`` in
  Kotlin, ``{expr}`` in Python f-strings) becomes a placeholder: the last name of a dotted name
  (``${this.table}`` gives ``table``), ``__expr__`` for anything else;
- literals joined by ``+`` (and Python's adjacent literals) are one text; a name between two of
  them (``"CREATE TABLE " + TABLE + " (...)"``), or after the last one, becomes a placeholder.
  Where the joined parts stand on different lines and a line break cannot change the statement
  (not inside an SQL string or comment, not inside a word), the break is kept, so that every line
  of the text is a line of the file.

A literal inside a function or property that undoes a migration (``down``, ``downgrade``,
``rollback``, ``revert``, ``undo``: knex ``exports.down``, TypeORM ``down()``, goose
``func downX``, gormigrate ``Rollback:``) is marked ``down``: its statements are never applied.
"""

from __future__ import annotations

import bisect
import io
import re
import tokenize
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

PLACEHOLDER = "__expr__"
# Statements a schema check needs: tables, extensions, policies, comments, pg_cron schedules.
DDL = re.compile(
    r"\b(?:(?:CREATE|ALTER|DROP)\s+(?:(?:OR\s+REPLACE|GLOBAL|LOCAL|TEMP|TEMPORARY|UNLOGGED"
    r"|FOREIGN|VIRTUAL)\s+)*(?:TABLE|EXTENSION|POLICY)\b|RENAME\s+TABLE\b|COMMENT\s+ON\b"
    r"|cron\s*\.\s*schedule\b)", re.IGNORECASE)
_GAP = 256  # how much code between two literals is kept to decide whether they join
_HEADER = 300  # how much of a statement's code is kept to recognise a down-migration header

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
class _Piece:
    text: str
    line: int  # the line the text starts on
    end_line: int  # the line it ends on
    down: bool
    gap: str  # code between the previous piece and this one, comments left out
    gap_complete: bool
    start: int = 0  # offset, to put pieces in source order
    nested: bool = False  # inside an interpolation of another literal: joins nothing


class _Lines:
    """Line numbers of offsets, by bisection over the offsets where lines start."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(match.end() for match in re.finditer("\n", text))

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def offset(self, line: int, column: int) -> int:
        return self.starts[min(line, len(self.starts)) - 1] + column


# --- placeholders -------------------------------------------------------------------------------

_NAME_MAX = 256  # an interpolated expression longer than this is never a plain name
_DOTTED = re.compile(r"\s*[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*\s*")
_DOTTED_PART = r"[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*"
_LAST_NAME = re.compile(r"[A-Za-z_$][\w$]*\s*$")


def placeholder(expression: str) -> str:
    """What an interpolated expression becomes in a literal's text."""
    if len(expression) <= _NAME_MAX and _DOTTED.fullmatch(expression):
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


_python_unescape = _escape_decoder(
    r"\\(?:\r\n|\n|[\\'\"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}"
    r"|N\{[^}\n]*\})", "\\'\"abfnrtv", continuation=True, unknown_keeps_backslash=True)
_js_unescape = _escape_decoder(
    r"\\(?:\r\n|x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|0(?![0-9])|.)",
    "\\'\"`bfnrtv0$", continuation=True, unknown_keeps_backslash=False)
_go_unescape = _escape_decoder(
    r"\\(?:[abfnrtv\\'\"]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3})",
    "abfnrtv\\'\"", continuation=False, unknown_keeps_backslash=True)
_java_unescape = _escape_decoder(
    r"\\(?:\r\n|\n|[btnfrs\"'\\]|[0-3][0-7]{0,2}|[4-7][0-7]?|u+[0-9a-fA-F]{4})",
    "btnfrs\"'\\", continuation=True, unknown_keeps_backslash=True)
_kotlin_unescape = _escape_decoder(
    r"\\(?:[tbnr'\"\\$]|u[0-9a-fA-F]{4})", "tbnr'\"\\$", continuation=False,
    unknown_keeps_backslash=True)


def _text_block(raw: str) -> str:
    """A Java text block's content without its incidental indentation (JLS 3.10.6)."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    closing_alone = not lines[-1].strip()
    significant = [line for line in lines[:-1] if line.strip()] + [lines[-1]]
    indent = min((len(line) - len(line.lstrip(" \t")) for line in significant), default=0)
    kept = [line[indent:].rstrip(" \t") if line.strip() else "" for line in lines]
    if closing_alone:
        kept[-1] = ""
    return _java_unescape("\n".join(kept))


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


def join_pieces(pieces: list[_Piece], final_gap: str, adjacent: bool) -> list[Literal]:
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
_DOWN_HEADER = re.compile(
    rf"(?:(?<![\w$.])|(?<=exports\.)){_DOWN_WORD}\s*(?:\(|:(?!:)|=(?![=>]))")
_PYTHON_DOWN = re.compile(r"(?:down|downgrade|rollback|revert|undo)(?:_\w*)?", re.IGNORECASE)


# --- Python -------------------------------------------------------------------------------------

_PY_PREFIX = re.compile(r"([A-Za-z]*)('''|\"\"\"|'|\")")
_FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
_FSTRING_END = getattr(tokenize, "FSTRING_END", -1)
_F_SPECIAL = re.compile(r"\{\{|\}\}|\{|\}")
_F_NESTED = re.compile(r"[\[({})\]]|'|\"")
_F_EXPRESSION = re.compile(r"\s*(.*?)\s*=?\s*(?:![rsa])?\s*(?::.*)?", re.DOTALL)


def python_string(token: str) -> str:
    """The value of a Python string token (an f-string's fields become placeholders)."""
    match = _PY_PREFIX.match(token)
    if match is None:
        return token
    prefix, quote = match.group(1).lower(), match.group(2)
    body = token[match.end():len(token) - len(quote)] if token.endswith(quote) else \
        token[match.end():]
    body = body.replace("\r\n", "\n")
    decode: Callable[[str], str] = (lambda text: text) if "r" in prefix else _python_unescape
    if "f" not in prefix:
        return decode(body)
    return _fstring(body, decode)


def _fstring(body: str, decode: Callable[[str], str]) -> str:
    parts: list[str] = []
    position = 0
    while True:
        match = _F_SPECIAL.search(body, position)
        if match is None:
            parts.append(decode(body[position:]))
            return "".join(parts)
        parts.append(decode(body[position:match.start()]))
        token = match.group(0)
        if token in {"{{", "}}"}:
            parts.append(token[0])
            position = match.end()
            continue
        if token == "}":
            parts.append("}")
            position = match.end()
            continue
        end = _field_end(body, match.end())
        expression = _F_EXPRESSION.fullmatch(body[match.end():end])
        parts.append(placeholder(expression.group(1)) if expression else PLACEHOLDER)
        position = end + 1


def _field_end(body: str, start: int) -> int:
    """The offset of the ``}`` that closes an f-string field (nesting and quotes honoured)."""
    depth = 0
    position = start
    while True:
        match = _F_NESTED.search(body, position)
        if match is None:
            return len(body)
        token = match.group(0)
        if token in "'\"":
            close = body.find(token, match.end())
            position = len(body) if close < 0 else close + 1
            continue
        if token in "[({":
            depth += 1
        elif depth == 0 and token == "}":
            return match.start()
        else:
            depth -= 1
        position = match.end()


@dataclass
class _PythonScan:
    """Pieces of a Python file, from its token stream."""

    source: str
    lines: _Lines
    pieces: list[_Piece] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    gap: list[str] = field(default_factory=list)
    gap_size: int = 0
    depth: int = 0
    down_depth: int | None = None
    down_header: bool = False
    await_body: bool = False
    after_def: bool = False

    def add_gap(self, text: str) -> None:
        if self.gap_size <= _GAP:
            self.gap.append(text)
            self.gap_size += len(text) + 1

    def in_down(self) -> bool:
        return self.down_header or (self.down_depth is not None and self.depth > self.down_depth)

    def piece(self, text: str, line: int, end_line: int, start: int) -> None:
        gap = " ".join(self.gap)
        self.pieces.append(_Piece(python_string(text), line, end_line, self.in_down(),
                                  gap[:_GAP], self.gap_size <= _GAP, start))
        self.gap, self.gap_size = [], 0

    def run(self) -> str:
        fstring_start: tuple[int, int] | None = None
        fstring_depth = 0
        tokens = tokenize.generate_tokens(io.StringIO(self.source).readline)
        try:
            for token in tokens:
                kind = token.type
                if kind == _FSTRING_START:
                    fstring_depth += 1
                    if fstring_depth == 1:
                        fstring_start = token.start
                    continue
                if fstring_depth:
                    if kind == _FSTRING_END:
                        fstring_depth -= 1
                        if fstring_depth == 0 and fstring_start is not None:
                            begin = self.lines.offset(*fstring_start)
                            end = self.lines.offset(*token.end)
                            self.piece(self.source[begin:end], fstring_start[0], token.end[0],
                                       begin)
                    continue
                self.structure(token)
                if kind == tokenize.STRING:
                    self.piece(token.string, token.start[0], token.end[0],
                               self.lines.offset(*token.start))
                elif kind not in {tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER}:
                    self.add_gap(";" if kind in {tokenize.NEWLINE, tokenize.INDENT,
                                                 tokenize.DEDENT} else token.string)
        except tokenize.TokenError as exc:
            message, (row, _) = exc.args[0], exc.args[1]
            self.problems.append(Problem(f"Python tokenizer stopped: {message}", int(row)))
        except SyntaxError as exc:
            self.problems.append(Problem(f"Python tokenizer stopped: {exc.msg}",
                                         int(exc.lineno or 1)))
        return " ".join(self.gap)[:_GAP]

    def structure(self, token: tokenize.TokenInfo) -> None:
        """Follow indentation to know whether a token sits in a down-migration function."""
        kind = token.type
        if self.await_body and kind not in {tokenize.NL, tokenize.COMMENT}:
            self.await_body = False
            if kind != tokenize.INDENT:
                self.down_depth = None  # a one-line ``def down(): ...``
        if kind == tokenize.INDENT:
            self.depth += 1
        elif kind == tokenize.DEDENT:
            self.depth -= 1
            if self.down_depth is not None and self.depth <= self.down_depth:
                self.down_depth = None
        elif kind == tokenize.NEWLINE and self.down_header:
            self.down_header = False
            self.await_body = True
        elif kind == tokenize.NAME:
            if self.after_def and self.down_depth is None \
                    and _PYTHON_DOWN.fullmatch(token.string):
                self.down_depth = self.depth
                self.down_header = True
            self.after_def = token.string == "def"
            return
        self.after_def = False


# --- brace languages ----------------------------------------------------------------------------

_CODE_SPECIALS = {
    JAVASCRIPT: re.compile(r"[\"'`/{}]"),
    GO: re.compile(r"[\"'`/{}]"),
    JAVA: re.compile(r"[\"'/{}]"),
    KOTLIN: re.compile(r"[\"'/{}]"),
}
_QUOTED = {quote: re.compile(rf"[\\\n{quote}]") for quote in "'\""}
_CHAR_END = re.compile(r"\\|'|\n")
_TEMPLATE = re.compile(r"\\|`|\$\{")
_KOTLIN_STRING = re.compile(r"\\|\"|\n|\$(?=[{A-Za-z_])")
_KOTLIN_RAW = re.compile(r"\"\"\"|\$(?=[{A-Za-z_])")
_TEXT_BLOCK_END = re.compile(r"\\|\"\"\"")
_TEXT_BLOCK_OPEN = re.compile(r"\"\"\"[ \t\f]*\r?\n")
_NAME = re.compile(r"[A-Za-z_]\w*")
_BLOCK_COMMENT_END = re.compile(r"\*/")
_NESTED_COMMENT = re.compile(r"/\*|\*/")
# A JavaScript regular expression literal: escapes, and classes in which a slash is plain.
_REGEX_LITERAL = re.compile(
    r"/(?:[^\\/\[\n]|\\[^\n]|\[(?:[^\\\]\n]|\\[^\n])*\])+/[A-Za-z]*")
# A slash that would open a longer regular expression divides instead: a bound that keeps a line
# of failed attempts from being scanned again and again.
_REGEX_MAX = 2048
_TAIL_WORD = re.compile(r"[\w$]+$")
_REGEX_AFTER_WORDS = frozenset({"return", "typeof", "case", "do", "else", "in", "of", "new",
                                "delete", "void", "throw", "instanceof", "yield", "await"})


@dataclass
class _Interpolated:
    """A string being read that may hold ``${...}`` (template literal, Kotlin string)."""

    kind: str  # template | kotlin | kotlin-raw
    start: int
    line: int
    down: bool
    segment: int  # where the current raw segment starts
    parts: list[tuple[bool, str]] = field(default_factory=list)  # (is placeholder, text)
    gap: tuple[str, bool] = ("", True)  # the code before it, as a piece keeps it


@dataclass
class _Expression:
    """Code inside ``${...}``: braces counted until the one that closes it."""

    start: int
    depth: int = 0


@dataclass
class _BraceScan:
    source: str
    language: str
    lines: _Lines
    pieces: list[_Piece] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    gap: list[str] = field(default_factory=list)
    gap_size: int = 0
    header: str = ""
    tail: str = ""
    down: list[bool] = field(default_factory=list)
    frames: list[_Interpolated | _Expression] = field(default_factory=list)
    # Characters that failed regular-expression attempts may still scan, so that a line of
    # slashes that open nothing costs time in proportion to the file, not to its square.
    regex_budget: int = 0

    def __post_init__(self) -> None:
        self.regex_budget = len(self.source) + _REGEX_MAX * 64

    def code(self, text: str, statement_end: bool = False) -> None:
        """Code text seen between literals (comments left out)."""
        if not text:
            return
        if self.gap_size <= _GAP:
            self.gap.append(text[:_GAP + 1])
            self.gap_size += len(text)
        # The header restarts after a statement's end: a brace here, a semicolon in the text.
        cut = -1 if statement_end else text.rfind(";")
        if statement_end:
            self.header = ""
        elif cut >= 0:
            self.header = text[cut + 1:][-_HEADER:]
        else:
            self.header = (self.header + text[-_HEADER:])[-_HEADER:]
        self.tail = (self.tail + text[-32:])[-32:]

    def in_down(self) -> bool:
        """Whether a literal starting now is in a down migration: inside the braces of one, or
        (JavaScript) in the arrow function or value a down property is given."""
        if self.down and self.down[-1]:
            return True
        return self.language == JAVASCRIPT and _DOWN_HEADER.search(self.header) is not None

    def block_is_down(self) -> bool:
        return (bool(self.down) and self.down[-1]) or \
            _DOWN_HEADER.search(self.header) is not None

    def open_frame(self, kind: str, at: int, width: int) -> int:
        """Start reading a string that may interpolate code; what came before it decides
        whether it joins an earlier literal, and nothing inside it joins anything outside."""
        gap = ("".join(self.gap)[:_GAP], self.gap_size <= _GAP)
        self.frames.append(_Interpolated(kind, at, self.lines.line(at), self.in_down(),
                                         at + width, gap=gap))
        self.gap, self.gap_size = ["`"], 1
        return at + width

    def emit(self, text: str, start: int, line: int, end_line: int, down: bool,
             gap: tuple[str, bool] | None = None) -> None:
        if gap is None:
            gap = ("".join(self.gap)[:_GAP], self.gap_size <= _GAP)
        nested = any(isinstance(frame, _Interpolated) for frame in self.frames)
        self.pieces.append(_Piece(text.replace("\r\n", "\n"), line, end_line, down,
                                  gap[0], gap[1], start, nested))
        self.gap, self.gap_size = [], 0
        self.header = (self.header + '""')[-_HEADER:]
        self.tail = '"'

    def problem(self, reason: str, offset: int) -> None:
        self.problems.append(Problem(reason, self.lines.line(offset)))

    def run(self) -> str:
        position, size = 0, len(self.source)
        while position < size:
            frame = self.frames[-1] if self.frames else None
            if isinstance(frame, _Interpolated):
                position = self.interpolated(frame, position)
            else:
                position = self.in_code(position, frame)
        for frame in self.frames:
            if isinstance(frame, _Interpolated):
                self.problem("unterminated string literal; the rest of the file was not read",
                             frame.start)
                break
        return "".join(self.gap)[:_GAP]

    def in_code(self, position: int, frame: _Expression | None) -> int:
        source = self.source
        match = _CODE_SPECIALS[self.language].search(source, position)
        if match is None:
            self.code(source[position:])
            return len(source)
        at = match.start()
        self.code(source[position:at])
        char = source[at]
        if char == "{":
            self.down.append(self.block_is_down())
            if frame is not None:
                frame.depth += 1
            self.code("{", statement_end=True)
        elif char == "}":
            if frame is not None and frame.depth == 0:
                self.frames.pop()
                owner = self.frames[-1]
                assert isinstance(owner, _Interpolated)
                # A long expression is no name: not sliced, so deep nesting stays linear.
                expression = source[frame.start:at] if at - frame.start <= _NAME_MAX else ""
                owner.parts.append((True, placeholder(expression)))
                owner.segment = at + 1
                return at + 1
            if frame is not None:
                frame.depth -= 1
            if self.down:
                self.down.pop()
            self.code("}", statement_end=True)
        elif char == "/":
            return self.slash(at)
        elif char == "'" and self.language != JAVASCRIPT:
            return self.skip_char(at)
        elif char == "`" and self.language == GO:
            return self.raw_go(at)
        elif char == "`":
            return self.open_frame("template", at, 1)
        elif char == '"' and source.startswith('"""', at) and self.language == JAVA:
            return self.text_block(at)
        elif char == '"' and self.language == KOTLIN:
            raw = source.startswith('"""', at)
            return self.open_frame("kotlin-raw" if raw else "kotlin", at, 3 if raw else 1)
        else:
            return self.quoted(at, char)
        return at + 1

    def quoted(self, at: int, quote: str) -> int:
        """A one-line string in single or double quotes."""
        source = self.source
        pattern = _QUOTED[quote]
        position = at + 1
        while True:
            match = pattern.search(source, position)
            if match is None or match.group(0) == "\n":
                end = match.start() if match else len(source)
                self.unterminated(source[at + 1:end], at)
                return end
            if match.group(0) == "\\":
                position = match.end() + (2 if source.startswith("\r\n", match.end()) else 1)
                continue
            break
        raw = source[at + 1:match.start()]
        decode = {JAVASCRIPT: _js_unescape, GO: _go_unescape, JAVA: _java_unescape}.get(
            self.language, _kotlin_unescape)
        line = self.lines.line(at)
        self.emit(decode(raw), at, line, line + raw.count("\n"), self.in_down())
        return match.end()

    def unterminated(self, text: str, at: int) -> None:
        """A quote that a line ends before closing: in JSX text it is an apostrophe; where it
        opens DDL it is a string the reader cannot trust."""
        if holds_ddl(text):
            self.problem("unterminated string literal", at)
        self.code(text)

    def skip_char(self, at: int) -> int:
        """A character (rune) literal: never SQL, but its quote must not open a string."""
        position = at + 1
        while True:
            match = _CHAR_END.search(self.source, position)
            if match is None:
                return len(self.source)
            if match.group(0) == "\\":
                position = match.end() + 1
                continue
            end = match.end() if match.group(0) == "'" else match.start()
            self.code("'c'")
            return end

    def slash(self, at: int) -> int:
        source = self.source
        following = source[at + 1:at + 2]
        if following == "/":
            newline = source.find("\n", at)
            return len(source) if newline < 0 else newline
        if following == "*":
            return self.block_comment(at)
        if self.language == JAVASCRIPT and self.regex_may_start():
            end = self.regex_end(at)
            if end is not None:
                self.code("/re/")
                return end
        self.code("/")
        return at + 1

    def block_comment(self, at: int) -> int:
        source = self.source
        if self.language != KOTLIN:
            match = _BLOCK_COMMENT_END.search(source, at + 2)
            if match is None:
                self.problem("unterminated comment; the rest of the file was not read", at)
                return len(source)
            return match.end()
        depth, position = 1, at + 2
        while depth:
            match = _NESTED_COMMENT.search(source, position)
            if match is None:
                self.problem("unterminated comment; the rest of the file was not read", at)
                return len(source)
            depth += 1 if match.group(0) == "/*" else -1
            position = match.end()
        return position

    def regex_may_start(self) -> bool:
        tail = self.tail.rstrip()
        if not tail:
            return True
        last = tail[-1]
        if last in ")]}\"'`":
            return False
        if last.isalnum() or last in "_$":
            word = _TAIL_WORD.search(tail)
            return word is not None and word.group(0) in _REGEX_AFTER_WORDS
        return True

    def regex_end(self, at: int) -> int | None:
        """Where a regular expression literal starting at ``at`` ends; None when none does
        within ``_REGEX_MAX`` characters on its line (then the slash divides)."""
        if self.regex_budget <= 0:
            return None
        limit = min(len(self.source), at + _REGEX_MAX)
        match = _REGEX_LITERAL.match(self.source, at, limit)
        if match is None:
            self.regex_budget -= limit - at  # what a failed attempt may have scanned
            return None
        return match.end()

    def raw_go(self, at: int) -> int:
        end = self.source.find("`", at + 1)
        if end < 0:
            self.problem("unterminated raw string; the rest of the file was not read", at)
            return len(self.source)
        raw = self.source[at + 1:end].replace("\r", "")
        line = self.lines.line(at)
        self.emit(raw, at, line, self.lines.line(end), self.in_down())
        return end + 1

    def text_block(self, at: int) -> int:
        source = self.source
        opening = _TEXT_BLOCK_OPEN.match(source, at)
        if opening is None:
            self.problem("text block without a line break after its opening quotes", at)
            return at + 3
        position = opening.end()
        while True:
            match = _TEXT_BLOCK_END.search(source, position)
            if match is None:
                self.problem("unterminated text block; the rest of the file was not read", at)
                return len(source)
            if match.group(0) == "\\":
                position = match.end() + 1
                continue
            break
        line = self.lines.line(opening.end())
        self.emit(_text_block(source[opening.end():match.start()]), at, line,
                  self.lines.line(match.start()), self.in_down())
        return match.end()

    def interpolated(self, frame: _Interpolated, position: int) -> int:
        source = self.source
        pattern = {"template": _TEMPLATE, "kotlin": _KOTLIN_STRING,
                   "kotlin-raw": _KOTLIN_RAW}[frame.kind]
        match = pattern.search(source, position)
        if match is None:
            self.frames.pop()
            self.problem("unterminated string literal; the rest of the file was not read",
                         frame.start)
            self.frames.clear()
            return len(source)
        token, at = match.group(0), match.start()
        if token == "\\":
            return match.end() + 1
        if token == "$":
            frame.parts.append((False, source[frame.segment:at]))
            if source.startswith("{", at + 1):
                self.frames.append(_Expression(at + 2))
                return at + 2
            name = _NAME.match(source, at + 1)
            end = name.end() if name else at + 1
            frame.parts.append((True, source[at + 1:end]))
            frame.segment = end
            return end
        if token == "${":
            frame.parts.append((False, source[frame.segment:at]))
            self.frames.append(_Expression(match.end()))
            return match.end()
        if token == "\n":  # a Kotlin one-line string the line ends
            self.frames.pop()
            self.unterminated(source[frame.start + 1:at], frame.start)
            return at
        end = at + len(token)
        if frame.kind == "kotlin-raw":
            while source.startswith('"', end):
                end += 1  # """"  closes with the last three quotes
            at = end - 3
        frame.parts.append((False, source[frame.segment:at]))
        self.frames.pop()
        decode = {"template": _js_unescape, "kotlin": _kotlin_unescape}.get(frame.kind)
        text = "".join(part if is_name or decode is None else decode(part)
                       for is_name, part in frame.parts)
        self.emit(text, frame.start, frame.line, self.lines.line(at), frame.down, frame.gap)
        return end


def extract(source: str, language: str) -> tuple[list[Literal], list[Problem]]:
    """Every string literal of ``source`` (joined where the code joins them), in source order,
    and what stopped the scan early."""
    lines = _Lines(source)
    if language == PYTHON:
        python = _PythonScan(source, lines)
        final_gap = python.run()
        return join_pieces(python.pieces, final_gap, adjacent=True), python.problems
    scan = _BraceScan(source, language, lines)
    final_gap = scan.run()
    return join_pieces(scan.pieces, final_gap, adjacent=False), scan.problems
