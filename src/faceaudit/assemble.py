"""Join what the readers found into system models.

Each system description is one model. Schema files join it in one of two ways:

- bound: a store of the description lists them under ``schema`` (paths or globs relative to the
  description's folder); their tables join that store, so the store's claims (encryption,
  retention) meet the schema's evidence;
- unbound: the files of one folder form one database, shown as a component of its own
  (``db:<folder>``, a datastore assumed on premises) in the model of the nearest description
  above the folder, or, with none above it, in a model of its own.

The files of one database apply in migration order: by their revision chain where the framework
records one (Alembic, Django), else by the version in their names; down migrations are skipped.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from typing import TypeVar

from faceaudit.classify import DEFAULT_VOCABULARY, Vocabulary
from faceaudit.model import (
    CodeFinding,
    Component,
    ComponentKind,
    KeyMaterial,
    Provenance,
    Setting,
    Store,
    SystemModel,
    Zone,
)
from faceaudit.readers.description import DescriptionResult
from faceaudit.schema.chain import order_by_chain
from faceaudit.schema.source import SchemaFile, is_down_migration, migration_key
from faceaudit.schema.state import SchemaState
from faceaudit.topology import derive

T = TypeVar("T")


@dataclass(frozen=True)
class Described:
    path: str  # the description's path as reports show it
    result: DescriptionResult

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)


def _under(path: str, folder: str) -> str | None:
    """``path`` relative to ``folder``, or None when it is not inside it."""
    if not folder:
        return path
    prefix = folder.rstrip("/") + "/"
    return path[len(prefix):] if path.startswith(prefix) else None


def _matches(relative: str, pattern: str) -> bool:
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    return (fnmatch(relative, pattern) or relative.startswith(pattern + "/")
            or fnmatch(relative, pattern + "/*") or fnmatch(relative, pattern + "/**"))


def ordered(files: Sequence[SchemaFile]) -> list[SchemaFile]:
    """The files of one database in the order they apply; down migrations left out."""
    applied = [f for f in files if not is_down_migration(f.path)]
    if any(f.revision for f in applied):
        return order_by_chain(applied)
    return sorted(applied, key=lambda f: (migration_key(f.path), f.path))


def schema_state(files: Sequence[SchemaFile]) -> SchemaState:
    """The tables of one database after all its files, applied in order."""
    state = SchemaState()
    for schema_file in ordered(files):
        state.apply_all(schema_file.ops)
    return state


def _bind(described: Described, files: list[SchemaFile]) -> tuple[SystemModel, list[SchemaFile]]:
    """The description's model with bound schema files joined to their stores; the files no
    store binds are returned."""
    model = described.result.model
    vocabulary = described.result.vocabulary
    left = list(files)
    components = []
    for component in model.components:
        stores = []
        for store in component.stores:
            if not store.schema:
                stores.append(store)
                continue
            bound = [f for f in left
                     if (rel := _under(f.path, described.folder)) is not None
                     and any(_matches(rel, pattern) for pattern in store.schema)]
            left = [f for f in left if f not in bound]
            tables = schema_state(bound).tables(vocabulary)
            stores.append(replace(store, tables=store.tables + tables))
        components.append(replace(component, stores=tuple(stores)))
    return replace(model, components=tuple(components)), left


def _database(folder: str, files: list[SchemaFile], vocabulary: Vocabulary,
              label: str) -> Component:
    in_order = ordered(files)
    where = Provenance((in_order or files)[0].path, 1, None)
    store = Store(name=None, declared=frozenset(),
                  tables=schema_state(in_order).tables(vocabulary),
                  encryption=None, retention=None, provenance=where)
    return Component(id=f"db:{label}", kind=ComponentKind.DATASTORE, zone=Zone.ON_PREMISES,
                     region=None, site=None, stores=(store,), provenance=where)


def _folders(files: Sequence[SchemaFile]) -> dict[str, list[SchemaFile]]:
    groups: dict[str, list[SchemaFile]] = {}
    for schema_file in files:
        groups.setdefault(posixpath.dirname(schema_file.path), []).append(schema_file)
    return groups


def _label(folder: str, stable_paths: Mapping[str, str], files: Sequence[SchemaFile]) -> str:
    """A database's name that does not depend on the working folder: its folder inside the
    scan target, or the target folder's own name for files at the top."""
    inside = posixpath.dirname(stable_paths.get(files[0].path, files[0].path))
    return inside or posixpath.basename(folder) or "."


def _share(items: Sequence[T], where: Callable[[T], str],
           home: Callable[[str], Described | None],
           descriptions: Sequence[Described]) -> tuple[dict[str, list[T]], list[T]]:
    """Items by the description they belong to (their ``home``), and those with none."""
    owned: dict[str, list[T]] = {d.path: [] for d in descriptions}
    left: list[T] = []
    for item in items:
        found = home(where(item))
        (owned[found.path] if found else left).append(item)
    return owned, left


def assemble(descriptions: Sequence[Described], schema_files: Sequence[SchemaFile],
             vocabulary: Vocabulary = DEFAULT_VOCABULARY,
             stable_paths: Mapping[str, str] | None = None,
             keys: Sequence[KeyMaterial] = (), as_of: str | None = None,
             settings: Sequence[Setting] = (), code: Sequence[CodeFinding] = (),
             ) -> list[tuple[str, SystemModel]]:
    """One model per description, plus one for inputs no description is above.

    ``stable_paths`` maps shown paths to paths inside the scan target, so databases found
    without a description are named the same from any working folder. Key and certificate
    material, settings and source-code findings join the model of the nearest description above
    them, like schema files; every model gets ``as_of``, the scan's date. Last, each model gains
    the components and flows its configuration and code show (:func:`faceaudit.topology.derive`).
    """
    stable = stable_paths or {}
    by_depth = sorted(descriptions, key=lambda d: (-len(d.folder), d.path))

    def home(path: str) -> Described | None:
        return next((d for d in by_depth if _under(path, d.folder) is not None), None)

    owner, orphans = _share(schema_files, lambda f: f.path, home, descriptions)
    key_owner, orphan_keys = _share(keys, lambda k: k.provenance.path, home, descriptions)
    setting_owner, orphan_settings = _share(settings, lambda s: s.provenance.path, home,
                                            descriptions)
    code_owner, orphan_code = _share(code, lambda c: c.provenance.path, home, descriptions)

    models: list[tuple[str, SystemModel]] = []
    for described in descriptions:
        model, unbound = _bind(described, owner[described.path])
        extra = tuple(
            _database(folder, files, described.result.vocabulary,
                      _under(folder, described.folder) or ".")
            for folder, files in sorted(_folders(unbound).items()))
        model = replace(model, components=model.components + extra,
                        keys=tuple(key_owner[described.path]),
                        settings=model.settings + tuple(setting_owner[described.path]),
                        code=tuple(code_owner[described.path]), as_of=as_of)
        models.append((described.path, derive(model)))
    if orphans or orphan_keys or orphan_settings or orphan_code:
        components = tuple(_database(folder, files, vocabulary, _label(folder, stable, files))
                           for folder, files in sorted(_folders(orphans).items()))
        paths = [f.path for f in orphans] + [k.provenance.path for k in orphan_keys] \
            + [s.provenance.path for s in orphan_settings] \
            + [c.provenance.path for c in orphan_code]
        models.append((paths[0], derive(SystemModel(
            components=components, keys=tuple(orphan_keys), settings=tuple(orphan_settings),
            code=tuple(orphan_code), as_of=as_of))))
    return models
