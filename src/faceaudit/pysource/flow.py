"""Taint analysis of one function: statements in order, values followed through expressions.

The analysis is flow-insensitive inside a function in one respect: a name once tainted stays
tainted (a later clean assignment does not clear it), and the body is walked until nothing new
is learned, so values carried round loops are followed. Calls to the module's own functions use
their summaries; parameters carry symbolic taints, so a summary says which parameters reach
which sinks, return values and object attributes.
"""

from __future__ import annotations

import ast

from faceaudit.pysource import catalog as cat
from faceaudit.pysource.calls import CallFlow, Context
from faceaudit.pysource.catalog import Kind
from faceaudit.pysource.facts import FunctionInfo, Reach, Store, Summary
from faceaudit.pysource.names import dotted, qualify, short
from faceaudit.pysource.taint import (
    CLEAN,
    Origin,
    Taint,
    TaintSet,
    join,
    retag,
    step,
)

MAX_PASSES = 4


class FunctionFlow(CallFlow):
    """Analyses one function against the current summaries and heap."""

    def __init__(self, ctx: Context, info: FunctionInfo) -> None:
        self.ctx = ctx
        self.info = info
        self.env: dict[str, TaintSet] = {}
        self.kinds: dict[str, Kind] = {}
        self.files: dict[str, TaintSet] = {}
        self.local_strings: dict[str, str] = {}
        self.matches: set[str] = set()
        self.declared_global: set[str] = set()
        self.returns: TaintSet = CLEAN
        self.returns_kind: Kind | None = None
        self.reaches: dict[object, Reach] = {}
        self.stores: dict[object, Store] = {}
        self.callees: set[str] = set()
        self.has_source = False
        self.decides = False
        self.recording = False
        self.fed = _fed_to_face_functions(info.node, ctx.imported)

    # -- driver -----------------------------------------------------------------------------

    def run(self) -> Summary:
        for param in self.info.params:
            origin = Origin(f"parameter {param} of {self.info.name}()", self.info.line, param)
            self.env[param] = (Taint(origin),)
        body = self.info.node.body
        for _ in range(MAX_PASSES):
            before = self._signature()
            self._block(body)
            if self._signature() == before:
                break
        self.recording = True
        self._block(body)
        return Summary(
            returns=self.returns, reaches=tuple(self.reaches.values()),
            stores=tuple(self.stores.values()), returns_kind=self.returns_kind,
            has_source=self.has_source, decides_on_match=self.decides,
            callees=frozenset(self.callees))

    def _signature(self) -> object:
        return (frozenset((k, tuple(t.key for t in v)) for k, v in self.env.items()),
                frozenset(self.kinds.items()), frozenset(self.files), frozenset(self.matches),
                self.ctx.heap.signature())

    # -- statements -------------------------------------------------------------------------

    def _block(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            self._stmt(stmt)

    def _stmt(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assign):
            taints = self.expr(stmt.value)
            for target in stmt.targets:
                self._assign(target, stmt.value, taints, stmt.lineno)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self._assign(stmt.target, stmt.value, self.expr(stmt.value), stmt.lineno)
        elif isinstance(stmt, ast.AugAssign):
            taints = join(self.expr(stmt.value), self.expr(stmt.target))
            self._bind(stmt.target, taints, stmt.lineno, short(stmt))
        elif isinstance(stmt, ast.Expr):
            self.expr(stmt.value)
        elif isinstance(stmt, ast.Return) and stmt.value is not None:
            self._decision(stmt.value)
            taints = step(self.expr(stmt.value), stmt.lineno, f"return {short(stmt.value)}")
            self.returns = join(self.returns, taints)
            self.returns_kind = self.returns_kind or self.kind_of(stmt.value)
        elif isinstance(stmt, ast.If | ast.While):
            self._decision(stmt.test)
            self.expr(stmt.test)
            self._block(stmt.body)
            self._block(stmt.orelse)
        elif isinstance(stmt, ast.For | ast.AsyncFor):
            self._loop(stmt.target, stmt.iter, stmt.lineno)
            self._block(stmt.body)
            self._block(stmt.orelse)
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            for item in stmt.items:
                taints = self.expr(item.context_expr)
                if item.optional_vars is not None:
                    self._assign(item.optional_vars, item.context_expr, taints, stmt.lineno)
            self._block(stmt.body)
        elif isinstance(stmt, ast.Try | ast.TryStar):
            self._block(stmt.body)
            for handler in stmt.handlers:
                self._block(handler.body)
            self._block(stmt.orelse)
            self._block(stmt.finalbody)
        elif isinstance(stmt, ast.Match):
            self.expr(stmt.subject)
            for case in stmt.cases:
                self._block(case.body)
        elif isinstance(stmt, ast.Global):
            self.declared_global.update(stmt.names)
        elif isinstance(stmt, ast.Assert):
            self._decision(stmt.test)
            self.expr(stmt.test)

    def _loop(self, target: ast.expr, iterable: ast.expr, line: int) -> None:
        """``for target in iterable``: the target takes the items' taint; the counter of
        ``enumerate`` stays clean, and the names unpacked from ``zip(a, b)`` take the taint
        of their own sequence."""
        text = f"for {short(target)} in {short(iterable)}"
        taints = self.expr(iterable)
        self._bind_items(target, iterable, taints, line, text)

    def _bind_items(self, target: ast.expr, iterable: ast.expr, taints: TaintSet, line: int,
                    text: str) -> None:
        if isinstance(target, ast.Tuple | ast.List) and isinstance(iterable, ast.Call) \
                and all(k.arg == "strict" for k in iterable.keywords) and iterable.args \
                and not any(isinstance(a, ast.Starred) for a in iterable.args):
            name = self.qualname(iterable.func)
            if name == "enumerate" and len(target.elts) == 2 and len(iterable.args) == 1:
                self._bind_items(target.elts[1], iterable.args[0],
                                 self.expr(iterable.args[0]), line, text)
                return
            if name == "zip" and len(target.elts) == len(iterable.args) \
                    and not any(isinstance(e, ast.Starred) for e in target.elts):
                for element, sequence in zip(target.elts, iterable.args, strict=True):
                    self._bind_items(element, sequence, self.expr(sequence), line, text)
                return
        self._bind(target, step(taints, line, text), line, None)

    def _assign(self, target: ast.expr, value: ast.expr, taints: TaintSet, line: int) -> None:
        if isinstance(target, ast.Tuple | ast.List) and isinstance(value, ast.Tuple | ast.List) \
                and len(target.elts) == len(value.elts):
            for sub_target, sub_value in zip(target.elts, value.elts, strict=True):
                self._assign(sub_target, sub_value, self.expr(sub_value), line)
            return
        source = self._image_read(target, value, line)
        if source:
            taints = join(taints, source)
        text = f"{short(target)} = {short(value)}"
        self._bind(target, taints, line, text)
        kind = self.kind_of(value)
        if kind is not None:
            self._set_kind(target, kind)
        if isinstance(target, ast.Name):
            text_value = self.ctx.strings.resolve(value, self.local_strings)
            if text_value is not None:
                self.local_strings.setdefault(target.id, text_value)
            if self._mentions_match(value):
                self.matches.add(target.id)

    def _bind(self, target: ast.expr, taints: TaintSet, line: int, text: str | None) -> None:
        if not taints:
            return
        if text is not None:
            taints = step(taints, line, text)
        if isinstance(target, ast.Name):
            if isinstance(self.info.node, ast.Module) or target.id in self.declared_global:
                self._heap_write(f"g:{target.id}", taints)
            else:
                self.env[target.id] = join(self.env.get(target.id, CLEAN), taints)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._bind(element, taints, line, None)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, taints, line, None)
        elif isinstance(target, ast.Attribute):
            slot = self._slot(target)
            if slot is not None:
                self._heap_write(slot, taints)
            else:
                self._bind(target.value, taints, line, None)
        elif isinstance(target, ast.Subscript):
            self._bind(target.value, taints, line, None)

    def _heap_write(self, slot: str, taints: TaintSet) -> None:
        real = tuple(t for t in taints if t.origin.param is None)
        if real:
            self.ctx.heap.taints[slot] = join(self.ctx.heap.taints.get(slot, CLEAN), real)
        for taint in taints:
            if taint.origin.param is not None:
                self.stores.setdefault((slot, taint.key), Store(slot, taint))

    def _slot(self, node: ast.expr) -> str | None:
        """The heap slot of ``self.attr`` in a method, else None."""
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in {"self", "cls"} and self.info.cls is not None:
            return f"{self.info.cls}.{node.attr}"
        return None

    def _set_kind(self, target: ast.expr, kind: Kind) -> None:
        if isinstance(target, ast.Name):
            if isinstance(self.info.node, ast.Module) or target.id in self.declared_global:
                self.ctx.heap.kinds[f"g:{target.id}"] = kind
            else:
                self.kinds[target.id] = kind
        else:
            slot = self._slot(target)
            if slot is not None:
                self.ctx.heap.kinds[slot] = kind

    # -- sources of images --------------------------------------------------------------------

    def _image_read(self, target: ast.expr, value: ast.expr, line: int) -> TaintSet:
        """A face image read from disk or a camera, when the target is named or used as one."""
        call = value.value if isinstance(value, ast.Await) else value
        if not isinstance(call, ast.Call):
            return CLEAN
        name = self.qualname(call.func)
        is_read = name in cat.IMAGE_READS
        if not is_read and isinstance(call.func, ast.Attribute) and call.func.attr == "read":
            kind = self.kind_of(call.func.value)
            is_read = kind is not None and kind.name == "camera"
        if not is_read:
            return CLEAN
        names = [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
        if not any(n in self.fed or "face" in n.lower() for n in names):
            return CLEAN
        what = f"{name or short(call.func)}()"
        return (Taint(Origin(what, line), frozenset({cat.IMAGE})),)

    # -- expressions --------------------------------------------------------------------------

    def expr(self, node: ast.expr | None) -> TaintSet:
        if node is None or isinstance(node, ast.Constant):
            return CLEAN
        if isinstance(node, ast.Name):
            local = self.env.get(node.id)
            return local if local is not None else self.ctx.heap.taints.get(f"g:{node.id}",
                                                                           CLEAN)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.BinOp):
            return join(self.expr(node.left), self.expr(node.right))
        if isinstance(node, ast.BoolOp):
            return join(*(self.expr(v) for v in node.values))
        if isinstance(node, ast.IfExp):
            self._decision(node.test)
            self.expr(node.test)
            return join(self.expr(node.body), self.expr(node.orelse))
        if isinstance(node, ast.Compare):
            self.expr(node.left)
            for comparator in node.comparators:
                self.expr(comparator)
            return CLEAN
        if isinstance(node, ast.JoinedStr):
            return join(*(self.expr(v) for v in node.values))
        if isinstance(node, ast.FormattedValue):
            return self.expr(node.value)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return join(*(self.expr(e) for e in node.elts))
        if isinstance(node, ast.Dict):
            return join(*(self.expr(v) for v in node.values),
                        *(self.expr(k) for k in node.keys if k is not None))
        if isinstance(node, ast.Slice):
            return join(self.expr(node.lower), self.expr(node.upper), self.expr(node.step))
        if isinstance(node, ast.Starred | ast.Await | ast.UnaryOp):
            return self.expr(node.operand if isinstance(node, ast.UnaryOp) else node.value)
        if isinstance(node, ast.NamedExpr):
            taints = self.expr(node.value)
            self._assign(node.target, node.value, taints, node.lineno)
            return taints
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            return self._comprehension(node)
        return CLEAN

    def _attribute(self, node: ast.Attribute) -> TaintSet:
        slot = self._slot(node)
        if slot is not None:
            return self.ctx.heap.taints.get(slot, CLEAN)
        base = self.expr(node.value)
        if not base or node.attr in cat.META_ATTRIBUTES:
            return CLEAN
        if node.attr in cat.TEMPLATE_ATTRIBUTES:
            return retag(base, cat.TEMPLATE)
        return base

    def _subscript(self, node: ast.Subscript) -> TaintSet:
        base = self.expr(node.value)
        index = self.expr(node.slice)
        slices = [n for n in ast.walk(node.slice) if isinstance(n, ast.Slice)]
        geometry = tuple(t for t in index if cat.GEOMETRY in t.data)
        if slices and geometry:
            crop = step(retag(geometry, cat.IMAGE), node.lineno, f"face crop {short(node)}")
            return join(crop, base)
        return base

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp
                       | ast.DictComp) -> TaintSet:
        saved = dict(self.env)
        for generator in node.generators:
            self._loop(generator.target, generator.iter, node.lineno)
            for condition in generator.ifs:
                self.expr(condition)
        if isinstance(node, ast.DictComp):
            result = join(self.expr(node.key), self.expr(node.value))
        else:
            result = self.expr(node.elt)
        self.env = saved
        return result

    # -- face comparisons (for authentication) ------------------------------------------------

    def _mentions_match(self, node: ast.expr) -> bool:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and sub.id in self.matches:
                return True
            if isinstance(sub, ast.Call):
                name = self.qualname(sub.func)
                method = sub.func.attr if isinstance(sub.func, ast.Attribute) else None
                if self._comparison(sub, name, method):
                    return True
                local = self._local_function(sub.func)
                if local is not None and self.ctx.summaries[local.qualname].decides_on_match:
                    return True
            if isinstance(sub, ast.Compare):
                operands = [sub.left, *sub.comparators]
                if any(cat.TEMPLATE in t.data for o in operands for t in self.expr(o)):
                    return True
        return False

    def _decision(self, test: ast.expr) -> None:
        if self._mentions_match(test):
            self.decides = True


def _fed_to_face_functions(node: ast.AST, imported: dict[str, str]) -> frozenset[str]:
    """Names passed to face functions in a function, and the names they were made from."""
    fed: set[str] = set()
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        name = dotted(sub.func)
        full = qualify(name, imported) if name else ""
        method = sub.func.attr if isinstance(sub.func, ast.Attribute) else ""
        callee = sub.func.id if isinstance(sub.func, ast.Name) else ""
        if full in cat.FACE_FUNCTIONS or full in cat.FACE_COMPARISONS \
                or method in cat.FACE_METHODS or "detector" in callee.lower() \
                or (method == "get" and "app" in (name or "").lower()):
            values = [*sub.args, *(k.value for k in sub.keywords)]
            fed.update(n.id for v in values for n in ast.walk(v) if isinstance(n, ast.Name))
    changed = True
    while changed:
        changed = False
        for sub in ast.walk(node):
            if isinstance(sub, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id in fed for t in sub.targets):
                for name_node in ast.walk(sub.value):
                    if isinstance(name_node, ast.Name) and name_node.id not in fed \
                            and name_node.id not in imported:
                        fed.add(name_node.id)
                        changed = True
    return frozenset(fed)
