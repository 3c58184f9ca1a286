"""Taint values: where a facial value came from and the steps it took.

A value of the analysed code is tainted when it holds facial data, or data derived from it. Its
taint is a small set of :class:`Taint` paths, one per origin: the face library call that made the
value (a *source*), or, while a function is summarised, one of the function's parameters (a
symbolic origin that the caller replaces with the taint of its argument).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from faceaudit.model import DataCategory

Step = tuple[int, str]
MAX_STEPS = 40
MAX_PATHS = 6


@dataclass(frozen=True)
class Origin:
    """Where a taint starts: a source call, or a parameter of the function being summarised."""

    what: str
    line: int
    param: str | None = None

    @property
    def text(self) -> str:
        return f"{self.what} (line {self.line})"


@dataclass(frozen=True)
class Taint:
    """One path of facial data: its origin, the steps since, what it is, and whether an
    encryption call sits on the path."""

    origin: Origin
    data: frozenset[DataCategory] = frozenset()
    steps: tuple[Step, ...] = ()
    encrypted: bool = False

    @property
    def key(self) -> tuple[Origin, bool]:
        return self.origin, self.encrypted

    def then(self, line: int, text: str) -> Taint:
        if len(self.steps) >= MAX_STEPS or (self.steps and self.steps[-1] == (line, text)):
            return self
        return replace(self, steps=(*self.steps, (line, text)))

    def extended(self, steps: Iterable[Step]) -> Taint:
        result = self
        for line, text in steps:
            result = result.then(line, text)
        return result

    def as_data(self, data: frozenset[DataCategory]) -> Taint:
        return replace(self, data=data)


TaintSet = tuple[Taint, ...]
CLEAN: TaintSet = ()


def _rank(taint: Taint) -> tuple[bool, bool, int, int, str]:
    return (taint.encrypted, taint.origin.param is not None, taint.origin.line, len(taint.steps),
            taint.origin.what)


def join(*sets: TaintSet) -> TaintSet:
    """The union of taint sets: one path per origin (the first seen), at most ``MAX_PATHS``."""
    seen: dict[tuple[Origin, bool], Taint] = {}
    for taints in sets:
        for taint in taints:
            seen.setdefault(taint.key, taint)
    ordered = sorted(seen.values(), key=_rank)
    return tuple(ordered[:MAX_PATHS])


def step(taints: TaintSet, line: int, text: str) -> TaintSet:
    return tuple(t.then(line, text) for t in taints)


def retag(taints: TaintSet, data: DataCategory) -> TaintSet:
    return tuple(t.as_data(frozenset({data})) for t in taints)


def encrypt(taints: TaintSet) -> TaintSet:
    return tuple(replace(t, encrypted=True) for t in taints)


def best(taints: Iterable[Taint]) -> Taint | None:
    """The path a finding shows: unencrypted first, then a real source, then the earliest."""
    return min(taints, key=_rank, default=None)
