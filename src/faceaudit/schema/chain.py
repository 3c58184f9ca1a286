"""The order of migration files that chain to each other by revision (Alembic, Django).

:func:`order_by_chain` puts every file after the revisions it names in ``after``. Among files
that are free to go next, the one with the lower :func:`~faceaudit.schema.source.migration_key`
goes first, so a merge's two branches apply in file-name order. A revision named in ``after``
that none of the files has (a dependency on another app, a history whose oldest files were
removed) is taken as already applied. Files caught in a cycle, and files that come after one,
cannot be placed: they go after the chain, by migration key; files without a revision of their
own go last, by migration key. Nothing here raises for a broken chain.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from faceaudit.schema.source import SchemaFile, migration_key


def order_by_chain(files: Sequence[SchemaFile]) -> list[SchemaFile]:
    """``files`` in an order where each comes after the revisions it names (topological order,
    ties by migration key, unplaceable files last)."""
    chained = [f for f in files if f.revision is not None]
    loose = sorted((f for f in files if f.revision is None),
                   key=lambda f: (migration_key(f.path), f.path))
    return _topological(chained) + loose


def _topological(files: Sequence[SchemaFile]) -> list[SchemaFile]:
    """Kahn's algorithm with a heap of the files whose parents are all placed."""
    keys = [migration_key(f.path) for f in files]
    holders: dict[str, list[int]] = {}
    for index, file in enumerate(files):
        holders.setdefault(file.revision or "", []).append(index)
    waiting = [0] * len(files)
    children: list[list[int]] = [[] for _ in files]
    for index, file in enumerate(files):
        parents = {p for revision in file.after for p in holders.get(revision, [])}
        waiting[index] = len(parents)
        for parent in parents:
            children[parent].append(index)
    ready = [(keys[i], i) for i in range(len(files)) if waiting[i] == 0]
    heapq.heapify(ready)
    placed: list[int] = []
    while ready:
        _, index = heapq.heappop(ready)
        placed.append(index)
        for child in children[index]:
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(ready, (keys[child], child))
    done = set(placed)
    rest = sorted((i for i in range(len(files)) if i not in done), key=lambda i: (keys[i], i))
    return [files[i] for i in placed + rest]
