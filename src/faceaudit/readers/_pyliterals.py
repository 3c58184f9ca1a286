"""String literals of Python source, from the :mod:`tokenize` token stream."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable
from dataclasses import dataclass, field

from faceaudit.readers._litcore import (
    GAP,
    PLACEHOLDER,
    PYTHON_DOWN,
    Lines,
    Piece,
    Problem,
    placeholder,
    python_unescape,
)

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
    decode: Callable[[str], str] = (lambda text: text) if "r" in prefix else python_unescape
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
class PythonScan:
    """Pieces of a Python file, from its token stream."""

    source: str
    lines: Lines
    pieces: list[Piece] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    gap: list[str] = field(default_factory=list)
    gap_size: int = 0
    depth: int = 0
    down_depth: int | None = None
    down_header: bool = False
    await_body: bool = False
    after_def: bool = False

    def add_gap(self, text: str) -> None:
        if self.gap_size <= GAP:
            self.gap.append(text)
            self.gap_size += len(text) + 1

    def in_down(self) -> bool:
        return self.down_header or (self.down_depth is not None and self.depth > self.down_depth)

    def piece(self, text: str, line: int, end_line: int, start: int) -> None:
        gap = " ".join(self.gap)
        self.pieces.append(Piece(python_string(text), line, end_line, self.in_down(),
                                  gap[:GAP], self.gap_size <= GAP, start))
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
        return " ".join(self.gap)[:GAP]

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
                    and PYTHON_DOWN.fullmatch(token.string):
                self.down_depth = self.depth
                self.down_header = True
            self.after_def = token.string == "def"
            return
        self.after_def = False
