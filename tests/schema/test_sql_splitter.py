"""The statement splitter: where statements end, and where they cannot."""

from __future__ import annotations

from faceaudit.readers.sqlkit.splitter import (
    CopyBlock,
    SplitError,
    Statement,
    split_statements,
)


def split(text: str) -> list[tuple[str, int, str]]:
    """(kind, line, text) for each event of ``text``."""
    out = []
    for event in split_statements(text.splitlines(keepends=True)):
        if isinstance(event, Statement):
            out.append(("statement", event.line, event.text.strip()))
        elif isinstance(event, CopyBlock):
            out.append(("copy", event.statement.line,
                        f"{event.rows} rows, first {event.first_row!r} at "
                        f"{event.first_row_line}, terminated {event.terminated}"))
        else:
            assert isinstance(event, SplitError)
            out.append(("error", event.line, event.reason))
    return out


def test_quotes_and_comments_hide_semicolons() -> None:
    text = """-- leading comment; not a statement
/* block; comment */ CREATE TABLE a (x text DEFAULT 'a;b', "we;ird" int);
SELECT E'it\\'s;', 'it''s;', $$ ; $$, $fn$ $$ ; $fn$;
/* outer /* nested; */ still comment; */ SELECT 1; SELECT 2
;
"""
    assert split(text) == [
        ("statement", 2, "CREATE TABLE a (x text DEFAULT 'a;b', \"we;ird\" int)"),
        ("statement", 3, "SELECT E'it\\'s;', 'it''s;', $$ ; $$, $fn$ $$ ; $fn$"),
        ("statement", 4, "SELECT 1"),
        ("statement", 4, "SELECT 2"),
    ]


def test_multi_line_strings_and_dollar_bodies_keep_their_start_line() -> None:
    text = """CREATE FUNCTION f() RETURNS trigger AS $body$
BEGIN
  NEW.x := 'a;
b';
  RETURN NEW;
END;
$body$ LANGUAGE plpgsql;
COMMENT ON TABLE t IS 'two
lines';
"""
    events = split(text)
    assert [(kind, line) for kind, line, _ in events] == [("statement", 1), ("statement", 8)]
    assert events[0][2].endswith("$body$ LANGUAGE plpgsql")


def test_mysql_delimiter_backticks_and_backslashes() -> None:
    text = """DELIMITER $$
CREATE TRIGGER t BEFORE INSERT ON `x` FOR EACH ROW
BEGIN
  SET NEW.a = 'x;y';
END$$
DELIMITER ;
INSERT INTO `x` VALUES ('a\\';b'); # trailing; comment
CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; CASE WHEN 1 THEN SELECT 2; END CASE; END;
SELECT 3;
"""
    assert split(text) == [
        ("statement", 2, "CREATE TRIGGER t BEFORE INSERT ON `x` FOR EACH ROW\nBEGIN\n  "
                         "SET NEW.a = 'x;y';\nEND"),
        ("statement", 7, "INSERT INTO `x` VALUES ('a\\';b')"),
        ("statement", 8, "CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; CASE WHEN 1 "
                         "THEN SELECT 2; END CASE; END"),
        ("statement", 9, "SELECT 3"),
    ]


def test_sqlite_trigger_body_holds_semicolons() -> None:
    text = ("CREATE TRIGGER trim AFTER INSERT ON log BEGIN\n"
            "  DELETE FROM log WHERE at < 5;\n  UPDATE log SET n = 1;\nEND;\nSELECT 1;\n")
    assert [(kind, line) for kind, line, _ in split(text)] == [("statement", 1),
                                                             ("statement", 5)]


def test_sql_server_batches() -> None:
    text = """SET ANSI_NULLS ON
GO
CREATE TABLE [dbo].[x;y]([Id] int)
GO
CREATE PROCEDURE dbo.p AS
BEGIN
  SET NOCOUNT ON;
  INSERT INTO x VALUES (1);
END
GO
CREATE TABLE a (id int)
CREATE TABLE b (
  id int)
ALTER TABLE a
  ALTER COLUMN id bigint
go 3
"""
    assert [(kind, line) for kind, line, _ in split(text)] == [
        ("statement", 1), ("statement", 3), ("statement", 5), ("statement", 11),
        ("statement", 12), ("statement", 14)]


def test_copy_blocks_are_counted_not_split() -> None:
    text = ("COPY public.faces (id, emb) FROM stdin;\n1\t{1,2}\n2\t{3;4}\n3\t'\n\\.\n"
            "SELECT 1;\nCOPY empty FROM stdin;\n\\.\n")
    assert split(text) == [
        ("copy", 1, "3 rows, first '1\\t{1,2}\\n' at 2, terminated True"),
        ("statement", 6, "SELECT 1"),
        ("copy", 7, "0 rows, first None at 8, terminated True"),
    ]


def test_psql_meta_commands_are_skipped() -> None:
    text = "\\connect hotel\n\\restrict abc\nCREATE TABLE a (id int);\n\\unrestrict abc\n"
    assert split(text) == [("statement", 3, "CREATE TABLE a (id int)")]


def test_last_statement_without_semicolon_and_first_line_offset() -> None:
    events = list(split_statements(["SELECT 1;\n", "\n", "CREATE TABLE a (id int)"],
                                   first_line=40))
    assert [(e.line, e.terminated) for e in events if isinstance(e, Statement)] == [
        (40, True), (42, False)]


def test_unterminated_quotes_report_their_opening_line() -> None:
    assert split("SELECT 1;\nSELECT 'abc\n\ndef;\n") == [
        ("statement", 1, "SELECT 1"),
        ("error", 2, "unterminated string literal (runs to the end of the file)")]
    assert split('SELECT "abc;\n')[-1] == (
        "error", 1, "unterminated quoted identifier (runs to the end of the file)")
    assert split("SELECT 1;\nSELECT $x$ body;\n")[-1] == (
        "error", 2, "unterminated dollar-quoted string $x$ (runs to the end of the file)")


def test_dollar_signs_that_do_not_open_quotes() -> None:
    text = "SELECT $1, a$b$c, price$ FROM t;\nSELECT 2;\n"
    assert [line for _, line, _ in split(text)] == [1, 2]


def test_a_mysqldump_header_means_backslash_escapes_from_the_start() -> None:
    text = ("-- MySQL dump 10.13  Distrib 8.0.36\n"
            "INSERT INTO notes VALUES ('it\\'s; fine');\nSELECT 1;\n")
    assert [line for _, line, _ in split(text)] == [2, 3]
