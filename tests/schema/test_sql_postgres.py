"""The SQL reader on a PostgreSQL migration set: a hotel check-in service keeping guests' face
templates in a partitioned pgvector table, encrypting crops with pgcrypto in a trigger, purging
with pg_cron, guarding rows with RLS."""

from __future__ import annotations

from pathlib import Path

from faceaudit.model import DataCategory, Provenance
from faceaudit.readers import sql
from faceaudit.schema.ops import (
    AddColumn,
    AlterColumn,
    ColumnDef,
    Comment,
    CreateTable,
    DropColumn,
    DropTable,
    Encrypts,
    Extension,
    ForeignKey,
    Purge,
    RenameColumn,
    RenameTable,
    RowSecurity,
)
from faceaudit.schema.source import SchemaFile, migration_key
from faceaudit.schema.state import SchemaState

FIXTURES = Path(__file__).parent / "fixtures" / "sql"
HOTEL = "hotel_checkin"


def read_fixture(relative: str) -> SchemaFile:
    with (FIXTURES / relative).open(encoding="utf-8", newline="") as handle:
        return sql.read(handle, relative)


def hotel_state() -> SchemaState:
    state = SchemaState()
    names = sorted((p.name for p in (FIXTURES / HOTEL).glob("*.sql")), key=migration_key)
    for name in names:
        result = read_fixture(f"{HOTEL}/{name}")
        assert result.errors == ()
        state.apply_all(result.ops)
    return state


def test_first_migration_ops_exactly() -> None:
    path = f"{HOTEL}/V1__guests_and_faces.sql"

    def at(line: int, pointer: str | None = None) -> Provenance:
        return Provenance(path, line, pointer)

    result = read_fixture(path)
    assert result.reader == "sql"
    assert result.errors == ()
    assert result.order == migration_key(path)
    assert list(result.ops) == [
        Extension("vector", at(2)),
        Extension("pgcrypto", at(3)),
        CreateTable("public.guests", (
            ColumnDef("id", "bigserial", at(6, "guests.id")),
            ColumnDef("full_name", "text", at(7, "guests.full_name")),
            ColumnDef("email", "varchar(254)", at(8, "guests.email")),
            ColumnDef("passport_no", "varchar(32)", at(9, "guests.passport_no")),
            ColumnDef("created_at", "timestamptz", at(10, "guests.created_at")),
        ), at(5, "guests")),
        Comment("public.guests", None, "One row per registered guest", at(13, "guests")),
        CreateTable("public.guest_faces", (
            ColumnDef("id", "bigserial", at(18, "guest_faces.id")),
            ColumnDef("guest_id", "bigint", at(19, "guest_faces.guest_id"), references=ForeignKey(
                ("guest_id",), "public.guests", ("id",), "cascade",
                at(19, "guest_faces.guest_id"))),
            ColumnDef("embedding", "vector(512)", at(20, "guest_faces.embedding")),
            ColumnDef("face_crop", "bytea", at(21, "guest_faces.face_crop")),
            ColumnDef("captured_at", "timestamptz", at(22, "guest_faces.captured_at")),
        ), at(17, "guest_faces"), partitioned=True),
        Comment("public.guest_faces", "face_crop",
                "JPEG crop of the face; pgp_sym_encrypt ciphertext",
                at(26, "guest_faces.face_crop")),
    ]


def test_later_migrations_ops_exactly() -> None:
    v2, v3, v4 = (read_fixture(f"{HOTEL}/{name}") for name in (
        "V2__partitions_and_access.sql", "V3__encrypt_crops.sql", "V4__tidy.sql"))
    p2, p3, p4 = (f"{HOTEL}/{name}" for name in (
        "V2__partitions_and_access.sql", "V3__encrypt_crops.sql", "V4__tidy.sql"))
    assert list(v2.ops) == [
        CreateTable("guest_faces_2025_01", (), Provenance(p2, 1, "guest_faces_2025_01"),
                    partition_of="guest_faces"),
        CreateTable("guest_faces_2025_02", (), Provenance(p2, 3, "guest_faces_2025_02"),
                    partition_of="guest_faces"),
        CreateTable('"CheckinEvents"', (
            ColumnDef("id", "bigserial", Provenance(p2, 7, "CheckinEvents.id")),
            ColumnDef('"GuestId"', "bigint", Provenance(p2, 8, "CheckinEvents.GuestId")),
            ColumnDef("kiosk", "text", Provenance(p2, 9, "CheckinEvents.kiosk")),
            ColumnDef('"MatchScore"', "real", Provenance(p2, 10, "CheckinEvents.MatchScore")),
        ), Provenance(p2, 6, "CheckinEvents"), foreign_keys=(ForeignKey(
            ('"GuestId"',), "guests", ("id",), "set null", Provenance(p2, 11, "CheckinEvents")),
        )),
        RowSecurity("guest_faces", None, Provenance(p2, 14, "guest_faces")),
        RowSecurity("guest_faces", "kiosk_reads_own_site", Provenance(p2, 15, "guest_faces")),
    ]
    assert list(v3.ops) == [
        Encrypts("guest_faces", "face_crop",
                 "pgcrypto pgp_sym_encrypt() in trigger function encrypt_face_crop "
                 "(trigger guest_faces_encrypt)", Provenance(p3, 13, "guest_faces.face_crop")),
        Extension("pg_cron", Provenance(p3, 16, None)),
        Purge("guest_faces", "pg_cron job 'purge-guest-faces' (15 3 * * *): DELETE FROM "
                             "guest_faces WHERE captured_at < now() - interval '30 days'",
              Provenance(p3, 18, "guest_faces")),
    ]
    assert list(v4.ops) == [
        RenameColumn("guests", "full_name", "display_name", Provenance(p4, 1, "guests.full_name")),
        AddColumn("guests", ColumnDef("phone", "text", Provenance(p4, 2, "guests.phone"))),
        DropColumn("guests", "passport_no", Provenance(p4, 2, "guests.passport_no")),
        AlterColumn("guest_faces", "embedding", Provenance(p4, 3, "guest_faces.embedding"),
                    type="vector(768)"),
        RenameTable('"CheckinEvents"', "checkin_events", Provenance(p4, 4, "CheckinEvents")),
        DropTable("legacy_face_import", Provenance(p4, 5, "legacy_face_import")),
        DropTable("legacy_kiosk_log", Provenance(p4, 5, "legacy_kiosk_log")),
    ]


def test_final_tables_after_the_migration_set() -> None:
    tables = {t.name: t for t in hotel_state().tables()}
    assert sorted(tables) == ["checkin_events", "guest_faces", "guest_faces_2025_01",
                              "guest_faces_2025_02", "guests"]

    guests = tables["guests"]
    assert [(c.name, c.type, c.provenance.line) for c in guests.columns] == [
        ("id", "bigserial", 6), ("display_name", "text", 7), ("email", "varchar(254)", 8),
        ("created_at", "timestamptz", 10), ("phone", "text", 2)]
    assert guests.columns[4].provenance.path == f"{HOTEL}/V4__tidy.sql"
    assert guests.retention == ()

    faces = tables["guest_faces"]
    by_name = {c.name: c for c in faces.columns}
    assert by_name["embedding"].type == "vector(768)"
    assert by_name["embedding"].categories == frozenset({DataCategory.FACE_TEMPLATE})
    assert by_name["embedding"].encryption is None
    assert by_name["face_crop"].categories == frozenset({DataCategory.FACE_IMAGE})
    # The trigger that encrypts the column is stronger evidence than its comment.
    assert by_name["face_crop"].encryption == (
        "pgcrypto pgp_sym_encrypt() in trigger function encrypt_face_crop "
        "(trigger guest_faces_encrypt)")
    assert faces.row_security is True
    assert faces.retention == (
        "pg_cron job 'purge-guest-faces' (15 3 * * *): DELETE FROM guest_faces "
        "WHERE captured_at < now() - interval '30 days'",)

    # The partitions inherit the parent's purge.
    assert tables["guest_faces_2025_01"].retention == (
        "partition of guest_faces: pg_cron job 'purge-guest-faces' (15 3 * * *): DELETE FROM "
        "guest_faces WHERE captured_at < now() - interval '30 days'",)

    events = tables["checkin_events"]
    assert [c.name for c in events.columns] == ["id", "GuestId", "kiosk", "MatchScore"]
    # ON DELETE SET NULL is not a cascade: no retention is inherited from guests.
    assert events.retention == ()


def test_trigger_encryption_reaches_the_column_whatever_the_comment_says() -> None:
    text = (FIXTURES / HOTEL / "V1__guests_and_faces.sql").read_text(encoding="utf-8")
    text = text.replace("'JPEG crop of the face; pgp_sym_encrypt ciphertext'", "'JPEG crop'")
    state = SchemaState()
    state.apply_all(sql.read(text.splitlines(keepends=True), "v1.sql").ops)
    v3 = read_fixture(f"{HOTEL}/V3__encrypt_crops.sql")
    state.apply_all(v3.ops)
    crop = next(c for t in state.tables() if t.name == "guest_faces" for c in t.columns
                if c.name == "face_crop")
    assert crop.encryption == ("pgcrypto pgp_sym_encrypt() in trigger function "
                               "encrypt_face_crop (trigger guest_faces_encrypt)")


def test_claims() -> None:
    assert sql.claims("db/migrations/V1__init.sql", "")
    assert sql.claims("schema/locks.SQLITE.SQL", "")
    for name in ("a.ddl", "a.psql", "a.pgsql", "a.mysql", "a.sqlite.sql"):
        assert sql.claims(name, "")
    assert sql.claims("backups/prod.dump", "--\n-- PostgreSQL database dump\n--\n")
    assert sql.claims("backups/prod", "\ufeff--\r\n-- PostgreSQL database dump\r\n")
    assert not sql.claims("backups/prod.dump", "PGDMP\x01")
    assert not sql.claims("README.md", "CREATE TABLE x (id int);")
