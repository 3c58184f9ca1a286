"""Taint analysis of one function: statements in order, values followed through expressions.

The analysis is flow-insensitive inside a function in one respect: a name once tainted stays
tainted (a later clean assignment does not clear it), and the body is walked until nothing new
is learned, so values carried round loops are followed. Calls to the module's own functions use
their summaries; parameters carry symbolic taints, so a summary says which parameters reach
which sinks, return values and object attributes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from faceaudit.model import DataCategory
from faceaudit.pysource import catalog as cat
from faceaudit.pysource.catalog import Kind
from faceaudit.pysource.facts import FunctionInfo, Heap, Reach, Sink, Store, Summary
from faceaudit.pysource.kinds import argument, connected, make_kind
from faceaudit.pysource.names import Strings, dotted, qualify, short
from faceaudit.pysource.sinks import CallShape, classify
from faceaudit.pysource.taint import (
    CLEAN,
    Origin,
    Taint,
    TaintSet,
    encrypt,
    join,
    retag,
    step,
)

MAX_PASSES = 4


@dataclass
class Context:
    """What every function of one module shares."""

    imported: dict[str, str]
    strings: Strings
    functions: dict[str, FunctionInfo]
    classes: frozenset[str]
    summaries: dict[str, Summary]
    heap: Heap


def _is_camel(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last[:1].isupper() and not last.isupper()


class FunctionFlow:
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
        ``enumerate`` stays clean."""
        taints = step(self.expr(iterable), line, f"for {short(target)} in {short(iterable)}")
        if isinstance(iterable, ast.Call) and self.qualname(iterable.func) == "enumerate" \
                and isinstance(target, ast.Tuple) and len(target.elts) == 2 and iterable.args:
            target = target.elts[1]
        self._bind(target, taints, line, None)

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

    # -- calls --------------------------------------------------------------------------------

    def qualname(self, func: ast.expr) -> str | None:
        name = dotted(func)
        return qualify(name, self.ctx.imported) if name is not None else None

    def kind_of(self, node: ast.expr | None) -> Kind | None:
        if node is None:
            return None
        if isinstance(node, ast.Await):
            return self.kind_of(node.value)
        if isinstance(node, ast.Name):
            return self.kinds.get(node.id) or self.ctx.heap.kinds.get(f"g:{node.id}")
        if isinstance(node, ast.Attribute | ast.Subscript):
            slot = self._slot(node) if isinstance(node, ast.Attribute) else None
            if slot is not None:
                return self.ctx.heap.kinds.get(slot)
            base = self.kind_of(node.value)
            return base if base is not None and base.name in cat.INHERITED_BY_ATTRIBUTES \
                else None
        if isinstance(node, ast.Call):
            return self._made_kind(node)
        return None

    def _resolve(self, node: ast.expr | None) -> str | None:
        return self.ctx.strings.resolve(node, self.local_strings)

    def _made_kind(self, call: ast.Call) -> Kind | None:
        name = self.qualname(call.func)
        if name is not None:
            if name in cat.CONSTRUCTORS:
                return make_kind(cat.CONSTRUCTORS[name], name, call, self._resolve)
            if name == "open" or name == "io.open":
                mode = self._resolve(argument(call, 1, "mode")) or "r"
                path = self._path_key(argument(call, 0, "file"))
                written = any(c in mode for c in "wax+")
                return Kind("file-w" if written else "file-r", detail=path)
            if name in self.ctx.classes:
                return Kind("instance", detail=name)
            local = self._local_function(call.func)
            if local is not None:
                return self.ctx.summaries[local.qualname].returns_kind
        if isinstance(call.func, ast.Attribute):
            base = self.kind_of(call.func.value)
            if base is not None:
                derived = cat.DERIVED.get((base.name, call.func.attr))
                if derived == "aws" and base.name == "aws-session":
                    return make_kind("aws", "boto3.client", call, self._resolve)
                if derived is not None:
                    return base
        if name is not None and name.endswith("Stub"):
            for arg in call.args:
                kind = self.kind_of(arg)
                if kind is not None and kind.name == "grpc":
                    return Kind("grpc-stub", kind.host, kind.scheme)
        return None

    def _path_key(self, node: ast.expr | None) -> str | None:
        if node is None:
            return None
        text = self._resolve(node)
        return text if text is not None and "\x00" not in text else short(node)

    def _local_function(self, func: ast.expr) -> FunctionInfo | None:
        functions = self.ctx.functions
        if isinstance(func, ast.Name):
            nested = functions.get(f"{self.info.qualname}.{func.id}")
            if nested is not None:
                return nested
            if func.id in self.ctx.classes:
                return functions.get(f"{func.id}.__init__")
            return functions.get(func.id)
        if isinstance(func, ast.Attribute):
            owner: str | None = None
            if isinstance(func.value, ast.Name) and func.value.id in {"self", "cls"}:
                owner = self.info.cls
            elif isinstance(func.value, ast.Name) and func.value.id in self.ctx.classes:
                owner = func.value.id
            else:
                kind = self.kind_of(func.value)
                owner = kind.detail if kind is not None and kind.name == "instance" else None
            if owner is not None:
                return functions.get(f"{owner}.{func.attr}")
        return None

    def _call(self, node: ast.Call) -> TaintSet:
        func = node.func
        positional = [self.expr(a) for a in node.args]
        keywords = {k.arg or "**": self.expr(k.value) for k in node.keywords}
        args = join(*positional, *keywords.values())
        name = self.qualname(func)
        method = func.attr if isinstance(func, ast.Attribute) else None
        receiver = func.value if isinstance(func, ast.Attribute) else None
        receiver_taint = self.expr(receiver) if receiver is not None else CLEAN
        kind = self.kind_of(receiver) if receiver is not None else self.kind_of(func)
        label = f"{name or short(func)}()"
        self._comparison(node, name, method)

        local = self._local_function(func)
        if local is not None:
            self.callees.add(local.qualname)
            result = self._apply(local, node, positional, keywords)
            if isinstance(func, ast.Name) and func.id in self.ctx.classes:
                result = join(result, args)
            return result
        if kind is not None and method is not None:
            changed = connected(kind, method, node, self._resolve)
            if changed is not None and receiver is not None:
                self._set_kind(receiver, changed)
                kind = changed

        category = self._source(name, method, kind)
        if category is not None:
            self.has_source = True
            return (Taint(Origin(label, node.lineno), frozenset({category})),)

        self._file_flow(node, name, method, kind, positional, args)
        shape = CallShape(node, name, method, dotted(receiver) if receiver is not None else None,
                          kind, label)
        spec = classify(shape, self._resolve)
        if spec is not None:
            data = join(args, receiver_taint) if spec.receiver else args
            if spec.category == "network" and method in {"upload_file"}:
                data = join(data, self._file_taint(argument(node, 0, "Filename")))
            self._reach(spec.category, label, node, data, spec.host, spec.scheme)

        if is_encryption_call(name, method):
            return encrypt(join(args, receiver_taint))
        if method in cat.MUTATORS and receiver is not None and args:
            self._bind(receiver, args, node.lineno, short(node))
        if name is not None and (name in cat.PASS_THROUGH or _is_camel(name)):
            return join(args, receiver_taint)
        if receiver_taint and method not in cat.NON_DATA_METHODS:
            return join(receiver_taint, args) if method in {"format", "join"} else receiver_taint
        if isinstance(receiver, ast.Constant) and method in {"format", "join"}:
            return args
        if kind is not None and kind.name == "file-r" and method in {"read", "readlines"}:
            return self.files.get(kind.detail or "", CLEAN)
        return CLEAN

    def _source(self, name: str | None, method: str | None,
                kind: Kind | None) -> DataCategory | None:
        if name is not None and name in cat.FACE_FUNCTIONS:
            return cat.FACE_FUNCTIONS[name]
        if kind is not None:
            found = cat.FACE_MODEL_CALLS.get((kind.name, method or "__call__"))
            if found is not None:
                return found
        if method is not None and method in cat.FACE_METHODS:
            return cat.FACE_METHODS[method]
        return None

    def _file_flow(self, node: ast.Call, name: str | None, method: str | None,
                   kind: Kind | None, positional: list[TaintSet], args: TaintSet) -> None:
        """Remember which files facial data was written to, so a later upload of the file
        carries it."""
        if not args:
            return
        path: ast.expr | None = None
        if name in {"cv2.imwrite", "numpy.save", "numpy.savez", "numpy.savez_compressed",
                    "imageio.imwrite"}:
            path = argument(node, 0, "filename")
        elif name in {"joblib.dump", "torch.save"}:
            path = argument(node, 1, "filename")
        elif name in {"pickle.dump", "json.dump"}:
            handle = self.kind_of(argument(node, 1, "file"))
            if handle is not None and handle.detail:
                self.files[handle.detail] = join(self.files.get(handle.detail, CLEAN), args)
            return
        elif kind is not None and kind.name == "file-w" and method in cat.FILE_WRITES:
            if kind.detail:
                self.files[kind.detail] = join(self.files.get(kind.detail, CLEAN), args)
            return
        key = self._path_key(path)
        if key is not None:
            self.files[key] = join(self.files.get(key, CLEAN), args)

    def _file_taint(self, node: ast.expr | None) -> TaintSet:
        key = self._path_key(node)
        return self.files.get(key, CLEAN) if key is not None else CLEAN

    def _reach(self, category: str, label: str, node: ast.Call, data: TaintSet,
               host: str | None, scheme: str | None) -> None:
        if not self.recording or not data:
            return
        sink = Sink(category, label, node.lineno, id(node), self.info.qualname, host, scheme)
        for taint in data:
            reach = Reach(sink, taint)
            self.reaches.setdefault(reach.key, reach)

    def _apply(self, callee: FunctionInfo, node: ast.Call, positional: list[TaintSet],
               keywords: dict[str, TaintSet]) -> TaintSet:
        """A call of the module's own function: its summary, with parameters mapped to the
        arguments' taints."""
        summary = self.ctx.summaries[callee.qualname]
        line = node.lineno
        bound: dict[str, TaintSet] = {}
        for index, param in enumerate(callee.params):
            taints = positional[index] if index < len(positional) else keywords.get(param, CLEAN)
            if taints:
                bound[param] = step(taints, line, f"passed to {callee.name}() as {param}")

        def mapped(taint: Taint) -> TaintSet:
            param = taint.origin.param
            if param is None:
                return (taint,)
            return tuple(arg.extended(taint.steps).as_data(taint.data or arg.data)
                         for arg in bound.get(param, CLEAN))

        result: TaintSet = CLEAN
        for taint in summary.returns:
            result = join(result, step(mapped(taint), line, f"returned by {callee.name}()"))
        for reach in summary.reaches:
            if reach.taint.origin.param is not None and self.recording:
                for taint in mapped(reach.taint):
                    mapped_reach = Reach(reach.sink, taint)
                    self.reaches.setdefault(mapped_reach.key, mapped_reach)
        for store in summary.stores:
            self._heap_write(store.slot, mapped(store.taint))
        return result

    # -- face comparisons (for authentication) ------------------------------------------------

    def _comparison(self, node: ast.Call, name: str | None, method: str | None) -> bool:
        return (name is not None and name in cat.FACE_COMPARISONS) or \
            (method is not None and method in cat.FACE_COMPARISON_METHODS)

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


def is_encryption_call(name: str | None, method: str | None) -> bool:
    return cat.is_encryption(method or name or "")


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
