"""Articles only a person can confirm, and the frameworks a system's jurisdictions select."""

from __future__ import annotations

from pathlib import Path

import pytest

from faceaudit import ScanOptions, scan
from faceaudit.mandates import load_catalog
from faceaudit.mandates.select import applicable, expand


def _write(folder: Path, body: str) -> None:
    (folder / "faceaudit.yaml").write_text(body, encoding="utf-8")


def test_jurisdictions_select_frameworks() -> None:
    catalog = load_catalog()
    ids = lambda names: {fw.id for fw in applicable(catalog, names)}  # noqa: E731
    assert {"cn-frt-2025", "cn-pipl", "cn-video-2025"} <= ids(["CN"])
    assert "us-il-bipa" not in ids(["CN"])
    assert ids(["US-IL"]) == {"us-il-bipa"}
    assert {"eu-gdpr", "eu-ai-act"} <= ids(["DE"])
    assert expand(["FR", "HK"]) == {"FR", "HK", "EU"}
    assert expand(["CN-GD", "US-IL", "DE-BY"]) == {"CN-GD", "CN", "US-IL", "DE-BY", "DE", "EU"}
    assert "cn-frt-2025" in ids(["CN-GD"])


def test_human_articles_are_listed_attested_or_not(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "faceaudit: 1\nsystem: {name: Kiosk, jurisdictions: [CN]}\n"
                     "attestations:\n"
                     "  - {mandate: 'cn-frt-2025:Art.5', statement: Notice shown at kiosk,\n"
                     "     by: Z. Auditor, date: 2025-07-01}\n"
                     "  - {mandate: 'cn-frt-2025:Art.10', statement: Card reader beside gate,\n"
                     "     by: Z. Auditor, date: 2025-07-01}\n"
                     "  - {mandate: 'cn-frt-2025:Art.14', statement: 'admin password: hunter2',\n"
                     "     by: Z. Auditor, date: 2025-07-01}\n")
    monkeypatch.chdir(tmp_path)
    report = scan(["."], ScanOptions(plugins=False, select=["FA101"]))
    items = {item.mandate: item for item in report.attestations}
    assert not items["cn-frt-2025:Art.3"].attested
    notice = items["cn-frt-2025:Art.5"]
    assert notice.attested
    assert [(a.statement, a.by, a.date, a.provenance.line) for a in notice.attestations] == [
        ("Notice shown at kiosk", "Z. Auditor", "2025-07-01", 4)]
    # Art.10 is decided by checks, but an attestation of it is still shown, not dropped.
    assert items["cn-frt-2025:Art.10"].attested
    assert not any(m.startswith("us-il-bipa") for m in items)
    assert items["cn-frt-2025:Art.14"].attestations[0].statement == "admin password: ***"
    assert report.errors == ()


def test_attestation_of_an_unknown_article_is_an_input_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "faceaudit: 1\nsystem: {name: Kiosk, jurisdictions: [CN]}\n"
                     "attestations:\n"
                     "  - {mandate: 'cn-frt-2025:Art.99', statement: x, by: y, date: 2025-07-01}\n")
    monkeypatch.chdir(tmp_path)
    report = scan(["."], ScanOptions(plugins=False, select=["FA101"]))
    assert [(e.path, e.line, e.pointer) for e in report.errors] == [
        ("faceaudit.yaml", 4, "/attestations/0/mandate")]
    assert "no article 'cn-frt-2025:Art.99' in the mandate catalog" in report.errors[0].reason
