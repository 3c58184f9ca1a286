"""The SQL reader on a SQL Server photo library: GO batches, bracketed names, IDENTITY,
NVARCHAR(MAX), Always Encrypted columns, MS_Description extended properties, sp_rename,
statements without semicolons, and a procedure body running to its GO."""

from __future__ import annotations

from pathlib import Path

from faceaudit.model import DataCategory, Provenance
from faceaudit.readers import sql
from faceaudit.schema.ops import (
    AddColumn,
    AddForeignKey,
    AlterColumn,
    ColumnDef,
    Comment,
    CreateTable,
    ForeignKey,
    RenameColumn,
)
from faceaudit.schema.state import SchemaState

PATH = "photo_library_mssql/PhotoLibrary.sql"
FIXTURE = Path(__file__).parent / "fixtures" / "sql" / PATH
ALWAYS_ENCRYPTED = ("SQL Server Always Encrypted (COLUMN_ENCRYPTION_KEY = [CEK_Auto1], "
                    "ENCRYPTION_TYPE = {}, ALGORITHM = 'AEAD_AES_256_CBC_HMAC_SHA_256')")


def at(line: int, pointer: str) -> Provenance:
    return Provenance(PATH, line, pointer)


def read() -> list[object]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        result = sql.read(handle, PATH)
    assert result.errors == ()
    return list(result.ops)


def test_ops_exactly() -> None:
    assert read() == [
        CreateTable("[dbo].[People]", (
            ColumnDef("[PersonId]", "int", at(9, "People.PersonId")),
            ColumnDef("[DisplayName]", "nvarchar(200)", at(10, "People.DisplayName")),
            ColumnDef("[Email]", "nvarchar(320)", at(11, "People.Email")),
        ), at(8, "People")),
        CreateTable("[dbo].[FaceRegions]", (
            ColumnDef("[RegionId]", "bigint", at(17, "FaceRegions.RegionId")),
            ColumnDef("[PhotoId]", "bigint", at(18, "FaceRegions.PhotoId")),
            ColumnDef("[PersonId]", "int", at(19, "FaceRegions.PersonId")),
            ColumnDef("[FaceEmbedding]", "varbinary(max)", at(20, "FaceRegions.FaceEmbedding"),
                      encryption=ALWAYS_ENCRYPTED.format("Randomized")),
            ColumnDef("[FaceBox]", "nvarchar(max)", at(24, "FaceRegions.FaceBox")),
            ColumnDef("[Thumb]", "varbinary(max)", at(25, "FaceRegions.Thumb")),
        ), at(16, "FaceRegions")),
        AddForeignKey("[dbo].[FaceRegions]", ForeignKey(
            ("[PersonId]",), "[dbo].[People]", ("[PersonId]",), "cascade",
            at(29, "FaceRegions"))),
        Comment("dbo.FaceRegions", "Thumb",
                "Face crop thumbnail, stored in the clear for the gallery UI",
                at(34, "faceregions.thumb")),
        RenameColumn("dbo.FaceRegions", "FaceBox", "FaceBoxJson", at(36, "faceregions.facebox")),
        AddColumn("dbo.People", ColumnDef("Phone", "nvarchar(40)", at(38, "people.phone"))),
        AddColumn("dbo.People", ColumnDef("BirthDate", "date", at(38, "people.birthdate"))),
        AlterColumn("dbo.FaceRegions", "Thumb", at(39, "faceregions.thumb"),
                    type="varbinary(max)", encryption=ALWAYS_ENCRYPTED.format("Deterministic")),
    ]


def test_always_encrypted_column_in_the_final_table() -> None:
    state = SchemaState()
    state.apply_all(read())  # type: ignore[arg-type]
    regions = next(t for t in state.tables() if t.name == "FaceRegions")
    embedding = next(c for c in regions.columns if c.name == "FaceEmbedding")
    assert embedding.categories == frozenset({DataCategory.FACE_TEMPLATE})
    assert embedding.encryption == ALWAYS_ENCRYPTED.format("Randomized")


def test_bare_and_bracketed_names_meet_in_the_final_table() -> None:
    state = SchemaState()
    state.apply_all(read())  # type: ignore[arg-type]
    regions = next(t for t in state.tables() if t.name.lower() == "faceregions")
    thumb = next(c for c in regions.columns if c.name.lower() == "thumb")
    assert thumb.encryption == ALWAYS_ENCRYPTED.format("Deterministic")


def test_statements_without_semicolons_split_at_statement_words() -> None:
    text = ("CREATE TABLE dbo.Badges (Id int NOT NULL, FacePhoto varbinary(max) NULL)\n"
            "GO\n"
            "CREATE TABLE dbo.Visits (Id int, BadgeId int)\n"
            "CREATE TABLE dbo.Cameras (Id int,\n"
            "  Name nvarchar(50))\n"
            "ALTER TABLE dbo.Visits ADD FaceSnapshot varbinary(max) NULL\n"
            "GO 2\n"
            "CREATE PROCEDURE dbo.Clean AS\n"
            "  DELETE FROM dbo.Visits WHERE BadgeId IS NULL;\n"
            "  CREATE TABLE #tmp (id int);\n"
            "GO\n")
    result = sql.read(text.splitlines(keepends=True), "batches.sql")
    assert result.errors == ()
    assert result.ops == (
        CreateTable("dbo.Badges", (
            ColumnDef("Id", "int", Provenance("batches.sql", 1, "badges.id")),
            ColumnDef("FacePhoto", "varbinary(max)", Provenance("batches.sql", 1,
                                                                "badges.facephoto")),
        ), Provenance("batches.sql", 1, "badges")),
        CreateTable("dbo.Visits", (
            ColumnDef("Id", "int", Provenance("batches.sql", 3, "visits.id")),
            ColumnDef("BadgeId", "int", Provenance("batches.sql", 3, "visits.badgeid")),
        ), Provenance("batches.sql", 3, "visits")),
        CreateTable("dbo.Cameras", (
            ColumnDef("Id", "int", Provenance("batches.sql", 4, "cameras.id")),
            ColumnDef("Name", "nvarchar(50)", Provenance("batches.sql", 5, "cameras.name")),
        ), Provenance("batches.sql", 4, "cameras")),
        AddColumn("dbo.Visits", ColumnDef("FaceSnapshot", "varbinary(max)",
                                          Provenance("batches.sql", 6, "visits.facesnapshot"))),
    )
