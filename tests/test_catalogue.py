"""The catalogue of built-in checks: registered, documented, tested, citing real articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from faceaudit.check import Check
from faceaudit.checkdoc import render_check_doc, render_index
from faceaudit.mandates import load_catalog
from faceaudit.registry import checks_in_folder, load_registry
from faceaudit.resources import builtin_checks_dir

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "checks" / "fixtures"
BUILTIN = checks_in_folder(builtin_checks_dir(), "built-in")


def test_every_check_module_is_registered() -> None:
    modules = sorted(p for p in (ROOT / "checks").rglob("*.py") if not p.name.startswith("_"))
    registered = {c.id for c in load_registry(plugins=False).checks}
    assert len(modules) == len(BUILTIN)
    assert registered == {c.id for c in BUILTIN}
    assert {"FA101", "FA201", "FA301"} <= registered


def test_ids_and_slugs_are_unique() -> None:
    ids = [c.id for c in BUILTIN]
    slugs = [c.meta.slug for c in BUILTIN]
    assert len(set(ids)) == len(ids)
    assert len(set(slugs)) == len(slugs)


def test_module_file_names_start_with_the_check_id() -> None:
    for path in (ROOT / "checks").rglob("fa*.py"):
        module_id = path.name.split("_", 1)[0].upper()
        assert module_id in {c.id for c in BUILTIN}, path


@pytest.mark.parametrize("check", BUILTIN, ids=lambda c: c.id)
def test_doc_page_exists_and_is_current(check: Check) -> None:
    page = ROOT / check.meta.docs_path
    assert page.is_file(), f"{page} missing: run python -m faceaudit.checkdoc"
    assert page.read_text(encoding="utf-8") == render_check_doc(check, load_catalog()), (
        f"{page} is stale: run python -m faceaudit.checkdoc")


def test_check_index_is_current() -> None:
    index = ROOT / "docs" / "checks" / "README.md"
    assert index.read_text(encoding="utf-8") == render_index(BUILTIN), (
        f"{index} is stale: run python -m faceaudit.checkdoc")


def test_no_doc_page_without_a_check() -> None:
    pages = {p.stem for p in (ROOT / "docs" / "checks").glob("FA*.md")}
    assert pages == {c.id for c in BUILTIN}


@pytest.mark.parametrize("check", BUILTIN, ids=lambda c: c.id)
def test_check_has_pass_and_fail_fixtures(check: Check) -> None:
    for kind in ("pass", "fail"):
        cases = [p for p in (FIXTURES / check.id / kind).glob("*") if p.is_dir()]
        assert cases, f"{check.id} has no {kind} fixture"
        for case in cases:
            assert (case / "expected.yaml").is_file(), case


@pytest.mark.parametrize("check", BUILTIN, ids=lambda c: c.id)
def test_check_cites_only_catalog_articles(check: Check) -> None:
    catalog = load_catalog()
    missing = [ref for ref in check.meta.mandates if catalog.article(ref) is None]
    assert missing == []
    unconfirmed = [ref for ref in check.meta.mandates
                   if (article := catalog.article(ref)) is not None and article.confidence == "U"]
    assert unconfirmed == [], "checks cite only confirmed [C] or secondary [S] articles"


def test_catalog_has_all_twenty_articles_of_the_measures() -> None:
    frameworks = {fw.id: fw for fw in load_catalog().frameworks}
    refs = [a.ref for a in frameworks["cn-frt-2025"].articles]
    assert refs == [f"Art.{n}" for n in range(1, 21)]
    assert frameworks["cn-frt-2025"].effective == "2025-06-01"
