"""Bad input to the SQL reader: each problem becomes an error record with the path and line,
the rest of the file is still read, and nothing escapes ``read``."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from faceaudit.errors import ErrorRecord
from faceaudit.model import Provenance
from faceaudit.readers import sql
from faceaudit.schema.ops import ColumnDef, CreateTable, ForeignKey, RowCount
from faceaudit.schema.source import SchemaFile

FIXTURES = Path(__file__).parent / "fixtures" / "sql" / "bad"


def read_fixture(name: str) -> SchemaFile:
    with (FIXTURES / name).open(encoding="utf-8", errors="replace", newline="") as handle:
        return sql.read(handle, f"bad/{name}")


def test_statements_that_cannot_be_parsed_are_reported_and_skipped() -> None:
    result = read_fixture("unparseable.sql")
    path = "bad/unparseable.sql"
    assert result.errors == (
        ErrorRecord(path, "could not parse CREATE TABLE statement: empty column definition "
                          "(a stray comma?) (at line 10)", 7),
        ErrorRecord(path, "unrecognised statement starting with 'CREAT'", 12),
        ErrorRecord(path, "could not parse ALTER TABLE statement: ALTER TABLE visitors "
                          "without an action", 14),
    )
    assert result.ops == (
        CreateTable("visitors", (
            ColumnDef("id", "bigint", Provenance(path, 3, "visitors.id")),
            ColumnDef("full_name", "text", Provenance(path, 4, "visitors.full_name")),
        ), Provenance(path, 2, "visitors")),
        CreateTable("visitor_photos", (
            ColumnDef("visitor_id", "bigint", Provenance(path, 17, "visitor_photos.visitor_id"),
                      references=ForeignKey(("visitor_id",), "visitors", ("id",), "cascade",
                                            Provenance(path, 17, "visitor_photos.visitor_id"))),
            ColumnDef("face_jpeg", "bytea", Provenance(path, 18, "visitor_photos.face_jpeg")),
        ), Provenance(path, 16, "visitor_photos")),
    )


def test_unterminated_string_is_reported_where_it_opens() -> None:
    result = read_fixture("unterminated_string.sql")
    assert result.errors == (ErrorRecord(
        "bad/unterminated_string.sql",
        "unterminated string literal (runs to the end of the file)", 6),)
    assert [op.table for op in result.ops] == ["badge_photos"]  # type: ignore[union-attr]


def test_unterminated_dollar_quote_is_reported_where_it_opens() -> None:
    result = read_fixture("unterminated_dollar.sql")
    assert result.errors == (ErrorRecord(
        "bad/unterminated_dollar.sql",
        "unterminated dollar-quoted string $body$ (runs to the end of the file)", 6),)
    assert [op.table for op in result.ops] == ["gate_faces"]  # type: ignore[union-attr]


def test_invalid_utf8_is_reported_and_the_file_still_read() -> None:
    result = read_fixture("invalid_utf8.sql")
    assert result.errors == (ErrorRecord(
        "bad/invalid_utf8.sql", "invalid UTF-8 bytes (read as U+FFFD replacement characters) "
                                "in this statement; names or text in it may be garbled", 3),)
    assert [(op.table, [c.name for c in op.columns])  # type: ignore[union-attr]
            for op in result.ops] == [("lobby_faces", ["id", "face_\ufffd\ufffdembedding"]),
                                      ("lobby_guests", ["id", "full_name"])]


def test_an_unterminated_comment_and_copy_block() -> None:
    text = "CREATE TABLE a (id int);\n/* never closed\nCREATE TABLE b (id int);\n"
    result = sql.read(text.splitlines(keepends=True), "c.sql")
    assert result.errors == (ErrorRecord("c.sql", "unterminated /* comment (runs to the end of "
                                                  "the file)", 2),)
    text = "COPY faces (id) FROM stdin;\n1\n2\n"
    result = sql.read(text.splitlines(keepends=True), "d.sql")
    assert result.errors == (ErrorRecord("d.sql", "COPY data block has no terminating \\. line",
                                         1),)
    assert result.ops == (RowCount("faces", 2, Provenance("d.sql", 1, "faces")),)


def test_a_50_mb_single_line_insert() -> None:
    numbers = ",".join(["0.125"] * 20)
    row = f"(1, 'it''s; (a guest)', '[{numbers}]', 'note \"x\"')"
    count = 50_000_000 // (len(row) + 1)
    line = ("INSERT INTO guest_faces (id, full_name, face_embedding, note) VALUES "
            + ",".join([row] * count) + ";\n")
    assert len(line) > 50_000_000
    lines = ["CREATE TABLE guest_faces (id int, full_name text, face_embedding vector(20),"
             " note text);\n", line, "CREATE TABLE after_the_line (id int);\n"]
    start = time.perf_counter()
    result = sql.read(lines, "big.sql")
    assert time.perf_counter() - start < 60  # linear: a few seconds at most
    assert result.errors == ()
    assert [type(op).__name__ for op in result.ops] == [
        "CreateTable", "RowCount", "Sample", "CreateTable"]
    assert result.ops[1] == RowCount("guest_faces", count, Provenance("big.sql", 2, "guest_faces"))
    assert result.ops[3].provenance.line == 3  # type: ignore[union-attr]


def test_a_50_mb_statement_that_needs_parsing_is_reported_not_parsed() -> None:
    columns = ",".join(f"c{n} int" for n in range(5_000_000))
    lines = [f"CREATE TABLE wide ({columns});\n", "CREATE TABLE narrow (id int);\n"]
    result = sql.read(lines, "wide.sql")
    assert len(result.errors) == 1
    assert result.errors[0].line == 1
    assert result.errors[0].reason.startswith("CREATE TABLE statement of ")
    assert [op.table for op in result.ops] == ["narrow"]  # type: ignore[union-attr]


def test_deeply_nested_expressions() -> None:
    depth = 20_000
    lines = [
        "CREATE TABLE deep (id int CHECK (" + "(" * depth + "id > 0" + ")" * depth + "),"
        " face_embedding vector(3));\n",
        "SELECT " + "(" * depth + "1" + ")" * depth + ";\n",
        "INSERT INTO deep VALUES (1, " + "(" * depth + "'[1,2,3]'" + ")" * depth
        + "), (2, NULL);\n",
        "ALTER TABLE deep ADD COLUMN note text DEFAULT " + "(" * depth + "'x'" + ")" * depth
        + ";\n",
        "CREATE TABLE unbalanced (id int CHECK (" + "(" * depth + ");\n",
        "CREATE TABLE after_deep (id int);\n",
    ]
    result = sql.read(lines, "deep.sql")
    assert result.errors == (ErrorRecord(
        "deep.sql", "could not parse CREATE TABLE statement: unbalanced parentheses", 5),)
    assert [(type(op).__name__, op.table) for op in result.ops] == [  # type: ignore[union-attr]
        ("CreateTable", "deep"), ("RowCount", "deep"), ("AddColumn", "deep"),
        ("CreateTable", "after_deep")]
    assert result.ops[1].rows == 2  # type: ignore[union-attr]


def test_nothing_escapes_read_even_from_a_failing_source() -> None:
    def lines():  # type: ignore[no-untyped-def]
        yield "CREATE TABLE first_one (id int);\n"
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    result = sql.read(lines(), "broken.sql")
    assert [op.table for op in result.ops] == ["first_one"]  # type: ignore[union-attr]
    assert len(result.errors) == 1 and result.errors[0].reason.startswith(
        "reading stopped: UnicodeDecodeError")


_PIECES = ["CREATE TABLE ", "ALTER TABLE t ", "ADD COLUMN ", "DROP ", "faces", "face_embedding",
           " vector(3)", "(", ")", ",", ";", "'", '"', "`", "[", "]", "$$", "$t$", "--", "/*",
           "*/", "\n", " ", "E'\\'", "COPY faces FROM stdin;\n", "\\.\n", "GO\n",
           "DELIMITER //\n", "//", "BEGIN ", "END", "SELECT cron.schedule('a', 'b', ",
           "REFERENCES p ON DELETE CASCADE", "INSERT INTO faces VALUES ", "pgp_sym_encrypt(",
           "\ufffd", "COMMENT ON COLUMN faces.x IS ", "EXEC sp_rename ", "{1,2}", "#", "\t"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_any_text_gives_ops_and_errors_never_an_exception(pieces: list[str]) -> None:
    text = "".join(pieces)
    result = sql.read(text.splitlines(keepends=True), "any.sql")
    last_line = max(1, text.count("\n") + 1)
    for error in result.errors:
        assert error.path == "any.sql"
        assert error.line is None or 1 <= error.line <= last_line
        assert not error.reason.startswith(("could not read", "reading stopped")), error.reason
