"""Calls in the taint analysis: face sources, sinks, pass-through calls, the module's own
functions (through their summaries), the kinds of objects calls make, and files written."""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from faceaudit.model import DataCategory
from faceaudit.pysource import catalog as cat
from faceaudit.pysource.catalog import Kind
from faceaudit.pysource.facts import FunctionInfo, Heap, Reach, Sink, Summary
from faceaudit.pysource.kinds import argument, connected, make_kind
from faceaudit.pysource.names import Strings, dotted, qualify, short
from faceaudit.pysource.sinks import CallShape, classify
from faceaudit.pysource.taint import CLEAN, Origin, Taint, TaintSet, encrypt, join, step


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


class CallFlow:
    """The call rules of :class:`~faceaudit.pysource.flow.FunctionFlow`, which supplies the
    state and the statement and expression rules declared here."""

    ctx: Context
    info: FunctionInfo
    env: dict[str, TaintSet]
    files: dict[str, TaintSet]
    local_strings: dict[str, str]
    reaches: dict[object, Reach]
    callees: set[str]
    kinds: dict[str, Kind]
    has_source: bool
    recording: bool

    def expr(self, node: ast.expr | None) -> TaintSet:
        raise NotImplementedError

    def _bind(self, target: ast.expr, taints: TaintSet, line: int, text: str | None) -> None:
        raise NotImplementedError

    def _set_kind(self, target: ast.expr, kind: Kind) -> None:
        raise NotImplementedError

    def _heap_write(self, slot: str, taints: TaintSet) -> None:
        raise NotImplementedError

    def _slot(self, node: ast.expr) -> str | None:
        raise NotImplementedError

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

        run = self._run_through(node, name, method, positional)
        if run is not None:
            return run
        local = self._local_function(func)
        if local is not None:
            self.callees.add(local.qualname)
            result = self._apply(local, node, positional, keywords)
            if isinstance(func, ast.Name) and func.id in self.ctx.classes:
                result = join(result, args)
            if is_encryption_call(local.name, None):
                return encrypt(result)
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
            self._reach(spec.category, label, node, data, spec.host, spec.scheme,
                        spec.unverified)

        if is_encryption_call(name, method):
            return encrypt(join(args, receiver_taint))
        if method in cat.MUTATORS and receiver is not None and args \
                and (spec is None or spec.category != "network") \
                and not self._is_module(receiver):
            self._bind(receiver, args, node.lineno, short(node))
        if method in cat.TRAINING_METHODS and receiver is not None and args:
            self._bind(receiver, args, node.lineno, short(node))
            return join(receiver_taint, step(args, node.lineno, short(node)))
        if name is not None and (name in cat.PASS_THROUGH or _is_camel(name)):
            return join(args, receiver_taint)
        if receiver_taint and method not in cat.NON_DATA_METHODS:
            return join(receiver_taint, args) if method in {"format", "join"} else receiver_taint
        if isinstance(receiver, ast.Constant) and method in {"format", "join"}:
            return args
        if kind is not None and kind.name == "file-r" and method in {"read", "readlines"}:
            return self.files.get(kind.detail or "", CLEAN)
        return CLEAN

    def _run_through(self, node: ast.Call, name: str | None, method: str | None,
                     positional: list[TaintSet]) -> TaintSet | None:
        """A module function run by another call: ``map(encode, paths)``,
        ``pool.map(encode, paths)``, ``executor.submit(send, crop)`` (the result is the
        function's), ``Thread(target=send, args=(crop,))`` (its sinks only)."""
        target = next((k.value for k in node.keywords if k.arg == "target"), None)
        if target is not None:
            callee = self._local_function(target)
            values = next((k.value for k in node.keywords if k.arg == "args"), None)
            if callee is None or not isinstance(values, ast.Tuple | ast.List) \
                    or any(isinstance(v, ast.Starred) for v in values.elts):
                return None
            self.callees.add(callee.qualname)
            self._apply(callee, node, [self.expr(v) for v in values.elts], {})
            return CLEAN
        if not node.args or not (name == "map" or method in cat.MAPPING_METHODS):
            return None
        callee = self._local_function(node.args[0])
        if callee is None:
            return None
        self.callees.add(callee.qualname)
        return self._apply(callee, node, positional[1:], {})

    def _is_module(self, node: ast.expr) -> bool:
        """Whether an expression names an imported module or one of its attributes
        (``requests``, ``queue.Queue``), which data put through it does not stay in."""
        while isinstance(node, ast.Attribute):
            node = node.value
        return isinstance(node, ast.Name) and node.id in self.ctx.imported \
            and node.id not in self.env

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
               host: str | None, scheme: str | None, unverified: str | None = None) -> None:
        if not self.recording or not data:
            return
        sink = Sink(category, label, node.lineno, id(node), self.info.qualname, host, scheme,
                    unverified)
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
            # Encryption inside the callee stays on the caller's path.
            return tuple(replace(arg.extended(taint.steps).as_data(taint.data or arg.data),
                                 encrypted=arg.encrypted or taint.encrypted)
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

    def _comparison(self, node: ast.Call, name: str | None, method: str | None) -> bool:
        return (name is not None and name in cat.FACE_COMPARISONS) or \
            (method is not None and method in cat.FACE_COMPARISON_METHODS)

def is_encryption_call(name: str | None, method: str | None) -> bool:
    return cat.is_encryption(method or name or "")
