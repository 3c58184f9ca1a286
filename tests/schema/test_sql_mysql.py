"""The SQL reader on a MySQL dump of an attendance system: backticks, inline COMMENTs with
escaped quotes, KEY lines, ENGINE options, InnoDB table encryption, a DELIMITER-wrapped
trigger calling AES_ENCRYPT, and an event that purges gate snapshots."""

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
    DropTable,
    Encrypts,
    ForeignKey,
    Purge,
    RenameColumn,
    RenameTable,
)
from faceaudit.schema.state import SchemaState

PATH = "attendance_mysql/attendance.sql"
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
        DropTable("`employees`", at(8, "employees")),
        CreateTable("`employees`", (
            ColumnDef("`id`", "int(11) unsigned", at(10, "employees.id")),
            ColumnDef("`employee_no`", "varchar(32)", at(11, "employees.employee_no"),
                      comment="工号 / staff number"),
            ColumnDef("`name`", "varchar(64)", at(12, "employees.name")),
            ColumnDef("`mobile`", "varchar(20)", at(13, "employees.mobile"),
                      comment="mobile phone, it's optional"),
            ColumnDef("`dept_id`", "int(11)", at(14, "employees.dept_id")),
        ), at(9, "employees"), comment="在职员工"),
        DropTable("`face_templates`", at(20, "face_templates")),
        CreateTable("`face_templates`", (
            ColumnDef("`id`", "bigint", at(22, "face_templates.id")),
            ColumnDef("`employee_id`", "int(11) unsigned", at(23, "face_templates.employee_id")),
            ColumnDef("`face_feature`", "blob", at(24, "face_templates.face_feature"),
                      comment="人脸特征值 (ArcFace 512-d, float32)"),
            ColumnDef("`face_image_url`", "varchar(512)",
                      at(25, "face_templates.face_image_url"), comment="snapshot in OSS bucket"),
            ColumnDef("`enrolled_at`", "datetime", at(26, "face_templates.enrolled_at")),
        ), at(21, "face_templates"), foreign_keys=(ForeignKey(
            ("`employee_id`",), "`employees`", ("`id`",), "cascade", at(29, "face_templates")),)),
        Encrypts("`face_templates`", None, "InnoDB table encryption (ENCRYPTION='Y')",
                 at(21, "face_templates")),
        CreateTable("`clock_records`", (
            ColumnDef("`id`", "bigint", at(33, "clock_records.id")),
            ColumnDef("`employee_id`", "int(11) unsigned", at(34, "clock_records.employee_id")),
            ColumnDef("`snapshot`", "mediumblob", at(35, "clock_records.snapshot"),
                      comment="face snapshot taken at the gate"),
            ColumnDef("`clocked_at`", "datetime", at(36, "clock_records.clocked_at")),
        ), at(32, "clock_records")),
        AddColumn("`clock_records`", ColumnDef("`device_sn`", "varchar(40)",
                                               at(41, "clock_records.device_sn"))),
        AlterColumn("`clock_records`", "`snapshot`", at(42, "clock_records.snapshot"),
                    type="longblob"),
        Comment("`clock_records`", "`snapshot`", "face snapshot taken at the gate (AES_ENCRYPT)",
                at(42, "clock_records.snapshot")),
        RenameColumn("`clock_records`", "`clocked_at`", "`punched_at`",
                     at(43, "clock_records.clocked_at")),
        AlterColumn("`clock_records`", "`punched_at`", at(43, "clock_records.punched_at"),
                    type="datetime"),
        Encrypts("`clock_records`", "snapshot", "MySQL AES_ENCRYPT() in trigger trg_clock_encrypt",
                 at(50, "clock_records.snapshot")),
        Purge("`clock_records`", "MySQL event purge_clock_snapshots (EVERY 1 DAY STARTS "
                                 "'2025-01-01 02:00:00'): DELETE FROM `clock_records` WHERE "
                                 "`punched_at` < NOW() - INTERVAL 90 DAY",
              at(55, "clock_records")),
    ]


def test_final_tables() -> None:
    state = SchemaState()
    state.apply_all(read())  # type: ignore[arg-type]
    tables = {t.name: t for t in state.tables()}
    assert list(tables) == ["employees", "face_templates", "clock_records"]

    templates = {c.name: c for c in tables["face_templates"].columns}
    assert templates["face_feature"].categories == frozenset({DataCategory.FACE_TEMPLATE})
    assert templates["face_feature"].encryption == "InnoDB table encryption (ENCRYPTION='Y')"
    # cascade from employees, which nothing purges: no retention
    assert tables["face_templates"].retention == ()

    clock = tables["clock_records"]
    assert [(c.name, c.type) for c in clock.columns] == [
        ("id", "bigint"), ("employee_id", "int(11) unsigned"), ("snapshot", "longblob"),
        ("punched_at", "datetime"), ("device_sn", "varchar(40)")]
    snapshot = clock.columns[2]
    assert snapshot.categories == frozenset({DataCategory.FACE_IMAGE})
    assert snapshot.comment == "face snapshot taken at the gate (AES_ENCRYPT)"
    assert snapshot.encryption == "MySQL AES_ENCRYPT() in trigger trg_clock_encrypt"
    assert len(clock.retention) == 1 and clock.retention[0].startswith(
        "MySQL event purge_clock_snapshots (EVERY 1 DAY")


def test_insert_into_a_table_without_facial_columns_is_skipped() -> None:
    # the dump's INSERT INTO `employees` holds names and phone numbers but no facial data
    assert not any(type(op).__name__ in ("RowCount", "Sample") for op in read())


def test_backslash_escapes_and_hash_comments_once_mysql_is_recognised() -> None:
    text = ("CREATE TABLE `gate_faces` (`id` int, `face_vector` json COMMENT 'it\\'s; json');\n"
            "# a MySQL comment; with a semicolon\n"
            "INSERT INTO gate_faces VALUES (1, '[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,"
            "1.2,1.3,1.4,1.5,1.6]'), (2, 'O\\'Hara;');\n"
            "CREATE TABLE after_them (id int);\n")
    result = sql.read(text.splitlines(keepends=True), "gate.sql")
    assert result.errors == ()
    names = [(type(op).__name__, getattr(op, "table", None)) for op in result.ops]
    assert names == [("CreateTable", "`gate_faces`"), ("RowCount", "gate_faces"),
                     ("Sample", "gate_faces"), ("CreateTable", "after_them")]
    assert result.ops[0].columns[1].comment == "it's; json"  # type: ignore[union-attr]
    assert result.ops[1].rows == 2  # type: ignore[union-attr]


def test_rename_table_statement_renames_each_pair() -> None:
    text = ("CREATE TABLE `faces_new` (`id` int, `face_feature` blob);\n"
            "RENAME TABLE `faces` TO `faces_old`, `faces_new` TO `faces`;\n")
    result = sql.read(text.splitlines(keepends=True), "swap.sql")
    assert result.errors == ()
    assert result.ops[1:] == (
        RenameTable("`faces`", "`faces_old`", Provenance("swap.sql", 2, "faces")),
        RenameTable("`faces_new`", "`faces`", Provenance("swap.sql", 2, "faces_new")),
    )
    state = SchemaState()
    state.apply_all(result.ops)
    assert [t.name for t in state.tables()] == ["faces"]
