"""bandit as faceaudit runs it: plugins registered, files that do not parse, stock results."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from bandit.core import extension_loader  # type: ignore[import-untyped]

from faceaudit import ScanOptions, scan
from faceaudit.pysource import SourceFile, scan_sources
from faceaudit.pysource.plugins import TESTS

ATTENDANCE = '''import face_recognition
import requests


def check_in(path):
    encoding = face_recognition.face_encodings(face_recognition.load_image_file(path))[0]
    requests.post("https://hr.example.com/checkin", json=encoding.tolist(), timeout=5)
'''


def test_bandits_extension_manager_sees_faceaudits_tests() -> None:
    by_id = extension_loader.MANAGER.plugins_by_id
    for test_id, name, *_ in TESTS:
        assert by_id[test_id].name == name
        assert by_id[test_id].plugin.__module__ == "faceaudit.pysource.plugins"


def test_faceaudit_ids_do_not_clash_with_bandits_own() -> None:
    stock = {i for i, p in extension_loader.MANAGER.plugins_by_id.items()
             if not p.plugin.__module__.startswith("faceaudit")}
    stock |= set(extension_loader.MANAGER.blacklist_by_id)
    assert not stock & {t[0] for t in TESTS}


def test_a_file_that_does_not_parse_is_an_error_record_and_the_rest_are_scanned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    (tmp_path / "kiosk.py").write_text(ATTENDANCE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not python", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = scan(["."], ScanOptions(select=["FA921"], plugins=False))
    assert [(e.path, e.line, e.reason) for e in report.errors] == [
        ("broken.py", 1, "not valid Python: invalid syntax")]
    assert [(i.path, i.reader, i.sha256) for i in report.inputs] == [
        ("broken.py", "python-source",
         hashlib.sha256(b"def f(:\n    pass\n").hexdigest()),
        ("kiosk.py", "python-source", hashlib.sha256(ATTENDANCE.encode()).hexdigest())]
    scanned = scan_sources([SourceFile(tmp_path / n, n) for n in ("broken.py", "kiosk.py")])
    assert [(f.test_id, f.provenance.path, f.provenance.line, f.provenance.pointer, f.host)
            for f in scanned.findings] == [
        ("B901", "kiosk.py", 7, "check_in", "hr.example.com")]


def test_stock_results_keep_their_bandit_id_and_never_show_a_password(tmp_path: Path) -> None:
    source = tmp_path / "settings.py"
    source.write_text('import hashlib\nDB_PASSWORD = "s3cr3t-Value!"\n\n\n'
                      "def digest(data):\n    return hashlib.sha1(data).hexdigest()\n",
                      encoding="utf-8")
    found = scan_sources([SourceFile(source, "settings.py")]).findings
    assert [(f.test_id, f.category, f.provenance.line, f.provenance.pointer, f.sink)
            for f in found] == [
        ("B105", "security", 2, None, "hard-coded secret"),
        ("B324", "security", 6, "digest", "weak hash")]
    assert all("s3cr3t" not in f.message for f in found)


def test_no_python_files_means_no_bandit_run() -> None:
    assert scan_sources([]).findings == ()
