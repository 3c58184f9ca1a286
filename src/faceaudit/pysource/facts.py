"""What the analysis of one module learns: its functions, their summaries, the sinks reached."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from faceaudit.pysource.catalog import Kind
from faceaudit.pysource.taint import CLEAN, Taint, TaintSet

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class FunctionInfo:
    """A function of the module (or the module's own top-level code, ``<module>``)."""

    qualname: str
    node: FunctionNode | ast.Module
    cls: str | None  # the class of a method
    params: tuple[str, ...]  # parameters that take arguments (``self`` and ``cls`` left out)

    @property
    def name(self) -> str:
        return self.qualname.rsplit(".", 1)[-1]

    @property
    def line(self) -> int:
        return getattr(self.node, "lineno", 1)


@dataclass(frozen=True)
class Sink:
    """A call that facial data may reach."""

    category: str  # network | storage | log
    what: str
    line: int
    node: int  # id() of the call node, to find it again while bandit visits the tree
    function: str  # qualname of the enclosing function
    host: str | None = None
    scheme: str | None = None
    unverified: str | None = None  # how the call turns certificate verification off


@dataclass(frozen=True)
class Reach:
    """Facial data (or a parameter, in a summary) reaching a sink, and how."""

    sink: Sink
    taint: Taint

    @property
    def key(self) -> tuple[Sink, object]:
        return self.sink, self.taint.key


@dataclass(frozen=True)
class Store:
    """A parameter's data put into an object attribute or a module global (``self.known``)."""

    slot: str
    taint: Taint


@dataclass
class Summary:
    """What calling a function does with facial data."""

    returns: TaintSet = CLEAN
    reaches: tuple[Reach, ...] = ()
    stores: tuple[Store, ...] = ()
    returns_kind: Kind | None = None
    has_source: bool = False  # a face library call is made in the function
    decides_on_match: bool = False  # a branch or return depends on a face comparison
    callees: frozenset[str] = frozenset()

    def signature(self) -> object:
        return (tuple(t.key for t in self.returns), frozenset(r.key for r in self.reaches),
                frozenset((s.slot, s.taint.key) for s in self.stores), self.returns_kind,
                self.has_source, self.decides_on_match, self.callees)


@dataclass
class Heap:
    """Module globals and object attributes (``Class.attr``) shared by the functions."""

    taints: dict[str, TaintSet] = field(default_factory=dict)
    kinds: dict[str, Kind] = field(default_factory=dict)

    def signature(self) -> object:
        return (frozenset((k, tuple(t.key for t in v)) for k, v in self.taints.items()),
                frozenset(self.kinds.items()))
