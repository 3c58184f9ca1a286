"""Configuration files read as flat settings: one dotted key, one scalar value, one line.

Formats: YAML (multi-document streams, anchors and merge keys through the safe loader), JSON,
TOML, INI/CFG, ``.env`` files and Java ``.properties``. Nested mappings and lists are flattened
to dotted keys (``mqtt.host``, ``cameras.front.ffmpeg.inputs.0.path``); containers are not
settings, only their scalars are. In a YAML stream of more than one document, every key of
document *n* (0-based) starts with ``doc<n>.``.

A Kubernetes ``Secret`` keeps its ``data`` values base64-encoded; they are decoded here, so the
setting ``data.<NAME>`` holds the text (``<binary N bytes>`` when it is not UTF-8, ``None`` with
an error record when it is not base64). ``stringData`` is read as given. An entry of a ConfigMap
or Secret named like a configuration file (``config.yml``, ``app.env``) is read as that file
too: its settings follow under ``data.<entry>/<key>`` (``data.config.yml/mqtt.host``), with
their lines in the manifest.

The reader never raises for bad content: what it cannot read becomes an error record with the
line, and reading goes on where the format allows (the next line of an ``.env`` or INI file, the
next document of a YAML stream).
"""

from __future__ import annotations

import base64
import binascii
import configparser
import datetime as _dt
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from faceaudit.errors import ErrorRecord, InputError
from faceaudit.model import Provenance, Setting
from faceaudit.readers.structured import Document, load_json, load_yaml_documents, pointer_escape
from faceaudit.settingkeys import words

NAME = "config"
SUFFIXES = frozenset({".yaml", ".yml", ".json", ".toml", ".ini", ".cfg", ".properties", ".env",
                      ".tfstate"})
# Names whose suffix says nothing (``.env.production`` ends in ``.production``); ``claims``
# takes every ``.env.<anything>``, these are the usual ones.
CONFIG_FILE_NAMES = frozenset({
    ".env", ".env.local", ".env.development", ".env.dev", ".env.production", ".env.prod",
    ".env.staging", ".env.test", ".env.example", ".env.sample", ".env.template",
    ".env.defaults", ".env.docker",
})
MAX_SETTINGS = 50_000  # per file; one error record says what was left out

Scalar = str | int | float | bool | None
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class ConfigFile:
    path: str
    format: str  # yaml | json | toml | ini | env | properties
    settings: tuple[Setting, ...]
    errors: tuple[ErrorRecord, ...]


# --- claims -------------------------------------------------------------------------------------

_STRUCTURED = (".yaml", ".yml", ".json")
_COMPOSE = re.compile(r"^(?:docker-compose[^/]*|compose(?:\.[^/]+)?)\.ya?ml$")
_CONFIG_WORDS = ("config", "settings", "application", "appsettings", "frigate", "compreface",
                 "double-take", "values", "automations")
_CONFIG_DIRS = frozenset({"config", "conf", "configs", "deploy", "deployment", "deployments",
                          "k8s", "kubernetes", "helm", "charts"})
# Folders of tools and editors, never application configuration.
# ``.terraform`` holds downloaded providers and modules, and the backend's settings.
_FOREIGN_DIRS = frozenset({"node_modules", ".github", ".vscode", ".idea", ".terraform"})
_NEVER = frozenset({
    "package.json", "package-lock.json", "composer.json", "npm-shrinkwrap.json",
    "pnpm-lock.yaml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml",
    # project manifests and tool settings written in TOML
    "pyproject.toml", "cargo.toml", "project.toml", "manifest.toml", "pixi.toml",
    "rust-toolchain.toml", "rustfmt.toml", ".rustfmt.toml", "clippy.toml", ".clippy.toml",
    "ruff.toml", ".ruff.toml", "taplo.toml", ".taplo.toml", "typos.toml", "_typos.toml",
    "deny.toml", "libs.versions.toml",
})
_NEVER_PATTERN = re.compile(r"^(?:tsconfig[^/]*\.json|jsconfig[^/]*\.json|[^/]*\.lock"
                            r"|[^/]*-lock\.(?:json|ya?ml))$")
_K8S_YAML = (re.compile(r"^[\"']?apiVersion[\"']?[ \t]*:", re.MULTILINE),
             re.compile(r"^[\"']?kind[\"']?[ \t]*:", re.MULTILINE))
_K8S_JSON = (re.compile(r"\"apiVersion\"\s*:"), re.compile(r"\"kind\"\s*:"))
_TEMPLATE = re.compile(r"\{\{")
# CloudFormation/SAM templates and IAM or bucket policy documents, whatever their names.
_CLOUD_DOCUMENT = re.compile(
    r"AWSTemplateFormatVersion|\bType[\"']?\s*:\s*[\"']?AWS::"
    r"|[\"']?Statement[\"']?\s*:[\s\S]{0,400}[\"']?Effect[\"']?\s*:")

# Terraform plans and states as ``terraform show -json`` writes them (``format_version`` with
# ``planned_values`` or ``terraform_version``), and state files saved as JSON (``lineage``).
_TERRAFORM_HEAD = re.compile(r"\"format_version\"\s*:")
_TERRAFORM_MARK = re.compile(r"\"(?:planned_values|terraform_version|lineage)\"\s*:")
_TERRAFORM_NAMES = frozenset({"tfplan.json", "terraform.tfstate"})


def _is_terraform(name: str, head: str) -> bool:
    """A Terraform state file (``*.tfstate``; not its ``.backup``, an older copy of the same
    state), a plan named as one (``*.tfplan.json``, ``tfplan.json``), or JSON whose head shows
    Terraform's output (``plan.json`` is claimed this way)."""
    if name.endswith(".tfstate") or name.endswith(".tfplan.json") or name in _TERRAFORM_NAMES:
        return True
    if not name.endswith(".json") or _TERRAFORM_MARK.search(head) is None:
        return False
    return _TERRAFORM_HEAD.search(head) is not None or (
        "\"lineage\"" in head and "\"terraform_version\"" in head)


def _is_env_name(name: str) -> bool:
    return name == ".env" or name.startswith(".env.") or (name.endswith(".env") and name != ".env")


def claims(relative: str, head: str) -> bool:
    """A configuration file: ``.env`` files, compose files, Kubernetes and Helm manifests,
    CloudFormation templates and policy documents, Terraform plan and state JSON, INI, TOML and
    properties files, and YAML or JSON whose name or folder says configuration."""
    parts = relative.replace("\\", "/").lower().split("/")
    name, folders = parts[-1], parts[:-1]
    if any(folder in _FOREIGN_DIRS for folder in folders):
        return False
    if name in _NEVER or _NEVER_PATTERN.match(name):
        return False
    if _is_terraform(name, head):
        return True
    if _is_env_name(name) and not name.endswith((*_STRUCTURED, ".toml")):
        return True
    if name.endswith((".ini", ".cfg", ".properties", ".toml")):
        return True
    if not name.endswith(_STRUCTURED):
        return False
    if "templates" in folders and _TEMPLATE.search(head):
        return False  # a Helm template: Go templating, not YAML until rendered
    if _COMPOSE.match(name):
        return True
    patterns = _K8S_JSON if name.endswith(".json") else _K8S_YAML
    if all(pattern.search(head) for pattern in patterns) or _CLOUD_DOCUMENT.search(head):
        return True
    stem = name.rsplit(".", 1)[0]
    if any(word in stem for word in _CONFIG_WORDS):
        return True
    return any(folder in _CONFIG_DIRS for folder in folders)


# --- read ---------------------------------------------------------------------------------------


def _format(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name.endswith((".json", ".tfstate")):
        return "json"
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".toml"):
        return "toml"
    if name.endswith((".ini", ".cfg")):
        return "ini"
    if name.endswith(".properties"):
        return "properties"
    if _is_env_name(name):
        return "env"
    return "yaml"


class _Collector:
    """Settings and errors of one file, with the cap on how many settings a file may give."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.settings: list[Setting] = []
        self.errors: list[ErrorRecord] = []
        self.full = False

    def add(self, key: str, value: Scalar, line: int | None) -> None:
        if len(self.settings) >= MAX_SETTINGS:
            if not self.full:
                self.full = True
                self.errors.append(ErrorRecord(
                    self.path, f"more than {MAX_SETTINGS} settings; the rest are not read",
                    line, key))
            return
        self.settings.append(Setting(key, value, Provenance(self.path, line, key)))

    def error(self, reason: str, line: int | None, pointer: str | None = None) -> None:
        self.errors.append(ErrorRecord(self.path, reason, line, pointer))


def read(lines: Iterator[str], path: str) -> ConfigFile:
    """Every scalar setting of one configuration file, in file order, with its line."""
    kind = _format(path)
    out = _Collector(path)
    try:
        text = "".join(lines).removeprefix("\ufeff")
        _READERS[kind](text, out)
    except RecursionError:
        out.error(f"not valid {kind}: nests too deeply to read", None)
    except Exception as exc:  # a reader never raises for bad content
        out.error(f"reading stopped: {type(exc).__name__}: {exc}", None)
    return ConfigFile(path, kind, tuple(out.settings), tuple(out.errors))


# --- flattening ---------------------------------------------------------------------------------


def _scalar(value: Any) -> Scalar:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    return str(value)


def _flatten(value: Any, base: KeyPath = ()) -> Iterator[tuple[KeyPath, Scalar]]:
    """Every scalar under ``value`` with its path, in document order (iteratively, so deep
    nesting cannot exhaust the stack)."""
    stack: list[tuple[KeyPath, Any]] = [(base, value)]
    while stack:
        path, item = stack.pop()
        children: list[tuple[KeyPath, Any]]
        if isinstance(item, dict):
            children = [((*path, str(key)), child) for key, child in item.items()]
        elif isinstance(item, list):
            children = [((*path, index), child) for index, child in enumerate(item)]
        else:
            if path:  # a document that is only a scalar is not a setting
                yield path, _scalar(item)
            continue
        stack.extend(reversed(children))


def _dotted(path: KeyPath) -> str:
    return ".".join(str(part) for part in path)


def _pointer(path: KeyPath) -> str:
    return "".join("/" + pointer_escape(part) for part in path)


def _decode_secret(value: Scalar, key: str, line: int | None, out: _Collector) -> Scalar:
    if value is None:
        return None
    if not isinstance(value, str):
        out.error(f"Secret value {key} is not base64 text", line, key)
        return None
    try:
        data = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        out.error(f"Secret value {key} is not valid base64", line, key)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return f"<binary {len(data)} bytes>"


def _document_settings(document: Document, prefix: str, out: _Collector,
                       offset: int = 0) -> None:
    root = document.value
    kind = root.get("kind") if isinstance(root, dict) else None
    secret = kind == "Secret" and isinstance(root.get("data"), dict)
    values = kind is None and _is_values_file(out.path)
    for path, value in _flatten(root):
        found = document.line_of(_pointer(path))
        line = found + offset if found else None
        key = prefix + _dotted(path)
        if secret and len(path) == 2 and path[0] == "data":
            value = _decode_secret(value, key, line, out)
        out.add(key, value, line)
        if kind in ("ConfigMap", "Secret") and len(path) == 2 and path[0] in (
                "data", "stringData") and isinstance(value, str):
            _embedded(str(path[1]), value, key, line, out)
        elif values and isinstance(value, str) and _values_config(path, value):
            _embedded("config.yml", value, key, line, out)


_VALUES_CONFIG_WORDS = frozenset({"config", "configuration", "conf", "settings"})


def _is_values_file(path: str) -> bool:
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.startswith("values") and name.endswith((".yaml", ".yml"))


def _values_config(path: KeyPath, text: str) -> bool:
    """Whether a string of Helm values is a YAML configuration file kept inline, as charts
    take it (``config: |`` with Frigate's configuration): its key names a configuration
    (``config``, ``configuration``, ``config.yml``), it spans lines, and it is a YAML mapping.
    Anything else (a script, an nginx configuration) is left as the string it is."""
    if not path or "\n" not in text.strip():
        return False
    last = str(path[-1])
    named = last.lower().endswith((".yaml", ".yml")) or any(
        part in _VALUES_CONFIG_WORDS for part in words(last))
    if not named:
        return False
    try:
        documents = load_yaml_documents(text, "", keep_reference_tags=True)
    except (InputError, RecursionError):
        return False
    return len(documents) == 1 and isinstance(documents[0].value, dict) and bool(
        documents[0].value)


def _embedded(name: str, text: str, key: str, line: int | None, out: _Collector) -> None:
    """The settings of a configuration file kept in a ConfigMap or Secret entry
    (``data: {config.yml: |...}``), under ``<entry key>/<key inside>``. Its line 1 is taken to
    be the line after the entry's key, as in a block scalar (``config.yml: |``)."""
    lowered = name.lower()
    if not lowered.endswith(tuple(SUFFIXES)) and not _is_env_name(lowered):
        return
    inner = _Collector(out.path)
    try:
        _READERS[_format(name)](text, inner)
    except RecursionError:
        inner.error(f"{name}: nests too deeply to read", None)
    base = line or 0
    for setting in inner.settings:
        at = setting.provenance.line
        out.add(f"{key}/{setting.key}", setting.value, at + base if at is not None else line)
    for error in inner.errors:
        out.error(f"{key}: {error.reason}",
                  error.line + base if error.line is not None else line, key)


# --- YAML and JSON ------------------------------------------------------------------------------


_DOCUMENT_START = re.compile(r"^---(?=[ \t]|$)", re.MULTILINE)
_PREAMBLE_LINE = re.compile(r"^\s*(?:#.*|%.*)?$")


def _read_json(text: str, out: _Collector) -> None:
    try:
        document = load_json(text, out.path)
    except InputError as exc:
        out.errors.append(exc.record)
        return
    _document_settings(document, "", out)


def _read_yaml(text: str, out: _Collector) -> None:
    try:
        documents = load_yaml_documents(text, out.path, keep_reference_tags=True)
    except InputError as exc:
        starts = [match.start() for match in _DOCUMENT_START.finditer(text)]
        if not starts:
            out.errors.append(exc.record)
            return
        _read_yaml_chunks(text, starts, out)
        return
    many = len(documents) > 1
    for number, document in enumerate(documents):
        _document_settings(document, f"doc{number}." if many else "", out)


def _read_yaml_chunks(text: str, starts: list[int], out: _Collector) -> None:
    """A stream with a broken document: each ``---`` part alone, so the others are still read.
    Numbering counts a broken part as one document, so later documents keep their numbers."""
    bounds = [0, *starts, len(text)]
    chunks = [(bounds[i], text[bounds[i]:bounds[i + 1]]) for i in range(len(bounds) - 1)]
    # Comments and directives before the first marker belong to the first document.
    if len(chunks) > 1 and all(_PREAMBLE_LINE.match(line) for line in chunks[0][1].splitlines()):
        chunks = [(0, chunks[0][1] + chunks[1][1]), *chunks[2:]]
    parsed: list[tuple[int, Document | None]] = []
    for start, chunk in chunks:
        offset = text.count("\n", 0, start)
        try:
            documents = load_yaml_documents(chunk, out.path, keep_reference_tags=True)
        except InputError as exc:
            record = exc.record
            line = record.line + offset if record.line is not None else None
            out.error(record.reason, line, record.pointer)
            parsed.append((offset, None))
            continue
        parsed.extend((offset, document) for document in documents)
    many = len(parsed) > 1
    for number, (offset, document) in enumerate(parsed):
        if document is not None:
            _document_settings(document, f"doc{number}." if many else "", out, offset)


# --- TOML ---------------------------------------------------------------------------------------


_TOML_LINE = re.compile(r"at line (\d+)")
_TOML_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(text: str) -> list[str] | None:
    """The parts of a dotted TOML key (``a."b.c".d``), or None when it is not one."""
    parts: list[str] = []
    rest = text.strip()
    while True:
        if rest[:1] == '"':
            end = rest.find('"', 1)
            while end > 0 and rest[end - 1] == "\\":
                end = rest.find('"', end + 1)
            if end < 0:
                return None
            raw = rest[:end + 1]
            try:
                parts.append(json.loads(raw))
            except ValueError:
                parts.append(raw[1:-1])
            rest = rest[end + 1:].lstrip()
        elif rest[:1] == "'":
            end = rest.find("'", 1)
            if end < 0:
                return None
            parts.append(rest[1:end])
            rest = rest[end + 1:].lstrip()
        else:
            match = _TOML_BARE.match(rest)
            if match is None:
                return None
            parts.append(match.group())
            rest = rest[match.end():].lstrip()
        if not rest:
            return parts
        if rest[0] != ".":
            return None
        rest = rest[1:].lstrip()


def _split_assignment(line: str) -> tuple[str, str] | None:
    """``key = value`` split at the first ``=`` outside quotes."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "=":
            return line[:index], line[index + 1:]
    return None


def _toml_scan(text: str, depth: int, open_string: str) -> tuple[int, str]:
    """The bracket depth and the open multi-line string after a piece of a value, given those
    before it."""
    index, size = 0, len(text)
    if open_string:
        close = text.find(open_string)
        if close < 0:
            return depth, open_string
        index = close + 3
    while index < size:
        char = text[index]
        if char == "#":
            break
        if text.startswith(('"""', "'''"), index):
            close = text.find(text[index:index + 3], index + 3)
            if close < 0:
                return depth, text[index:index + 3]
            index = close + 3
            continue
        if char in "\"'":
            close = text.find(char, index + 1)
            while char == '"' and close > 0 and text[close - 1] == "\\":
                close = text.find(char, close + 1)
            index = size if close < 0 else close + 1
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        index += 1
    return max(depth, 0), ""


def _toml_lines(text: str) -> dict[KeyPath, int]:
    """The line of every table and key, found by scanning the text (best effort: a value that
    spans lines takes the line of its key)."""
    lines: dict[KeyPath, int] = {}
    counts: dict[KeyPath, int] = {}
    table: KeyPath = ()
    depth, open_string = 0, ""

    def resolve(parts: list[str]) -> KeyPath:
        resolved: KeyPath = ()
        for part in parts:
            resolved = (*resolved, part)
            if resolved in counts:
                resolved = (*resolved, counts[resolved] - 1)
        return resolved

    for number, raw in enumerate(text.splitlines(), start=1):
        if depth or open_string:
            depth, open_string = _toml_scan(raw, depth, open_string)
            continue
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            parts = _toml_key(stripped[2:stripped.find("]]")]) if "]]" in stripped else None
            if parts is not None:
                path = (*resolve(parts[:-1]), parts[-1])
                counts[path] = counts.get(path, 0) + 1
                table = (*path, counts[path] - 1)
                lines.setdefault(path, number)
                lines[table] = number
            continue
        if stripped.startswith("["):
            parts = _toml_key(stripped[1:stripped.find("]")]) if "]" in stripped else None
            if parts is not None:
                table = resolve(parts)
                lines.setdefault(table, number)
            continue
        split = _split_assignment(stripped)
        if split is None:
            continue
        parts = _toml_key(split[0])
        if parts is not None:
            lines.setdefault((*table, *parts), number)
        depth, open_string = _toml_scan(split[1], 0, "")
    return lines


def _read_toml(text: str, out: _Collector) -> None:
    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_LINE.search(message)
        line = int(match.group(1)) if match else (text.count("\n") + 1 if text else None)
        out.error(f"not valid TOML: {message}", line)
        return
    lines = _toml_lines(text)
    for path, item in _flatten(value):
        line = None
        for size in range(len(path), 0, -1):
            line = lines.get(path[:size])
            if line is not None:
                break
        out.add(_dotted(path), item, line)


# --- INI ----------------------------------------------------------------------------------------


class _CaseParser(configparser.ConfigParser):
    """A parser that keeps the case of option names."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


_INI_SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]")
_INI_OPTION = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*(?:[=:]|$)")


def _ini_lines(text: str) -> dict[tuple[str, str], int]:
    lines: dict[tuple[str, str], int] = {}
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw[:1].isspace() or raw.lstrip()[:1] in "#;":
            continue  # blank, continuation or comment
        stripped = raw.strip()
        match = _INI_SECTION.match(stripped)
        if match is not None:
            section = match.group("name")
            continue
        option = _INI_OPTION.match(stripped)
        if option is not None:
            lines.setdefault((section, option.group("key").strip()), number)
    return lines


def _read_ini(text: str, out: _Collector) -> None:
    parser = _CaseParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=out.path)
    except configparser.MissingSectionHeaderError as exc:
        out.error("not valid INI: a setting before the first [section]", exc.lineno)
        return
    except configparser.ParsingError as exc:
        # The parser reads on past bad lines and names them all at the end.
        for number, _line in exc.errors:
            out.error("not valid INI: a line that is neither a [section] nor a setting",
                      number)
    except configparser.Error as exc:
        out.error(f"not valid INI: {exc}", None)
        return
    lines = _ini_lines(text)
    defaults = parser.defaults()
    for option, value in defaults.items():
        out.add(f"{parser.default_section}.{option}", value,
                lines.get((parser.default_section, option)))
    for section in parser.sections():
        for option in parser.options(section):
            line = lines.get((section, option))
            if option in defaults and line is None:
                continue  # inherited from [DEFAULT], already given once
            out.add(f"{section}.{option}", parser.get(section, option, raw=True), line)


# --- .env ---------------------------------------------------------------------------------------


_ENV_KEY = re.compile(r"^(?:export[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*=[ \t]*")
_ENV_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "$": "$"}


def _env_quoted(body: str, quote: str) -> tuple[str, str] | None:
    """The value of a quoted string at the start of ``body`` and what follows it, or None
    when the quote does not close."""
    chars: list[str] = []
    index = 1
    while index < len(body):
        char = body[index]
        if char == quote:
            return "".join(chars), body[index + 1:]
        if char == "\\" and quote == '"' and index + 1 < len(body):
            following = body[index + 1]
            chars.append(_ENV_ESCAPES.get(following, "\\" + following))
            index += 2
            continue
        chars.append(char)
        index += 1
    return None


def _read_env(text: str, out: _Collector) -> None:
    rows = text.splitlines()
    number = 0
    while number < len(rows):
        raw = rows[number]
        number += 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ENV_KEY.match(stripped)
        if match is None:
            out.error("not a KEY=VALUE line", number)
            continue
        key, body, line = match.group("key"), stripped[match.end():], number
        if body[:1] in ("'", '"'):
            quote = body[0]
            parsed = _env_quoted(body, quote)
            # A quoted value may go on over the following lines (a PEM key, say).
            while parsed is None and number < len(rows):
                body += "\n" + rows[number]
                number += 1
                parsed = _env_quoted(body, quote)
            if parsed is None:
                out.error(f"{key}: the {quote} quote is never closed", line, key)
                return
            out.add(key, parsed[0], line)
            continue
        comment = re.search(r"\s#", body)
        out.add(key, (body[:comment.start()] if comment else body).rstrip(), line)


# --- .properties --------------------------------------------------------------------------------


_PROPERTY_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def _unescape_property(text: str) -> str:
    chars: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[index + 2:index + 6]):
                chars.append(chr(int(text[index + 2:index + 6], 16)))
                index += 6
                continue
            chars.append(_PROPERTY_ESCAPES.get(following, following))
            index += 2
            continue
        chars.append(char)
        index += 1
    return "".join(chars)


def _continues(line: str) -> bool:
    """A line ending in an odd number of backslashes goes on on the next line."""
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _read_properties(text: str, out: _Collector) -> None:
    rows = text.splitlines()
    number = 0
    while number < len(rows):
        logical = rows[number].lstrip()
        line = number + 1
        number += 1
        if not logical or logical[0] in "#!":
            continue
        while _continues(logical) and number < len(rows):
            logical = logical[:-1] + rows[number].lstrip()
            number += 1
        if _continues(logical):
            logical = logical[:-1]
        index = 0
        while index < len(logical):
            char = logical[index]
            if char == "\\":
                index += 2
                continue
            if char in "=: \t\f":
                break
            index += 1
        key = _unescape_property(logical[:index])
        rest = logical[index:].lstrip(" \t\f")
        if rest[:1] in ("=", ":") and (index >= len(logical) or logical[index] in " \t\f=:"):
            rest = rest[1:].lstrip(" \t\f")
        out.add(key, _unescape_property(rest), line)


_READERS: dict[str, Callable[[str, _Collector], None]] = {
    "yaml": _read_yaml,
    "json": _read_json,
    "toml": _read_toml,
    "ini": _read_ini,
    "env": _read_env,
    "properties": _read_properties,
}
