"""Alembic revision scripts read through ``ast``: the revision chain and upgrade() operations."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from faceaudit.errors import ErrorRecord
from faceaudit.model import Provenance
from faceaudit.readers import alembic
from faceaudit.schema.chain import order_by_chain
from faceaudit.schema.ops import (
    AddColumn,
    AddForeignKey,
    AlterColumn,
    ColumnDef,
    Comment,
    CreateTable,
    DropColumn,
    DropTable,
    Extension,
    ForeignKey,
    Purge,
    RenameColumn,
    RenameTable,
    SchemaOp,
)
from faceaudit.schema.source import SchemaFile
from faceaudit.schema.state import SchemaState

FIXTURES = Path(__file__).parent / "fixtures" / "python"
VERSIONS = "doorlock/alembic/versions"
NAMES = ["1a2b3c4d5e6f_create_residents.py", "2b3c4d5e6f70_add_unlock_events.py",
         "3c4d5e6f7081_template_vectors.py", "4d5e6f708192_merge_heads.py",
         "5e6f708192a3_encrypt_templates_drop_snapshots.py"]


def read(relative: str) -> SchemaFile:
    text = (FIXTURES / relative).read_text(encoding="utf-8")
    return alembic.read(iter(text.splitlines(keepends=True)), relative)


def read_text(text: str, path: str = "migrations/versions/abc_x.py") -> SchemaFile:
    source = textwrap.dedent(text).lstrip("\n")
    return alembic.read(iter(source.splitlines(keepends=True)), path)


def folder() -> list[SchemaFile]:
    return [read(f"{VERSIONS}/{name}") for name in reversed(NAMES)]


def at(path: str, line: int, pointer: str | None = None) -> Provenance:
    return Provenance(path, line, pointer)


# --- claims and identity ----------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_revision_scripts_are_claimed(name: str) -> None:
    assert alembic.claims(f"{VERSIONS}/{name}", (FIXTURES / VERSIONS / name).read_text())


@pytest.mark.parametrize("relative", [
    "attendance/app/models.py", "photolib/photos/migrations/0001_initial.py",
])
def test_other_python_files_are_not_claimed(relative: str) -> None:
    assert not alembic.claims(relative, (FIXTURES / relative).read_text())


def test_a_revision_in_a_comment_or_a_non_python_file_is_not_claimed() -> None:
    head = 'revision = "abc"\ndown_revision = None\nfrom alembic import op\n'
    assert not alembic.claims("versions/abc.txt", head)
    assert not alembic.claims("env.py", "from alembic import context\n# revision = 1\n")


def test_revisions_and_what_they_follow_merge_included() -> None:
    found = {f.path.rsplit("/", 1)[-1]: (f.revision, f.after) for f in folder()}
    assert found == {
        "1a2b3c4d5e6f_create_residents.py": ("1a2b3c4d5e6f", ()),
        "2b3c4d5e6f70_add_unlock_events.py": ("2b3c4d5e6f70", ("1a2b3c4d5e6f",)),
        "3c4d5e6f7081_template_vectors.py": ("3c4d5e6f7081", ("1a2b3c4d5e6f",)),
        "4d5e6f708192_merge_heads.py": ("4d5e6f708192", ("2b3c4d5e6f70", "3c4d5e6f7081")),
        # annotated assignments (revision: str = ...) as newer templates write them
        "5e6f708192a3_encrypt_templates_drop_snapshots.py": ("5e6f708192a3", ("4d5e6f708192",)),
    }


def test_depends_on_counts_as_a_parent() -> None:
    found = read_text('''
        from alembic import op
        revision = "b"
        down_revision = "a"
        depends_on = ("x", "a")
        def upgrade():
            op.drop_table("faces")
    ''')
    assert (found.revision, found.after) == ("b", ("a", "x"))


def test_the_folder_applies_in_chain_order() -> None:
    ordered = [f.path.rsplit("/", 1)[-1] for f in order_by_chain(folder())]
    assert ordered == NAMES


# --- operations -------------------------------------------------------------------------------

def test_create_table_with_foreign_key_constraint_and_downgrade_ignored() -> None:
    p = f"{VERSIONS}/1a2b3c4d5e6f_create_residents.py"
    found = read(p)
    assert found.errors == ()
    assert found.ops == (
        CreateTable("residents", (
            ColumnDef("id", "integer", at(p, 22, "residents.id")),
            ColumnDef("unit_no", "varchar(8)", at(p, 23, "residents.unit_no")),
            ColumnDef("full_name", "varchar(120)", at(p, 24, "residents.full_name")),
            ColumnDef("phone", "varchar(20)", at(p, 25, "residents.phone")),
        ), at(p, 20, "residents")),
        CreateTable("face_templates", (
            ColumnDef("id", "integer", at(p, 30, "face_templates.id")),
            ColumnDef("resident_id", "integer", at(p, 31, "face_templates.resident_id")),
            ColumnDef("template", "bytea", at(p, 32, "face_templates.template")),
            ColumnDef("model", "varchar(32)", at(p, 33, "face_templates.model")),
        ), at(p, 28, "face_templates"), foreign_keys=(ForeignKey(
            ("resident_id",), "residents", ("id",), "cascade", at(p, 34, "face_templates")),)),
    )


def test_schema_keyword_qualifies_the_table() -> None:
    p = f"{VERSIONS}/2b3c4d5e6f70_add_unlock_events.py"
    create = read(p).ops[0]
    assert isinstance(create, CreateTable)
    assert create.table == "audit.unlock_events"
    assert [(c.name, c.type) for c in create.columns] == [
        ("id", "bigint"), ("resident_id", "integer"), ("door_id", "varchar(40)"),
        ("snapshot", "bytea"), ("unlocked_at", "timestamptz")]


def test_alter_column_batch_ops_helper_functions_and_rename_table() -> None:
    p = f"{VERSIONS}/5e6f708192a3_encrypt_templates_drop_snapshots.py"
    found = read(p)
    events = "audit.unlock_events"
    expected: list[SchemaOp] = [
        AlterColumn("face_templates", "template", at(p, 32, "face_templates.template"),
                    type="bytea", encryption="encrypted type EncryptedType(LargeBinary)"),
        RenameColumn("face_templates", "template", "template_ciphertext",
                     at(p, 32, "face_templates.template")),
        # _drop_snapshots(), called from upgrade(), with its batch_alter_table block
        DropColumn(events, "snapshot", at(p, 22, f"{events}.snapshot")),
        AddColumn(events, ColumnDef("snapshot_key", "varchar(255)",
                                    at(p, 24, f"{events}.snapshot_key"),
                                    comment="object key of the sealed snapshot")),
        AddForeignKey(events, ForeignKey(("resident_id",), "residents", ("id",), "cascade",
                                         at(p, 26, events))),
        RenameTable("residents", "lock_residents", at(p, 40, "residents")),
        # op.execute(sa.text(...)): the SQL reader reads the pg_cron schedule from line 43
        Purge(events, "pg_cron job 'purge-unlock-events' (0 3 * * *): DELETE FROM "
              "audit.unlock_events WHERE unlocked_at < now() - interval '30 days'",
              at(p, 43, events)),
    ]
    assert list(found.ops) == expected
    # downgrade() drops face_templates and renames back: none of it is applied.
    assert not any(isinstance(op, DropTable) for op in found.ops)


def test_final_tables_after_the_whole_folder() -> None:
    state = SchemaState()
    for schema_file in order_by_chain(folder()):
        state.apply_all(schema_file.ops)
    tables = {t.name: t for t in state.tables()}
    assert sorted(tables) == ["audit.unlock_events", "face_templates", "lock_residents"]
    templates = [(c.name, c.type, tuple(c.categories), c.encryption)
                 for c in tables["face_templates"].columns]
    assert templates == [
        ("id", "integer", (), None),
        ("resident_id", "integer", (), None),
        ("template_ciphertext", "bytea", ("face-template",),
         "encrypted type EncryptedType(LargeBinary)"),
        ("model", "varchar(32)", (), None),
        ("embedding", "vector(512)", ("face-template",), None),
    ]
    assert [c.name for c in tables["audit.unlock_events"].columns] == [
        "id", "resident_id", "door_id", "unlocked_at", "snapshot_key"]
    assert tables["audit.unlock_events"].retention == (
        "pg_cron job 'purge-unlock-events' (0 3 * * *): DELETE FROM audit.unlock_events "
        "WHERE unlocked_at < now() - interval '30 days'",)
    embedding = tables["face_templates"].columns[4]
    assert (embedding.comment, embedding.provenance.line) == (
        "ArcFace R100 embedding, L2-normalised", 23)
    assert state.extensions == {"vector": at(f"{VERSIONS}/{NAMES[2]}", 18)}
    assert [c.name for c in tables["lock_residents"].columns] == [
        "id", "unit_no", "full_name", "phone"]


def test_constants_helpers_if_branches_and_multiple_ops() -> None:
    found = read_text('''
        import sqlalchemy as sa
        from alembic import op

        revision = "c0ffee"
        down_revision = "beef"
        TABLE = "guest_faces"


        def _helper(name):
            op.drop_column(TABLE, name)
            _helper(name)  # recursion in the scanned code is not followed twice


        def upgrade():
            if op.get_context().dialect.name == "postgresql":
                op.add_column(TABLE, sa.Column("face_vec", sa.ARRAY(sa.REAL()), comment="x"))
            else:
                op.add_column(TABLE, sa.Column("face_vec", sa.LargeBinary()))
            for column in ("thumb",):
                _helper(column)
            op.create_table_comment(TABLE, "Guest faces, kept 30 days", schema="hotel")
            op.alter_column(TABLE, "face_vec", comment="ArcFace")
            op.create_foreign_key(None, TABLE, "guests", ["guest_id"], ["id"], ondelete="SET NULL",
                                  referent_schema="hotel")
    ''')
    p = "migrations/versions/abc_x.py"
    assert found.errors == (ErrorRecord(
        p, "drop_column: the column name is not a string this reader can see", 10),)
    assert found.ops == (
        AddColumn("guest_faces", ColumnDef("face_vec", "real[]", at(p, 16, "guest_faces.face_vec"),
                                           comment="x")),
        AddColumn("guest_faces", ColumnDef("face_vec", "bytea", at(p, 18, "guest_faces.face_vec"))),
        Comment("hotel.guest_faces", None, "Guest faces, kept 30 days",
                at(p, 21, "hotel.guest_faces")),
        Comment("guest_faces", "face_vec", "ArcFace", at(p, 22, "guest_faces.face_vec")),
        AddForeignKey("guest_faces", ForeignKey(("guest_id",), "hotel.guests", ("id",), "set null",
                                                at(p, 23, "guest_faces"))),
    )


def test_unreadable_table_names_and_run_time_sql_are_error_records() -> None:
    found = read_text('''
        from alembic import op
        revision = "1"
        down_revision = None


        def upgrade():
            for name in ("a", "b"):
                op.drop_table(name)
            op.execute(f"DROP TABLE {name}")
            op.execute(some_table.delete())
    ''')
    p = "migrations/versions/abc_x.py"
    assert found.ops == ()
    assert found.errors == (
        ErrorRecord(p, "op.drop_table: the table name is not a string this reader can see", 8),
        ErrorRecord(p, "SQL text built at run time: not read", 9),
    )


def test_sql_in_op_execute_is_read_by_the_sql_reader() -> None:
    p = f"{VERSIONS}/3c4d5e6f7081_template_vectors.py"
    assert read(p).ops == (
        Extension("vector", at(p, 18)),  # the constant's line, not the op.execute line
        AddColumn("face_templates", ColumnDef("embedding", "vector(512)",
                                              at(p, 23, "face_templates.embedding"))),
        Comment("face_templates", "embedding", "ArcFace R100 embedding, L2-normalised",
                at(p, 26, "face_templates.embedding")),
    )


def test_sql_text_goes_to_the_sql_reader_with_its_first_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str, int]] = []

    def fake(text: str, path: str, first_line: int) -> tuple[list[SchemaOp], list[ErrorRecord]]:
        calls.append((text, path, first_line))
        return [DropTable("x", Provenance(path, first_line))], [ErrorRecord(path, "odd", 99)]

    monkeypatch.setattr(alembic, "parse_sql_text", fake)
    p = f"{VERSIONS}/3c4d5e6f7081_template_vectors.py"
    found = read(p)
    assert calls == [
        ("CREATE EXTENSION IF NOT EXISTS vector", p, 18),  # a module constant: its own line
        ("\n        COMMENT ON COLUMN face_templates.embedding\n"
         "            IS 'ArcFace R100 embedding, L2-normalised'\n        ", p, 25),
    ]
    assert found.errors == (ErrorRecord(p, "odd", 99), ErrorRecord(p, "odd", 99))
    assert [type(op).__name__ for op in found.ops] == ["DropTable", "AddColumn", "DropTable"]

    calls.clear()
    p = f"{VERSIONS}/5e6f708192a3_encrypt_templates_drop_snapshots.py"
    read(p)
    assert calls == [(
        "SELECT cron.schedule('purge-unlock-events', '0 3 * * *', "
        "$$DELETE FROM audit.unlock_events WHERE unlocked_at < now() - interval '30 days'$$)",
        p, 43)]


# --- bad input --------------------------------------------------------------------------------

def test_a_syntax_error_keeps_nothing_but_an_error_record() -> None:
    found = read_text('''
        from alembic import op
        revision = "1"
        down_revision = None
        def upgrade():
            op.create_table("faces",
    ''')
    assert found.ops == ()
    assert len(found.errors) == 1
    assert found.errors[0].line == 5
    assert found.errors[0].reason.startswith("Python syntax error")


def test_deep_nesting_is_reported_and_the_rest_is_read() -> None:
    deep = " + ".join(["'x'"] * (sys.getrecursionlimit() + 500))
    source = ("from alembic import op\nrevision = '1'\ndown_revision = None\n"
              "def upgrade():\n"
              f"    op.execute({deep})\n"
              "    op.drop_table('face_crops')\n")
    found = alembic.read(iter(source.splitlines(keepends=True)), "v.py")
    assert found.errors == (ErrorRecord("v.py", "expression nested too deeply to read", 5),)
    assert found.ops == (DropTable("face_crops", Provenance("v.py", 6, "face_crops")),)


def test_project_wrappers_of_op_and_module_level_types() -> None:
    found = read_text('''
        import sqlalchemy as sa
        from pgvector.sqlalchemy import Vector

        from app.migrations.utils import add_columns, create_table, drop_columns

        revision = "2"
        down_revision = "1"
        EMBEDDING = Vector(768)


        def upgrade():
            create_table("face_index", sa.Column("face_vec", EMBEDDING))
            add_columns("face_index", sa.Column("crop", sa.LargeBinary()), sa.Column("n", sa.Text))
            drop_columns("face_index", "n")
    ''')
    p = "migrations/versions/abc_x.py"
    assert found.errors == ()
    assert found.ops == (
        CreateTable("face_index", (
            ColumnDef("face_vec", "vector(768)", at(p, 12, "face_index.face_vec")),
        ), at(p, 12, "face_index")),
        AddColumn("face_index", ColumnDef("crop", "bytea", at(p, 13, "face_index.crop"))),
        AddColumn("face_index", ColumnDef("n", "text", at(p, 13, "face_index.n"))),
        DropColumn("face_index", "n", at(p, 14, "face_index.n")),
    )


def test_a_deeply_nested_module_constant_is_reported_and_skipped() -> None:
    deep = " + ".join(["'x'"] * (sys.getrecursionlimit() + 500))
    source = ("from alembic import op\nrevision = '1'\ndown_revision = None\n"
              f"SQL = {deep}\n"
              "def upgrade():\n    op.drop_table('face_crops')\n")
    found = alembic.read(iter(source.splitlines(keepends=True)), "v.py")
    assert found.errors == (ErrorRecord("v.py", "expression nested too deeply to read", 4),)
    assert found.ops == (DropTable("face_crops", Provenance("v.py", 6, "face_crops")),)
    assert found.revision == "1"
