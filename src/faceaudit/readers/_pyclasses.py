"""The classes a Python module defines, as the ORM-model reader needs them: which of its own
classes each class derives from, its class-level assignments, and its inner ``Meta`` options.

Only module-level classes are indexed; a base class defined in another file is known by name
only. Inheritance cycles (which Python would reject) are cut, never followed twice.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from faceaudit.readers._pyast import assigned, dotted


@dataclass(frozen=True)
class Attribute:
    """``name = value`` or ``name: annotation [= value]`` in a class body."""

    name: str
    value: ast.expr | None
    annotation: ast.expr | None
    line: int


class ClassIndex:
    """Module-level classes by name (the last definition wins, as in Python)."""

    def __init__(self, module: ast.Module) -> None:
        self.classes: dict[str, ast.ClassDef] = {}
        self.order: list[ast.ClassDef] = []
        self._parents: set[int] | None = None
        for node in module.body:
            if isinstance(node, ast.ClassDef):
                self.classes[node.name] = node
                self.order.append(node)

    def bases(self, node: ast.ClassDef) -> list[ast.ClassDef]:
        """The module's own classes ``node`` names as bases, left to right."""
        found = []
        for base in node.bases:
            name = (dotted(base) or "").rsplit(".", 1)[-1]
            parent = self.classes.get(name)
            if parent is not None and parent is not node:
                found.append(parent)
        return found

    def ancestors(self, node: ast.ClassDef) -> list[ast.ClassDef]:
        """Every own class ``node`` derives from, nearest first, each once."""
        found: list[ast.ClassDef] = []
        pending = list(reversed(self.bases(node)))
        while pending:
            current = pending.pop()
            if current is node or current in found:
                continue
            found.append(current)
            pending.extend(reversed(self.bases(current)))
        return found

    def is_base(self, node: ast.ClassDef) -> bool:
        """Whether another class of the module derives from ``node``."""
        if self._parents is None:
            self._parents = {id(parent) for other in self.order for parent in self.bases(other)}
        return id(node) in self._parents


def attributes(node: ast.ClassDef) -> list[Attribute]:
    """The class-level assignments of a class body, in order."""
    found = []
    for statement in node.body:
        binding = assigned(statement)
        if binding is not None:
            name, value, annotation = binding
            found.append(Attribute(name, value, annotation, statement.lineno))
    return found


def class_value(node: ast.ClassDef, name: str) -> ast.expr | None:
    """The value last assigned to ``name`` in the class body."""
    value = None
    for attribute in attributes(node):
        if attribute.name == name and attribute.value is not None:
            value = attribute.value
    return value


def inner_options(node: ast.ClassDef, name: str = "Meta") -> dict[str, ast.expr]:
    """The assignments of an inner class such as Django's or peewee's ``class Meta``."""
    for statement in node.body:
        if isinstance(statement, ast.ClassDef) and statement.name == name:
            return {a.name: a.value for a in attributes(statement) if a.value is not None}
    return {}


def base_names(node: ast.ClassDef) -> list[str]:
    """The dotted names of a class's bases (``models.Model``, ``db.Model``, ``Base``)."""
    return [name for name in (dotted(base) for base in node.bases) if name]
