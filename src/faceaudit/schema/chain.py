"""Order migration files that name the revision they follow (Alembic, Django)."""

from __future__ import annotations

from collections.abc import Sequence

from faceaudit.schema.source import SchemaFile, migration_key


def order_by_chain(files: Sequence[SchemaFile]) -> list[SchemaFile]:
    """Files in an order where each comes after the revisions it names.

    Ties go by migration name; a parent this folder does not have is taken as already applied.
    Files caught in a cycle, and files without a revision, come last in name order. Never
    raises.
    """
    ordered_names = sorted(files, key=lambda f: (migration_key(f.path), f.path))
    known = {f.revision for f in files if f.revision}
    done: set[str] = set()
    result: list[SchemaFile] = []
    pending = [f for f in ordered_names if f.revision]
    progress = True
    while pending and progress:
        progress = False
        for schema_file in list(pending):
            parents = [p for p in schema_file.after if p in known]
            if all(p in done for p in parents):
                result.append(schema_file)
                done.add(schema_file.revision or "")
                pending.remove(schema_file)
                progress = True
                break
    result.extend(pending)
    result.extend(f for f in ordered_names if not f.revision)
    return result
