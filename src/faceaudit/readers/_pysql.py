"""SQL that a Python migration hands to its database (Alembic ``op.execute``, Django
``RunSQL``): the text as the source spells it, the line it starts on, and the operations the
SQL reader finds in it."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from faceaudit.readers._pyast import last_name, string

# Wrappers whose first argument is the SQL text: sa.text(...), sa.DDL(...).
_TEXT_WRAPPERS = frozenset({"text", "DDL", "TextClause"})


@dataclass(frozen=True)
class Constants:
    """Module-level string constants and the line each one's text starts on."""

    values: Mapping[str, str]
    lines: Mapping[str, int]


def constants_of(module: ast.Module, values: Mapping[str, str]) -> Constants:
    lines: dict[str, int] = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id in values:
                lines[target.id] = value.lineno
    return Constants(values, lines)


def sql_argument(node: ast.expr | None, constants: Constants) -> tuple[str, int] | bool | None:
    """The SQL text an argument holds and the line it starts on; False when the argument is
    text built at run time (an f-string or ``+`` with unknown parts); None when it is not text
    at all (a query object, a callable)."""
    if isinstance(node, ast.Call) and last_name(node) in _TEXT_WRAPPERS and node.args:
        node = node.args[0]
    if node is None:
        return None
    text = string(node, constants.values)
    if text is not None:
        line = constants.lines.get(node.id, node.lineno) if isinstance(node, ast.Name) \
            else node.lineno
        return text, line
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return False
    return None


