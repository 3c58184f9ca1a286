"""Liquibase changelogs (YAML, JSON, XML) read into schema operations and final tables."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from faceaudit.errors import ErrorRecord
from faceaudit.model import DataCategory, Provenance, Table
from faceaudit.readers import liquibase
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
    RenameColumn,
    RenameTable,
    SchemaOp,
)
from faceaudit.schema.source import SchemaFile
from faceaudit.schema.state import SchemaState

FIXTURES = Path(__file__).parent / "fixtures" / "liquibase"
YAML = "db/changelog/db.changelog-master.yaml"
XML = "db/changelog/db.changelog-attendance.xml"
JSON = "db/changelog/db.changelog-reports.json"


def _read_fixture(relative: str, path: str) -> SchemaFile:
    text = (FIXTURES / relative).read_text(encoding="utf-8")
    assert liquibase.claims(path, text[:65536])
    return liquibase.read(iter(text.splitlines(keepends=True)), path)


def _read(text: str, path: str) -> SchemaFile:
    body = textwrap.dedent(text).lstrip("\n")
    return liquibase.read(iter(body.splitlines(keepends=True)), path)


def _tables(ops: tuple[SchemaOp, ...]) -> dict[str, Table]:
    state = SchemaState()
    state.apply_all(ops)
    return {table.name: table for table in state.tables()}


def _at(path: str, line: int, pointer: str | None) -> Provenance:
    return Provenance(path, line, pointer)


def _line(op: SchemaOp) -> int | None:
    if isinstance(op, AddColumn):
        return op.column.provenance.line
    if isinstance(op, AddForeignKey):
        return op.foreign_key.provenance.line
    return op.provenance.line


def _outside(ops: tuple[SchemaOp, ...], first: int, last: int) -> list[SchemaOp]:
    """The operations not read from lines ``first`` to ``last`` (an ``sql`` change)."""
    return [op for op in ops if not first <= (_line(op) or 0) <= last]


# --- claims -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "head", "expected"), [
    ("db/changelog.yaml", "databaseChangeLog:\n  - changeSet: {}\n", True),
    ("db/changelog.yml", "# master\n'databaseChangeLog':\n", True),
    ("db/changelog.json", '{\n  "databaseChangeLog": []\n}', True),
    ("db/changelog.xml", '<?xml version="1.0"?>\n<databaseChangeLog xmlns="x">', True),
    ("db/changelog.xml", "<lb:databaseChangeLog xmlns:lb='x'>", True),
    ("db/changelog.XML", "<databaseChangeLog/>", True),
    ("config/app.yaml", "server:\n  port: 8080\n", False),
    ("db/notes.yaml", "text: see the databaseChangeLog docs\n", False),
    ("db/pom.xml", "<project><databaseChangeLogFile/></project>", False),
    ("db/changelog.sql", "--liquibase formatted sql\n-- databaseChangeLog:", False),
])
def test_claims_changelogs_by_their_root(name: str, head: str, expected: bool) -> None:
    assert liquibase.claims(name, head) is expected


# --- YAML ---------------------------------------------------------------------------------------


def test_yaml_master_changelog_gives_every_change_in_order() -> None:
    result = _read_fixture("yaml/db.changelog-master.yaml", YAML)
    assert result.reader == "liquibase"
    assert result.errors == ()
    structural = _outside(result.ops, 86, 91)
    student_fk = ForeignKey(("student_id",), "students", ("id",), "cascade",
                            _at(YAML, 40, "face_templates.student_id"))
    expected: list[SchemaOp] = [
        CreateTable("students", (
            ColumnDef("id", "BIGINT", _at(YAML, 15, "students.id")),
            ColumnDef("full_name", "VARCHAR(200)", _at(YAML, 22, "students.full_name")),
            ColumnDef("class_group", "VARCHAR(20)", _at(YAML, 25, "students.class_group")),
        ), _at(YAML, 10, "students"), comment="Pupils enrolled at the school"),
        CreateTable("face_templates", (
            ColumnDef("id", "BIGINT", _at(YAML, 35, "face_templates.id")),
            ColumnDef("student_id", "BIGINT", _at(YAML, 40, "face_templates.student_id"),
                      references=student_fk),
            ColumnDef("template", "BLOB", _at(YAML, 48, "face_templates.template"),
                      comment="ArcFace embedding, AES-256-GCM encrypted by the enrolment "
                              "service"),
            ColumnDef("enrolment_photo", "BLOB", _at(YAML, 52, "face_templates.enrolment_photo")),
        ), _at(YAML, 31, "face_templates")),
        AddColumn("face_templates", ColumnDef(
            "captured_at", "TIMESTAMP", _at(YAML, 65, "face_templates.captured_at"))),
        AddColumn("face_templates", ColumnDef(
            "expires_at", "TIMESTAMP", _at(YAML, 68, "face_templates.expires_at"))),
        RenameColumn("face_templates", "enrolment_photo", "enrolment_image",
                     _at(YAML, 74, "face_templates.enrolment_image")),
        DropColumn("face_templates", "enrolment_image",
                   _at(YAML, 84, "face_templates.enrolment_image")),
    ]
    # The rollback blocks (a dropTable, an addColumn) and the includes give nothing.
    assert structural == expected


def test_yaml_final_tables_drop_the_enrolment_photo_and_keep_the_template() -> None:
    tables = _tables(_read_fixture("yaml/db.changelog-master.yaml", YAML).ops)
    assert set(tables) == {"students", "face_templates"}
    faces = tables["face_templates"]
    columns = {column.name: column for column in faces.columns}
    assert list(columns) == ["id", "student_id", "template", "captured_at", "expires_at"]
    template = columns["template"]
    assert template.type == "BLOB"
    assert template.categories == {DataCategory.FACE_TEMPLATE}
    assert template.provenance == _at(YAML, 48, "face_templates.template")
    assert template.encryption == ("column comment says: ArcFace embedding, AES-256-GCM "
                                   "encrypted by the enrolment service")
    assert faces.retention == ("column expires_at holds each row's expiry",)
    assert faces.provenance == _at(YAML, 31, "face_templates")


def test_yaml_sql_change_starts_below_its_block_indicator() -> None:
    calls: list[tuple[str, int]] = []

    def fake(text: str, path: str, line: int) -> tuple[list[SchemaOp], list[ErrorRecord]]:
        calls.append((text, line))
        return [], []

    original = liquibase.parse_sql_text
    liquibase.parse_sql_text = fake
    try:
        _read_fixture("yaml/db.changelog-master.yaml", YAML)
        _read_fixture("xml/db.changelog-attendance.xml", XML)
    finally:
        liquibase.parse_sql_text = original
    assert calls == [
        ("CREATE EXTENSION IF NOT EXISTS pgcrypto;\n"
         "COMMENT ON COLUMN face_templates.captured_at IS 'when the gate kiosk captured "
         "the face';\n", 90),
        ("\n            CREATE EXTENSION IF NOT EXISTS pgcrypto;\n"
         "            COMMENT ON COLUMN face_templates.captured_at IS 'when the gate kiosk "
         "captured the face';\n        ", 55),
    ]


def test_yaml_variants_of_changes() -> None:
    result = _read("""
        databaseChangeLog:
          - changeSet:
              id: 1
              author: a
              changes:
                - createTable:
                    schemaName: kiosk
                    tableName: visitor_faces
                    columns:
                      - column: {name: selfie, type: "${blob_type}"}
                - dropColumn:
                    tableName: visitor_faces
                    columns:
                      - column: {name: selfie}
                      - column: {name: badge_photo}
                - addForeignKeyConstraint:
                    baseTableName: visitor_faces
                    baseColumnNames: visit_id, site_id
                    referencedTableName: visits
                    referencedColumnNames: id, site
                    deleteCascade: true
                - dropTable: {tableName: visitor_faces, cascadeConstraints: true}
                - sql: "   "
        """, "cl.yaml")
    provenance = _at("cl.yaml", 6, "kiosk.visitor_faces")
    assert result.ops == (
        CreateTable("kiosk.visitor_faces", (ColumnDef(
            "selfie", "${blob_type}", _at("cl.yaml", 10, "kiosk.visitor_faces.selfie")),),
            provenance),
        DropColumn("visitor_faces", "selfie", _at("cl.yaml", 11, "visitor_faces.selfie")),
        DropColumn("visitor_faces", "badge_photo",
                   _at("cl.yaml", 11, "visitor_faces.badge_photo")),
        AddForeignKey("visitor_faces", ForeignKey(
            ("visit_id", "site_id"), "visits", ("id", "site"), "cascade",
            _at("cl.yaml", 16, "visitor_faces"))),
        DropTable("visitor_faces", _at("cl.yaml", 22, "visitor_faces")),
    )
    assert result.errors == ()


def test_bad_changes_become_error_records_and_reading_goes_on() -> None:
    result = _read("""
        databaseChangeLog:
          - changeSet:
              id: 1
              changes:
                - addColumn:
                    columns:
                      - column: {name: face_hash, type: CHAR(64)}
                - renameColumn: {tableName: t, oldColumnName: a}
                - createTable:
                    tableName: t
                    columns:
                      - column: {type: BLOB}
                      - column: {name: face_hash, type: CHAR(64)}
                - "just text"
          - changeSet: [1, 2]
          - 42
        """, "bad.yaml")
    assert result.errors == (
        ErrorRecord("bad.yaml", "addColumn without tableName", 5),
        ErrorRecord("bad.yaml", "renameColumn t without oldColumnName and newColumnName", 8),
        ErrorRecord("bad.yaml", "createTable t: column without a name", 12),
        ErrorRecord("bad.yaml", "change is not a mapping", 14),
        ErrorRecord("bad.yaml", "changeSet is not a mapping", 15),
        ErrorRecord("bad.yaml", "changelog entry is not a mapping", 16),
    )
    assert result.ops == (CreateTable("t", (ColumnDef(
        "face_hash", "CHAR(64)", _at("bad.yaml", 13, "t.face_hash")),), _at("bad.yaml", 9, "t")),)


def test_invalid_yaml_and_alias_bombs_are_error_records() -> None:
    broken = _read("databaseChangeLog:\n  - changeSet: {id: 1\n", "broken.yaml")
    assert broken.ops == ()
    assert len(broken.errors) == 1
    assert broken.errors[0].reason.startswith("not valid YAML")
    assert broken.errors[0].line == 3
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(8)) + "databaseChangeLog: [*i]\n"
    bomb = _read(laughs, "laughs.yaml")
    assert bomb.ops == ()
    assert "expands to more than" in bomb.errors[0].reason


def test_not_a_changelog() -> None:
    result = _read("databaseChangeLog: {}\n", "odd.yaml")
    assert result.errors == (ErrorRecord(
        "odd.yaml", "not a Liquibase changelog: no databaseChangeLog list", 1),)


# --- XML ----------------------------------------------------------------------------------------


def test_xml_changelog_gives_the_same_history_with_a_cascading_foreign_key() -> None:
    result = _read_fixture("xml/db.changelog-attendance.xml", XML)
    assert result.errors == ()
    fk = ForeignKey(("student_id",), "students", ("id",), "cascade",
                    _at(XML, 24, "public.face_templates.student_id"))
    assert _outside(result.ops, 55, 58) == [
        CreateTable("students", (
            ColumnDef("id", "BIGINT", _at(XML, 11, "students.id")),
            ColumnDef("full_name", "VARCHAR(200)", _at(XML, 14, "students.full_name")),
            ColumnDef("class_group", "VARCHAR(20)", _at(XML, 15, "students.class_group")),
        ), _at(XML, 10, "students"), comment="Pupils enrolled at the school"),
        CreateTable("public.face_templates", (
            ColumnDef("id", "BIGINT", _at(XML, 21, "public.face_templates.id")),
            ColumnDef("student_id", "BIGINT", _at(XML, 24, "public.face_templates.student_id"),
                      references=fk),
            ColumnDef("template", "BLOB", _at(XML, 29, "public.face_templates.template"),
                      comment="ArcFace embedding, AES-256-GCM encrypted by the enrolment "
                              "service"),
            ColumnDef("enrolment_photo", "BLOB",
                      _at(XML, 31, "public.face_templates.enrolment_photo")),
        ), _at(XML, 20, "public.face_templates")),
        AddColumn("face_templates", ColumnDef(
            "captured_at", "TIMESTAMP", _at(XML, 40, "face_templates.captured_at"))),
        AddColumn("face_templates", ColumnDef(
            "expires_at", "TIMESTAMP", _at(XML, 41, "face_templates.expires_at"))),
        RenameColumn("face_templates", "enrolment_photo", "enrolment_image",
                     _at(XML, 46, "face_templates.enrolment_image")),
        DropColumn("face_templates", "enrolment_image",
                   _at(XML, 52, "face_templates.enrolment_image")),
        CreateTable("gate_events", (
            ColumnDef("id", "BIGINT", _at(XML, 63, "gate_events.id")),
            ColumnDef("face_template_id", "BIGINT", _at(XML, 64, "gate_events.face_template_id")),
            ColumnDef("face_crop", "BYTEA", _at(XML, 65, "gate_events.face_crop"),
                      comment="cropped face from the gate camera"),
        ), _at(XML, 62, "gate_events")),
        AddForeignKey("gate_events", ForeignKey(
            ("face_template_id",), "face_templates", ("id",), "cascade",
            _at(XML, 67, "gate_events"))),
    ]


def test_xml_final_tables_inherit_retention_through_the_cascade() -> None:
    tables = _tables(_read_fixture("xml/db.changelog-attendance.xml", XML).ops)
    assert set(tables) == {"students", "face_templates", "gate_events"}
    assert [column.name for column in tables["face_templates"].columns] == [
        "id", "student_id", "template", "captured_at", "expires_at"]
    events = tables["gate_events"]
    crop = {column.name: column for column in events.columns}["face_crop"]
    assert crop.categories == {DataCategory.FACE_IMAGE}
    assert crop.provenance == _at(XML, 65, "gate_events.face_crop")
    assert crop.encryption is None
    assert events.retention == (
        "rows deleted with their face_templates row (ON DELETE CASCADE via face_template_id), "
        "and face_templates: column expires_at holds each row's expiry",)


def test_xml_entity_bomb_is_refused_without_parsing() -> None:
    started = time.perf_counter()
    result = _read_fixture("xml/entity-bomb.xml", "db/entity-bomb.xml")
    assert time.perf_counter() - started < 1.0
    assert result.ops == ()
    assert result.errors == (ErrorRecord(
        "db/entity-bomb.xml",
        "XML with a DOCTYPE or ENTITY declaration is refused (entities are never expanded)", 2),)


@pytest.mark.parametrize("declaration", [
    '<!DOCTYPE databaseChangeLog SYSTEM "file:///etc/passwd">',
    '<!doctype databaseChangeLog>',
    '<!ENTITY x "y">',
])
def test_any_dtd_is_refused(declaration: str) -> None:
    text = f'<?xml version="1.0"?>\n\n{declaration}\n<databaseChangeLog/>\n'
    result = _read(text, "x.xml")
    assert result.ops == ()
    assert [(error.reason[:30], error.line) for error in result.errors] == [
        ("XML with a DOCTYPE or ENTITY d", 3)]


def test_xml_rollback_comment_include_and_namespaced_root() -> None:
    result = _read("""
        <?xml version="1.0" encoding="UTF-8"?>
        <lb:databaseChangeLog xmlns:lb="http://www.liquibase.org/xml/ns/dbchangelog">
          <lb:changeSet id="1" author="a">
            <lb:comment>renames</lb:comment>
            <lb:renameTable oldTableName="faces" newTableName="face_prints" schemaName="hr"/>
            <lb:modifyDataType tableName="face_prints" columnName="vec" newDataType="vector(512)"/>
            <lb:setColumnRemarks tableName="face_prints" columnName="vec"
                                 remarks="plain &amp; open"/>
            <lb:setTableRemarks tableName="face_prints" remarks="kiosk &lt;faces&gt;"/>
            <lb:sqlFile path="purge.sql"/>
            <lb:createIndex tableName="face_prints" indexName="ix">
              <lb:column name="vec"/>
            </lb:createIndex>
            <lb:rollback><lb:dropTable tableName="face_prints"/></lb:rollback>
          </lb:changeSet>
          <lb:include file="other.xml"/>
        </lb:databaseChangeLog>
        """, "ns.xml")
    assert result.errors == ()
    assert result.ops == (
        RenameTable("hr.faces", "hr.face_prints", _at("ns.xml", 5, "hr.faces")),
        AlterColumn("face_prints", "vec", _at("ns.xml", 6, "face_prints.vec"), type="vector(512)"),
        Comment("face_prints", "vec", "plain & open", _at("ns.xml", 7, "face_prints.vec")),
        Comment("face_prints", None, "kiosk <faces>", _at("ns.xml", 9, "face_prints")),
    )


def test_invalid_xml_is_an_error_record_with_its_line() -> None:
    result = _read("""
        <databaseChangeLog>
          <changeSet id="1">
            <createTable tableName="faces">
          </changeSet>
        </databaseChangeLog>
        """, "broken.xml")
    assert result.ops == ()
    assert result.errors == (ErrorRecord("broken.xml", "not valid XML: mismatched tag", 4),)
    wrong_root = _read("<project><changeSet/></project>", "pom.xml")
    assert wrong_root.errors == (ErrorRecord(
        "pom.xml", "not a Liquibase changelog: the root element is not databaseChangeLog", 1),)


def test_deeply_nested_xml_is_an_error_not_a_crash() -> None:
    text = "<databaseChangeLog>" + "<a>" * 100_000 + "</a>" * 100_000 + "</databaseChangeLog>"
    result = liquibase.read(iter([text]), "deep.xml")
    assert result.ops == ()
    assert result.errors == (ErrorRecord("deep.xml", "XML nests more than 200 elements deep", 1),)


# --- JSON ---------------------------------------------------------------------------------------


def test_json_changelog() -> None:
    result = _read_fixture("json/db.changelog-reports.json", JSON)
    assert result.errors == ()
    snapshots = "attendance_snapshots"
    assert result.ops == (
        CreateTable(snapshots, (
            ColumnDef("id", "BIGINT", _at(JSON, 12, f"{snapshots}.id")),
            ColumnDef("student_id", "BIGINT", _at(JSON, 13, f"{snapshots}.student_id"),
                      references=ForeignKey(("student_id",), "students", ("id",), None,
                                            _at(JSON, 13, f"{snapshots}.student_id"))),
            ColumnDef("gate_snapshot", "BLOB", _at(JSON, 16, f"{snapshots}.gate_snapshot")),
            ColumnDef("face_vector", "TEXT", _at(JSON, 17, f"{snapshots}.face_vector")),
        ), _at(JSON, 9, snapshots)),
        AlterColumn(snapshots, "face_vector", _at(JSON, 22, f"{snapshots}.face_vector"),
                    type="VARBINARY(2048)"),
        Comment(snapshots, "face_vector", "encrypted with the school's KMS key",
                _at(JSON, 29, f"{snapshots}.face_vector")),
        Comment(snapshots, None, "Daily gate snapshots for the attendance report",
                _at(JSON, 36, snapshots)),
        RenameTable(snapshots, "gate_snapshots", _at(JSON, 49, snapshots)),
        DropTable("report_staging", _at(JSON, 51, "report_staging")),
    )
    tables = _tables(result.ops)
    vector = {column.name: column for column in tables["gate_snapshots"].columns}["face_vector"]
    assert vector.type == "VARBINARY(2048)"
    assert vector.categories == {DataCategory.FACE_TEMPLATE}
    assert vector.encryption == "column comment says: encrypted with the school's KMS key"


def test_invalid_json_is_an_error_record() -> None:
    result = _read('{"databaseChangeLog": [\n  {"changeSet": }\n]}\n', "bad.json")
    assert result.ops == ()
    assert [(error.reason[:15], error.line) for error in result.errors] == [
        ("not valid JSON:", 2)]


# --- sql changes, read by the SQL reader --------------------------------------------------------


def test_sql_changes_give_the_sql_readers_operations_on_the_file_lines() -> None:
    yaml_ops = _read_fixture("yaml/db.changelog-master.yaml", YAML).ops
    assert [op for op in yaml_ops if op not in _outside(yaml_ops, 86, 91)] == [
        Extension("pgcrypto", _at(YAML, 90, None)),
        Comment("face_templates", "captured_at", "when the gate kiosk captured the face",
                _at(YAML, 91, "face_templates.captured_at")),
    ]
    xml_ops = _read_fixture("xml/db.changelog-attendance.xml", XML).ops
    assert [op for op in xml_ops if op not in _outside(xml_ops, 55, 58)] == [
        Extension("pgcrypto", _at(XML, 56, None)),
        Comment("face_templates", "captured_at", "when the gate kiosk captured the face",
                _at(XML, 57, "face_templates.captured_at")),
    ]
    captured = {column.name: column
                for column in _tables(xml_ops)["face_templates"].columns}["captured_at"]
    assert captured.comment == "when the gate kiosk captured the face"


def test_json_sql_change_and_bad_sql_inside_a_change() -> None:
    result = _read("""
        {"databaseChangeLog": [
          {"changeSet": {"id": "1", "changes": [
            {"sql": "CREATE TABLE kiosk_faces (face_thumbnail bytea)"},
            {"sql": {"sql": "CREATE TABLE broken (id int"}}
          ]}}
        ]}
        """, "c.json")
    assert result.ops == (CreateTable("kiosk_faces", (ColumnDef(
        "face_thumbnail", "bytea", _at("c.json", 3, "kiosk_faces.face_thumbnail")),),
        _at("c.json", 3, "kiosk_faces")),)
    assert [(error.path, error.line) for error in result.errors] == [("c.json", 4)]


def test_text_that_cannot_be_encoded_is_an_error_record_not_a_crash() -> None:
    result = liquibase.read(iter(["<databaseChangeLog>\udcff</databaseChangeLog>"]), "s.xml")
    assert result.ops == ()
    assert [error.reason.split(":")[0] for error in result.errors] == ["reading stopped"]
    # What the scan hands over for bytes that are not UTF-8: replacement characters, read on.
    replaced = _read("""
        databaseChangeLog:
          - changeSet:
              changes:
                - setTableRemarks: {tableName: faces, remarks: "caf\ufffd"}
        """, "r.yaml")
    assert replaced.ops == (Comment("faces", None, "caf\ufffd", _at("r.yaml", 4, "faces")),)
