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

from faceaudit.readers._braceliterals import BraceScan
from faceaudit.readers._litcore import (
    DDL,
    GO,
    JAVA,
    JAVASCRIPT,
    KOTLIN,
    LANGUAGES,
    PLACEHOLDER,
    PYTHON,
    Lines,
    Literal,
    Problem,
    holds_ddl,
    join_pieces,
    language_of,
    placeholder,
)
from faceaudit.readers._pyliterals import PythonScan, python_string

__all__ = ["DDL", "GO", "JAVA", "JAVASCRIPT", "KOTLIN", "LANGUAGES", "PLACEHOLDER", "PYTHON",
           "Literal", "Problem", "extract", "holds_ddl", "language_of", "placeholder",
           "python_string"]


def extract(source: str, language: str) -> tuple[list[Literal], list[Problem]]:
    """Every string literal of ``source`` (joined where the code joins them), in source order,
    and what stopped the scan early."""
    lines = Lines(source)
    if language == PYTHON:
        python = PythonScan(source, lines)
        final_gap = python.run()
        return join_pieces(python.pieces, final_gap, adjacent=True), python.problems
    scan = BraceScan(source, language, lines)
    final_gap = scan.run()
    return join_pieces(scan.pieces, final_gap, adjacent=False), scan.problems
