"""The SQL reader on pg_dump output: COPY data counted, the first row sampled for plaintext
number vectors without the numbers ever leaving the reader, partitions attached after the
fact, and the whole read as a stream."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from faceaudit.model import DataCategory, Provenance
from faceaudit.readers import sql
from faceaudit.schema.ops import (
    AddForeignKey,
    ColumnDef,
    Comment,
    CreateTable,
    Extension,
    ForeignKey,
    RowCount,
    Sample,
)
from faceaudit.schema.state import SchemaState

PATH = "pg_dump/checkin_dump.sql"
FIXTURE = Path(__file__).parent / "fixtures" / "sql" / PATH


def at(line: int, pointer: str | None = None) -> Provenance:
    return Provenance(PATH, line, pointer)


def read_dump() -> list[object]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        result = sql.read(handle, PATH)
    assert result.errors == ()
    return list(result.ops)


def test_dump_ops_exactly() -> None:
    assert read_dump() == [
        Extension("vector", at(18)),
        CreateTable("public.guests", (
            ColumnDef("id", "bigint", at(27, "guests.id")),
            ColumnDef("full_name", "text", at(28, "guests.full_name")),
            ColumnDef("email", "text", at(29, "guests.email")),
        ), at(26, "guests")),
        CreateTable("public.kiosk_faces", (
            ColumnDef("id", "bigint", at(40, "kiosk_faces.id")),
            ColumnDef("guest_id", "bigint", at(41, "kiosk_faces.guest_id")),
            ColumnDef("embedding", "vector(32)", at(42, "kiosk_faces.embedding")),
            ColumnDef("captured_at", "timestamp with time zone",
                      at(43, "kiosk_faces.captured_at")),
        ), at(39, "kiosk_faces")),
        Comment("public.kiosk_faces", "embedding", "ArcFace template, 32-d demo model",
                at(53, "kiosk_faces.embedding")),
        RowCount("public.guests", 3, at(75, "guests")),
        RowCount("public.kiosk_faces", 4, at(86, "kiosk_faces")),
        Sample("public.kiosk_faces", "embedding", "plaintext numbers (32 per value)", True,
               at(87, "kiosk_faces.embedding")),
        AddForeignKey("public.kiosk_faces", ForeignKey(
            ("guest_id",), "public.guests", ("id",), "cascade", at(114, "kiosk_faces"))),
    ]


def test_dump_final_tables() -> None:
    state = SchemaState()
    state.apply_all(read_dump())  # type: ignore[arg-type]
    tables = {t.name: t for t in state.tables()}
    assert tables["guests"].rows == 3
    faces = tables["kiosk_faces"]
    assert faces.rows == 4
    embedding = faces.columns[2]
    assert embedding.categories == frozenset({DataCategory.FACE_TEMPLATE})
    assert embedding.plaintext_sample == "plaintext numbers (32 per value)"
    assert embedding.encryption is None


def test_no_value_from_the_data_reaches_any_op() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    copied = repr(read_dump())
    first_row = text.splitlines()[86]
    vector = first_row.split("\t")[2]
    for number in vector.strip("[]").split(",")[:5]:
        assert number not in copied
    for value in ("Ada Park", "ada@example.test", "Bo Chen"):
        assert value not in copied


def test_the_file_is_read_as_a_stream() -> None:
    handed_out = []

    def lines() -> Iterator[str]:
        with FIXTURE.open(encoding="utf-8", newline="") as handle:
            for line in handle:
                handed_out.append(line)
                yield line

    result = sql.read(lines(), PATH)
    assert len(handed_out) == len(FIXTURE.read_text(encoding="utf-8").splitlines())
    assert result.ops == tuple(read_dump())


def test_attach_partition_links_a_dumped_child_to_its_parent() -> None:
    text = """CREATE TABLE public.face_log (
    id bigint NOT NULL,
    face_embedding public.vector(4),
    seen_at timestamp with time zone NOT NULL
)
PARTITION BY RANGE (seen_at);

CREATE TABLE public.face_log_2025_03 (
    id bigint NOT NULL,
    face_embedding public.vector(4),
    seen_at timestamp with time zone NOT NULL
);

COPY public.face_log_2025_03 (id, face_embedding, seen_at) FROM stdin;
1\t[1,2,3,4]\t2025-03-02 10:00:00+00
\\.

ALTER TABLE ONLY public.face_log ATTACH PARTITION public.face_log_2025_03
    FOR VALUES FROM ('2025-03-01 00:00:00+00') TO ('2025-04-01 00:00:00+00');

SELECT cron.schedule('drop-face-log', '0 1 1 * *', 'DROP TABLE public.face_log_2025_03');
"""
    result = sql.read(text.splitlines(keepends=True), "dump.sql")
    assert result.errors == ()
    child = result.ops[1]
    assert isinstance(child, CreateTable)
    assert child.partition_of == "public.face_log"
    state = SchemaState()
    state.apply_all(result.ops)
    tables = {t.name: t for t in state.tables()}
    how = "pg_cron job 'drop-face-log' (0 1 1 * *): DROP TABLE public.face_log_2025_03"
    assert tables["face_log"].retention == (how,)
    assert tables["face_log_2025_03"].retention == (f"partition of face_log: {how}",)
    assert tables["face_log_2025_03"].rows == 1
    # four numbers are too few to call a vector
    assert all(c.plaintext_sample is None for c in tables["face_log_2025_03"].columns)


def test_copy_in_csv_format_and_crlf_line_ends() -> None:
    vector = "{" + ",".join(str(n / 10) for n in range(20)) + "}"
    text = ("CREATE TABLE probe_faces (id int, face_template real[], note text);\r\n"
            "COPY probe_faces (id, face_template, note) FROM stdin WITH (FORMAT csv);\r\n"
            f'1,"{vector}","a, b"\r\n'
            '2,,\\N\r\n'
            "\\.\r\n"
            "CREATE TABLE after_copy (id int);\r\n")
    result = sql.read(text.splitlines(keepends=True), "crlf.sql")
    assert result.errors == ()
    assert result.ops[1:3] == (
        RowCount("probe_faces", 2, Provenance("crlf.sql", 2, "probe_faces")),
        Sample("probe_faces", "face_template", "plaintext numbers (20 per value)", True,
               Provenance("crlf.sql", 3, "probe_faces.face_template")),
    )
    assert isinstance(result.ops[3], CreateTable) and result.ops[3].table == "after_copy"
    assert result.ops[3].provenance.line == 6


def test_inserts_into_a_facial_table_are_counted_and_sampled() -> None:
    numbers = ",".join(f"{n / 7:.5f}" for n in range(64))
    text = ("CREATE TABLE kiosk_faces (id int, guest_id int, embedding vector(64));\n"
            f"INSERT INTO public.kiosk_faces VALUES (1, 7, '[{numbers}]'), (2, 8, NULL);\n"
            f"INSERT INTO public.kiosk_faces (id, embedding) VALUES (3, ARRAY[{numbers}]);\n"
            "INSERT INTO audit_log (id, message) VALUES (1, 'not facial');\n")
    result = sql.read(text.splitlines(keepends=True), "seed.sql")
    assert result.errors == ()
    assert result.ops[1:] == (
        RowCount("public.kiosk_faces", 3, Provenance("seed.sql", 2, "kiosk_faces")),
        Sample("public.kiosk_faces", "embedding", "plaintext numbers (64 per value)", True,
               Provenance("seed.sql", 2, "kiosk_faces.embedding")),
    )
    assert numbers[:12] not in repr(result)
