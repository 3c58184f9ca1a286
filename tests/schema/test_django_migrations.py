"""Django migrations read through ``ast``: the dependency chain and the operations in order."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from faceaudit.errors import ErrorRecord
from faceaudit.model import Provenance
from faceaudit.readers import django_migrations
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
    ForeignKey,
    RenameColumn,
    RenameTable,
    SchemaOp,
)
from faceaudit.schema.source import SchemaFile
from faceaudit.schema.state import SchemaState

FIXTURES = Path(__file__).parent / "fixtures" / "python"
MIGRATIONS = "photolib/photos/migrations"
NAMES = ["0001_initial.py", "0002_detectedface_face_embedding.py",
         "0003_remove_detectedface_face_thumbnail.py"]


def read(relative: str) -> SchemaFile:
    text = (FIXTURES / relative).read_text(encoding="utf-8")
    return django_migrations.read(iter(text.splitlines(keepends=True)), relative)


def read_text(text: str, path: str = "kiosk/migrations/0005_auto.py") -> SchemaFile:
    source = textwrap.dedent(text).lstrip("\n")
    return django_migrations.read(iter(source.splitlines(keepends=True)), path)


def at(path: str, line: int, pointer: str | None = None) -> Provenance:
    return Provenance(path, line, pointer)


def migration(*operations: str, dependencies: str = "") -> str:
    body = "\n".join(f"        {op}," for op in operations)
    return ("from django.db import migrations, models\n\n\n"
            "class Migration(migrations.Migration):\n"
            f"    dependencies = [{dependencies}]\n"
            f"    operations = [\n{body}\n    ]\n")


# --- claims and identity ----------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_migrations_are_claimed(name: str) -> None:
    assert django_migrations.claims(f"{MIGRATIONS}/{name}",
                                    (FIXTURES / MIGRATIONS / name).read_text())


@pytest.mark.parametrize("relative", [
    "photolib/photos/models.py", f"{MIGRATIONS}/__init__.py",
    "doorlock/alembic/versions/1a2b3c4d5e6f_create_residents.py",
])
def test_other_files_are_not_claimed(relative: str) -> None:
    assert not django_migrations.claims(relative, (FIXTURES / relative).read_text())


def test_revision_is_app_and_name_and_after_is_the_dependencies() -> None:
    found = {f.revision: f.after for f in (read(f"{MIGRATIONS}/{n}") for n in NAMES)}
    assert found == {
        # the swappable user-model dependency and ("auth", "__first__") are left out
        "photos.0001_initial": (),
        "photos.0002_detectedface_face_embedding": ("photos.0001_initial",),
        "photos.0003_remove_detectedface_face_thumbnail": (
            "photos.0002_detectedface_face_embedding",),
    }


def test_the_migrations_apply_in_dependency_order() -> None:
    files = [read(f"{MIGRATIONS}/{n}") for n in reversed(NAMES)]
    assert [f.path.rsplit("/", 1)[-1] for f in order_by_chain(files)] == NAMES


# --- the photo library ------------------------------------------------------------------------

def test_initial_migration_creates_the_tables_django_creates() -> None:
    p = f"{MIGRATIONS}/0001_initial.py"
    found = read(p)
    assert found.errors == ()
    tables = [op for op in found.ops if isinstance(op, CreateTable)]
    assert [(t.table, t.provenance.line) for t in tables] == [
        ("photo_albums", 18), ("photo_albums_shared_with", 37), ("photos_photo", 48),
        ("photos_detectedface", 73)]
    faces = tables[3]
    assert faces.columns == (
        ColumnDef("id", "bigint", at(p, 76, "photos_detectedface.id")),
        ColumnDef("person_name", "varchar(120)", at(p, 82, "photos_detectedface.person_name")),
        ColumnDef("bbox", "jsonb", at(p, 83, "photos_detectedface.bbox"),
                  comment="x, y, width, height in pixels"),
        ColumnDef("face_thumbnail", "bytea", at(p, 84, "photos_detectedface.face_thumbnail")),
        ColumnDef("photo_id", None, at(p, 85, "photos_detectedface.photo_id"),
                  references=ForeignKey(("photo_id",), "photos_photo", ("id",), "cascade",
                                        at(p, 85, "photos_detectedface.photo_id"))),
    )
    photo_album = {c.name: c for c in tables[2].columns}["album_id"]
    # "photos.album" named the model created above with db_table = "photo_albums"
    assert photo_album.references is not None
    assert photo_album.references.table == "photo_albums"
    owner = {c.name: c for c in tables[0].columns}["owner_id"]
    assert owner.references == ForeignKey(("owner_id",), "auth_user", ("id",), "cascade",
                                          at(p, 29, "photo_albums.owner_id"))


def test_later_migrations_add_the_embedding_and_drop_the_thumbnail() -> None:
    p2 = f"{MIGRATIONS}/0002_detectedface_face_embedding.py"
    assert read(p2).ops == (
        AddColumn("photos_detectedface", ColumnDef(
            "face_embedding", "float8[128]", at(p2, 14, "photos_detectedface.face_embedding"))),
        # RunSQL: the COMMENT ON statement, on the line it stands in the file
        Comment("photos_detectedface", "face_embedding",
                "FaceNet 128-d embedding, written by the indexer",
                at(p2, 23, "photos_detectedface.face_embedding")),
    )
    p3 = f"{MIGRATIONS}/0003_remove_detectedface_face_thumbnail.py"
    t = "photos_detectedface"
    # The fields were defined in another file: a foreign key's <name>_id column is named too.
    assert read(p3).ops == (
        DropColumn(t, "face_thumbnail", at(p3, 13, f"{t}.face_thumbnail")),
        DropColumn(t, "face_thumbnail_id", at(p3, 13, f"{t}.face_thumbnail_id")),
        RenameColumn(t, "person_name", "label", at(p3, 17, f"{t}.person_name")),
        RenameColumn(t, "person_name_id", "label_id", at(p3, 17, f"{t}.person_name_id")),
    )


def test_final_tables_after_all_migrations() -> None:
    state = SchemaState()
    for schema_file in order_by_chain([read(f"{MIGRATIONS}/{n}") for n in NAMES]):
        state.apply_all(schema_file.ops)
    tables = {t.name: t for t in state.tables()}
    assert list(tables) == ["photo_albums", "photo_albums_shared_with", "photos_photo",
                            "photos_detectedface"]
    faces = [(c.name, c.type, tuple(c.categories), c.provenance.path.rsplit("/", 1)[-1],
              c.provenance.line) for c in tables["photos_detectedface"].columns]
    assert tables["photos_detectedface"].columns[4].comment == (
        "FaceNet 128-d embedding, written by the indexer")
    assert faces == [
        ("id", "bigint", (), "0001_initial.py", 76),
        ("label", "varchar(120)", (), "0001_initial.py", 82),  # renamed in place
        ("bbox", "jsonb", (), "0001_initial.py", 83),
        ("photo_id", None, (), "0001_initial.py", 85),
        ("face_embedding", "float8[128]", ("face-template",),
         "0002_detectedface_face_embedding.py", 14),
    ]


# --- operations within one file ---------------------------------------------------------------

def test_a_file_remembers_its_own_tables_fields_and_renames() -> None:
    found = read_text(migration(
        'migrations.CreateModel(name="Enrolment", fields=['
        '("id", models.AutoField(primary_key=True)), '
        '("guest", models.ForeignKey(on_delete=models.SET_NULL, null=True, to="hotel.guest")), '
        '("face", models.BinaryField())], options={"db_table": "kiosk_faces", '
        '"db_table_comment": "Enrolment selfies"})',
        'migrations.AddField(model_name="enrolment", name="expires_at", '
        'field=models.DateTimeField(null=True))',
        'migrations.RemoveField(model_name="enrolment", name="guest")',
        'migrations.RenameField(model_name="enrolment", old_name="face", new_name="face_jpeg")',
        'migrations.AlterField(model_name="enrolment", name="face_jpeg", '
        'field=encrypt(models.BinaryField(help_text="sealed with the kiosk key")))',
        'migrations.RenameModel(old_name="Enrolment", new_name="Registration")',
        'migrations.AlterModelTable(name="registration", table="kiosk_registrations")',
        'migrations.AlterModelTableComment(name="registration", table_comment="Kept 30 days")',
        'migrations.CreateModel(name="Base", fields=[("x", models.TextField())], '
        'options={"abstract": True})',
        'migrations.DeleteModel(name="Registration")',
    ))
    p = "kiosk/migrations/0005_auto.py"
    t = "kiosk_faces"
    assert found.errors == ()
    assert found.revision == "kiosk.0005_auto"
    expected: list[SchemaOp] = [
        CreateTable(t, (
            ColumnDef("id", "integer", at(p, 7, f"{t}.id")),
            ColumnDef("guest_id", None, at(p, 7, f"{t}.guest_id"), references=ForeignKey(
                ("guest_id",), "hotel_guest", ("id",), "set null", at(p, 7, f"{t}.guest_id"))),
            ColumnDef("face", "bytea", at(p, 7, f"{t}.face")),
        ), at(p, 7, t), comment="Enrolment selfies"),
        AddColumn(t, ColumnDef("expires_at", "timestamptz", at(p, 8, f"{t}.expires_at"))),
        # guest was defined above as a foreign key: only its guest_id column goes
        DropColumn(t, "guest_id", at(p, 9, f"{t}.guest_id")),
        RenameColumn(t, "face", "face_jpeg", at(p, 10, f"{t}.face")),
        AlterColumn(t, "face_jpeg", at(p, 11, f"{t}.face_jpeg"), type="bytea",
                    encryption="encrypted type encrypt(BinaryField)"),
        Comment(t, "face_jpeg", "sealed with the kiosk key", at(p, 11, f"{t}.face_jpeg")),
        # db_table was set, so renaming the model leaves the table alone
        RenameTable(t, "kiosk_registrations", at(p, 13, t)),
        Comment("kiosk_registrations", None, "Kept 30 days", at(p, 14, "kiosk_registrations")),
        DropTable("kiosk_registrations", at(p, 16, "kiosk_registrations")),
    ]
    assert list(found.ops) == expected


def test_rename_model_renames_a_default_table_and_m2m_adds_a_join_table() -> None:
    found = read_text(migration(
        'migrations.RenameModel(old_name="Snapshot", new_name="Capture")',
        'migrations.AddField(model_name="capture", name="tags", '
        'field=models.ManyToManyField(to="kiosk.tag"))',
        'migrations.AddField(model_name="capture", name="people", '
        'field=models.ManyToManyField(through="kiosk.Appearance", to="kiosk.person"))',
        'migrations.AlterField(model_name="capture", name="camera", '
        'field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="kiosk.camera"))',
        dependencies='("kiosk", "0004_snapshot"), ("people", "0002_person")',
    ))
    p = "kiosk/migrations/0005_auto.py"
    assert found.after == ("kiosk.0004_snapshot", "people.0002_person")
    j = "kiosk_capture_tags"
    fk = ForeignKey(("camera_id",), "kiosk_camera", ("id",), "cascade",
                    at(p, 10, "kiosk_capture.camera_id"))
    assert found.ops == (
        RenameTable("kiosk_snapshot", "kiosk_capture", at(p, 7, "kiosk_snapshot")),
        CreateTable(j, (
            ColumnDef("id", "bigint", at(p, 8, f"{j}.id")),
            ColumnDef("capture_id", None, at(p, 8, f"{j}.capture_id"), references=ForeignKey(
                ("capture_id",), "kiosk_capture", ("id",), "cascade", at(p, 8, f"{j}.capture_id"))),
            ColumnDef("tag_id", None, at(p, 8, f"{j}.tag_id"), references=ForeignKey(
                ("tag_id",), "kiosk_tag", ("id",), "cascade", at(p, 8, f"{j}.tag_id"))),
        ), at(p, 8, j)),
        # a many-to-many field with its own through model adds nothing here
        AlterColumn("kiosk_capture", "camera_id", at(p, 10, "kiosk_capture.camera_id")),
        AddForeignKey("kiosk_capture", fk),
    )


def test_run_sql_and_separate_database_and_state_reach_the_sql_reader(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, int]] = []

    def fake(text: str, path: str, first_line: int) -> tuple[list[SchemaOp], list[ErrorRecord]]:
        calls.append((text, first_line))
        return [DropTable(text.split()[-1], Provenance(path, first_line))], []

    monkeypatch.setattr(django_migrations, "parse_sql_text", fake)
    found = read_text(migration(
        'migrations.RunSQL("DROP TABLE a", reverse_sql="CREATE TABLE a (id int)")',
        'migrations.RunSQL(sql=[("DROP TABLE b", None), "DROP TABLE c"])',
        'migrations.SeparateDatabaseAndState(database_operations=[migrations.RunSQL(SQL)], '
        'state_operations=[migrations.DeleteModel("x")])',
        'migrations.RunSQL(f"DROP TABLE {name}")',
        'migrations.RunPython(forwards, migrations.RunPython.noop)',
    ).replace("class Migration", 'SQL = "DROP TABLE d"\n\n\nclass Migration'))
    p = "kiosk/migrations/0005_auto.py"
    assert calls == [("DROP TABLE a", 10), ("DROP TABLE b", 11), ("DROP TABLE c", 11),
                     ("DROP TABLE d", 4)]
    assert [op.table for op in found.ops if isinstance(op, DropTable)] == ["a", "b", "c", "d"]
    assert found.errors == (ErrorRecord(p, "SQL text built at run time: not read", 13),)


# --- bad input --------------------------------------------------------------------------------

def test_a_syntax_error_is_one_error_record_with_the_revision_kept() -> None:
    found = read_text("from django.db import migrations\n\n"
                      "class Migration(migrations.Migration):\n    operations = [\n")
    assert found.ops == ()
    assert found.revision == "kiosk.0005_auto"
    assert [(e.path, e.line) for e in found.errors] == [("kiosk/migrations/0005_auto.py", 4)]


def test_deeply_nested_operation_is_reported_and_the_rest_read() -> None:
    deep = " + ".join(["'x'"] * (sys.getrecursionlimit() + 500))
    found = read_text(migration(
        f"migrations.RunSQL({deep})",
        'migrations.DeleteModel(name="Snapshot")'))
    p = "kiosk/migrations/0005_auto.py"
    assert found.errors == (ErrorRecord(p, "expression nested too deeply to read", 7),)
    assert found.ops == (DropTable("kiosk_snapshot", at(p, 8, "kiosk_snapshot")),)


def test_a_many_to_many_field_defined_here_takes_its_join_table_along() -> None:
    found = read_text(migration(
        'migrations.AddField(model_name="capture", name="tags", '
        'field=models.ManyToManyField(to="kiosk.tag"))',
        'migrations.RenameField(model_name="capture", old_name="tags", new_name="labels")',
        'migrations.RemoveField(model_name="capture", name="labels")',
    ))
    p = "kiosk/migrations/0005_auto.py"
    assert [type(op).__name__ for op in found.ops] == ["CreateTable", "RenameTable", "DropTable"]
    assert found.ops[1:] == (
        RenameTable("kiosk_capture_tags", "kiosk_capture_labels", at(p, 8, "kiosk_capture_tags")),
        DropTable("kiosk_capture_labels", at(p, 9, "kiosk_capture_labels")),
    )
