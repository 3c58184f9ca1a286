"""The command line, end to end through click, and once through the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from faceaudit.cli import cli
from faceaudit.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hotel-lobby"
REPORT_SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_scan_example_prints_findings_with_locations_and_exits_1() -> None:
    code, out, _ = run("scan", "examples/hotel-lobby")
    assert code == 1
    assert "examples/hotel-lobby/faceaudit.yaml:61  FA201 face-data-leaves-without-basis" in out
    assert ("path: gate-cam -> match-svc (line 57) -> events (line 60) -> vendor-api (line 61)"
            in out)
    assert "examples/hotel-lobby/faceaudit.yaml:40  FA101 unencrypted-face-store" in out
    assert out.index("CRITICAL (1)") < out.index("HIGH (7)") < out.index("MEDIUM (5)")
    assert ("fail               cn-frt-2025:Art.13  Devices in public places: 2 finding(s) "
            "from FA513; attested by J. Auditor on 2025-06-10, which does not clear a finding"
            in out)
    assert "COMPLIANCE cn-frt-2025 (Facial Recognition Measures) for Lobby access control" in out
    assert out.rstrip().endswith("13 findings (1 critical, 7 high, 5 medium), 0 errors")


def test_json_report_validates_against_the_schema() -> None:
    code, out, _ = run("scan", "examples/hotel-lobby", "--format", "json")
    assert code == 1
    report = json.loads(out)
    Draft202012Validator(REPORT_SCHEMA, format_checker=FormatChecker()).validate(report)
    assert report["schema_version"] == "2"
    assert report["complete"] is True
    assert [(i["path"], i["reader"]) for i in report["inputs"]] == [
        ("examples/hotel-lobby/db/migrations/V1__guests_and_faces.sql", "sql"),
        ("examples/hotel-lobby/db/migrations/V2__thumbnails.sql", "sql"),
        ("examples/hotel-lobby/db/migrations/V3__purge_and_drop_thumbnails.sql", "sql"),
        ("examples/hotel-lobby/faceaudit.yaml", "system-description")]
    assert [(f["check"], f["locations"][0]["line"]) for f in report["findings"]] == [
        ("FA201", 61), ("FA101", 40), ("FA111", 40), ("FA131", 38), ("FA203", 31),
        ("FA203", 40),
        ("FA211", 61), ("FA304", 66), ("FA204", 47), ("FA301", 40), ("FA513", 12),
        ("FA513", 17), ("FA703", 71)]
    assert report["totals"]["by_severity"] == {
        "info": 0, "low": 0, "medium": 5, "high": 7, "critical": 1}
    art13 = next(a for a in report["compliance"]["articles"]
                 if a["mandate"] == "cn-frt-2025:Art.13")
    assert (art13["status"], [t["line"] for t in art13["attestations"]]) == ("fail", [73])
    fingerprints = {f["fingerprint"]: f["check"] for f in report["findings"]}
    assert sorted(fingerprints[fp] for fp in art13["findings"]) == ["FA513", "FA513"]


def test_json_report_is_deterministic_apart_from_the_timestamp() -> None:
    first = json.loads(run("scan", "examples", "--format", "json")[1])
    second = json.loads(run("scan", "examples", "--format", "json")[1])
    first.pop("generated_at")
    second.pop("generated_at")
    assert first == second


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = run("scan", "examples/hotel-lobby", "--format", "json", "-o", str(target))
    assert code == 1
    assert out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["totals"]["findings"] == 13


def test_fail_on_threshold(tmp_path: Path) -> None:
    (tmp_path / "faceaudit.yaml").write_text(
        "faceaudit: 1\nsystem: {name: s}\ncomponents:\n"
        "  - id: db\n    kind: datastore\n    zone: on-premises\n    stores:\n"
        "      - data: [face-template]\n        encryption: {at_rest: aes-256-gcm}\n",
        encoding="utf-8")
    only = ("--select", "FA101,FA301")
    assert run("scan", str(tmp_path), *only, "--fail-on", "medium")[0] == 1  # FA301 is medium
    assert run("scan", str(tmp_path), *only, "--fail-on", "high")[0] == 0


def test_select_and_ignore() -> None:
    code, out, _ = run("scan", "examples/hotel-lobby", "--select", "FA101,FA301",
                       "--ignore", "face-data-no-retention-limit")
    assert code == 1
    assert "FA101" in out and "FA201" not in out and "FA301 " not in out


def test_unknown_check_is_a_usage_error() -> None:
    code, _, err = run("scan", "examples/hotel-lobby", "--select", "FA999")
    assert code == 2
    assert "no check matches 'FA999'" in err


def test_missing_target_is_a_usage_error() -> None:
    code, _, err = run("scan", "no/such/folder")
    assert code == 2
    assert "no/such/folder: no such file or folder" in err


def test_malformed_yaml_is_an_incomplete_scan_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "faceaudit.yaml"
    bad.write_text("faceaudit: 1\nsystem:\n  name: [unclosed\n", encoding="utf-8")
    good = tmp_path / "other" / "faceaudit.yaml"
    good.parent.mkdir()
    good.write_text("faceaudit: 1\nsystem: {name: Other}\ncomponents:\n"
                    "  - id: db\n    kind: datastore\n    zone: cloud\n"
                    "    stores: [{data: [face-image]}]\n", encoding="utf-8")
    code, out, _ = run("scan", str(tmp_path))
    assert code == 3
    assert f"{bad.as_posix()}:4  not valid YAML" in out
    assert "FA101" in out, "the valid description is still scanned"
    assert "scan incomplete" in out


def test_invalid_description_names_line_and_pointer(tmp_path: Path) -> None:
    bad = tmp_path / "faceaudit.yaml"
    bad.write_text("faceaudit: 1\nsystem: {name: s}\ncomponents:\n"
                   "  - id: cam\n    kind: camera\n    zone: device\n    colour: red\n",
                   encoding="utf-8")
    code, out, _ = run("scan", str(bad), "--format", "json")
    assert code == 3
    errors = json.loads(out)["errors"]
    assert [(e["line"], e["pointer"]) for e in errors] == [
        (5, "/components/0/kind"), (7, "/components/0/colour")]
    assert "'camera' is not one of" in errors[0]["reason"]
    assert "unknown key 'colour'; expected one of:" in errors[1]["reason"]


def test_secrets_in_bad_input_are_redacted(tmp_path: Path) -> None:
    bad = tmp_path / "faceaudit.yaml"
    bad.write_text("faceaudit: 1\nsystem: {name: s}\ncomponents:\n"
                   "  - {id: db, zone: cloud, kind: 'postgres://admin:hunter2@db.internal/faces'}\n",
                   encoding="utf-8")
    for fmt in ("text", "json"):
        code, out, err = run("scan", str(bad), "--format", fmt)
        assert code == 3
        assert "hunter2" not in out + err
        assert "postgres://admin:***@db.internal/faces" in out


def test_checks_list_and_show() -> None:
    code, out, _ = run("checks", "list")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("FA")]
    assert listed == sorted(c.id for c in load_registry(plugins=False).checks)
    assert listed[:3] == ["FA101", "FA102", "FA103"]
    code, out, _ = run("checks", "show", "FA201")
    assert code == 0
    assert out.startswith("# FA201 face-data-leaves-without-basis")
    assert "## Bad" in out and "## Good" in out and "cn-frt-2025:Art.8" in out
    assert run("checks", "show", "FA999")[0] == 2


def test_broken_checks_dir_is_a_usage_error_naming_the_module(tmp_path: Path) -> None:
    (tmp_path / "mine.py").write_text("CHECK = 42\n", encoding="utf-8")
    code, _, err = run("scan", "examples", "--checks-dir", str(tmp_path))
    assert code == 2
    assert f"{tmp_path / 'mine.py'}: does not define CHECK" in err


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "faceaudit.yaml").write_bytes(b"faceaudit: 1\n\xff\xfe broken")
    result = subprocess.run([sys.executable, "-m", "faceaudit", "scan", str(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 3
    assert "Traceback" not in result.stdout + result.stderr
    assert "not UTF-8 text" in result.stdout


def _system_with_mugshots(folder: Path) -> None:
    (folder / "faceaudit.yaml").write_text(
        "faceaudit: 1\nsystem: {name: s}\ncomponents:\n"
        "  - id: db\n    kind: datastore\n    zone: on-premises\n    stores:\n"
        "      - tables: [{name: people, columns: [{name: mugshot, type: bytea}]}]\n"
        "        retention: {days: 5, enforced_by: cron}\n", encoding="utf-8")
    (folder / "vendor").mkdir()
    (folder / "vendor" / "faceaudit.yaml").write_text("not: [valid", encoding="utf-8")


def test_pyproject_configuration_is_applied(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _system_with_mugshots(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run("scan", ".")[0] == 3  # vendor/faceaudit.yaml is broken; mugshot is unknown
    (tmp_path / "pyproject.toml").write_text(
        '[tool.faceaudit]\nexclude = ["vendor"]\nfail-on = "high"\nformat = "json"\n'
        'select = ["FA1"]\n'
        '[tool.faceaudit.vocabulary]\nface-image = ["mugshot"]\n', encoding="utf-8")
    code, out, _ = run("scan", ".")
    report = json.loads(out)
    assert code == 1
    assert [(f["check"], f["locations"][0]["object"]) for f in report["findings"]] == [
        ("FA101", "people")]
    assert report["errors"] == []
    assert run("scan", ".", "--fail-on", "critical")[0] == 0


def test_configuration_typo_is_a_usage_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _system_with_mugshots(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.faceaudit]\nfail_on = "high"\n',
                                             encoding="utf-8")
    code, _, err = run("scan", ".")
    assert code == 2
    assert "pyproject.toml: invalid faceaudit configuration" in err
    assert "'fail_on' was unexpected" in err


def test_explicit_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _system_with_mugshots(tmp_path)
    config = tmp_path / "faceaudit.toml"
    config.write_text('select = ["FA301"]\nexclude = ["vendor/*"]\n', encoding="utf-8")
    code, out, _ = run("scan", str(tmp_path), "--config", str(config))
    assert code == 0  # FA301 passes: the store has a retention limit
    assert "0 findings, 0 errors" in out
    config.write_text('select = "FA301"\n', encoding="utf-8")
    code, _, err = run("scan", str(tmp_path), "--config", str(config))
    assert code == 2
    assert "select: 'FA301' is not of type 'array'" in err


def test_fingerprints_do_not_depend_on_the_working_folder_or_lines(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system = tmp_path / "system"
    shutil.copytree(EXAMPLE, system)
    from_repo = json.loads(run("scan", str(system), "--format", "json")[1])
    monkeypatch.chdir(system)
    from_inside = json.loads(run("scan", ".", "--format", "json")[1])
    description = system / "faceaudit.yaml"
    description.write_text("# a comment that shifts every line\n\n"
                           + description.read_text(encoding="utf-8"), encoding="utf-8")
    shifted = json.loads(run("scan", ".", "--format", "json")[1])
    prints = [[f["fingerprint"] for f in r["findings"]] for r in (from_repo, from_inside, shifted)]
    assert prints[0] == prints[1] == prints[2]
    assert len(set(prints[0])) == len(prints[0]) == 13
    assert [f["locations"][0]["line"] for f in shifted["findings"]] == [
        f["locations"][0]["line"] + 2 for f in from_inside["findings"]]
