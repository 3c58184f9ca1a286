"""SQL held inside another file (a Liquibase ``sql`` change, a string literal in code), handed to
the SQL reader with the line it starts on."""

from __future__ import annotations

from faceaudit.errors import ErrorRecord
from faceaudit.readers.sql import parse_sql_text
from faceaudit.schema.ops import SchemaOp


def embedded_sql(text: str, path: str,
                 first_line: int) -> tuple[list[SchemaOp], list[ErrorRecord]]:
    """The operations and error records of SQL text that starts on ``first_line`` of ``path``."""
    return parse_sql_text(text, path, first_line)
