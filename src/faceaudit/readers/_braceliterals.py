"""String literals of JavaScript/TypeScript, Go, Java and Kotlin source, from a scanner that
skips comments, character literals and JavaScript regular expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from faceaudit.readers._litcore import (
    DOWN_HEADER,
    GAP,
    GO,
    HEADER,
    JAVA,
    JAVASCRIPT,
    KOTLIN,
    NAME_MAX,
    Lines,
    Piece,
    Problem,
    go_unescape,
    holds_ddl,
    java_unescape,
    js_unescape,
    kotlin_unescape,
    placeholder,
)

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
class BraceScan:
    source: str
    language: str
    lines: Lines
    pieces: list[Piece] = field(default_factory=list)
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
        if self.gap_size <= GAP:
            self.gap.append(text[:GAP + 1])
            self.gap_size += len(text)
        # The header restarts after a statement's end: a brace here, a semicolon in the text.
        cut = -1 if statement_end else text.rfind(";")
        if statement_end:
            self.header = ""
        elif cut >= 0:
            self.header = text[cut + 1:][-HEADER:]
        else:
            self.header = (self.header + text[-HEADER:])[-HEADER:]
        self.tail = (self.tail + text[-32:])[-32:]

    def in_down(self) -> bool:
        """Whether a literal starting now is in a down migration: inside the braces of one, or
        (JavaScript) in the arrow function or value a down property is given."""
        if self.down and self.down[-1]:
            return True
        return self.language == JAVASCRIPT and DOWN_HEADER.search(self.header) is not None

    def block_is_down(self) -> bool:
        return (bool(self.down) and self.down[-1]) or \
            DOWN_HEADER.search(self.header) is not None

    def open_frame(self, kind: str, at: int, width: int) -> int:
        """Start reading a string that may interpolate code; what came before it decides
        whether it joins an earlier literal, and nothing inside it joins anything outside."""
        gap = ("".join(self.gap)[:GAP], self.gap_size <= GAP)
        self.frames.append(_Interpolated(kind, at, self.lines.line(at), self.in_down(),
                                         at + width, gap=gap))
        self.gap, self.gap_size = ["`"], 1
        return at + width

    def emit(self, text: str, start: int, line: int, end_line: int, down: bool,
             gap: tuple[str, bool] | None = None) -> None:
        if gap is None:
            gap = ("".join(self.gap)[:GAP], self.gap_size <= GAP)
        nested = any(isinstance(frame, _Interpolated) for frame in self.frames)
        self.pieces.append(Piece(text.replace("\r\n", "\n"), line, end_line, down,
                                  gap[0], gap[1], start, nested))
        self.gap, self.gap_size = [], 0
        self.header = (self.header + '""')[-HEADER:]
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
        return "".join(self.gap)[:GAP]

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
                expression = source[frame.start:at] if at - frame.start <= NAME_MAX else ""
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
        decode = {JAVASCRIPT: js_unescape, GO: go_unescape, JAVA: java_unescape}.get(
            self.language, kotlin_unescape)
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
        decode = {"template": js_unescape, "kotlin": kotlin_unescape}.get(frame.kind)
        text = "".join(part if is_name or decode is None else decode(part)
                       for is_name, part in frame.parts)
        self.emit(text, frame.start, frame.line, self.lines.line(at), frame.down, frame.gap)
        return end


def _text_block(raw: str) -> str:
    """A Java text block's content without its incidental indentation (JLS 3.10.6)."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    closing_alone = not lines[-1].strip()
    significant = [line for line in lines[:-1] if line.strip()] + [lines[-1]]
    indent = min((len(line) - len(line.lstrip(" \t")) for line in significant), default=0)
    kept = [line[indent:].rstrip(" \t") if line.strip() else "" for line in lines]
    if closing_alone:
        kept[-1] = ""
    return java_unescape("\n".join(kept))
