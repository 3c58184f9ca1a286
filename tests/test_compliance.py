"""The compliance view: article statuses, attestations, postures, framework choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from faceaudit import ScanOptions, scan
from faceaudit.mandates import load_catalog
from faceaudit.mandates.select import applicable, expand
from faceaudit.report import ArticleStatus, Report

KIOSK = """faceaudit: 1
system: {name: Kiosk, jurisdictions: [CN]}
components:
  - id: kiosk
    kind: capture-device
    zone: device
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-gcm, key_management: tpm}
        retention: {days: 1, enforced_by: on-device purge}
attestations:
  - {mandate: 'cn-frt-2025:Art.5', statement: Notice shown at kiosk, by: Z. Auditor,
     date: 2025-07-01}
  - {mandate: 'cn-frt-2025:Art.14', statement: 'admin password: hunter2', by: Z. Auditor,
     date: 2025-07-01}
"""


def _scan(folder: Path, text: str, monkeypatch: pytest.MonkeyPatch, **options: object) -> Report:
    (folder / "faceaudit.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    return scan(["."], ScanOptions(plugins=False, **options))  # type: ignore[arg-type]


def _articles(report: Report, framework: str) -> dict[str, ArticleStatus]:
    return {a.mandate: a for a in report.articles if a.framework == framework}


def test_jurisdictions_select_frameworks() -> None:
    catalog = load_catalog()

    def ids(names: list[str]) -> set[str]:
        return {fw.id for fw in applicable(catalog, names)}

    assert {"cn-frt-2025", "cn-pipl", "cn-video-2025"} <= ids(["CN"])
    assert "us-il-bipa" not in ids(["CN"])
    assert ids(["US-IL"]) == {"us-il-bipa"}
    assert {"eu-gdpr", "eu-ai-act"} <= ids(["DE"])
    assert expand(["FR", "HK"]) == {"FR", "HK", "EU"}
    assert expand(["CN-GD", "US-IL", "DE-BY"]) == {"CN-GD", "CN", "US-IL", "DE-BY", "DE", "EU"}
    assert "cn-frt-2025" in ids(["CN-GD"])


def test_statuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _scan(tmp_path, KIOSK, monkeypatch)
    frt = _articles(report, "cn-frt-2025")
    # Findings fail an article whatever is attested about it.
    assert frt["cn-frt-2025:Art.14"].status == "fail"
    assert "attested by Z. Auditor on 2025-07-01, which does not clear" in \
        frt["cn-frt-2025:Art.14"].reason
    assert frt["cn-frt-2025:Art.14"].attestations[0].statement == "admin password: ***"
    assert (frt["cn-frt-2025:Art.5"].status, frt["cn-frt-2025:Art.5"].reason) == (
        "attested", "attested by Z. Auditor on 2025-07-01")
    assert frt["cn-frt-2025:Art.3"].status == "needs-attestation"
    assert frt["cn-frt-2025:Art.6"].status == "fail"  # FA401: no separate consent
    # FA501 ran and found nothing: the kiosk states no verification purpose.
    assert frt["cn-frt-2025:Art.10"].status == "pass"
    assert frt["cn-frt-2025:Art.13"].status == "needs-attestation"
    # A purely informational article (purpose of the law, date in force) is out of scope.
    assert "cn-frt-2025:Art.1" not in frt and "cn-frt-2025:Art.20" not in frt
    assert (frt["cn-frt-2025:Art.8"].status, frt["cn-frt-2025:Art.8"].checks) == (
        "pass", ("FA201", "FA202", "FA203", "FA228", "FA229", "FA231", "FA233", "FA242",
                 "FA301",
                 "FA303", "FA305", "FA306", "FA307"))


def test_pass_not_assessed_and_posture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _scan(tmp_path, KIOSK, monkeypatch, select=["FA1", "FA2", "FA3"],
                   frameworks=["gbt-35273-2020"])
    gbt = _articles(report, "gbt-35273-2020")
    assert {m: a.status for m, a in gbt.items()} == {
        "gbt-35273-2020:6.3(a)": "pass", "gbt-35273-2020:6.3(b)": "pass",
        "gbt-35273-2020:6.3(c)": "pass"}
    assert gbt["gbt-35273-2020:6.3(a)"].reason.endswith("ran on facial data and found nothing")
    (posture,) = report.postures
    assert (posture.framework, posture.score, dict(posture.counts)["pass"]) == (
        "gbt-35273-2020", 100, 3)


def test_schema_only_scan_is_not_assessed(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "init.sql").write_text(
        "CREATE TABLE faces (face_embedding vector(512));\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = scan(["."], ScanOptions(plugins=False, frameworks=["cn-frt-2025"]))
    frt = _articles(report, "cn-frt-2025")
    assert frt["cn-frt-2025:Art.14"].status == "fail"  # FA101 judges stored data anyway
    assert frt["cn-frt-2025:Art.10"].status == "not-assessed"
    assert frt["cn-frt-2025:Art.10"].reason == (
        "FA501 need a system description, and none covers these inputs; "
        "FA521 need Python source, and none was scanned")


def test_posture_formula(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _scan(tmp_path, KIOSK, monkeypatch, frameworks=["cn-frt-2025"])
    (posture,) = report.postures
    counts = dict(posture.counts)
    failing = [a for a in report.articles if a.status == "fail"]
    by_print = {f.fingerprint: f for f in report.findings}
    risk = sum(max(by_print[fp].score.value for fp in a.findings) / 10 for a in failing)
    assessed = counts["fail"] + counts["pass"]
    assert posture.risk == round(risk, 3)
    assert posture.score == round(100 * (1 - risk / assessed))


def test_attestation_of_an_unknown_article_is_an_input_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _scan(tmp_path, "faceaudit: 1\nsystem: {name: Kiosk, jurisdictions: [CN]}\n"
                   "attestations:\n"
                   "  - {mandate: 'cn-frt-2025:Art.99', statement: x, by: y, date: 2025-07-01}\n",
                   monkeypatch, select=["FA101"])
    assert [(e.path, e.line, e.pointer) for e in report.errors] == [
        ("faceaudit.yaml", 4, "/attestations/0/mandate")]
    assert "no article 'cn-frt-2025:Art.99' in the mandate catalog" in report.errors[0].reason
