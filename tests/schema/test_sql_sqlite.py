"""The SQL reader on a door-lock controller's local SQLite schema: typeless columns,
AUTOINCREMENT, WITHOUT ROWID, a per-row expiry column, a trigger that trims old rows."""

from __future__ import annotations

from pathlib import Path

from faceaudit.model import DataCategory, Provenance
from faceaudit.readers import sql
from faceaudit.schema.ops import AddColumn, ColumnDef, CreateTable, ForeignKey, Purge, RenameTable
from faceaudit.schema.state import SchemaState

PATH = "doorlock_sqlite/local.sqlite.sql"
FIXTURE = Path(__file__).parent / "fixtures" / "sql" / PATH


def at(line: int, pointer: str) -> Provenance:
    return Provenance(PATH, line, pointer)


def read() -> list[object]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        result = sql.read(handle, PATH)
    assert result.errors == ()
    return list(result.ops)


def test_ops_exactly() -> None:
    assert read() == [
        CreateTable("residents", (
            ColumnDef("id", "INTEGER", at(6, "residents.id")),
            ColumnDef("unit", "TEXT", at(7, "residents.unit")),
            ColumnDef("display_name", None, at(8, "residents.display_name")),
            ColumnDef("phone", "TEXT", at(9, "residents.phone")),
        ), at(5, "residents")),
        CreateTable('"face_enrollments"', (
            ColumnDef("resident_id", "INTEGER", at(13, "face_enrollments.resident_id"),
                      references=ForeignKey(("resident_id",), "residents", ("id",), "cascade",
                                            at(13, "face_enrollments.resident_id"))),
            ColumnDef("slot", "INTEGER", at(14, "face_enrollments.slot")),
            ColumnDef("template", "BLOB", at(15, "face_enrollments.template")),
            ColumnDef("expires_at", "INTEGER", at(16, "face_enrollments.expires_at")),
        ), at(12, "face_enrollments")),
        CreateTable("unlock_log", (
            ColumnDef("id", "INTEGER", at(21, "unlock_log.id")),
            ColumnDef("resident_id", "INTEGER", at(22, "unlock_log.resident_id")),
            ColumnDef("face_thumb", "BLOB", at(23, "unlock_log.face_thumb")),
            ColumnDef("at", "INTEGER", at(24, "unlock_log.at")),
        ), at(20, "unlock_log")),
        Purge("unlock_log", "trigger trim_unlock_log on unlock_log: BEGIN DELETE FROM unlock_log "
                            "WHERE at < strftime('%s', 'now') - 7 * 86400; END",
              at(29, "unlock_log")),
        RenameTable("unlock_log", "unlock_events", at(34, "unlock_log")),
        AddColumn("unlock_events", ColumnDef("door", "TEXT", at(35, "unlock_events.door"))),
    ]


def test_final_tables() -> None:
    state = SchemaState()
    state.apply_all(read())  # type: ignore[arg-type]
    tables = {t.name: t for t in state.tables()}
    assert list(tables) == ["residents", "face_enrollments", "unlock_events"]
    enrollments = tables["face_enrollments"]
    assert enrollments.columns[2].categories == frozenset({DataCategory.FACE_TEMPLATE})
    assert enrollments.retention == ("column expires_at holds each row's expiry",)
    events = tables["unlock_events"]
    assert [c.name for c in events.columns] == ["id", "resident_id", "face_thumb", "at", "door"]
    assert events.columns[2].categories == frozenset({DataCategory.FACE_IMAGE})
    assert events.retention == (
        "trigger trim_unlock_log on unlock_log: BEGIN DELETE FROM unlock_log WHERE at < "
        "strftime('%s', 'now') - 7 * 86400; END",)
    assert tables["residents"].retention == ()


def test_a_trigger_deleting_by_relation_is_not_retention() -> None:
    text = ("CREATE TABLE residents (id INTEGER PRIMARY KEY, face_template BLOB);\n"
            "CREATE TABLE door_faces (resident_id INTEGER, face_template BLOB);\n"
            "CREATE TRIGGER drop_faces AFTER DELETE ON residents BEGIN\n"
            "  DELETE FROM door_faces WHERE resident_id = OLD.id;\nEND;\n")
    result = sql.read(text.splitlines(keepends=True), "lock.sql")
    assert result.errors == ()
    assert [type(op).__name__ for op in result.ops] == ["CreateTable", "CreateTable"]
