"""A non-editable install from the wheel, in a fresh virtual environment, works on its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from faceaudit.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=900)


@pytest.mark.slow
def test_wheel_installs_and_scans_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                  str(ROOT)], tmp_path)
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("faceaudit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "faceaudit/_bundled/schemas/report.schema.json" in names
    assert "faceaudit/_bundled/checks/dissemination/fa201_face_data_leaves_without_basis.py" \
        in names
    assert "faceaudit/mandates/data/cn-frt-2025.yaml" in names

    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    installed = _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path)
    assert installed.returncode == 0, installed.stderr

    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "examples" / "hotel-lobby", work / "hotel-lobby")
    listed = _run([str(bin_dir / "faceaudit"), "checks", "list"], work)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines() if line.startswith("FA")] \
        == sorted(c.id for c in load_registry(plugins=False).checks)

    scanned = _run([str(bin_dir / "faceaudit"), "scan", "hotel-lobby", "--format", "json"], work)
    assert scanned.returncode == 1, scanned.stderr
    report = json.loads(scanned.stdout)
    assert report["complete"] is True
    expected = yaml.safe_load((ROOT / "examples" / "hotel-lobby" / "expected.yaml").read_text(
        encoding="utf-8"))
    assert [f["check"] for f in report["findings"]] == [e["check"] for e in expected]
    assert [(i["path"], i["reader"]) for i in report["inputs"]] == [
        ("hotel-lobby/db/migrations/V1__guests_and_faces.sql", "sql"),
        ("hotel-lobby/db/migrations/V2__thumbnails.sql", "sql"),
        ("hotel-lobby/db/migrations/V3__purge_and_drop_thumbnails.sql", "sql"),
        ("hotel-lobby/faceaudit.yaml", "system-description")]
