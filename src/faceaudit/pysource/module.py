"""Analysis of one module: its functions summarised until nothing changes, then every path of
facial data from a source to a sink, and the enrolment and login functions, as facts."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from faceaudit.hosts import is_public_host
from faceaudit.model import FACIAL, DataCategory
from faceaudit.pysource import policy
from faceaudit.pysource.calls import Context
from faceaudit.pysource.facts import FunctionInfo, Heap, Reach, Summary
from faceaudit.pysource.flow import FunctionFlow
from faceaudit.pysource.names import Strings, aliases, module_constants
from faceaudit.pysource.sinks import LOG, NETWORK, STORAGE
from faceaudit.pysource.taint import best

MAX_ROUNDS = 6
MODULE = "<module>"
_TRIGGERS = frozenset({"dlib", "detectmultiscale", "detectmultiscale2", "detectmultiscale3"})


@dataclass(frozen=True)
class FaceFact:
    """One result of faceaudit's own tests, at a call (a sink) or a function definition."""

    category: str  # network | storage | log | consent | alternative
    message: str
    line: int
    function: str
    source: str | None = None
    sink: str | None = None
    steps: tuple[str, ...] = ()
    data: frozenset[DataCategory] = frozenset()
    host: str | None = None
    scheme: str | None = None
    unverified: str | None = None  # how a network sink turns certificate verification off


@dataclass(frozen=True)
class ModuleFacts:
    """The facts of one module by the node they are reported at: ``(id(node), category)``."""

    facts: dict[tuple[int, str], FaceFact]
    failure: str | None = None  # why the analysis could not finish

    def at(self, node: ast.AST, category: str) -> FaceFact | None:
        return self.facts.get((id(node), category))


def _params(node: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> tuple[str, ...]:
    names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
    if method and not static and names:
        names = names[1:]
    return (*names, *(a.arg for a in node.args.kwonlyargs))


def functions(tree: ast.Module) -> tuple[list[FunctionInfo], frozenset[str]]:
    """The module's functions (methods and nested functions too) and its top-level classes."""
    found = [FunctionInfo(MODULE, tree, None, ())]
    classes: set[str] = set()

    def visit(body: list[ast.stmt], prefix: str, cls: str | None) -> None:
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                qualname = prefix + stmt.name
                found.append(FunctionInfo(qualname, stmt, cls, _params(stmt, cls is not None)))
                visit(stmt.body, qualname + ".", None)
            elif isinstance(stmt, ast.ClassDef):
                if not prefix:
                    classes.add(stmt.name)
                visit(stmt.body, prefix + stmt.name + ".", stmt.name if not prefix else None)

    visit(tree.body, "", None)
    return found, frozenset(classes)


def may_hold_faces(tree: ast.Module) -> bool:
    """Whether anything in the module speaks of faces; a module that does not holds no source."""
    for node in ast.walk(tree):
        words: tuple[str, ...] = ()
        if isinstance(node, ast.Name):
            words = (node.id,)
        elif isinstance(node, ast.Attribute):
            words = (node.attr,)
        elif isinstance(node, ast.alias):
            words = (node.name, node.asname or "")
        elif isinstance(node, ast.ImportFrom):
            words = (node.module or "",)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            words = (node.name,)
        elif isinstance(node, ast.arg):
            words = (node.arg,)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            words = (node.value[:200],)
        for word in words:
            lower = word.lower()
            if "face" in lower or lower in _TRIGGERS or lower.split(".", 1)[0] in _TRIGGERS:
                return True
    return False


def summarise(tree: ast.Module) -> tuple[list[FunctionInfo], dict[str, Summary]]:
    imported = aliases(tree)
    infos, classes = functions(tree)
    ctx = Context(imported, Strings(module_constants(tree, imported), imported),
                  {f.qualname: f for f in infos}, classes,
                  {f.qualname: Summary() for f in infos}, Heap())
    for _ in range(MAX_ROUNDS):
        before = ({q: s.signature() for q, s in ctx.summaries.items()}, ctx.heap.signature())
        for info in infos:
            ctx.summaries[info.qualname] = FunctionFlow(ctx, info).run()
        after = ({q: s.signature() for q, s in ctx.summaries.items()}, ctx.heap.signature())
        if after == before:
            break
    return infos, ctx.summaries


def _categories(data: frozenset[DataCategory]) -> str:
    return ", ".join(sorted(c.value for c in data)) or "facial data"


def _message(category: str, data: frozenset[DataCategory], source: str, sink: str,
             host: str | None) -> str:
    what = _categories(data)
    if category == NETWORK:
        where = host or "a host the code does not spell out"
        return f"{what} from {source} is sent by {sink} to {where}"
    if category == STORAGE:
        return f"{what} from {source} is stored by {sink} with no encryption on the path"
    return f"{what} from {source} is written to a log by {sink}"


def _flow_facts(summaries: dict[str, Summary]) -> dict[tuple[int, str], FaceFact]:
    grouped: dict[tuple[int, str], list[Reach]] = {}
    for summary in summaries.values():
        for reach in summary.reaches:
            taint, sink = reach.taint, reach.sink
            if taint.origin.param is not None or not taint.data & FACIAL:
                continue
            if taint.encrypted and sink.category in {STORAGE, LOG}:
                continue
            if sink.category == NETWORK and sink.host is not None \
                    and not is_public_host(sink.host):
                continue
            grouped.setdefault((sink.node, sink.category), []).append(reach)
    facts: dict[tuple[int, str], FaceFact] = {}
    for key, reaches in grouped.items():
        chosen = best(r.taint for r in reaches)
        if chosen is None:
            continue
        sink = reaches[0].sink
        data = frozenset(c for r in reaches for c in r.taint.data) & FACIAL
        source = chosen.origin.text
        facts[key] = FaceFact(
            sink.category, _message(sink.category, data, source, sink.what, sink.host),
            sink.line, sink.function, source, sink.what,
            tuple(f"{line}: {text}" for line, text in chosen.steps), data, sink.host,
            sink.scheme, sink.unverified)
    return facts


def analyse(tree: ast.Module) -> ModuleFacts:
    """Every fact of one module. A module that never speaks of faces is not analysed."""
    if not may_hold_faces(tree):
        return ModuleFacts({})
    try:
        infos, summaries = summarise(tree)
        facts = _flow_facts(summaries)
        for info in infos:
            for category, message in policy.judge(info, infos, summaries):
                facts[(id(info.node), category)] = FaceFact(
                    category, message, info.line, info.qualname)
    except RecursionError:
        return ModuleFacts({}, "the code nests too deeply to analyse")
    return ModuleFacts(facts)
