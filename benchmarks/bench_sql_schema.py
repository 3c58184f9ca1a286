"""sqlparse's full parse of a pg_dump schema against faceaudit's SQL reader, in one run.

    python benchmarks/bench_sql_schema.py [--tables N] [--repeat R]

Generates a PostgreSQL schema dump the way pg_dump writes one (about 2.9 MB for 5,000 tables):
a CREATE TABLE per table with its comment block and OWNER TO, COMMENT ON TABLE and COLUMN,
ALTER TABLE ONLY ... ADD CONSTRAINT primary and foreign keys, CREATE INDEX; every 50th table
holds a face embedding. It then times ``sqlparse.parse`` on the whole text and
``faceaudit.readers.sql.read`` streaming the file's lines, and prints both and their ratio
(the target is at least 4x faster; the goal 10x).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import sqlparse

from faceaudit.readers import sql

HEADER = """--
-- PostgreSQL database dump
--

-- Dumped from database version 16.3
-- Dumped by pg_dump version 16.3

SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET row_security = off;

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

SET default_tablespace = '';
SET default_table_access_method = heap;

"""


def generate(tables: int) -> str:
    out = [HEADER]
    for n in range(tables):
        face = n % 50 == 0
        columns = ["    id bigint NOT NULL", "    account_id bigint",
                   "    created_at timestamp with time zone DEFAULT now() NOT NULL"]
        if face:
            columns.append("    face_embedding public.vector(512)")
        out.append(f"--\n-- Name: t{n}; Type: TABLE; Schema: public; Owner: app\n--\n\n"
                   f"CREATE TABLE public.t{n} (\n" + ",\n".join(columns) + "\n);\n\n\n"
                   f"ALTER TABLE public.t{n} OWNER TO app;\n\n"
                   f"COMMENT ON TABLE public.t{n} IS 'Kind {n}';\n\n\n")
        if face:
            out.append(f"COMMENT ON COLUMN public.t{n}.face_embedding IS "
                       "'ArcFace template of the account holder';\n\n\n")
    for n in range(tables):
        out.append(f"--\n-- Name: t{n} t{n}_pkey; Type: CONSTRAINT; Schema: public; Owner: app\n"
                   f"--\n\nALTER TABLE ONLY public.t{n}\n    ADD CONSTRAINT t{n}_pkey "
                   "PRIMARY KEY (id);\n\n\n")
    for n in range(tables):
        out.append(f"CREATE INDEX t{n}_account_idx ON public.t{n} USING btree (account_id);\n\n")
    for n in range(1, tables, 3):
        out.append(f"ALTER TABLE ONLY public.t{n}\n    ADD CONSTRAINT t{n}_account_fkey "
                   f"FOREIGN KEY (account_id) REFERENCES public.t{n - 1}(id) ON DELETE CASCADE;"
                   "\n\n\n")
    out.append("--\n-- PostgreSQL database dump complete\n--\n\n")
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = generate(args.tables)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.sql"
        path.write_text(text, encoding="utf-8")
        print(f"schema dump: {args.tables} tables, {len(text.encode()) / 1e6:.2f} MB")

        start = time.perf_counter()
        sqlparse.parse(path.read_text(encoding="utf-8"))
        parse_time = time.perf_counter() - start
        print(f"sqlparse.parse:          {parse_time:8.3f} s")

        times = []
        result = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            with path.open(encoding="utf-8", newline="") as handle:
                result = sql.read(handle, "schema.sql")
            times.append(time.perf_counter() - start)
        assert result is not None
        read_time = statistics.median(times)
        print(f"faceaudit sql.read:      {read_time:8.3f} s (median of {args.repeat})")
        print(f"ratio:                   {parse_time / read_time:8.1f}x faster "
              "(target 4x, goal 10x)")
        print(f"operations: {len(result.ops)}, errors: {len(result.errors)}")


if __name__ == "__main__":
    main()
