"""Stream a 200 MB pg_dump with COPY data through the SQL reader; print memory and time.

    python benchmarks/bench_pg_dump.py [--megabytes N] [--tables N]

Writes a generated plain-format dump to a temporary file: a schema of ``--tables`` tables, then
a ``COPY ... FROM stdin;`` block per table filling about ``--megabytes`` in all. One table holds
face embeddings as plaintext 512-number vectors. Each measurement runs in a child process:

- the reader on the full dump (its peak resident memory, from ``ru_maxrss``, target under
  200 MB, and its time);
- a plain Python loop over the file's lines, and the reader on the same dump without its data
  sections; the reader on the full dump should take at most twice their sum.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

_CHILD = textwrap.dedent("""
    import sys, time
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "read":
        from faceaudit.readers import sql
    if mode == "scan":
        from faceaudit import ScanOptions, scan
    start = time.perf_counter()
    if mode == "scan":
        report = scan([path], ScanOptions(plugins=False))
        detail = f"{len(report.findings)} findings, {len(report.errors)} errors"
    elif mode == "lines":
        count = 0
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            for _ in handle:
                count += 1
        detail = f"{count} lines"
    else:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            result = sql.read(handle, path)
        rows = sum(op.rows for op in result.ops if type(op).__name__ == "RowCount")
        samples = sum(1 for op in result.ops if type(op).__name__ == "Sample")
        detail = f"{len(result.ops)} operations, {rows} rows, {samples} samples, " \\
                 f"{len(result.errors)} errors"
    print(f"{time.perf_counter() - start:.3f}|{detail}")
""")


def _schema(tables: int) -> list[str]:
    out = ["--\n-- PostgreSQL database dump\n--\n\nSET client_encoding = 'UTF8';\n"
           "SELECT pg_catalog.set_config('search_path', '', false);\n\n"
           "CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;\n\n"]
    for n in range(tables):
        extra = ",\n    face_embedding public.vector(512)" if n == 0 else ",\n    note text"
        out.append(f"--\n-- Name: t{n}; Type: TABLE; Schema: public; Owner: app\n--\n\n"
                   f"CREATE TABLE public.t{n} (\n    id bigint NOT NULL,\n"
                   f"    guest_name character varying(120),\n"
                   f"    created_at timestamp with time zone DEFAULT now() NOT NULL{extra}\n);"
                   f"\n\n\nALTER TABLE public.t{n} OWNER TO app;\n\n")
    return out


def write_dump(path: Path, megabytes: int, tables: int, with_data: bool) -> None:
    rnd = random.Random(3)
    vector = "[" + ",".join(f"{rnd.uniform(-1, 1):.6f}" for _ in range(512)) + "]"
    budget = megabytes * 1_000_000 // tables
    with path.open("w", encoding="utf-8", newline="") as out:
        out.writelines(_schema(tables))
        if with_data:
            for n in range(tables):
                out.write(f"--\n-- Data for Name: t{n}; Type: TABLE DATA; Schema: public\n--\n\n"
                          f"COPY public.t{n} (id, guest_name, created_at, "
                          f"{'face_embedding' if n == 0 else 'note'}) FROM stdin;\n")
                written = 0
                row = 0
                chunk: list[str] = []
                while written < budget:
                    row += 1
                    tail = vector if n == 0 else f"visit note {row % 977} for room {row % 311}"
                    stamp = f"2025-03-01 10:{row % 60:02d}:00+00"
                    line = f"{row}\tGuest {row % 5000}\t{stamp}\t{tail}\n"
                    chunk.append(line)
                    written += len(line)
                    if len(chunk) >= 5000:
                        out.writelines(chunk)
                        chunk = []
                out.writelines(chunk)
                out.write("\\.\n\n\n")
        out.write("--\n-- PostgreSQL database dump complete\n--\n")


def _child(mode: str, path: Path) -> tuple[float, str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-c", _CHILD, mode, str(path)], check=True,
                          capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds, detail = done.stdout.strip().split("|", 1)
    # ru_maxrss of children is the largest child so far; children run largest-first below
    return float(seconds), detail, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--tables", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        full = Path(folder) / "dump.sql"
        schema = Path(folder) / "schema.sql"
        write_dump(full, args.megabytes, args.tables, with_data=True)
        write_dump(schema, args.megabytes, args.tables, with_data=False)
        print(f"dump: {full.stat().st_size / 1e6:.1f} MB, {args.tables} tables "
              f"(schema alone {schema.stat().st_size / 1e3:.1f} kB)")
        read_time, detail, peak = _child("read", full)
        print(f"faceaudit sql.read, full dump:  {read_time:7.3f} s  peak RSS {peak:6.1f} MB "
              "(target < 200 MB)")
        print(f"    {detail}")
        scan_time, scan_detail, scan_peak = _child("scan", full)
        print(f"faceaudit scan, whole pipeline: {scan_time:7.3f} s  peak RSS {scan_peak:6.1f} MB "
              f"({scan_detail}: reading, hashing, decoding, checks, report)")
        lines_time, lines_detail, _ = _child("lines", full)
        print(f"python loop over the lines:     {lines_time:7.3f} s  ({lines_detail})")
        schema_time, _, _ = _child("read", schema)
        print(f"faceaudit sql.read, schema only:{schema_time:7.3f} s")
        baseline = lines_time + schema_time
        print(f"full read / (lines + schema):   {read_time / baseline:7.2f} (target <= 2)")
        print(f"whole scan / (lines + schema):  {scan_time / baseline:7.2f} (target <= 2)")


if __name__ == "__main__":
    main()
