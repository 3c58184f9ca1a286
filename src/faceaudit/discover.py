"""Walk the scan targets and hand each file to the reader that claims it."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from faceaudit.errors import ErrorRecord, UsageError
from faceaudit.readers import config, description, keys
from faceaudit.readers.kinds import SCHEMA_READERS, SchemaReader

EXCLUDED_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".eggs",
})
HEAD_BYTES = 64 * 1024
PYTHON_SUFFIXES = frozenset({".py"})
SOURCE_READER = "python-source"
MAX_FILE_BYTES = 16 * 1024 * 1024  # for inputs read whole; streaming readers take any size


@dataclass(frozen=True)
class Candidate:
    """A file a reader claimed, with the path shown in reports and its path inside the target
    (which, unlike the shown path, does not depend on the working folder)."""

    path: Path
    display: str
    reader: str
    relative: str


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


_STRUCTURED = frozenset({".yaml", ".yml", ".json"})
# Key files that carry no suffix (OpenSSH's defaults).
KEY_FILE_NAMES = frozenset({"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"})


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _schema_suffixes(readers: Sequence[SchemaReader]) -> frozenset[str]:
    return frozenset(s for reader in readers for s in reader.suffixes)


def claim(relative: str, head: bytes, readers: Sequence[SchemaReader]) -> str | None:
    """The name of the reader that claims a file, or None."""
    name = relative.rsplit("/", 1)[-1]
    if description.is_description(name, head):
        return description.NAME
    if keys.claims(name, head):
        return keys.NAME
    suffix = _suffix(name)
    text: str | None = None
    for reader in readers:
        if suffix in reader.suffixes:
            if text is None:
                text = head.decode("utf-8", errors="replace")
            if reader.claims(relative, text):
                return reader.name
    if _config_candidate(name, suffix):
        if text is None:
            text = head.decode("utf-8", errors="replace")
        if config.claims(relative, text):
            return config.NAME
    return None


def _config_candidate(name: str, suffix: str) -> bool:
    return (suffix in config.SUFFIXES or name in config.CONFIG_FILE_NAMES
            or name.startswith(".env"))


def display_path(path: Path) -> str:
    """The path as reports show it: relative to the working folder when inside it, POSIX style."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _inside(path: Path, target: Path) -> str:
    if target.is_file():
        return path.name
    return path.relative_to(target).as_posix()


def _excluded(relative: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch(relative, p) or fnmatch(name, p) for p in patterns)


def _files(target: Path, skipped: list[Skipped], exclude: Sequence[str]) -> Iterator[Path]:
    if target.is_file():
        yield target
        return
    root = target.resolve()
    for folder, dirs, files in os.walk(target, followlinks=False):
        base = Path(folder).relative_to(target)
        dirs[:] = sorted(d for d in dirs if d not in EXCLUDED_DIRS
                         and not _excluded((base / d).as_posix(), d, exclude))
        for name in sorted(files):
            if _excluded((base / name).as_posix(), name, exclude):
                continue
            path = Path(folder) / name
            if path.is_symlink() and not _within(path, root):
                skipped.append(Skipped(display_path(path),
                                       "symbolic link leads outside the target"))
                continue
            yield path


def _head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(HEAD_BYTES)


@dataclass(frozen=True)
class Discovery:
    candidates: tuple[Candidate, ...]
    skipped: tuple[Skipped, ...]
    errors: tuple[ErrorRecord, ...]
    # Every Python file, for the source scan, whether or not a schema reader claimed it.
    sources: tuple[Candidate, ...] = ()


def discover(targets: Sequence[Path], exclude: Sequence[str] = (),
             readers: Sequence[SchemaReader] = SCHEMA_READERS) -> Discovery:
    """Every file under the targets that some reader claims, in a stable order, and every
    Python file for the source scan (a file may be both).

    A YAML or JSON file named directly as a target that no schema reader claims is read as a
    system description. Folders and files matching an ``exclude`` glob (against the path inside
    the target, or the name) are left out.
    """
    for target in targets:
        if not target.exists():
            raise UsageError(f"{target}: no such file or folder")
    wanted = _STRUCTURED | keys.SUFFIXES | _schema_suffixes(readers) | PYTHON_SUFFIXES
    skipped: list[Skipped] = []
    errors: list[ErrorRecord] = []
    found: dict[str, Candidate] = {}
    sources: dict[str, Candidate] = {}
    for target in targets:
        explicit = target.is_file()
        for path in _files(target, skipped, exclude):
            suffix = _suffix(path.name)
            if suffix not in wanted and path.name not in KEY_FILE_NAMES \
                    and not _config_candidate(path.name, suffix):
                continue
            display = display_path(path)
            try:
                head = _head(path)
            except OSError as exc:
                errors.append(ErrorRecord(display, f"cannot be read: {exc.strerror or exc}"))
                continue
            relative = _inside(path, target)
            if suffix in PYTHON_SUFFIXES:
                sources.setdefault(display, Candidate(path, display, SOURCE_READER, relative))
            reader = claim(relative, head, readers)
            if reader is None and explicit and suffix in _STRUCTURED:
                reader = description.NAME
            if reader is not None:
                found.setdefault(display, Candidate(path, display, reader, relative))
    return Discovery(tuple(sorted(found.values(), key=lambda c: c.display)),
                     tuple(skipped), tuple(errors),
                     tuple(sorted(sources.values(), key=lambda c: c.display)))
