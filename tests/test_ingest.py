"""Schema files stream through ingest: hashed whole, decoded line by line, bad bytes named."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from faceaudit import ScanOptions, scan


def test_invalid_utf8_line_is_an_error_and_the_rest_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = (b"\xef\xbb\xbf-- guests\n"
            b"CREATE TABLE guests (id int);\n"
            b"-- caf\xe9 corner camera\n"
            b"CREATE TABLE faces (face_embedding vector(512));\n")
    (tmp_path / "schema.sql").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    report = scan(["."], ScanOptions(plugins=False, select=["FA101"]))
    assert [(e.path, e.line) for e in report.errors] == [("schema.sql", 3)]
    assert report.errors[0].reason.startswith("not UTF-8 text: invalid continuation byte")
    assert [(f.check_id, f.primary.object) for f in report.findings] == [("FA101", "faces")]
    assert [i.sha256 for i in report.inputs] == [hashlib.sha256(data).hexdigest()]
