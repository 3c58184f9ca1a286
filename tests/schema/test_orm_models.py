"""ORM model files (SQLAlchemy, Flask-SQLAlchemy, Django, peewee) read through ``ast`` as tables."""

from __future__ import annotations

import sys
import textwrap
import warnings
from pathlib import Path

import pytest

from faceaudit.errors import ErrorRecord
from faceaudit.model import Provenance
from faceaudit.readers import orm_models
from faceaudit.schema.ops import AddColumn, ColumnDef, CreateTable, ForeignKey, SchemaOp
from faceaudit.schema.source import SchemaFile
from faceaudit.schema.state import SchemaState

FIXTURES = Path(__file__).parent / "fixtures" / "python"

Row = tuple[str, str | None, tuple[str, ...], int | None, str | None]


def read(relative: str) -> SchemaFile:
    text = (FIXTURES / relative).read_text(encoding="utf-8")
    return orm_models.read(iter(text.splitlines(keepends=True)), relative)


def read_text(text: str, path: str = "app/models.py") -> SchemaFile:
    source = textwrap.dedent(text).lstrip("\n")
    return orm_models.read(iter(source.splitlines(keepends=True)), path)


def column(path: str, table: str, name: str, type_: str | None, line: int,
           **extra: object) -> ColumnDef:
    return ColumnDef(name, type_, Provenance(path, line, f"{table}.{name}"),
                     **extra)  # type: ignore[arg-type]


def final(ops: tuple[SchemaOp, ...]) -> dict[str, list[Row]]:
    """Each table's columns after the ops: name, type, categories, line, encryption."""
    state = SchemaState()
    state.apply_all(ops)
    return {table.name: [(c.name, c.type, tuple(sorted(c.categories)), c.provenance.line,
                          c.encryption) for c in table.columns]
            for table in state.tables()}


def retention(ops: tuple[SchemaOp, ...]) -> dict[str, tuple[str, ...]]:
    state = SchemaState()
    state.apply_all(ops)
    return {table.name: table.retention for table in state.tables()}


# --- claims -----------------------------------------------------------------------------------

@pytest.mark.parametrize("relative", [
    "attendance/app/models.py", "hotel/checkin/models.py", "hotel/checkin/tables.py",
    "hotel/vault/models.py", "hotel/kiosk/models.py", "photolib/photos/models.py",
    "doorlock/edge/store.py",
])
def test_model_files_are_claimed(relative: str) -> None:
    assert orm_models.claims(relative, (FIXTURES / relative).read_text())


@pytest.mark.parametrize("relative", [
    "photolib/photos/migrations/0001_initial.py",
    "doorlock/alembic/versions/1a2b3c4d5e6f_create_residents.py",
    "doorlock/alembic/versions/4d5e6f708192_merge_heads.py",
])
def test_migrations_are_left_to_their_readers(relative: str) -> None:
    assert not orm_models.claims(relative, (FIXTURES / relative).read_text())


def test_other_python_and_other_files_are_not_claimed() -> None:
    assert not orm_models.claims("app/views.py", "from flask import Flask\napp = Flask(__name__)\n")
    assert not orm_models.claims("app/query.py",
                                 "from sqlalchemy import select\nrows = select(Face.id)\n")
    assert not orm_models.claims("models.txt", "class Face(db.Model):\n    pass\n")
    assert not orm_models.claims("app/forms.py",
                                 "from django import forms\nclass F(forms.Form):\n    pass\n")


# --- Flask-SQLAlchemy -------------------------------------------------------------------------

def test_flask_attendance_models_become_exact_create_tables() -> None:
    p = "attendance/app/models.py"
    found = read(p)
    assert found.reader == "orm-models"
    assert found.errors == ()
    created_at = {"type_": "timestamptz", "line": 10}
    fk = ForeignKey(("employee_id",), "employees", ("id",), "cascade",
                    Provenance(p, 26, "face_encoding.employee_id"))
    clock_fk = ForeignKey(("employee_id",), "employees", ("id",), None,
                          Provenance(p, 40, "clock_events.employee_id"))
    assert found.ops == (
        CreateTable("employees", (
            column(p, "employees", "created_at", **created_at),  # type: ignore[arg-type]
            column(p, "employees", "id", "integer", 16),
            column(p, "employees", "employee_no", "varchar(32)", 17),
            column(p, "employees", "full_name", "varchar(120)", 18),
            column(p, "employees", "department", "varchar(64)", 19),
        ), Provenance(p, 13, "employees")),
        # No __tablename__: Flask-SQLAlchemy names the table after the class, in snake case.
        CreateTable("face_encoding", (
            column(p, "face_encoding", "created_at", **created_at),  # type: ignore[arg-type]
            column(p, "face_encoding", "id", "integer", 25),
            column(p, "face_encoding", "employee_id", "integer", 26, references=fk),
            column(p, "face_encoding", "face_encoding", "bytea", 29,
                   comment="dlib 128-d encoding as numpy float64 bytes"),
            column(p, "face_encoding", "model_version", "varchar(16)", 32),
            column(p, "face_encoding", "expires_at", "timestamptz", 33),
        ), Provenance(p, 24, "face_encoding")),
        CreateTable("clock_events", (
            column(p, "clock_events", "id", "bigint", 39),
            column(p, "clock_events", "employee_id", "integer", 40, references=clock_fk),
            column(p, "clock_events", "kiosk_id", "varchar(40)", 41),
            column(p, "clock_events", "snapshot", "bytea", 42),
            column(p, "clock_events", "matched_distance", "float8", 43),
            column(p, "clock_events", "recorded_at", "timestamp", 44),
        ), Provenance(p, 36, "clock_events")),
        # Single-table inheritance: the subclass's column joins its parent's table.
        AddColumn("clock_events", column(p, "clock_events", "approved_by", "varchar(64)", 48)),
    )


def test_flask_attendance_tables_classify_the_encoding_and_the_employee_number() -> None:
    ops = read("attendance/app/models.py").ops
    tables = final(ops)
    assert tables["face_encoding"][3] == ("face_encoding", "bytea", ("face-template",), 29, None)
    assert tables["employees"][2] == ("employee_no", "varchar(32)", ("identity",), 17, None)
    assert retention(ops)["face_encoding"] == ("column expires_at holds each row's expiry",)
    assert retention(ops)["employees"] == ()


# --- SQLAlchemy 2.0 declarative and Core ------------------------------------------------------

def test_mapped_annotations_schema_and_table_args() -> None:
    p = "hotel/checkin/models.py"
    found = read(p)
    guests, faces = "checkin.guests", "checkin.guest_faces"
    assert found.ops == (
        CreateTable(guests, (
            column(p, guests, "id", "integer", 22),
            column(p, guests, "passport_no", "varchar(20)", 23, comment="Scanned at the kiosk"),
            column(p, guests, "email", "varchar", 24),
        ), Provenance(p, 18, guests), comment="Registered hotel guests"),
        CreateTable(faces, (
            column(p, faces, "id", "integer", 35),
            column(p, faces, "guest_id", "integer", 36),
            column(p, faces, "embedding", "vector(512)", 37),
            column(p, faces, "selfie_jpeg", "bytea", 38),
            column(p, faces, "landmarks", "float8[][]", 39),
            column(p, faces, "captured_at", "timestamp", 40),
        ), Provenance(p, 28, faces), foreign_keys=(
            ForeignKey(("guest_id",), guests, ("id",), "cascade", Provenance(p, 31, faces)),)),
    )
    assert [row[2] for row in final(found.ops)[faces]] == [
        (), (), ("face-template",), ("face-image",), ("face-geometry",), ()]


def test_core_table_with_array_of_float_and_expiry_column() -> None:
    p = "hotel/checkin/tables.py"
    found = read(p)
    t = "kiosk_captures"
    assert found.ops == (CreateTable(t, (
        column(p, t, "id", "integer", 11),
        column(p, t, "guest_id", "integer", 12, references=ForeignKey(
            ("guest_id",), "guests", ("id",), "cascade", Provenance(p, 12, f"{t}.guest_id"))),
        column(p, t, "embedding", "float8[]", 13,
               comment="ArcFace embedding of the check-in selfie"),
        column(p, t, "captured_at", "timestamptz", 19),
        column(p, t, "retain_until", "date", 20),
    ), Provenance(p, 8, t)),)  # the reflected "kiosks" table declares no columns: left out
    assert final(found.ops)[t][2] == ("embedding", "float8[]", ("face-template",), 13, None)
    assert retention(found.ops)[t] == ("column retain_until holds each row's expiry",)


def test_encrypted_sqlalchemy_types_give_encryption_evidence() -> None:
    tables = final(read("hotel/vault/models.py").ops)
    assert tables["guest_biometrics"] == [
        ("id", "integer", (), 25, None),
        ("face_embedding", "bytea", ("face-template",), 26,
         "encrypted type EncryptedFaceVector"),
        ("face_photo", "bytea", ("face-image",), 27, "encrypted type EncryptedType(LargeBinary)"),
        ("passport_no", "varchar(20)", ("identity",), 28,
         "encrypted type StringEncryptedType(Unicode)"),
        # A TypeDecorator whose name says nothing of encryption is no evidence of it.
        ("face_crop", "bytea", ("face-image",), 29, None),
    ]


# --- Django -----------------------------------------------------------------------------------

def test_django_photo_library_tables_as_django_names_them() -> None:
    p = "photolib/photos/models.py"
    found = read(p)
    assert found.errors == ()
    tables = final(found.ops)
    # The abstract TimeStamped makes no table, the proxy FavouritePhoto none either.
    assert list(tables) == ["photo_albums", "photo_albums_shared_with", "photos_photo",
                            "photos_detectedface"]
    assert tables["photo_albums"] == [
        ("id", "bigint", (), 16, None),  # Django's implicit key, at the class line
        ("created_at", "timestamptz", (), 10, None),  # from the abstract base
        ("title", "varchar(200)", (), 17, None),
        ("owner_id", None, (), 18, None),
    ]
    assert tables["photo_albums_shared_with"] == [
        ("id", "bigint", (), 21, None), ("album_id", None, (), 21, None),
        ("user_id", None, (), 21, None)]
    assert tables["photos_photo"] == [
        ("id", "bigint", (), 29, None), ("created_at", "timestamptz", (), 10, None),
        ("album_id", None, (), 30, None), ("image", "varchar(100)", (), 31, None),
        ("taken_at", "timestamptz", (), 32, None)]
    assert tables["photos_detectedface"] == [
        ("id", "bigint", (), 35, None), ("photo_id", None, (), 36, None),
        ("label", "varchar(120)", (), 37, None), ("bbox", "jsonb", (), 38, None),
        ("face_embedding", "float8[128]", ("face-template",), 39, None)]


def test_django_foreign_keys_comments_and_user_model() -> None:
    p = "photolib/photos/models.py"
    ops = {op.table: op for op in read(p).ops if isinstance(op, CreateTable)}
    album = {c.name: c for c in ops["photo_albums"].columns}
    assert album["title"].comment == "title"  # gettext_lazy("title") as verbose_name
    assert album["owner_id"].references == ForeignKey(
        ("owner_id",), "auth_user", ("id",), "cascade", Provenance(p, 18, "photo_albums.owner_id"))
    photo = {c.name: c for c in ops["photos_photo"].columns}
    assert photo["album_id"].references == ForeignKey(
        ("album_id",), "photo_albums", ("id",), "cascade",
        Provenance(p, 30, "photos_photo.album_id"))
    faces = {c.name: c for c in ops["photos_detectedface"].columns}
    assert faces["bbox"].comment == "x, y, width, height in pixels"
    assert faces["photo_id"].references is not None
    assert faces["photo_id"].references.table == "photos_photo"
    join = ops["photo_albums_shared_with"]
    assert [(c.name, c.references.table if c.references else None) for c in join.columns] == [
        ("id", None), ("album_id", "photo_albums"), ("user_id", "auth_user")]


def test_django_encrypted_fields() -> None:
    tables = final(read("hotel/kiosk/models.py").ops)
    assert tables["kiosk_enrolments"] == [
        ("id", "bigint", (), 9, None),
        ("guest_ref", "varchar(36)", (), 10, None),
        ("face_image", "bytea", ("face-image",), 11, "encrypted type encrypt(BinaryField)"),
        ("face_template", "text", ("face-template",), 12, "encrypted type EncryptedTextField"),
        ("passport_number", "varchar(20)", ("identity",), 13, "encrypted type EncryptedCharField"),
        ("consent_given_at", "timestamptz", (), 14, None),
        ("delete_after", "timestamptz", (), 15, None),
    ]
    assert retention(read("hotel/kiosk/models.py").ops)["kiosk_enrolments"] == (
        "column delete_after holds each row's expiry",)


def test_django_multi_table_inheritance_db_column_and_models_package() -> None:
    found = read_text('''
        from django.db import models


        class Capture(models.Model):
            uuid = models.UUIDField(primary_key=True)
            frame = models.BinaryField(db_column="raw_frame", db_comment="one JPEG frame")


        class FaceCapture(Capture):
            face_box = models.JSONField()

            class Meta:
                app_label = "vision"
    ''', path="cams/models/captures.py")
    p = "cams/models/captures.py"
    assert found.ops == (
        CreateTable("cams_capture", (
            column(p, "cams_capture", "uuid", "uuid", 5),
            column(p, "cams_capture", "raw_frame", "bytea", 6, comment="one JPEG frame"),
        ), Provenance(p, 4, "cams_capture")),
        CreateTable("vision_facecapture", (
            column(p, "vision_facecapture", "capture_ptr_id", None, 9, references=ForeignKey(
                ("capture_ptr_id",), "cams_capture", ("id",), "cascade",
                Provenance(p, 9, "vision_facecapture.capture_ptr_id"))),
            column(p, "vision_facecapture", "face_box", "jsonb", 10),
        ), Provenance(p, 9, "vision_facecapture")),
    )


# --- peewee -----------------------------------------------------------------------------------

def test_peewee_lock_store_exact_ops_and_cascade_retention() -> None:
    p = "doorlock/edge/store.py"
    found = read(p)
    assert found.errors == ()
    assert found.ops == (
        # BaseModel only holds Meta.database for the models deriving from it: no table.
        CreateTable("resident", (
            column(p, "resident", "id", "integer", 21),
            column(p, "resident", "uuid", "uuid", 22),
            column(p, "resident", "unit", "varchar(8)", 23),
            column(p, "resident", "display_name", "varchar(255)", 24,
                   comment="Shown on the lock screen"),
            column(p, "resident", "purge_after", "timestamp", 25),
        ), Provenance(p, 21, "resident")),
        CreateTable("face_templates", (
            column(p, "face_templates", "id", "integer", 28),
            column(p, "face_templates", "resident_id", None, 29, references=ForeignKey(
                ("resident_id",), "resident", ("id",), "cascade",
                Provenance(p, 29, "face_templates.resident_id"))),
            column(p, "face_templates", "template", "bytea", 30),
            column(p, "face_templates", "enrolled_at", "timestamp", 31),
        ), Provenance(p, 28, "face_templates")),
        CreateTable("unlockattempt", (
            column(p, "unlockattempt", "id", "integer", 37),
            column(p, "unlockattempt", "resident_id", None, 38, references=ForeignKey(
                ("resident_id",), "resident", ("id",), "set null",
                Provenance(p, 38, "unlockattempt.resident_id"))),
            column(p, "unlockattempt", "face_crop", "bytea", 39),
            column(p, "unlockattempt", "attempted_at", "timestamp", 40),
        ), Provenance(p, 37, "unlockattempt")),
    )
    kept = retention(found.ops)
    assert kept["face_templates"] == (
        "rows deleted with their resident row (ON DELETE CASCADE via resident_id), and "
        "resident: column purge_after holds each row's expiry",)
    assert kept["unlockattempt"] == ()  # SET NULL keeps the row
    assert final(found.ops)["face_templates"][2] == (
        "template", "bytea", ("face-template",), 30, None)


def test_peewee_snake_case_names_and_array_fields() -> None:
    found = read_text('''
        import peewee as pw
        from playhouse.postgres_ext import ArrayField


        class Base(pw.Model):
            class Meta:
                legacy_table_names = False
                schema = "lock"


        class FaceSample(Base):
            vector = ArrayField(pw.FloatField, dimensions=1)
            owner = pw.ForeignKeyField("self", column_name="owner_ref", null=True)
    ''', path="lockd/db.py")
    assert final(found.ops) == {"lock.face_sample": [
        ("id", "integer", (), 11, None),
        ("vector", "real[]", ("face-template",), 12, None),
        ("owner_ref", None, (), 13, None)]}
    create = found.ops[0]
    assert isinstance(create, CreateTable)
    assert create.columns[2].references is not None
    assert create.columns[2].references.table == "lock.face_sample"


# --- bad input --------------------------------------------------------------------------------

def test_a_syntax_error_is_one_error_record_with_its_line() -> None:
    found = read_text('''
        from app.extensions import db


        class Face(db.Model):
            embedding = db.Column(db.LargeBinary
            captured_at = db.Column(db.DateTime)
    ''')
    assert found.ops == ()
    assert len(found.errors) == 1
    error = found.errors[0]
    assert (error.path, error.line) == ("app/models.py", 5)
    assert error.reason.startswith("Python syntax error")


def test_deep_nesting_is_an_error_record_not_a_recursion_error() -> None:
    too_deep_to_parse = "x = " + "-" * 200_000 + "1\n"
    found = orm_models.read(iter(["from app import db\n", too_deep_to_parse]), "m.py")
    assert found.ops == ()
    assert found.errors == (ErrorRecord("m.py", "Python source nested too deeply to parse"),)

    depth = sys.getrecursionlimit() + 500  # parses, but reading it recursively would overflow
    comment = " + ".join(["'a'"] * depth)
    source = ("from app import db\n\n\nclass Face(db.Model):\n    __tablename__ = 'faces'\n"
              f"    photo = db.Column(db.LargeBinary, comment={comment})\n\n\n"
              "class Other(db.Model):\n    __tablename__ = 'other'\n"
              "    id = db.Column(db.Integer)\n")
    found = orm_models.read(iter(source.splitlines(keepends=True)), "m.py")
    assert found.errors == (ErrorRecord("m.py", "expression nested too deeply to read", 4),)
    assert found.ops == (CreateTable("other", (column("m.py", "other", "id", "integer", 11),),
                                     Provenance("m.py", 9, "other")),)


def test_a_nul_byte_is_an_error_record() -> None:
    found = orm_models.read(iter(["from app import db\n", "class F(db.Model):\x00\n"]), "m.py")
    assert found.ops == ()
    assert [e.path for e in found.errors] == ["m.py"]


def test_a_byte_order_mark_is_allowed() -> None:
    found = orm_models.read(iter(["\ufefffrom app import db\n", "class Face(db.Model):\n",
                                  "    face_jpeg = db.Column(db.LargeBinary)\n"]), "m.py")
    assert found.errors == ()
    assert final(found.ops) == {"face": [("face_jpeg", "bytea", ("face-image",), 3, None)]}


def test_inheritance_cycles_and_unknown_names_do_not_loop() -> None:
    found = read_text('''
        from app.extensions import db


        class A(B, db.Model):
            __tablename__ = "a"
            face_image = db.Column(db.LargeBinary)


        class B(A):
            face_hash = db.Column(db.String(64))
    ''')
    assert found.errors == ()
    # Python would reject the cycle; the reader reads each class once, on its own.
    assert final(found.ops) == {"a": [("face_image", "bytea", ("face-image",), 6, None)],
                                "b": [("face_hash", "varchar(64)", ("face-template",), 10, None)]}


def test_models_deriving_from_bases_of_other_modules() -> None:
    django = read_text('''
        from django.db import models
        from model_utils.models import TimeStampedModel


        class FaceCrop(TimeStampedModel):
            face_crop = models.BinaryField()


        class Helper(TimeStampedModel):
            pass
    ''', path="gallery/models.py")
    # Helper declares no field: a plain class, no table
    assert final(django.ops) == {"gallery_facecrop": [
        ("id", "bigint", (), 5, None), ("face_crop", "bytea", ("face-image",), 6, None)]}
    peewee = read_text('''
        from peewee import BlobField

        from .base import BaseModel


        class FaceCrop(BaseModel):
            face_crop = BlobField()
    ''', path="lockd/faces.py")
    assert final(peewee.ops) == {"facecrop": [("id", "integer", (), 6, None),
                                              ("face_crop", "bytea", ("face-image",), 7, None)]}
    assert orm_models.claims("lockd/faces.py", "from peewee import BlobField\n"
                                               "class FaceCrop(BaseModel):\n    pass\n")
    assert orm_models.claims("app/faces.py", "from .ext import db\nclass Face(Base):\n"
                                             "    crop = db.Column(db.LargeBinary)\n")


def test_the_scanned_code_s_syntax_warnings_stay_silent() -> None:
    source = ('import re\nfrom app import db\nPATTERN = re.compile("\\d+")\n\n'
              "class Face(db.Model):\n    face_jpeg = db.Column(db.LargeBinary)\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = orm_models.read(iter(source.splitlines(keepends=True)), "m.py")
    assert caught == []
    assert [op.table for op in found.ops if isinstance(op, CreateTable)] == ["face"]
