"""Safe loading of YAML and JSON documents with a line for every JSON pointer.

YAML is composed into nodes by PyYAML's safe machinery and turned into plain Python values here:
no object construction, merge keys (``<<``) honoured, duplicate keys rejected, and alias expansion
bounded so that a "billion laughs" document is an error, not a hang.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from faceaudit.errors import InputError

MAX_NODES = 200_000
# libyaml's parser when PyYAML was built with it (the usual wheels are); same safe node model.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"


def pointer_escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, token: str | int) -> str:
    return f"{base}/{pointer_escape(token)}"


@dataclass
class Document:
    """A loaded document: its value and the 1-based line of every JSON pointer in it."""

    path: str
    value: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, pointer: str) -> int | None:
        """The line of ``pointer``, or of its nearest ancestor that has one."""
        probe = pointer
        while True:
            if probe in self.lines:
                return self.lines[probe]
            if not probe:
                return None
            probe = probe.rsplit("/", 1)[0]


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[str, int] = {}
        self.count = 0
        self.scalars = yaml.SafeLoader("")

    def build(self, node: Node, pointer: str, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError(self.path, f"document expands to more than {MAX_NODES} nodes "
                             "(aliases nested too deeply?)", line=node.start_mark.line + 1)
        if depth > 200:
            raise InputError(self.path, "document nests more than 200 levels deep",
                             line=node.start_mark.line + 1)
        self.lines.setdefault(pointer, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, join_pointer(pointer, i), depth + 1)
                    for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, pointer, depth)
        raise InputError(self.path, f"unsupported YAML node {type(node).__name__}",
                         line=node.start_mark.line + 1)

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag.startswith("tag:yaml.org,2002:") and node.tag.rsplit(":", 1)[1] in {
                "str", "int", "float", "bool", "null", "timestamp", "binary"}:
            try:
                value = self.scalars.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError) as exc:
                kind = node.tag.rsplit(":", 1)[1].replace("timestamp", "date or timestamp")
                raise InputError(self.path, f"{node.value!r} is not a valid {kind}",
                                 line=node.start_mark.line + 1) from exc
            if isinstance(value, _dt.datetime | _dt.date):
                return value.isoformat()
            if isinstance(value, bytes):
                return node.value
            return value
        # Unknown or application tags are read as plain strings, never constructed.
        return str(node.value)

    def _key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise InputError(self.path, "mapping keys must be scalars",
                             line=node.start_mark.line + 1)
        key = self._scalar(node)
        if isinstance(key, str):
            return key
        if key is None:
            return "null"
        return str(key).lower() if isinstance(key, bool) else str(key)

    def _merge_sources(self, node: Node) -> list[MappingNode]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                raise InputError(self.path, "merge key '<<' needs a mapping or a list of them",
                                 line=source.start_mark.line + 1)
        return list(sources)

    def _flatten(self, node: MappingNode, pointer: str,
                 depth: int) -> dict[str, tuple[int, Node]]:
        """The key -> value-node pairs of a mapping, merges applied, duplicates rejected."""
        if depth > 200:
            raise InputError(self.path, "merge keys nest more than 200 levels deep",
                             line=node.start_mark.line + 1)
        explicit: dict[str, tuple[int, Node]] = {}
        merged: dict[str, tuple[int, Node]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                for source in self._merge_sources(value_node):
                    self.count += len(source.value)
                    if self.count > MAX_NODES:
                        raise InputError(self.path, f"document expands to more than {MAX_NODES}"
                                         " nodes (merge keys nested too deeply?)",
                                         line=key_node.start_mark.line + 1)
                    for key, inner in self._flatten(source, pointer, depth + 1).items():
                        merged.setdefault(key, inner)
                continue
            key = self._key(key_node)
            if key in explicit:
                raise InputError(self.path, f"duplicate key {key!r}",
                                 line=key_node.start_mark.line + 1,
                                 pointer=join_pointer(pointer, key))
            explicit[key] = (key_node.start_mark.line + 1, value_node)
        return {**{k: v for k, v in merged.items() if k not in explicit}, **explicit}

    def _mapping(self, node: MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, (line, value) in self._flatten(node, pointer, depth).items():
            child = join_pointer(pointer, key)
            self.lines[child] = line
            result[key] = self.build(value, child, depth + 1)
        return result


def load_yaml_documents(text: str, path: str) -> list[Document]:
    """Load every document of a YAML stream."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc)
        raise InputError(path, f"not valid YAML: {problem}", line=line) from exc
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {exc}") from exc
    documents = []
    for node in nodes:
        builder = _Builder(path)
        value = builder.build(node, "") if node is not None else None
        documents.append(Document(path, value, builder.lines))
    return documents


def load_json(text: str, path: str) -> Document:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key, item in items:
            if key in mapping:
                duplicates.append(key)
            mapping[key] = item
        return mapping

    try:
        value = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", line=exc.lineno) from exc
    try:
        # JSON is (almost always) YAML: compose it once more only to learn lines. The same
        # pass finds the line of a duplicate key.
        lines = load_yaml_documents(text, path)[0].lines
    except InputError:
        if duplicates:
            raise
        lines = {}
    except IndexError:
        lines = {}
    if duplicates:
        raise InputError(path, f"duplicate key {duplicates[0]!r}")
    return Document(path, value, lines)


def load_document(text: str, path: str) -> Document:
    """Load a single YAML or JSON document; JSON is chosen by the file name."""
    if path.lower().endswith(".json"):
        return load_json(text, path)
    documents = load_yaml_documents(text, path)
    if not documents:
        return Document(path, None, {})
    if len(documents) > 1:
        raise InputError(path, f"expected one YAML document, found {len(documents)}")
    return documents[0]
