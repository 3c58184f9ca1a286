"""Tokens for the statements worth parsing, from sqlparse's lexer, and a cursor over them.

sqlparse's lexer yields (token type, text) pairs; this module keeps what a parser needs —
words, quoted names, strings, numbers, punctuation and operators, each with its line — and
drops whitespace and comments. Multi-word keywords that the lexer joins (``NOT NULL``,
``PRIMARY KEY``, ``DOUBLE PRECISION``) are split back into words so a parser sees one word at
a time. Every helper here is iterative: a statement with ten thousand nested parentheses is no
deeper for the code than one with none.
"""

from __future__ import annotations

import re
from typing import Any

from sqlparse import keywords
from sqlparse import tokens as T
from sqlparse.lexer import Lexer

WORD, QNAME, STRING, NUMBER, PUNCT, OP, SKIP = ("word", "qname", "string", "number", "punct",
                                               "op", "skip")

_KINDS: dict[Any, str] = {}
_LEXER: Lexer | None = None
_STRING_PREFIXES = frozenset({"E", "N", "X", "B", "U&", "_UTF8MB4", "_BINARY"})


class ParseError(Exception):
    """A statement that cannot be made sense of; ``line`` is where the trouble was seen."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class Tok:
    """One token: its kind, its text as written, its line, and its upper-cased text if a word."""

    __slots__ = ("kind", "line", "text", "up")

    def __init__(self, kind: str, text: str, line: int) -> None:
        self.kind = kind
        self.text = text
        self.line = line
        self.up = text.upper() if kind == WORD else ""

    def __repr__(self) -> str:
        return f"Tok({self.kind}, {self.text!r}, {self.line})"

    def is_punct(self, char: str) -> bool:
        return self.kind == PUNCT and self.text == char


def _kind(ttype: Any, value: str) -> str:
    kind = _KINDS.get(ttype)
    if kind is None:
        if ttype in T.Whitespace or ttype in T.Comment:
            kind = SKIP
        elif ttype in T.String.Symbol:
            kind = QNAME
        elif ttype in T.Name.Placeholder or ttype in T.Error or ttype in T.Generic:
            kind = OP
        elif ttype in T.Keyword or ttype in T.Name:
            kind = WORD
        elif ttype in T.Number:
            kind = NUMBER
        elif ttype in T.String or ttype is T.Literal:
            kind = STRING
        elif ttype in T.Punctuation:
            kind = PUNCT
        else:
            kind = OP
        _KINDS[ttype] = kind
    if kind == WORD and value[:1] in "`[\"":
        return QNAME
    return kind


def lexer() -> Lexer:
    """sqlparse's lexer, configured to try the commonest tokens first.

    sqlparse's rules try each of some fifty patterns in turn at every position, and match one
    space at a time; whitespace runs, plain words, punctuation, integers and strings are by far
    the commonest tokens in DDL, so they are tried first. The parsers here read words one at a
    time, so losing sqlparse's joined keywords (``NOT NULL``) costs nothing; a word may hold
    U+FFFD, so a name with an undecodable byte stays one name; and a Flyway placeholder
    (``${schema}``) is one token. Every other rule is sqlparse's.
    """
    global _LEXER
    if _LEXER is None:
        configured = Lexer()
        configured.default_initialization()  # type: ignore[no-untyped-call]
        configured.set_SQL_REGEX([  # type: ignore[no-untyped-call]
            (r"\s+", T.Text.Whitespace),
            (r"(?:[^\W\d]|\ufffd)(?:[\w$#]|\ufffd)*", T.Name),
            (r"[;(),]|\.(?!\d)", T.Punctuation),
            (r"\d+(?![\w.])", T.Number.Integer),
            (r"'(''|\\'|[^'])*'", T.String.Single),
            (r"\$\{[^}\s]*\}", T.Name.Placeholder),
            *keywords.SQL_REGEX,
        ])
        _LEXER = configured
    return _LEXER


def tokenize(text: str, first_line: int = 1) -> list[Tok]:
    """The meaningful tokens of ``text``; ``first_line`` is the line its first character is on."""
    out: list[Tok] = []
    line = first_line
    spaced = True
    for ttype, value in lexer().get_tokens(text):  # type: ignore[no-untyped-call]
        kind = _kind(ttype, value)
        if kind == SKIP:
            line += value.count("\n")
            spaced = True
            continue
        if kind == STRING and not spaced and out and out[-1].kind == WORD \
                and out[-1].up in _STRING_PREFIXES:
            prefix = out.pop()
            out.append(Tok(STRING, prefix.text + value, prefix.line))
        elif kind == WORD and (" " in value or "\n" in value or "\t" in value or "\r" in value):
            for part in re.finditer(r"\S+|\n", value):
                if part.group() == "\n":
                    line += 1
                else:
                    out.append(Tok(WORD, part.group(), line))
            spaced = False
            continue
        else:
            out.append(Tok(kind, value, line))
        if "\n" in value:
            line += value.count("\n")
        spaced = False
    return out


def unquote_string(text: str) -> str:
    """The value of a string token: quotes and prefixes removed, escapes resolved."""
    if text.startswith("$"):
        close = text.index("$", 1) + 1
        return text[close:len(text) - close]
    start = 0
    while start < len(text) and text[start] not in "'\"":
        start += 1
    if start >= len(text):
        return text
    quote = text[start]
    body = text[start + 1:-1] if len(text) - start >= 2 and text.endswith(quote) \
        else text[start + 1:]
    if "\\" in body:
        body = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r", "0": ""}.get(
            m.group(1), m.group(1)), body, flags=re.S)
    return body.replace(quote * 2, quote)


def unquote_name(text: str) -> str:
    """An identifier without its quotes (``"Faces"``, ```faces```, ``[Faces]``)."""
    if len(text) >= 2 and ((text[0] == text[-1] and text[0] in "\"`")
                           or (text[0] == "[" and text[-1] == "]")):
        return text[1:-1]
    return text


def split_dotted(name: str) -> list[str]:
    """The parts of a dotted name, quotes kept (``"a.b".c`` has two parts)."""
    parts: list[str] = []
    current: list[str] = []
    close = ""
    for char in name:
        if close:
            current.append(char)
            if char == close:
                close = ""
        elif char in "\"`":
            close = char
            current.append(char)
        elif char == "[":
            close = "]"
            current.append(char)
        elif char == ".":
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def render(tokens: list[Tok], comma_space: bool = False) -> str:
    """Tokens as text: single spaces, tight around brackets, dots and casts, so
    ``public . vector ( 512 )`` reads ``public.vector(512)``."""
    out: list[str] = []
    previous: Tok | None = None
    for tok in tokens:
        if previous is not None:
            if tok.kind == PUNCT and tok.text in ("(", "["):
                tight = previous.kind in (WORD, QNAME) or previous.text in ("(", "[", ".")
            elif (tok.kind == PUNCT and tok.text in (")", "]", ",", ".", "::", ";")) or (
                    previous.kind == PUNCT and previous.text in ("(", "[", ".", "::")):
                tight = True
            else:
                tight = previous.is_punct(",") and not comma_space
            if not tight:
                out.append(" ")
        out.append(tok.text)
        previous = tok
    return "".join(out)


_NAME_KINDS = (WORD, QNAME)


class Cursor:
    """A position in a token list, with the small steps every statement parser takes."""

    __slots__ = ("i", "toks")

    def __init__(self, toks: list[Tok], start: int = 0) -> None:
        self.toks = toks
        self.i = start

    def done(self) -> bool:
        return self.i >= len(self.toks)

    def peek(self, ahead: int = 0) -> Tok | None:
        index = self.i + ahead
        return self.toks[index] if index < len(self.toks) else None

    def word(self, ahead: int = 0) -> str:
        tok = self.peek(ahead)
        return tok.up if tok is not None else ""

    def at(self, *words: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == WORD and tok.up in words

    def at_punct(self, char: str, ahead: int = 0) -> bool:
        tok = self.peek(ahead)
        return tok is not None and tok.is_punct(char)

    def take(self) -> Tok:
        tok = self.peek()
        if tok is None:
            last = self.toks[-1].line if self.toks else None
            raise ParseError("statement ends too early", last)
        self.i += 1
        return tok

    def accept(self, *words: str) -> bool:
        """Consume the words in sequence if they are all next; otherwise consume nothing."""
        for ahead, word in enumerate(words):
            tok = self.peek(ahead)
            if tok is None or tok.kind != WORD or tok.up != word:
                return False
        self.i += len(words)
        return True

    def expect(self, *words: str) -> None:
        if not self.accept(*words):
            tok = self.peek()
            found = tok.text if tok is not None else "the end of the statement"
            raise ParseError(f"expected {' '.join(words)}, found {found!r}",
                             tok.line if tok is not None else None)

    def line(self) -> int | None:
        tok = self.peek()
        if tok is not None:
            return tok.line
        return self.toks[-1].line if self.toks else None

    def name(self) -> tuple[str, int]:
        """A possibly qualified name as written (``public.faces``, ``[dbo].[Faces]``); a
        placeholder schema such as Flyway's ``${schema}.faces`` is left out."""
        tok = self.peek()
        if tok is not None and tok.text.startswith("${") and self.at_punct(".", 1):
            self.i += 2
            tok = self.peek()
        if tok is None or tok.kind not in _NAME_KINDS:
            found = tok.text if tok is not None else "the end of the statement"
            raise ParseError(f"expected a name, found {found!r}", self.line())
        parts = [tok.text]
        line = tok.line
        self.i += 1
        while self.at_punct(".") and (nxt := self.peek(1)) is not None \
                and nxt.kind in _NAME_KINDS:
            parts.append(nxt.text)
            self.i += 2
        return ".".join(parts), line

    def group(self) -> list[Tok]:
        """The tokens inside the parenthesis at the cursor; the cursor moves past its close."""
        if not self.at_punct("("):
            raise ParseError("expected '('", self.line())
        start = self.i + 1
        end = match_paren(self.toks, self.i)
        if end < 0:
            raise ParseError("unbalanced parentheses", self.toks[self.i].line)
        self.i = end + 1
        return self.toks[start:end]

    def skip_group(self) -> None:
        if self.at_punct("("):
            self.group()
        else:
            self.i += 1

    def rest(self) -> list[Tok]:
        rest = self.toks[self.i:]
        self.i = len(self.toks)
        return rest


def match_paren(toks: list[Tok], index: int) -> int:
    """The index of the parenthesis closing the one at ``index``, or -1."""
    depth = 0
    for position in range(index, len(toks)):
        tok = toks[position]
        if tok.kind == PUNCT:
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth -= 1
                if depth == 0:
                    return position
    return -1


def split_top(toks: list[Tok], separator: str = ",") -> list[list[Tok]]:
    """Split at separators outside parentheses and brackets."""
    items: list[list[Tok]] = []
    current: list[Tok] = []
    depth = 0
    for tok in toks:
        if tok.kind == PUNCT:
            text = tok.text
            if text in "([":
                depth += 1
            elif text in ")]":
                depth -= 1
            elif text == separator and depth == 0:
                items.append(current)
                current = []
                continue
        current.append(tok)
    items.append(current)
    return items


def names_in(toks: list[Tok]) -> list[str]:
    """The names in a parenthesised list such as ``(a, "B", [c])``, as written."""
    names = []
    for item in split_top(toks):
        if item and item[0].kind in _NAME_KINDS:
            names.append(item[0].text)
    return names
