"""SQL embedded in migration code: string literals found per language, DDL read from them."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from faceaudit.errors import ErrorRecord
from faceaudit.model import Column, DataCategory, Provenance
from faceaudit.readers import code_sql
from faceaudit.readers.literals import (
    GO,
    JAVA,
    JAVASCRIPT,
    KOTLIN,
    PYTHON,
    Literal,
    Problem,
    extract,
    placeholder,
    python_string,
)
from faceaudit.schema.ops import (
    AddColumn,
    ColumnDef,
    Comment,
    CreateTable,
    DropTable,
    Extension,
    SchemaOp,
)
from faceaudit.schema.source import SchemaFile
from faceaudit.schema.state import SchemaState

FIXTURES = Path(__file__).parent / "fixtures" / "code"


def _fixture(relative: str) -> str:
    return (FIXTURES / relative).read_text(encoding="utf-8")


def _ddl(relative: str) -> list[tuple[str, int]]:
    literals, errors = code_sql.sql_literals(_fixture(relative), relative)
    assert errors == []
    return [(literal.text, literal.line) for literal in literals]


def _all(source: str, language: str) -> list[tuple[str, int, bool]]:
    literals, problems = extract(textwrap.dedent(source).lstrip("\n"), language)
    assert problems == []
    return [(literal.text, literal.line, literal.down) for literal in literals]


# --- claims -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "head", "expected"), [
    ("migrations/20240101_faces.js", "knex.raw('create table faces (id int)')", True),
    ("src/migrations/1712-AddFaces.ts", "queryRunner.query(`ALTER  TABLE x`)", True),
    ("db/V3__Faces.java", 'execute("CREATE UNLOGGED TABLE faces ()")', True),
    ("db/M1.kt", 'execute("COMMENT ON COLUMN faces.v IS \'x\'")', True),
    ("migrate/1_init.go", "tx.Exec(`CREATE EXTENSION vector`)", True),
    ("scripts/init.py", 'cur.execute("DROP TABLE IF EXISTS faces")', True),
    ("scripts/cron.py", "cur.execute(\"SELECT cron.schedule('purge', '0 3 * * *', '...')\")", True),
    ("web/app.mjs", "CREATE POLICY p ON faces", True),
    ("web/app.cjs", "nothing here", False),
    ("scripts/init.py", "creates the table later", False),
    ("db/init.sql", "CREATE TABLE faces (id int)", False),
    ("db/Faces.scala", "CREATE TABLE faces (id int)", False),
])
def test_claims_source_files_that_mention_ddl(name: str, head: str, expected: bool) -> None:
    assert code_sql.claims(name, head) is expected


# --- the fixtures: exact literals that hold DDL -------------------------------------------------


def test_knex_migration_literals() -> None:
    assert _ddl("knex/migrations/20240312091500_create_lock_enrolments.js") == [
        ("CREATE EXTENSION IF NOT EXISTS vector", 8),
        ("\n    CREATE TABLE lock_enrolments (\n      id bigserial PRIMARY KEY,\n"
         "      resident_id bigint NOT NULL,\n      face_embedding vector(EMBEDDING_DIM),\n"
         "      enrolled_at timestamptz NOT NULL DEFAULT now(),\n      expires_at timestamptz\n"
         "    )", 9),
        ("ALTER TABLE lock_enrolments ADD COLUMN panel_snapshot bytea", 19),
        # Joined by +: the line break between the two parts is kept.
        ("COMMENT ON COLUMN lock_enrolments.face_embedding IS \n"
         "'encrypted by the panel gateway (pgp_sym_encrypt)'", 22),
        # exports.down's DROP TABLE is left out.
    ]


def test_typeorm_migration_literals() -> None:
    assert _ddl("typeorm/migrations/1712000000000-AddGuestFaces.ts") == [
        ('CREATE TABLE "guest_checkins" ("id" SERIAL NOT NULL, "guest_name" character varying '
         'NOT NULL, "passport_number" character varying, "face_photo" bytea, "checked_in_at" '
         'TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_guest_checkins" PRIMARY KEY ("id"))',
         8),
        ('ALTER TABLE "guest_checkins" ADD "face_descriptor" real array', 9),
        ('ALTER TABLE "guest_checkins" RENAME COLUMN "face_photo" TO "checkin_selfie"', 10),
    ]


def test_goose_migration_literals() -> None:
    assert _ddl("goose/migrations/20240405120000_create_photo_faces.go") == [
        ("\nCREATE TABLE photo_faces (\n    id          BIGSERIAL PRIMARY KEY,\n"
         "    photo_id    BIGINT NOT NULL,\n    face_crop   BYTEA,\n    landmarks   JSONB,\n"
         "    embedding   REAL[]\n)", 16),
        ("COMMENT ON COLUMN photo_faces.embedding IS 'FaceNet\t128-d'", 28),
    ]


def test_flyway_java_migration_literals() -> None:
    assert _ddl("flyway/db/migration/V3__AddFaceTemplates.java") == [
        # A text block starts on the line after its opening quotes, without its indentation.
        ("CREATE TABLE face_templates (\n    id BIGINT PRIMARY KEY,\n"
         "    student_id BIGINT NOT NULL,\n    template VARBINARY(2048) NOT NULL,\n"
         "    captured_at TIMESTAMP NOT NULL\n)\n", 15),
        ("ALTER TABLE face_templates \nADD COLUMN retain_until DATE", 23),
        ("DROP TABLE legacy_face_photos", 25),
    ]


def test_python_script_literals() -> None:
    assert _ddl("scripts/create_attendance_db.py") == [
        ("\n            CREATE TABLE IF NOT EXISTS gate_faces (\n"
         "                id SERIAL PRIMARY KEY,\n                student_id INTEGER NOT NULL,\n"
         "                face_encoding BYTEA NOT NULL,\n"
         "                seen_at TIMESTAMPTZ DEFAULT now()\n            )\n        ", 10),
        ("ALTER TABLE gate_faces \nADD COLUMN camera_frame BYTEA", 19),
        # An f-string field becomes the name it holds: constants are not resolved.
        ("COMMENT ON TABLE FACES IS 'matches from the gate camera'", 22),
    ]


def test_down_migrations_are_marked_and_left_out() -> None:
    literals, _ = extract(_fixture("typeorm/migrations/1712000000000-AddGuestFaces.ts"),
                          JAVASCRIPT)
    assert [(literal.line, literal.down) for literal in literals] == [
        (1, False), (5, False), (8, False), (9, False), (10, False),
        (14, True), (15, True), (16, True)]
    literals, _ = extract(_fixture("goose/migrations/20240405120000_create_photo_faces.go"), GO)
    assert [literal for literal in literals if literal.down] == [
        Literal("DROP TABLE photo_faces", 33, True)]
    literals, _ = extract(_fixture("scripts/create_attendance_db.py"), PYTHON)
    assert [(literal.text, literal.line) for literal in literals if literal.down] == [
        ("psycopg2.extensions.connection", 26), ("DROP TABLE gate_faces", 28)]


# --- JavaScript and TypeScript ------------------------------------------------------------------


def test_javascript_comments_regexes_and_escapes() -> None:
    assert _all(r"""
        // 'not a string' and "nor this"
        /* `nor
           this` */
        const re = /['"`]/g, half = total / 2 / 1, words = x.split(/\s*'\s*/);
        if (ok) return /"/.test(s) ? 'tab\there\x41\u0042\u{43}' : "q\"uote\
        d";
        const url = "http://example.com/*not a comment*/";
        """, JAVASCRIPT) == [
        ("tab\there" + "ABC", 5, False),
        ('q"uoted', 5, False),
        ("http://example.com/*not a comment*/", 7, False),
    ]


def test_javascript_templates_nest_and_become_placeholders() -> None:
    assert _all("""
        const sql = `CREATE TABLE ${schema}.${this.table} (
          v vector(${dims + 1}),
          note text DEFAULT '${`a${"b"}`}'
        )`;
        const plus = "CREATE TABLE " + cfg.faces + " (id int" +
          ", photo bytea)";
        const tail = "DROP TABLE " + name;
        """, JAVASCRIPT) == [
        ("CREATE TABLE schema.table (\n  v vector(__expr__),\n  note text DEFAULT '__expr__'\n)",
         1, False),
        ("a__expr__", 3, False),
        ("b", 3, False),
        ("CREATE TABLE faces (id int\n, photo bytea)", 5, False),
        ("DROP TABLE name", 7, False),
    ]


def test_javascript_down_forms() -> None:
    assert _all("""
        module.exports = {
          up: async (queryInterface) => {
            await queryInterface.sequelize.query('CREATE TABLE a (id int)');
          },
          down: async (queryInterface) => {
            await queryInterface.sequelize.query('DROP TABLE a');
          },
        };
        exports.down = (knex) => knex.raw("DROP TABLE b");
        exports.up = (knex) => knex.raw("CREATE TABLE c (id int)");
        const downloads = "CREATE TABLE downloads (id int)";
        """, JAVASCRIPT) == [
        ("CREATE TABLE a (id int)", 3, False),
        ("DROP TABLE a", 6, True),
        ("DROP TABLE b", 9, True),
        ("CREATE TABLE c (id int)", 10, False),
        ("CREATE TABLE downloads (id int)", 11, False),
    ]


def test_javascript_unterminated_strings() -> None:
    # An apostrophe in JSX text ends at the line; a string that opens DDL is an error record.
    source = "const a = <p>Don't</p>;\nknex.raw('CREATE TABLE x (\n"
    literals, problems = extract(source, JAVASCRIPT)
    assert literals == []
    assert problems == [Problem("unterminated string literal", 2)]
    literals, problems = extract("a = 1;\nq(`CREATE TABLE ${t} (", JAVASCRIPT)
    assert literals == []
    assert problems == [
        Problem("unterminated string literal; the rest of the file was not read", 2)]


# --- Go, Java, Kotlin ---------------------------------------------------------------------------


def test_go_strings_raw_strings_and_runes() -> None:
    assert _all(r"""
        var q = '"' // a rune holding a quote
        var b = '\''
        var s = "CREATE TABLE a (\"Name\" text)\t\x41\u00e9\101"
        var r = `raw \n ` + "more"
        /* "nothing" */
        """, GO) == [
        ('CREATE TABLE a ("Name" text)\tA\u00e9A', 3, False),
        ("raw \\n more", 4, False),
    ]


def test_java_text_blocks_char_literals_and_concatenation() -> None:
    assert _all(r'''
        class M {
          char c = '"';
          String a = """
              CREATE TABLE t (\s
                x int,<trailing spaces>
                y text \
              DEFAULT 'a\tb'
              )""";
          String b = "CREATE TABLE u (" +   // first part
                  "id int)";
          void rollback() { run("DROP TABLE t"); }
        }
        '''.replace("<trailing spaces>", "   "), JAVA) == [
        ("CREATE TABLE t ( \n  x int,\n  y text DEFAULT 'a\tb'\n)", 4, False),
        ("CREATE TABLE u (\nid int)", 9, False),
        ("DROP TABLE t", 11, True),
    ]


def test_kotlin_templates_raw_strings_and_nested_comments() -> None:
    assert _all('''
        /* outer /* inner " */ still a comment " */
        fun up() {
            val c = '"'
            execute("CREATE TABLE $table (v ${vec.size()} \\$x)")
            execute("""
                CREATE TABLE ${names.faces} (id int)
            """.trimIndent())
        }
        ''', KOTLIN) == [
        ("CREATE TABLE table (v __expr__ $x)", 4, False),
        ("\n        CREATE TABLE faces (id int)\n    ", 5, False),
    ]


# --- Python -------------------------------------------------------------------------------------


def test_python_string_values() -> None:
    assert python_string(r"'a\tb\x41\N{LATIN SMALL LETTER E WITH ACUTE}\q'") == "a\tbA\u00e9\\q"
    assert python_string(r"r'a\tb'") == "a\\tb"
    assert python_string(r"b'a\nb'") == "a\nb"
    assert python_string("f'x {a.b!r:>10} {{y}} {c[0]} {d=}'") == "x b {y} __expr__ d"
    assert python_string("rf'{t}\\n'") == "t\\n"
    assert python_string("'''a\\\nb'''") == "ab"


def test_python_joins_adjacent_and_added_literals() -> None:
    assert _all('''
        cur.execute(
            "CREATE TABLE faces ("   # a comment between parts
            "  id int,"
            f"  {column} bytea"
            ")"
        )
        cur.execute("CREATE TABLE " + TABLE + "_old (x int)", params)
        cur.execute("COMMENT ON COLUMN faces.v IS 'one "
                    "two'")
        a = "x"
        b = "y"
        ''', PYTHON) == [
        ("CREATE TABLE faces (\n  id int,\n  column bytea\n)", 2, False),
        ("CREATE TABLE TABLE_old (x int)", 7, False),
        # Inside an SQL string the break is not added: the comment keeps its words.
        ("COMMENT ON COLUMN faces.v IS 'one two'", 8, False),
        ("x", 10, False),
        ("y", 11, False),
    ]


def test_python_down_functions() -> None:
    assert _all('''
        def upgrade():
            run("CREATE TABLE a (id int)")

        def downgrade():
            run("DROP TABLE a")
            if True:
                run("DROP TABLE b")

        def rollback(): run("DROP TABLE c")
        def download():
            run("CREATE TABLE d (id int)")
        run("CREATE TABLE e (id int)")
        ''', PYTHON) == [
        ("CREATE TABLE a (id int)", 2, False),
        ("DROP TABLE a", 5, True),
        ("DROP TABLE b", 7, True),
        ("DROP TABLE c", 9, True),
        ("CREATE TABLE d (id int)", 11, False),
        ("CREATE TABLE e (id int)", 12, False),
    ]


def test_python_tokenizer_errors_keep_what_was_found() -> None:
    literals, problems = extract('run("CREATE TABLE a (id int)")\nx = """never closed\n', PYTHON)
    assert literals == [Literal("CREATE TABLE a (id int)", 1)]
    assert problems == [Problem("Python tokenizer stopped: EOF in multi-line string", 2)]


def test_placeholders() -> None:
    assert placeholder(" table ") == "table"
    assert placeholder("this.config?.faces") == "faces"
    assert placeholder("dims + 1") == "__expr__"
    assert placeholder("f()") == "__expr__"


# --- bad and huge input -------------------------------------------------------------------------


@pytest.mark.parametrize("language", [JAVASCRIPT, GO, JAVA, KOTLIN, PYTHON])
def test_a_long_single_line_is_read_in_linear_time(language: str) -> None:
    unit = {
        JAVASCRIPT: "a = 'x' + b / 2 + `t${c}` + \"CREATE TABLE f (id int)\"; { } ",
        GO: "x := \"a\" + `b` + '`' + \"CREATE TABLE f (id int)\"; { } ",
        JAVA: "s = \"a\" + 'c' + \"CREATE TABLE f (id int)\"; /* c */ { } ",
        KOTLIN: "s = \"a $b ${c} \" + \"CREATE TABLE f (id int)\"; { } ",
        PYTHON: "x = 'a' + b + f'{c}' + \"CREATE TABLE f (id int)\"; ",
    }[language]
    source = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    literals, problems = extract(source, language)
    assert time.perf_counter() - started < 20
    assert problems == []
    assert literals[0].line == 1 and len(literals) >= 1_000_000 // len(unit)


@pytest.mark.parametrize(("source", "language"), [
    ("'" + "\\" * 2_000_001, JAVASCRIPT),
    ("`" + "${" * 200_000, JAVASCRIPT),
    ("`" + "${`" * 100_000 + "`}" * 100_000 + "`", JAVASCRIPT),
    ("x = (/[" * 200_000, JAVASCRIPT),
    ("{" * 500_000 + "'CREATE TABLE x (id int)'", JAVASCRIPT),
    ("/*" + "/*" * 300_000, KOTLIN),
    ('"""\n' + "x" * 2_000_000, JAVA),
    ("x = (" * 100_000 + "'CREATE TABLE x (id int)'", PYTHON),
])
def test_pathological_input_ends_quickly_without_recursion(source: str, language: str) -> None:
    started = time.perf_counter()
    extract(source, language)
    assert time.perf_counter() - started < 20


def test_read_gives_error_records_with_the_path() -> None:
    result = code_sql.read(iter(['x = 1\n', 'q = """CREATE TABLE a (\n']), "scripts/a.py")
    assert result.reader == "code-sql"
    assert result.ops == ()
    assert result.errors == (ErrorRecord(
        "scripts/a.py", "Python tokenizer stopped: EOF in multi-line string", 2),)
    assert result.order == ()


# --- the DDL read through the SQL reader: exact operations and final tables ---------------------


def _read(relative: str) -> SchemaFile:
    text = _fixture(relative)
    assert code_sql.claims(relative, text[:65536])
    return code_sql.read(iter(text.splitlines(keepends=True)), relative)


def _columns(ops: tuple[SchemaOp, ...]) -> dict[str, dict[str, Column]]:
    state = SchemaState()
    state.apply_all(ops)
    return {table.name: {column.name: column for column in table.columns}
            for table in state.tables()}


def test_knex_migration_ops() -> None:
    path = "knex/migrations/20240312091500_create_lock_enrolments.js"
    result = _read(path)
    assert result.errors == ()
    assert result.order == ()

    def at(line: int, pointer: str | None) -> Provenance:
        return Provenance(path, line, pointer)

    def column(name: str, type_: str, line: int) -> ColumnDef:
        return ColumnDef(name, type_, at(line, f"lock_enrolments.{name}"))

    assert result.ops == (
        Extension("vector", at(8, None)),
        CreateTable("lock_enrolments", (
            column("id", "bigserial", 11),
            column("resident_id", "bigint", 12),
            column("face_embedding", "vector(EMBEDDING_DIM)", 13),
            column("enrolled_at", "timestamptz", 14),
            column("expires_at", "timestamptz", 15),
        ), at(10, "lock_enrolments")),
        AddColumn("lock_enrolments", column("panel_snapshot", "bytea", 19)),
        Comment("lock_enrolments", "face_embedding",
                "encrypted by the panel gateway (pgp_sym_encrypt)",
                at(22, "lock_enrolments.face_embedding")),
    )
    state = SchemaState()
    state.apply_all(result.ops)
    [table] = state.tables()
    assert table.retention == ("column expires_at holds each row's expiry",)
    embedding = {column.name: column for column in table.columns}["face_embedding"]
    assert embedding.categories == {DataCategory.FACE_TEMPLATE}
    assert embedding.encryption == ("column comment says: encrypted by the panel gateway "
                                    "(pgp_sym_encrypt)")
    assert state.extensions == {"vector": at(8, None)}


def test_python_script_ops_and_tables() -> None:
    path = "scripts/create_attendance_db.py"
    result = _read(path)
    assert result.errors == ()

    def at(line: int, pointer: str) -> Provenance:
        return Provenance(path, line, pointer)

    assert result.ops == (
        CreateTable("gate_faces", (
            ColumnDef("id", "SERIAL", at(12, "gate_faces.id")),
            ColumnDef("student_id", "INTEGER", at(13, "gate_faces.student_id")),
            ColumnDef("face_encoding", "BYTEA", at(14, "gate_faces.face_encoding")),
            ColumnDef("seen_at", "TIMESTAMPTZ", at(15, "gate_faces.seen_at")),
        ), at(11, "gate_faces")),
        AddColumn("gate_faces", ColumnDef("camera_frame", "BYTEA",
                                          at(20, "gate_faces.camera_frame"))),
        Comment("FACES", None, "matches from the gate camera", at(22, "faces")),
    )
    # The rollback() function's DROP TABLE is not applied: the table stays.
    faces = _columns(result.ops)["gate_faces"]
    assert list(faces) == ["id", "student_id", "face_encoding", "seen_at", "camera_frame"]
    assert faces["face_encoding"].categories == {DataCategory.FACE_TEMPLATE}
    assert faces["camera_frame"].categories == {DataCategory.FACE_IMAGE}
    assert faces["camera_frame"].provenance == at(20, "gate_faces.camera_frame")


def test_typeorm_migration_final_table() -> None:
    path = "typeorm/migrations/1712000000000-AddGuestFaces.ts"
    result = _read(path)
    assert result.errors == ()
    tables = _columns(result.ops)
    # down() would rename the selfie back and drop the table: it is not applied.
    guests = tables["guest_checkins"]
    assert list(guests) == ["id", "guest_name", "passport_number", "checkin_selfie",
                            "checked_in_at", "face_descriptor"]
    assert guests["checkin_selfie"].type == "bytea"
    assert guests["checkin_selfie"].categories == {DataCategory.FACE_IMAGE}
    assert guests["checkin_selfie"].provenance == Provenance(path, 8,
                                                             "guest_checkins.face_photo")
    assert guests["face_descriptor"].type == "real array"
    assert guests["face_descriptor"].categories == {DataCategory.FACE_TEMPLATE}
    assert guests["face_descriptor"].provenance.line == 9


def test_goose_migration_final_table() -> None:
    path = "goose/migrations/20240405120000_create_photo_faces.go"
    result = _read(path)
    assert result.errors == ()
    faces = _columns(result.ops)["photo_faces"]
    assert [(name, column.type, column.provenance.line) for name, column in faces.items()] == [
        ("id", "BIGSERIAL", 18), ("photo_id", "BIGINT", 19), ("face_crop", "BYTEA", 20),
        ("landmarks", "JSONB", 21), ("embedding", "REAL[]", 22)]
    assert faces["face_crop"].categories == {DataCategory.FACE_IMAGE}
    assert faces["landmarks"].categories == {DataCategory.FACE_GEOMETRY}
    assert faces["embedding"].categories == {DataCategory.FACE_TEMPLATE}
    assert faces["embedding"].comment == "FaceNet\t128-d"


def test_flyway_java_migration_ops() -> None:
    path = "flyway/db/migration/V3__AddFaceTemplates.java"
    result = _read(path)
    assert result.errors == ()

    def at(line: int, pointer: str) -> Provenance:
        return Provenance(path, line, pointer)

    assert result.ops[1:] == (
        AddColumn("face_templates", ColumnDef("retain_until", "DATE",
                                              at(24, "face_templates.retain_until"))),
        DropTable("legacy_face_photos", at(25, "legacy_face_photos")),
    )
    create = result.ops[0]
    assert isinstance(create, CreateTable)
    assert create.provenance == at(15, "face_templates")
    assert [(c.name, c.type, c.provenance.line) for c in create.columns] == [
        ("id", "BIGINT", 16), ("student_id", "BIGINT", 17), ("template", "VARBINARY(2048)", 18),
        ("captured_at", "TIMESTAMP", 19)]
    state = SchemaState()
    state.apply_all(result.ops)
    [table] = state.tables()
    assert table.retention == ("column retain_until holds each row's expiry",)


def test_sql_errors_inside_a_literal_keep_the_file_line() -> None:
    source = ('x = 1\n\ncur.execute("""\nCREATE TABLE faces (\n  id int,\n  photo bytea\n""")\n'
              'cur.execute("CREATE TABLE ok (face_image bytea)")\n')
    result = code_sql.read(iter(source.splitlines(keepends=True)), "scripts/b.py")
    # The SQL reader's words are its own; the path and the file's line are this reader's.
    assert [(error.path, error.line) for error in result.errors] == [("scripts/b.py", 4)]
    assert result.ops == (CreateTable("ok", (ColumnDef(
        "face_image", "bytea", Provenance("scripts/b.py", 8, "ok.face_image")),),
        Provenance("scripts/b.py", 8, "ok")),)


def test_text_that_cannot_be_encoded_is_an_error_record_not_a_crash() -> None:
    result = code_sql.read(iter(['x = "CREATE TABLE \udcff (id int)"\n']), "s.py")
    assert result.ops == ()
    assert [error.line for error in result.errors] == [1]
