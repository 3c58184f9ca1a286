"""Names in a module's syntax tree: imports, dotted names, and strings the code spells out.

Nothing is imported or run: import statements are read as aliases, and a string is known only
when it is a literal, a module-level constant, a default of ``os.getenv``, or a concatenation or
f-string whose leading parts are known.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

MAX_TEXT = 72


def aliases(tree: ast.Module) -> dict[str, str]:
    """Local names bound by the module's imports, mapped to what they name."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for item in node.names:
                if item.asname:
                    found[item.asname] = item.name
                else:
                    head = item.name.split(".", 1)[0]
                    found.setdefault(head, head)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for item in node.names:
                found[item.asname or item.name] = f"{node.module}.{item.name}"
    return found


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def qualify(name: str, imported: Mapping[str, str]) -> str:
    """A dotted name with its first part replaced by what the import bound it to."""
    head, dot, rest = name.partition(".")
    target = imported.get(head)
    if target is None:
        return name
    return f"{target}{dot}{rest}"


def short(node: ast.AST) -> str:
    """Source text of a node on one line, cut to a readable length."""
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 3] + "..."


_ENV_READERS = frozenset({"os.getenv", "os.environ.get"})


class Strings:
    """Resolves expressions to the strings they are known to hold."""

    def __init__(self, constants: Mapping[str, str], imported: Mapping[str, str]) -> None:
        self.constants = constants
        self.imported = imported

    def resolve(self, node: ast.expr | None, local: Mapping[str, str] | None = None) -> str | None:
        """The text, or its known leading part, or None."""
        if node is None:
            return None
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.Name):
            if local is not None and node.id in local:
                return local[node.id]
            return self.constants.get(node.id)
        if isinstance(node, ast.Attribute):
            name = dotted(node)
            return self.constants.get(name) if name else None
        if isinstance(node, ast.JoinedStr):
            return self._joined(node, local)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.resolve(node.left, local)
            if left is None:
                return None
            right = self.resolve(node.right, local)
            return left + right if right is not None else left + "\x00"
        if isinstance(node, ast.Call):
            return self._call(node, local)
        return None

    def _joined(self, node: ast.JoinedStr, local: Mapping[str, str] | None) -> str | None:
        text = ""
        for part in node.values:
            value = (self.resolve(part.value, local) if isinstance(part, ast.FormattedValue)
                     else self.resolve(part, local))
            if value is None:
                return text + "\x00" if text else None
            text += value
        return text

    def _call(self, node: ast.Call, local: Mapping[str, str] | None) -> str | None:
        name = dotted(node.func)
        if name is None:
            return None
        if qualify(name, self.imported) in _ENV_READERS and len(node.args) >= 2:
            return self.resolve(node.args[1], local)
        if name.endswith(".format") and isinstance(node.func, ast.Attribute):
            base = self.resolve(node.func.value, local)
            return base.split("{", 1)[0] + "\x00" if base else None
        return None


def known_prefix(text: str | None) -> str | None:
    """The part of a resolved string before its first unknown piece."""
    if text is None:
        return None
    return text.split("\x00", 1)[0]


def module_constants(tree: ast.Module, imported: Mapping[str, str]) -> dict[str, str]:
    """Module-level names (and class attributes, as ``Class.NAME``) bound once to a string."""
    constants: dict[str, str] = {}
    strings = Strings(constants, imported)

    def take(body: list[ast.stmt], prefix: str) -> None:
        for stmt in body:
            target: ast.expr | None = None
            value: ast.expr | None = None
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                target, value = stmt.targets[0], stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                target, value = stmt.target, stmt.value
            if isinstance(target, ast.Name) and value is not None:
                text = strings.resolve(value)
                if text is not None and "\x00" not in text:
                    constants[prefix + target.id] = text

    take(tree.body, "")
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef):
            take(stmt.body, f"{stmt.name}.")
            take(stmt.body, "self.")
    return constants
