"""Python source read as syntax only, for the ORM-model and migration readers.

The scanned code is never imported or run: :func:`parse_python` turns the text into an ``ast``
tree (or an error record), and the helpers below read names, string literals, keywords and
module-level string constants from that tree. Nothing here recurses over arbitrary depth
except :func:`source_text`, which is guarded; callers guard their own traversal with
:func:`guarded`.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import TypeVar

from faceaudit.errors import ErrorRecord

T = TypeVar("T")

# gettext wrappers whose first argument is the text a Django or peewee option really holds.
_TRANSLATE = frozenset({"_", "gettext", "gettext_lazy", "ugettext", "ugettext_lazy",
                        "gettext_noop", "lazy_gettext", "_l"})


def parse_python(lines: Iterable[str], path: str) -> tuple[ast.Module | None, list[ErrorRecord]]:
    """The module's syntax tree, or None and one error record saying why it cannot be read."""
    try:
        text = "".join(lines).removeprefix("\ufeff")  # a byte-order mark Python allows
    except UnicodeDecodeError as exc:
        return None, [ErrorRecord(path, f"not UTF-8 text: {exc.reason}")]
    try:
        with warnings.catch_warnings():
            # "invalid escape sequence" and the like: the scanned code's business, not the scan's
            warnings.simplefilter("ignore")
            return ast.parse(text, filename=path), []
    except SyntaxError as exc:
        return None, [ErrorRecord(path, f"Python syntax error: {exc.msg}", exc.lineno)]
    except (RecursionError, MemoryError):
        return None, [ErrorRecord(path, "Python source nested too deeply to parse")]
    except ValueError as exc:  # e.g. a NUL byte in the text
        return None, [ErrorRecord(path, f"not Python source: {exc}")]


def guarded(path: str, line: int | None, errors: list[ErrorRecord],
            work: Callable[[], T], default: T) -> T:
    """Run one piece of tree reading; a nesting too deep for Python's stack becomes an error
    record at ``line`` instead of an exception."""
    try:
        return work()
    except (RecursionError, MemoryError):
        errors.append(ErrorRecord(path, "expression nested too deeply to read", line))
        return default


def dotted(node: ast.AST | None) -> str | None:
    """``sa.Column`` for the expression ``sa.Column``; None for anything but names and
    attribute chains."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def last_name(node: ast.AST | None) -> str | None:
    """The last part of a name or attribute chain (``Column`` for ``sa.Column``), or of the
    function a call calls."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def call_named(node: ast.AST | None, names: Iterable[str]) -> ast.Call | None:
    """``node`` when it is a call of a function whose last name is one of ``names``."""
    if isinstance(node, ast.Call) and last_name(node) in set(names):
        return node
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def string(node: ast.AST | None, constants: Mapping[str, str] | None = None) -> str | None:
    """The text of a string literal (also one wrapped in a gettext call, a module-level string
    constant, an f-string or a ``+`` of such parts when every part is known); None otherwise."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        return (constants or {}).get(node.id)
    if isinstance(node, ast.Call) and last_name(node) in _TRANSLATE and node.args:
        return string(node.args[0], constants)
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.format_spec is not None or value.conversion not in (-1, 115):
                    return None
                part = string(value.value, constants)
            else:
                part = string(value, constants)
            if part is None:
                return None
            parts.append(part)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = string(node.left, constants)
        right = string(node.right, constants)
        return None if left is None or right is None else left + right
    return None


def strings(node: ast.AST | None, constants: Mapping[str, str] | None = None) -> list[str] | None:
    """The texts of a list or tuple of string literals (or of one string); None otherwise."""
    single = string(node, constants)
    if single is not None:
        return [single]
    if isinstance(node, ast.List | ast.Tuple):
        found = [string(item, constants) for item in node.elts]
        if all(item is not None for item in found):
            return [item for item in found if item is not None]
    return None


def boolean(node: ast.AST | None) -> bool | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return node.value
    return None


def integer(node: ast.AST | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) \
            and not isinstance(node.value, bool):
        return node.value
    return None


def dict_entries(node: ast.AST | None) -> dict[str, ast.expr]:
    """The string-keyed entries of a dict display (``{"db_table": ...}``) or ``dict(...)``."""
    if isinstance(node, ast.Dict):
        return {key.value: value for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and isinstance(key.value, str)}
    if isinstance(node, ast.Call) and last_name(node) == "dict":
        return {item.arg: item.value for item in node.keywords if item.arg is not None}
    return {}


def source_text(node: ast.AST, limit: int = 80) -> str:
    """The expression as source text, shortened to ``limit`` characters."""
    try:
        text = ast.unparse(node)
    except (RecursionError, MemoryError, ValueError):
        return "<expression>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def module_constants(module: ast.Module, path: str,
                     errors: list[ErrorRecord]) -> dict[str, str]:
    """Module-level names bound once to a string literal (``CREATE_FACES = \"\"\"...\"\"\"``); a
    value nested too deeply to read is an error record and no constant."""
    found: dict[str, str] = {}
    seen: set[str] = set()
    for statement in module.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign):
            target, value = statement.target, statement.value
        if not isinstance(target, ast.Name):
            continue
        text = guarded(path, statement.lineno, errors, partial(string, value, found), None)
        if target.id in seen:
            found.pop(target.id, None)  # bound twice: no single value to trust
        elif text is not None:
            found[target.id] = text
        seen.add(target.id)
    return found


def assigned(statement: ast.stmt) -> tuple[str, ast.expr | None, ast.expr | None] | None:
    """``(name, value, annotation)`` for ``name = value`` or ``name: annotation [= value]``."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
            and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id, statement.value, None
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.value, statement.annotation
    return None


def module_statements(module: ast.Module) -> Iterator[ast.stmt]:
    """The module's own statements, also those inside module-level ``if``/``try``/``with``
    blocks, but not those of its functions and classes."""
    pending = list(reversed(module.body))
    while pending:
        statement = pending.pop()
        yield statement
        if isinstance(statement, ast.If | ast.Try | ast.With | ast.TryStar):
            blocks = [statement.body, getattr(statement, "orelse", []),
                      getattr(statement, "finalbody", [])]
            blocks += [handler.body for handler in getattr(statement, "handlers", [])]
            pending.extend(reversed([s for block in blocks for s in block]))


def imported_modules(module: ast.Module) -> frozenset[str]:
    """The top-level package names the module imports (``sqlalchemy``, ``django``, ...)."""
    found: set[str] = set()
    for node in module_statements(module):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return frozenset(found)
