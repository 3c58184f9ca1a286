"""Safe loading of YAML and JSON documents with a line for every JSON pointer.

YAML is read from PyYAML's event stream (libyaml's parser when available) and turned into plain
Python values here: no object construction, merge keys (``<<``) honoured, duplicate keys rejected,
and alias expansion bounded so that a "billion laughs" document is an error, not a hang.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from faceaudit.errors import InputError

MAX_NODES = 200_000  # how many more nodes aliases may add than the text has
# libyaml's parser when PyYAML was built with it (the usual wheels are); same safe node model.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"
#: Application tags whose scalar names a value kept elsewhere: Home Assistant's ``!secret``,
#: ``!env_var`` and ``!input``, and the ``!vault`` of Ansible. With ``keep_reference_tags``
#: their values keep the tag (``"!secret mqtt_password"``), so a reader can tell a reference
#: from a literal; other application tags (``!Ref``, ``!Sub``, ``!include``) give their text.
REFERENCE_TAGS = frozenset({"!secret", "!env_var", "!input", "!vault"})


def pointer_escape(token: str | int) -> str:
    text = str(token)
    if "~" not in text and "/" not in text:
        return text
    return text.replace("~", "~0").replace("/", "~1")


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


_CORE = "tag:yaml.org,2002:"
_STR_TAG = _CORE + "str"
_CONSTRUCTED = frozenset(_CORE + name for name in
                         ("int", "float", "bool", "null", "timestamp", "binary"))
_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = \
    yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 0


def _resolve_plain(value: str) -> str:
    """The tag YAML 1.1 gives a plain (unquoted) scalar, as PyYAML's safe resolver does."""
    candidates = _RESOLVERS.get(value[0] if value else "", [])
    for tag, pattern in candidates:
        if pattern.match(value):
            return tag
    return _STR_TAG


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = ("anchor", "explicit", "key", "key_line", "key_lines", "line", "merged",
                 "merging", "pointer", "size", "value")

    def __init__(self, value: dict[str, Any] | list[Any], pointer: str, line: int,
                 anchor: str | None) -> None:
        self.value = value
        self.pointer = pointer
        self.line = line
        self.anchor = anchor
        self.size = 1
        self.key: str | None = None
        self.key_line = 0
        self.key_lines: dict[str, int] = {}
        self.explicit: set[str] = set()
        self.merged: dict[str, Any] = {}
        self.merging = False


class _EventBuilder:
    """Builds plain values from PyYAML's event stream, recording a line for every pointer.

    Events come from libyaml when available; no YAML object is ever constructed. Aliases share the
    anchored value (a read-only tree), and their expanded size counts against ``MAX_NODES``.
    """

    def __init__(self, path: str, keep_reference_tags: bool = False) -> None:
        self.path = path
        self.keep_reference_tags = keep_reference_tags
        self.lines: dict[str, int] = {}
        self.anchors: dict[str, tuple[Any, int, dict[str, int]]] = {}
        # The key lines of every anchored mapping, by identity, for merges and aliases.
        self.key_lines: dict[int, dict[str, int]] = {}
        self.stack: list[_Frame] = []
        self.written = 0  # nodes written out in the text
        self.expanded = 0  # nodes repeated through aliases and merge keys
        self.result: Any = None

    def fail(self, reason: str, line: int) -> InputError:
        return InputError(self.path, reason, line=line)

    def count(self, size: int, line: int, expanded: bool = False) -> None:
        """Count nodes; what aliases repeat may not exceed what is written plus MAX_NODES, so
        the value stays linear in the size of the text."""
        if not expanded:
            self.written += size
            return
        self.expanded += size
        if self.expanded > self.written + MAX_NODES:
            raise self.fail(f"document expands to more than {MAX_NODES} nodes "
                            "(aliases or merge keys nested too deeply?)", line)

    def child_pointer(self, line: int) -> str | None:
        """The pointer of the node that starts now, or None when it is a mapping key."""
        if not self.stack:
            return ""
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return join_pointer(frame.pointer, len(frame.value))
        if frame.key is None:
            return None
        return join_pointer(frame.pointer, frame.key)

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        line = _line(event)
        tag = event.tag
        if tag is None or tag == "!":
            plain = event.implicit[0] and tag is None
            tag = _resolve_plain(event.value) if plain else _STR_TAG
        if tag not in _CONSTRUCTED:
            if self.keep_reference_tags and tag in REFERENCE_TAGS:
                return f"{tag} {event.value}"
            return event.value  # strings, unknown and application tags: never constructed
        node = yaml.ScalarNode(tag, event.value)
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError) as exc:
            kind = tag.rsplit(":", 1)[1].replace("timestamp", "date or timestamp")
            raise self.fail(f"{event.value!r} is not a valid {kind}", line) from exc
        if isinstance(value, _dt.datetime | _dt.date):
            return value.isoformat()
        if isinstance(value, bytes):
            return event.value
        return value

    def is_merge_key(self, event: yaml.ScalarEvent) -> bool:
        return (event.value == "<<" and event.tag is None and event.implicit[0]
                and _resolve_plain("<<") == _MERGE_TAG)

    def deliver(self, value: Any, size: int, line: int, merge_key: bool = False) -> None:
        """Hand a finished node to its parent (or make it the document)."""
        if not self.stack:
            self.result = value
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.value, list):
            frame.value.append(value)
            return
        if frame.key is None:
            if merge_key:
                frame.key = "<<"
                frame.key_line = line
                frame.merging = True
                return
            if isinstance(value, dict | list):
                raise self.fail("mapping keys must be scalars", line)
            key = value if isinstance(value, str) else (
                "null" if value is None else str(value).lower() if isinstance(value, bool)
                else str(value))
            if key in frame.explicit:
                raise InputError(self.path, f"duplicate key {key!r}", line=line,
                                 pointer=join_pointer(frame.pointer, key))
            frame.key = key
            frame.key_line = line
            self.lines[join_pointer(frame.pointer, key)] = line
            return
        key, frame.key = frame.key, None
        if frame.merging:
            frame.merging = False
            self.merge(frame, value)
            return
        frame.explicit.add(key)
        frame.key_lines[key] = frame.key_line
        frame.value[key] = value

    def merge(self, frame: _Frame, value: Any) -> None:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                raise self.fail("merge key '<<' needs a mapping or a list of them",
                                frame.key_line)
        self.count(sum(len(source) for source in sources), frame.key_line, expanded=True)
        for source in sources:
            lines = self.key_lines.get(id(source), {})
            for key, item in source.items():
                if key not in frame.merged:
                    frame.merged[key] = item
                    frame.key_lines.setdefault(key, lines.get(key, frame.key_line))

    def start(self, value: dict[str, Any] | list[Any], event: Any) -> None:
        line = _line(event)
        pointer = self.child_pointer(line)
        if pointer is None:
            raise self.fail("mapping keys must be scalars", line)
        if len(self.stack) >= 200:
            raise self.fail("document nests more than 200 levels deep", line)
        self.count(1, line)
        self.lines.setdefault(pointer, line)
        self.stack.append(_Frame(value, pointer, line, event.anchor))

    def end(self) -> None:
        frame = self.stack.pop()
        value = frame.value
        keylines: dict[str, int] | None = None
        if isinstance(value, dict):
            if frame.merged:
                for key, item in frame.merged.items():
                    if key not in value:
                        value[key] = item
                        self.lines.setdefault(join_pointer(frame.pointer, key),
                                              frame.key_lines.get(key, frame.line))
            keylines = frame.key_lines
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (value, frame.size, keylines or {})
            if keylines is not None:
                self.key_lines[id(value)] = keylines
        self.deliver(value, frame.size, frame.line)

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.ScalarEvent):
            line = _line(event)
            merge_key = False
            if self.stack and isinstance(self.stack[-1].value, dict) \
                    and self.stack[-1].key is None:
                merge_key = self.is_merge_key(event)
            else:
                pointer = self.child_pointer(line)
                if pointer is not None:
                    self.lines.setdefault(pointer, line)
            self.count(1, line)
            value = None if merge_key else self.scalar(event)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1, {})
            self.deliver(value, 1, line, merge_key=merge_key)
        elif isinstance(event, yaml.MappingStartEvent):
            self.start({}, event)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.start([], event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.end()
        elif isinstance(event, yaml.AliasEvent):
            line = _line(event)
            if event.anchor not in self.anchors:
                raise self.fail(f"unknown alias *{event.anchor}", line)
            value, size, keylines = self.anchors[event.anchor]
            pointer = self.child_pointer(line)
            if pointer is not None:
                self.lines.setdefault(pointer, line)
                # The aliased mapping's own keys keep the lines where the anchor defines them.
                for key, key_line in keylines.items():
                    self.lines.setdefault(join_pointer(pointer, key), key_line)
            self.count(size, line, expanded=True)
            self.deliver(value, size, line)


def load_yaml_documents(text: str, path: str,
                        keep_reference_tags: bool = False) -> list[Document]:
    """Load every document of a YAML stream; with ``keep_reference_tags``, a scalar tagged with
    one of :data:`REFERENCE_TAGS` keeps its tag in front of its text."""
    documents: list[Document] = []
    builder: _EventBuilder | None = None
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.DocumentStartEvent):
                builder = _EventBuilder(path, keep_reference_tags)
            elif isinstance(event, yaml.DocumentEndEvent):
                if builder is not None:
                    documents.append(Document(path, builder.result, builder.lines))
                builder = None
            elif builder is not None:
                builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc)
        raise InputError(path, f"not valid YAML: {problem}", line=line) from exc
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {exc}") from exc
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
