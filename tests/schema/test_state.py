"""Schema operations applied in order give the final tables, with their evidence."""

from __future__ import annotations

from faceaudit.model import DataCategory, Provenance
from faceaudit.schema.ops import (
    AddColumn,
    AddForeignKey,
    AlterColumn,
    ColumnDef,
    Comment,
    CreateTable,
    DropColumn,
    DropTable,
    Encrypts,
    ForeignKey,
    Purge,
    RenameColumn,
    RenameTable,
    RowCount,
    Sample,
    normalize_name,
)
from faceaudit.schema.state import SchemaState

F = "db/0001_init.sql"


def at(line: int, pointer: str) -> Provenance:
    return Provenance(F, line, pointer)


def col(name: str, type_: str, line: int, table: str = "t", **extra: object) -> ColumnDef:
    return ColumnDef(name, type_, at(line, f"{table}.{name}"), **extra)  # type: ignore[arg-type]


def test_names_fold_like_the_database() -> None:
    assert normalize_name("Guest_Faces") == "guest_faces"
    assert normalize_name('"GuestFaces"') == "GuestFaces"
    assert normalize_name("public.faces") == "faces"
    assert normalize_name("[dbo].[Faces]") == "Faces"
    assert normalize_name("`hr`.`Staff`") == "hr.Staff"
    assert normalize_name("[dbo].[Faces]", for_lookup=True) == "faces"
    assert normalize_name('"Faces"', for_lookup=True) == "Faces"
    assert normalize_name('audit."Face.Log"') == "audit.Face.Log"


def test_later_operations_win() -> None:
    state = SchemaState()
    state.apply_all([
        CreateTable("Guest_Faces", (col("guest_id", "uuid", 2, "guest_faces"),
                                    col("face_thumbnail", "bytea", 3, "guest_faces")),
                    at(1, "guest_faces")),
        AddColumn("guest_faces", col("face_embedding", "vector(128)", 7, "guest_faces")),
        AlterColumn("guest_faces", "face_embedding", at(8, "guest_faces.face_embedding"),
                    type="vector(512)"),
        DropColumn("guest_faces", "face_thumbnail", at(9, "guest_faces.face_thumbnail")),
        RenameColumn("guest_faces", "guest_id", "person_id", at(10, "guest_faces.guest_id")),
        RenameTable("guest_faces", "faces", at(11, "guest_faces")),
        CreateTable("scratch", (), at(12, "scratch")),
        DropTable("scratch", at(13, "scratch")),
    ])
    (table,) = state.tables()
    assert table.name == "faces"
    assert [(c.name, c.type, c.provenance.line) for c in table.columns] == [
        ("person_id", "uuid", 2), ("face_embedding", "vector(512)", 7)]
    assert table.columns[1].categories == frozenset({DataCategory.FACE_TEMPLATE})
    assert table.categories == frozenset({DataCategory.FACE_TEMPLATE})


def test_operations_on_unknown_tables_are_ignored() -> None:
    state = SchemaState()
    state.apply(AddColumn("elsewhere", col("face_embedding", "vector(512)", 2)))
    assert state.tables() == ()


def test_retention_evidence_expiry_column_purge_and_cascade() -> None:
    state = SchemaState()
    state.apply_all([
        CreateTable("visits", (col("id", "bigint", 2, "visits"),
                               col("expires_at", "timestamptz", 3, "visits")), at(1, "visits")),
        CreateTable("visit_faces", (col("visit_id", "bigint", 6, "visit_faces"),
                                    col("face_crop", "bytea", 7, "visit_faces")),
                    at(5, "visit_faces"),
                    foreign_keys=(ForeignKey(("visit_id",), "visits", ("id",), "cascade",
                                             at(8, "visit_faces")),)),
        CreateTable("enrolments", (col("id", "bigint", 11, "enrolments"),), at(10, "enrolments")),
        CreateTable("enrolment_faces", (col("enrolment_id", "bigint", 13, "enrolment_faces"),
                                        col("face_embedding", "vector(512)", 14,
                                            "enrolment_faces")),
                    at(12, "enrolment_faces")),
        AddForeignKey("enrolment_faces", ForeignKey(("enrolment_id",), "enrolments", ("id",),
                                                    "set null", at(16, "enrolment_faces"))),
        CreateTable("probes", (col("face_embedding", "vector(512)", 18, "probes"),),
                    at(17, "probes")),
        Purge("probes", "pg_cron job 'purge-probes' (0 3 * * *): DELETE FROM probes ...",
              at(20, "probes")),
    ])
    tables = {t.name: t for t in state.tables()}
    assert tables["visits"].retention == ("column expires_at holds each row's expiry",)
    assert tables["visit_faces"].retention == (
        "rows deleted with their visits row (ON DELETE CASCADE via visit_id), and visits: "
        "column expires_at holds each row's expiry",)
    assert tables["enrolment_faces"].retention == ()  # SET NULL is not deletion
    assert tables["probes"].retention == (
        "pg_cron job 'purge-probes' (0 3 * * *): DELETE FROM probes ...",)


def test_cascade_cycles_terminate() -> None:
    state = SchemaState()
    state.apply_all([
        CreateTable("a", (col("b_id", "int", 2, "a"),), at(1, "a"),
                    foreign_keys=(ForeignKey(("b_id",), "b", ("id",), "cascade", at(2, "a")),)),
        CreateTable("b", (col("a_id", "int", 4, "b"),), at(3, "b"),
                    foreign_keys=(ForeignKey(("a_id",), "a", ("id",), "cascade", at(4, "b")),)),
    ])
    assert [t.retention for t in state.tables()] == [(), ()]


def test_encryption_evidence_from_type_comment_and_code() -> None:
    state = SchemaState()
    state.apply_all([
        CreateTable("faces", (
            col("face_embedding", "varbinary(max)", 2, "faces",
                encryption="SQL Server Always Encrypted (RANDOMIZED)"),
            col("face_image", "bytea", 3, "faces"),
            col("face_landmarks", "jsonb", 4, "faces"),
            col("face_crop", "bytea", 5, "faces"),
        ), at(1, "faces")),
        Comment("faces", "face_image", "AES-256-GCM ciphertext; key in KMS", at(7, "faces")),
        Comment("faces", "face_crop", "not encrypted", at(8, "faces")),
        Encrypts("faces", "face_landmarks", "pgp_sym_encrypt in trigger faces_enc",
                 at(9, "faces")),
    ])
    (table,) = state.tables()
    assert [(c.name, c.encryption) for c in table.columns] == [
        ("face_embedding", "SQL Server Always Encrypted (RANDOMIZED)"),
        ("face_image", "column comment says: AES-256-GCM ciphertext; key in KMS"),
        ("face_landmarks", "pgp_sym_encrypt in trigger faces_enc"),
        ("face_crop", None),
    ]


def test_dump_rows_and_plaintext_samples() -> None:
    state = SchemaState()
    state.apply_all([
        CreateTable("faces", (col("face_embedding", "float8[]", 2, "faces"),
                              col("photo_key", "text", 3, "faces")), at(1, "faces")),
        RowCount("faces", 120_000, at(10, "faces")),
        RowCount("faces", 5, at(90, "faces")),
        Sample("faces", "face_embedding", "plaintext numbers (512 per value)", True,
               at(11, "faces.face_embedding")),
        Sample("faces", "photo_key", "text", False, at(11, "faces.photo_key")),
    ])
    (table,) = state.tables()
    assert table.rows == 120_005
    assert [c.plaintext_sample for c in table.columns] == [
        "plaintext numbers (512 per value)", None]


def test_foreign_keys_follow_a_renamed_parent() -> None:
    state = SchemaState()
    state.apply_all([
        CreateTable("residents", (col("id", "int", 2, "residents"),
                                  col("expires_at", "timestamptz", 3, "residents")),
                    at(1, "residents")),
        CreateTable("resident_faces", (col("resident_id", "int", 5, "resident_faces"),
                                       col("face_embedding", "vector(512)", 6,
                                           "resident_faces")),
                    at(4, "resident_faces"),
                    foreign_keys=(ForeignKey(("resident_id",), "residents", ("id",), "cascade",
                                             at(7, "resident_faces")),)),
        RenameTable("residents", "lock_residents", at(9, "residents")),
    ])
    faces = next(t for t in state.tables() if t.name == "resident_faces")
    assert faces.retention == (
        "rows deleted with their lock_residents row (ON DELETE CASCADE via resident_id), and "
        "lock_residents: column expires_at holds each row's expiry",)
