"""Migration files that name the revisions they follow apply after them, whatever their names."""

from __future__ import annotations

from faceaudit.schema.chain import order_by_chain
from faceaudit.schema.source import SchemaFile


def rev(path: str, revision: str | None, *after: str) -> SchemaFile:
    return SchemaFile(path, "alembic", (), revision=revision, after=after)


def paths(files: list[SchemaFile]) -> list[str]:
    return [f.path for f in files]


def test_a_linear_chain_applies_parent_first_whatever_the_names() -> None:
    files = [rev("v/c9_add_vectors.py", "c9", "a1"), rev("v/ff_drop_images.py", "ff", "c9"),
             rev("v/a1_create_faces.py", "a1")]
    assert paths(order_by_chain(files)) == [
        "v/a1_create_faces.py", "v/c9_add_vectors.py", "v/ff_drop_images.py"]


def test_branches_of_a_merge_apply_in_migration_key_order_then_the_merge() -> None:
    files = [rev("v/merge.py", "m", "b2", "b1"), rev("v/0010_b2.py", "b2", "base"),
             rev("v/0002_b1.py", "b1", "base"), rev("v/0001_base.py", "base")]
    # 0002 before 0010: versions compare as numbers, not as text.
    assert paths(order_by_chain(files)) == [
        "v/0001_base.py", "v/0002_b1.py", "v/0010_b2.py", "v/merge.py"]


def test_the_chain_beats_the_file_names() -> None:
    files = [rev("m/0001_initial.py", "photos.0001_initial", "photos.0002_later"),
             rev("m/0002_later.py", "photos.0002_later")]
    assert paths(order_by_chain(files)) == ["m/0002_later.py", "m/0001_initial.py"]


def test_parents_outside_the_files_count_as_applied() -> None:
    files = [rev("photos/migrations/0002_b.py", "photos.0002_b", "photos.0001_a", "auth.0012_x"),
             rev("photos/migrations/0001_a.py", "photos.0001_a", "auth.0001_initial")]
    assert paths(order_by_chain(files)) == [
        "photos/migrations/0001_a.py", "photos/migrations/0002_b.py"]


def test_a_cycle_and_what_follows_it_go_last_by_name_without_raising() -> None:
    files = [rev("v/d_after_cycle.py", "d", "c"), rev("v/c_cycle.py", "c", "b"),
             rev("v/b_cycle.py", "b", "c"), rev("v/a_root.py", "a"),
             rev("v/e_self.py", "e", "e")]
    assert paths(order_by_chain(files)) == [
        "v/a_root.py", "v/b_cycle.py", "v/c_cycle.py", "v/d_after_cycle.py", "v/e_self.py"]


def test_files_without_a_revision_go_last_by_name() -> None:
    files = [rev("v/b.py", "b", "a"), rev("v/z_notes.py", None), rev("v/__init__.py", None),
             rev("v/a.py", "a"), rev("v/c.py", "c", "c")]
    assert paths(order_by_chain(files)) == [
        "v/a.py", "v/b.py", "v/c.py", "v/__init__.py", "v/z_notes.py"]


def test_duplicate_revisions_both_precede_their_child() -> None:
    files = [rev("v/c.py", "c", "x"), rev("v/x2.py", "x"), rev("v/x1.py", "x")]
    assert paths(order_by_chain(files)) == ["v/x1.py", "v/x2.py", "v/c.py"]


def test_no_files() -> None:
    assert order_by_chain([]) == []


def test_a_long_chain_is_ordered_without_recursion() -> None:
    files = [rev(f"v/r{i:05d}.py", f"r{i}", f"r{i - 1}") for i in range(20_000, 0, -1)]
    files.append(rev("v/r00000.py", "r0"))
    ordered = order_by_chain(files)
    assert [f.revision for f in ordered] == [f"r{i}" for i in range(20_001)]
