"""Finding checks: built-in ones, the ``faceaudit.checks`` entry-point group, and ``--checks-dir``.

A check module is loaded from its file and must define ``CHECK``, a :class:`~faceaudit.check.Check`.
Nothing registers itself on import: this module asks each source for its checks and validates
them, rejecting duplicate ids and malformed metadata with a message naming the module.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from faceaudit.check import Check, CheckDefinitionError
from faceaudit.errors import CheckLoadError, UsageError
from faceaudit.resources import builtin_checks_dir

ENTRY_POINT_GROUP = "faceaudit.checks"


def _module_name(origin: str, path: Path, root: Path) -> str:
    relative = "_".join(path.relative_to(root).with_suffix("").parts)
    return "_faceaudit_check_" + re.sub(r"\W", "_", f"{origin}_{relative}")


def _load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CheckLoadError(f"{path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except CheckDefinitionError as exc:
        raise CheckLoadError(f"{path}: {exc}") from exc
    except Exception as exc:
        raise CheckLoadError(f"{path}: failed to load: {type(exc).__name__}: {exc}") from exc
    return module


def _check_of(obj: object, where: str, origin: str) -> Check:
    if isinstance(obj, ModuleType):
        obj = getattr(obj, "CHECK", None)
    if not isinstance(obj, Check):
        raise CheckLoadError(
            f"{where}: does not define CHECK = Check(meta=CheckMeta(...), run=...)")
    if not callable(obj.run):
        raise CheckLoadError(f"{where}: CHECK.run is not callable")
    return Check(meta=obj.meta, run=obj.run, origin=origin)


def checks_in_folder(folder: Path, origin: str) -> list[Check]:
    """Every check module under ``folder`` (files starting with ``_`` are helpers, not checks)."""
    if not folder.is_dir():
        raise CheckLoadError(f"{folder}: not a folder of checks")
    checks = []
    for path in sorted(folder.rglob("*.py")):
        if path.name.startswith("_") or any(p.startswith((".", "_")) for p in
                                            path.relative_to(folder).parts[:-1]):
            continue
        module = _load_module(path, _module_name(origin, path, folder))
        checks.append(_check_of(module, str(path), origin))
    return checks


def checks_from_entry_points() -> list[Check]:
    checks = []
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        where = f"entry point {point.name} = {point.value}"
        try:
            loaded = point.load()
        except CheckDefinitionError as exc:
            raise CheckLoadError(f"{where}: {exc}") from exc
        except Exception as exc:
            raise CheckLoadError(f"{where}: failed to load: {type(exc).__name__}: {exc}") from exc
        checks.append(_check_of(loaded, where, f"plugin:{point.dist.name if point.dist else '?'}"))
    return checks


@dataclass(frozen=True)
class Registry:
    checks: tuple[Check, ...]

    @classmethod
    def build(cls, groups: Iterable[Sequence[Check]]) -> Registry:
        by_id: dict[str, Check] = {}
        for group in groups:
            for check in group:
                if check.id in by_id:
                    first = by_id[check.id]
                    raise CheckLoadError(
                        f"duplicate check id {check.id}: {check.origin} ({check.meta.slug}) "
                        f"and {first.origin} ({first.meta.slug})")
                by_id[check.id] = check
        return cls(tuple(sorted(by_id.values(), key=lambda c: c.id)))

    def get(self, check_id: str) -> Check:
        for check in self.checks:
            if check.id == check_id.upper() or check.meta.slug == check_id:
                return check
        raise UsageError(f"no check has the id or slug {check_id!r}")

    def selected(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[Check, ...]:
        """Checks chosen by ids, slugs or id prefixes (``FA2`` picks FA200-FA299)."""

        def matches(check: Check, token: str) -> bool:
            token = token.strip()
            return check.meta.slug == token or check.id.startswith(token.upper())

        select = [t for t in select if t.strip()]
        ignore = [t for t in ignore if t.strip()]
        for token in [*select, *ignore]:
            if not any(matches(c, token) for c in self.checks):
                raise UsageError(f"--select/--ignore: no check matches {token!r}")
        chosen = [c for c in self.checks if not select or any(matches(c, t) for t in select)]
        return tuple(c for c in chosen if not any(matches(c, t) for t in ignore))


def load_registry(checks_dirs: Sequence[Path] = (), plugins: bool = True) -> Registry:
    """Built-in checks, then installed plugins, then each user folder named explicitly."""
    groups: list[list[Check]] = [checks_in_folder(builtin_checks_dir(), "built-in")]
    if plugins:
        groups.append(checks_from_entry_points())
    for folder in checks_dirs:
        groups.append(checks_in_folder(folder, f"checks-dir:{folder}"))
    return Registry.build(groups)
