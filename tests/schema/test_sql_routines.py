"""Retention and encryption written as SQL code: pg_cron jobs, pg_partman retention, functions
called by jobs and triggers, pgcrypto in defaults, INSERTs and UPDATEs; and SQL embedded in
other files through ``parse_sql_text``."""

from __future__ import annotations

from faceaudit.errors import ErrorRecord
from faceaudit.model import Provenance
from faceaudit.readers import sql
from faceaudit.schema.ops import (
    AddColumn,
    ColumnDef,
    CreateTable,
    Encrypts,
    Purge,
    RowCount,
    SchemaOp,
)
from faceaudit.schema.state import SchemaState

FACES = ("CREATE TABLE probe_faces (id int, face_template bytea, taken timestamptz);\n"
         "CREATE TABLE face_events (id int, face_embedding real[], at timestamptz) "
         "PARTITION BY RANGE (at);\n")


def ops_of(text: str, path: str = "jobs.sql") -> list[SchemaOp]:
    result = sql.read((FACES + text).splitlines(keepends=True), path)
    assert result.errors == ()
    return [op for op in result.ops if not isinstance(op, CreateTable)]


def purge(table: str, how: str, line: int) -> Purge:
    return Purge(table, how, Provenance("jobs.sql", line, table.split(".")[-1]))


def test_cron_schedule_forms() -> None:
    assert ops_of(
        "SELECT cron.schedule('0 * * * *', 'TRUNCATE probe_faces');\n"
        "SELECT cron.schedule(job_name := 'detach', schedule := '@weekly',\n"
        "    command := 'ALTER TABLE face_events DETACH PARTITION face_events_2024_12');\n"
        "SELECT cron.schedule_in_database('drop', '@daily', "
        "$c$DROP TABLE IF EXISTS face_events_2024_11$c$, 'hotel');\n"
    ) == [
        purge("probe_faces", "pg_cron job (0 * * * *): TRUNCATE probe_faces", 3),
        purge("face_events", "pg_cron job 'detach' (@weekly): ALTER TABLE face_events DETACH "
                             "PARTITION face_events_2024_12", 4),
        # a dropped table named like a partition of a known table stands for that table
        purge("face_events", "pg_cron job 'drop' (@daily): DROP TABLE IF EXISTS "
                             "face_events_2024_11", 6),
    ]


def test_cron_job_calling_a_function_and_inside_a_do_block() -> None:
    assert ops_of(
        "CREATE FUNCTION purge_probe() RETURNS void LANGUAGE plpgsql AS $$\n"
        "BEGIN DELETE FROM probe_faces WHERE taken < now() - interval '1 day'; END $$;\n"
        "DO $$\nBEGIN\n  PERFORM cron.schedule('probe', '*/5 * * * *', 'CALL purge_probe()');\n"
        "END $$;\n"
    ) == [purge("probe_faces", "pg_cron job 'probe' (*/5 * * * *): CALL purge_probe()", 7)]


def test_unscheduled_job_is_withdrawn() -> None:
    assert ops_of("SELECT cron.schedule('gone', '@daily', 'DELETE FROM probe_faces');\n"
                  "SELECT cron.unschedule('gone');\n") == []


def test_a_job_on_partitions_with_generated_names() -> None:
    assert ops_of(
        "CREATE FUNCTION drop_old_face_events() RETURNS void LANGUAGE plpgsql AS $$\n"
        "DECLARE part regclass;\nBEGIN\n"
        "  FOR part IN SELECT inhrelid::regclass FROM pg_inherits\n"
        "      WHERE inhparent = 'face_events'::regclass LOOP\n"
        "    EXECUTE format('DROP TABLE %s', part);\n  END LOOP;\nEND $$;\n"
        "SELECT cron.schedule('drop-events', '0 2 * * *', 'SELECT drop_old_face_events()');\n"
    ) == [purge("face_events", "pg_cron job 'drop-events' (0 2 * * *): SELECT "
                               "drop_old_face_events()", 11)]


def test_pg_partman_retention_counts_only_when_old_partitions_are_dropped() -> None:
    text = ("SELECT partman.create_parent(p_parent_table => 'public.face_events', "
            "p_control => 'at', p_interval => '1 day');\n"
            "UPDATE partman.part_config SET retention = '14 days' "
            "WHERE parent_table = 'public.face_events';\n")
    assert ops_of(text) == []  # retention_keep_table defaults to true: tables are kept
    text += ("UPDATE partman.part_config SET retention_keep_table = false "
             "WHERE parent_table = 'public.face_events';\n")
    how = ("pg_partman retention '14 days': partitions older than that are dropped by partman "
           "maintenance")
    assert ops_of(text) == [Purge("public.face_events", how,
                                  Provenance("jobs.sql", 5, "face_events"))]
    assert ops_of("INSERT INTO partman.part_config (parent_table, retention, "
                  "retention_keep_table) VALUES ('public.face_events', '7 days', false);\n"
                  ) == [Purge("public.face_events", how.replace("14", "7"),
                              Provenance("jobs.sql", 3, "face_events"))]


def test_pgcrypto_in_defaults_updates_and_inserts() -> None:
    def at(line: int, pointer: str) -> Provenance:
        return Provenance("jobs.sql", line, pointer)

    assert ops_of(
        "ALTER TABLE probe_faces ADD COLUMN face_enc bytea DEFAULT pgp_sym_encrypt('', 'k');\n"
        "UPDATE probe_faces SET face_template = pgp_sym_encrypt(face_template::text, 'k');\n"
        "INSERT INTO probe_faces (id, face_template) VALUES (1, pgp_pub_encrypt('x', "
        "dearmor('k')));\n"
    ) == [
        AddColumn("probe_faces", ColumnDef("face_enc", "bytea", at(3, "probe_faces.face_enc"))),
        Encrypts("probe_faces", "face_enc", "pgcrypto pgp_sym_encrypt() in the column's default",
                 at(3, "probe_faces.face_enc")),
        Encrypts("probe_faces", "face_template",
                 "pgcrypto pgp_sym_encrypt() in an UPDATE of probe_faces",
                 at(4, "probe_faces.face_template")),
        Encrypts("probe_faces", "face_template",
                 "pgcrypto pgp_pub_encrypt() in an INSERT into probe_faces",
                 at(5, "probe_faces.face_template")),
        RowCount("probe_faces", 1, at(5, "probe_faces")),
    ]


def test_encrypting_function_reaches_the_table_through_its_trigger() -> None:
    state = SchemaState()
    result = sql.read((FACES + (
        "CREATE FUNCTION seal() RETURNS trigger LANGUAGE plpgsql AS '\n"
        "BEGIN NEW.face_template := pgp_sym_encrypt(NEW.face_template::text, ''k'');\n"
        "RETURN NEW; END';\n"
        "CREATE TRIGGER seal_faces BEFORE INSERT ON probe_faces FOR EACH ROW "
        "EXECUTE PROCEDURE seal();\n")).splitlines(keepends=True), "seal.sql")
    assert result.errors == ()
    state.apply_all(result.ops)
    probe = next(t for t in state.tables() if t.name == "probe_faces")
    assert probe.columns[1].encryption == ("pgcrypto pgp_sym_encrypt() in trigger function seal "
                                           "(trigger seal_faces)")
    assert probe.columns[0].encryption is None


def test_clickhouse_ttl_is_the_table_retention() -> None:
    result = sql.read(["CREATE TABLE face_hits (id UInt64, face_embedding Array(Float32), "
                       "seen DateTime) ENGINE = MergeTree ORDER BY id "
                       "TTL seen + INTERVAL 30 DAY DELETE;\n"], "ch.sql")
    assert result.errors == ()
    table = result.ops[0]
    assert isinstance(table, CreateTable)
    assert table.ttl == "TTL seen + INTERVAL 30 DAY DELETE"
    assert table.columns[1].type == "Array(Float32)"


def test_parse_sql_text_counts_lines_from_the_first_line() -> None:
    text = ("\n    CREATE TABLE staff_faces (\n        id int,\n"
            "        face_embedding vector(128)\n    );\n    CREAT TABLE oops (id int)\n")
    ops, errors = sql.parse_sql_text(text, "migrations/0003_faces.py", first_line=20)
    assert ops == [CreateTable("staff_faces", (
        ColumnDef("id", "int", Provenance("migrations/0003_faces.py", 22, "staff_faces.id")),
        ColumnDef("face_embedding", "vector(128)",
                  Provenance("migrations/0003_faces.py", 23, "staff_faces.face_embedding")),
    ), Provenance("migrations/0003_faces.py", 21, "staff_faces"))]
    assert errors == [ErrorRecord("migrations/0003_faces.py",
                                  "unrecognised statement starting with 'CREAT'", 25)]


def test_statements_a_check_never_needs_are_not_parsed() -> None:
    result = sql.read([
        "SET search_path = public;\n", "GRANT SELECT ON probe_faces TO kiosk;\n",
        "CREATE INDEX probe_idx ON probe_faces USING hnsw (face_template vector_l2_ops);\n",
        "ALTER TABLE ONLY public.probe_faces OWNER TO hotel;\n",
        "ALTER TABLE ONLY public.probe_faces ADD CONSTRAINT probe_pkey PRIMARY KEY (id);\n",
        "SELECT pg_catalog.set_config('search_path', '', false);\n",
        "CREATE VIEW v AS SELECT 1;\n", "VACUUM ANALYZE probe_faces;\n",
    ], "noise.sql")
    assert result.ops == () and result.errors == ()
