"""`faceaudit mandates list|show|coverage` through click, and the library behind it
(faceaudit.mandates.coverage) on the real catalog and on small made-up ones.

That every article a built-in check cites exists in the catalog is tested in
tests/test_catalogue.py (test_check_cites_only_catalog_articles), not here.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Example, Hit, Severity
from faceaudit.cli import cli
from faceaudit.errors import UsageError
from faceaudit.mandates import Article, Catalog, Framework, load_catalog
from faceaudit.mandates import coverage as cov
from faceaudit.model import SystemModel
from faceaudit.registry import load_registry

CATALOG = load_catalog()
CHECKS = load_registry().checks  # built-in checks plus any installed plugin, as the CLI sees them


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr


def expected_counts(framework_id: str) -> dict[str, int]:
    """Coverage counts worked out here from the catalog and the registry, independently of
    faceaudit.mandates.coverage."""
    framework = next(fw for fw in CATALOG.frameworks if fw.id == framework_id)
    counts = {"covered": 0, "attestation": 0, "covered+attestation": 0, "uncovered": 0,
              "out-of-scope": 0}
    for article in framework.articles:
        cited = any(article.id in check.meta.mandates for check in CHECKS)
        human = "HUM" in article.evidence
        key = ("covered+attestation" if cited and human else "covered" if cited
               else "attestation" if human
               else "uncovered" if article.checkable != "no" else "out-of-scope")
        counts[key] += 1
    return counts


# --------------------------------------------------------------------------- mandates list


def test_list_shows_every_framework_in_catalog_order() -> None:
    code, out, _ = run("mandates", "list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [fw.id for fw in CATALOG.frameworks]
    frt = next(line for line in lines if line.startswith("cn-frt-2025 "))
    assert frt.split("  ")[0].strip() == "cn-frt-2025"
    for part in ("Facial Recognition Measures", " CN ", "2025-06-01", " binding ",
                 "20 articles"):
        assert part in frt
    gbt = next(line for line in lines if line.startswith("gbt-35273-2020 "))
    assert "non-binding" in gbt


def test_list_for_illinois_is_exactly_bipa() -> None:
    code, out, err = run("mandates", "list", "--jurisdiction", "US-IL")
    assert (code, err) == (0, "")
    assert out == "us-il-bipa  BIPA  US-IL  2008-10-03  binding  5 articles\n"
    assert run("mandates", "list", "--jurisdiction", "us-il")[1] == out


def test_list_subdivision_brings_in_its_country_and_member_state_brings_in_eu() -> None:
    _, out, _ = run("mandates", "list", "--jurisdiction", "CN-GD")
    assert [line.split()[0] for line in out.splitlines()] == [
        fw.id for fw in CATALOG.frameworks if "CN" in fw.jurisdictions]
    _, out, _ = run("mandates", "list", "--jurisdiction", "FR")
    assert [line.split()[0] for line in out.splitlines()] == ["eu-ai-act", "eu-gdpr"]
    _, out, _ = run("mandates", "list", "--jurisdiction", "US-IL,US-TX")
    assert [line.split()[0] for line in out.splitlines()] == ["us-il-bipa", "us-tx-cubi"]


def test_list_for_a_jurisdiction_without_frameworks_is_empty() -> None:
    code, out, err = run("mandates", "list", "--jurisdiction", "JP")
    assert (code, out) == (0, "")
    assert err == "faceaudit: no framework in the catalog applies to JP\n"


def test_list_rejects_a_malformed_jurisdiction() -> None:
    code, out, err = run("mandates", "list", "--jurisdiction", "Illinois")
    assert (code, out) == (2, "")
    assert err == ("faceaudit: --jurisdiction: 'ILLINOIS' is not a jurisdiction code such as "
                   "CN, CN-GD or US-IL\n")


# --------------------------------------------------------------------------- mandates show


def test_show_article_8_lists_its_checks_and_confidence() -> None:
    code, out, _ = run("mandates", "show", "cn-frt-2025:Art.8")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("cn-frt-2025:Art.8  On-device storage, no internet transfer, "
                        "minimal retention")
    assert "confidence:   confirmed (C)" in lines
    assert "effective:    2025-06-01" in lines
    assert "checkable:    yes" in lines
    assert ("framework:    Facial Recognition Measures (cn-frt-2025; binding; CN)" in lines)
    assert lines[lines.index("checkable:    yes") + 1].startswith("evidence:     DF (data flows)")
    check_rows = [line[14:].split() for line in lines[next(
        i for i, line in enumerate(lines) if line.startswith("checks:")):]]
    covering = {row[0]: (row[1], row[2]) for row in check_rows}
    assert covering["FA201"] == ("face-data-leaves-without-basis", "critical")
    assert covering["FA203"][0] == "face-stored-off-device"
    assert covering["FA301"] == ("face-data-no-retention-limit", "medium")
    assert sorted(covering) == sorted(c.id for c in CHECKS
                                      if "cn-frt-2025:Art.8" in c.meta.mandates)
    assert not any(line.startswith("attestation:") for line in lines)


def test_show_article_3_says_a_person_must_attest_and_how_to_record_it() -> None:
    code, out, _ = run("mandates", "show", "cn-frt-2025:Art.3")
    assert code == 0
    lines = out.splitlines()
    assert "checks:       none" in lines
    assert "evidence:     HUM (a person's attestation)" in lines
    assert ("attestation:  a person must attest that the system meets this article (no check "
            "can show it); record") in lines
    assert lines[-1] == ('              attestations: [{mandate: "cn-frt-2025:Art.3", '
                         'statement: "<what was confirmed>", by: "<name, role>", '
                         'date: "YYYY-MM-DD"}]')


def test_show_partly_checkable_article_names_checks_and_the_person() -> None:
    _, out, _ = run("mandates", "show", "cn-frt-2025:Art.2")
    assert "checks:       FA801  training-mixed-with-production  medium" in out.splitlines()
    assert ("a person must attest the part of this article that no check can show (see the "
            "note)") in out


def test_show_uses_the_articles_own_date_of_effect() -> None:
    _, out, _ = run("mandates", "show", "eu-ai-act:Art.5(1)(e)")
    assert "effective:    2025-02-02" in out.splitlines()  # the framework's is 2024-08-01
    _, out, _ = run("mandates", "show", "eu-gdpr:Art.35")
    assert "effective:    2018-05-25" in out.splitlines()


def test_show_ignores_case_when_nothing_matches_exactly() -> None:
    assert run("mandates", "show", "CN-FRT-2025:art.8")[1] == run(
        "mandates", "show", "cn-frt-2025:Art.8")[1]


def test_show_framework_lists_its_articles_briefly() -> None:
    code, out, _ = run("mandates", "show", "cn-frt-2025")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("cn-frt-2025  Measures for the Security Management of the Application "
                        "of Facial Recognition Technology")
    assert "articles:     20" in lines
    rows = [line for line in lines if line.startswith("Art.")]
    assert [row.split()[0] for row in rows] == [f"Art.{n}" for n in range(1, 21)]
    assert "Art.3   [C]  attestation          General duties of processors" in rows
    assert rows[0] == "Art.1   [C]  out-of-scope         Purpose and legal basis"


def test_show_unknown_reference_exits_2_and_suggests_close_matches() -> None:
    code, out, err = run("mandates", "show", "cn-frt-2025:Art8")
    assert (code, out) == (2, "")
    assert err.startswith("faceaudit: no article 'cn-frt-2025:Art8' in the mandate catalog; "
                          "did you mean cn-frt-2025:Art.8")
    assert "Traceback" not in err


def test_show_unknown_with_nothing_close_points_to_the_list() -> None:
    code, _, err = run("mandates", "show", "nothing-like-it")
    assert code == 2
    assert err == ("faceaudit: no framework or article 'nothing-like-it' in the mandate "
                   "catalog; `faceaudit mandates list` shows the frameworks\n")


CHECK_MODULE = """
from faceaudit.check import Check, CheckMeta, Concern, Confidence, Example, Severity

CHECK = Check(meta=CheckMeta(
    id="FA990", slug="ethics-review", title="Demo", severity=Severity.LOW,
    confidence=Confidence.HIGH, concern=Concern.RETENTION, mandates=("cn-frt-2025:Art.3",),
    rationale="r", remediation="m", added="0.1.0", reads=("components",),
    bad_example=Example("yaml", "a"), good_example=Example("yaml", "b")), run=lambda m: iter(()))
"""


def test_show_and_coverage_take_checks_dir(tmp_path: Path) -> None:
    (tmp_path / "fa990_ethics.py").write_text(textwrap.dedent(CHECK_MODULE), encoding="utf-8")
    _, out, _ = run("mandates", "show", "cn-frt-2025:Art.3", "--checks-dir", str(tmp_path))
    assert "checks:       FA990  ethics-review  low" in out.splitlines()
    _, out, _ = run("mandates", "coverage", "--framework", "cn-frt-2025", "--checks-dir",
                    str(tmp_path))
    assert "  Art.3   covered+attestation  FA990" in out.splitlines()


def test_show_with_a_broken_checks_dir_exits_2(tmp_path: Path) -> None:
    (tmp_path / "fa991_broken.py").write_text("raise ValueError('no')\n", encoding="utf-8")
    code, out, err = run("mandates", "show", "cn-frt-2025:Art.3", "--checks-dir", str(tmp_path))
    assert (code, out) == (2, "")
    assert "failed to load: ValueError: no" in err


# --------------------------------------------------------------------------- mandates coverage


def test_coverage_counts_for_the_measures_match_the_catalog_and_registry() -> None:
    code, out, _ = run("mandates", "coverage", "--framework", "cn-frt-2025")
    assert code == 0
    counts = expected_counts("cn-frt-2025")
    lines = out.splitlines()
    assert lines[0] == ("cn-frt-2025 (Facial Recognition Measures): 20 articles: "
                        f"{counts['covered']} covered, {counts['attestation']} attestation, "
                        f"{counts['covered+attestation']} covered+attestation, "
                        f"{counts['uncovered']} uncovered, {counts['out-of-scope']} out-of-scope")
    assert lines[-1] == ("total: 20 articles in 1 framework: "
                         f"{counts['covered']} covered, {counts['attestation']} attestation, "
                         f"{counts['covered+attestation']} covered+attestation, "
                         f"{counts['uncovered']} uncovered, {counts['out-of-scope']} out-of-scope")
    assert "  Art.1   out-of-scope" in lines
    assert "  Art.3   attestation" in lines
    assert "  Art.10  covered              FA501, FA521" in lines
    assert ("  Art.8   covered              FA201, FA202, FA203, FA228, FA229, FA231, FA233, "
            "FA242, FA301, FA303, FA305, FA306, FA307") in lines


def test_coverage_json_is_deterministic_and_matches_the_catalog() -> None:
    code, out, _ = run("mandates", "coverage", "--format", "json")
    assert code == 0
    assert run("mandates", "coverage", "--format", "json")[1] == out
    data = json.loads(out)
    assert data["classes"] == ["covered", "attestation", "covered+attestation", "uncovered",
                               "out-of-scope"]
    assert [fw["id"] for fw in data["frameworks"]] == [fw.id for fw in CATALOG.frameworks]
    for fw in data["frameworks"]:
        assert fw["counts"] == expected_counts(fw["id"])
        assert sum(fw["counts"].values()) == fw["articles_total"] == len(fw["articles"])
    article_8 = next(a for fw in data["frameworks"] for a in fw["articles"]
                     if a["id"] == "cn-frt-2025:Art.8")
    assert article_8["class"] == "covered"
    assert {"FA201", "FA203", "FA301"} <= set(article_8["checks"])
    assert article_8["checks"] == sorted(article_8["checks"])
    total = data["total"]
    assert total["frameworks"] == len(CATALOG.frameworks)
    assert total["articles"] == sum(len(fw.articles) for fw in CATALOG.frameworks)
    for key in data["classes"]:
        assert total["counts"][key] == sum(expected_counts(fw.id)[key]
                                           for fw in CATALOG.frameworks)


def test_coverage_framework_option_repeats_and_takes_commas() -> None:
    _, one, _ = run("mandates", "coverage", "--framework", "us-tx-cubi,us-il-bipa")
    _, two, _ = run("mandates", "coverage", "--framework", "us-il-bipa",
                    "--framework", "us-tx-cubi")
    assert one == two
    assert [line.split()[0] for line in one.splitlines() if line and not line.startswith(" ")
            ] == ["us-il-bipa", "us-tx-cubi", "total:"]  # catalog order, not the order asked


def test_coverage_unknown_framework_exits_2() -> None:
    code, out, err = run("mandates", "coverage", "--framework", "cn-frt2025")
    assert (code, out) == (2, "")
    assert err == ("faceaudit: no framework 'cn-frt2025' in the mandate catalog; did you mean "
                   "cn-frt-2025, cn-video-2025?\n")


def test_coverage_rejects_an_unknown_format() -> None:
    code, _, err = run("mandates", "coverage", "--format", "xml")
    assert code == 2
    assert "Invalid value for '--format'" in err


# --------------------------------------------------------------------------- the library


def _article(framework: str, ref: str, evidence: tuple[str, ...] = (),
             checkable: str = "yes", note: str | None = None) -> Article:
    return Article(framework, ref, f"Title {ref}", f"Requirement {ref}.", "C", checkable,
                   evidence, note)


def _framework(fid: str, jurisdictions: tuple[str, ...], *articles: Article,
               binding: bool = True) -> Framework:
    return Framework(fid, f"Long {fid}", f"Short {fid}", jurisdictions, "2020-01-01", binding,
                     articles)


def _no_hits(model: SystemModel) -> Iterator[Hit]:
    return iter(())


def _check(check_id: str, *mandates: str, severity: Severity = Severity.HIGH) -> Check:
    meta = CheckMeta(
        id=check_id, slug=f"demo-{check_id.lower()}", title="Demo", severity=severity,
        confidence=Confidence.HIGH, concern=Concern.RETENTION, mandates=mandates,
        rationale="r", remediation="m", added="0.1.0", reads=("components",),
        bad_example=Example("yaml", "a"), good_example=Example("yaml", "b"))
    return Check(meta=meta, run=_no_hits)


TOY = Catalog((
    _framework("xx-law", ("CN",),
               _article("xx-law", "Art.1"),
               _article("xx-law", "Art.2", ("HUM",), "no"),
               _article("xx-law", "Art.3", ("DF", "HUM"), "partial", note="See this."),
               _article("xx-law", "Art.4", ("DF",))),
    _framework("yy-std", ("US-IL",), _article("yy-std", "1(a)", ("DB",)), binding=False),
), "toy")
TOY_CHECKS = (_check("FA902", "xx-law:Art.4", "yy-std:1(a)"),
              _check("FA901", "xx-law:Art.3", "xx-law:Art.4", severity=Severity.LOW))


def test_classify_each_class() -> None:
    articles = {a.ref: a for a in TOY.frameworks[0].articles}
    assert cov.classify(articles["Art.1"], TOY_CHECKS) == "uncovered"
    assert cov.classify(articles["Art.2"], TOY_CHECKS) == "attestation"
    assert cov.classify(articles["Art.3"], TOY_CHECKS) == "covered+attestation"
    assert cov.classify(articles["Art.4"], TOY_CHECKS) == "covered"
    assert cov.classify(articles["Art.4"], ()) == "uncovered"
    assert cov.classify(_article("xx-law", "Art.9", checkable="no"), TOY_CHECKS) == "out-of-scope"
    assert cov.classify(_article("xx-law", "Art.9", checkable="partial"), ()) == "uncovered"


def test_covering_checks_are_sorted_by_id() -> None:
    assert cov.covering_checks("xx-law:Art.4", TOY_CHECKS) == (
        cov.CoveringCheck("FA901", "demo-fa901", "low"),
        cov.CoveringCheck("FA902", "demo-fa902", "high"))
    assert cov.covering_checks("xx-law:Art.1", TOY_CHECKS) == ()


def test_coverage_counts_and_total() -> None:
    report = cov.coverage(TOY, TOY_CHECKS)
    assert [fw.id for fw in report.frameworks] == ["xx-law", "yy-std"]
    assert report.frameworks[0].counts == {"covered": 1, "attestation": 1,
                                           "covered+attestation": 1, "uncovered": 1,
                                           "out-of-scope": 0}
    assert report.frameworks[1].counts == {"covered": 1, "attestation": 0,
                                           "covered+attestation": 0, "uncovered": 0,
                                           "out-of-scope": 0}
    assert report.counts == {"covered": 2, "attestation": 1, "covered+attestation": 1,
                             "uncovered": 1, "out-of-scope": 0}
    assert report.frameworks[0].articles[3] == cov.ArticleCoverage(
        "xx-law:Art.4", "Art.4", "Title Art.4", "covered", ("FA901", "FA902"))


def test_render_coverage_text() -> None:
    assert cov.render_coverage(cov.coverage(TOY, TOY_CHECKS, ["xx-law"])) == (
        "xx-law (Short xx-law): 4 articles: 1 covered, 1 attestation, 1 covered+attestation, "
        "1 uncovered, 0 out-of-scope\n"
        "  Art.1  uncovered\n"
        "  Art.2  attestation\n"
        "  Art.3  covered+attestation  FA901\n"
        "  Art.4  covered              FA901, FA902\n"
        "\n"
        "total: 4 articles in 1 framework: 1 covered, 1 attestation, 1 covered+attestation, "
        "1 uncovered, 0 out-of-scope\n")


def test_coverage_json_shape() -> None:
    data = cov.coverage_json(cov.coverage(TOY, TOY_CHECKS, ["yy-std"]))
    assert data == {
        "classes": ["covered", "attestation", "covered+attestation", "uncovered",
                    "out-of-scope"],
        "frameworks": [{
            "id": "yy-std", "short_title": "Short yy-std", "articles_total": 1,
            "counts": {"covered": 1, "attestation": 0, "covered+attestation": 0,
                       "uncovered": 0, "out-of-scope": 0},
            "articles": [{"id": "yy-std:1(a)", "ref": "1(a)", "title": "Title 1(a)",
                          "class": "covered", "checks": ["FA902"]}]}],
        "total": {"frameworks": 1, "articles": 1,
                  "counts": {"covered": 1, "attestation": 0, "covered+attestation": 0,
                             "uncovered": 0, "out-of-scope": 0}}}
    assert json.loads(cov.render_coverage_json(cov.coverage(TOY, TOY_CHECKS, ["yy-std"]))) == data


def test_select_frameworks_rejects_unknown_ids_with_suggestions() -> None:
    assert cov.select_frameworks(TOY) == TOY.frameworks
    assert cov.select_frameworks(TOY, ["yy-std", "xx-law"]) == TOY.frameworks
    with pytest.raises(cov.UnknownMandateError) as caught:
        cov.select_frameworks(TOY, ["xx-la"])
    assert caught.value.suggestions == ("xx-law",)
    assert isinstance(caught.value, UsageError)


def test_resolve_framework_article_case_and_unknown() -> None:
    assert cov.resolve(TOY, "xx-law") is TOY.frameworks[0]
    assert cov.resolve(TOY, " xx-law:Art.3 ") == (TOY.frameworks[0],
                                                  TOY.frameworks[0].articles[2])
    assert cov.resolve(TOY, "YY-STD:1(A)") == (TOY.frameworks[1], TOY.frameworks[1].articles[0])
    with pytest.raises(cov.UnknownMandateError) as caught:
        cov.resolve(TOY, "xx-law:Art.5")
    assert caught.value.suggestions[0] in {"xx-law:Art.1", "xx-law:Art.2", "xx-law:Art.3",
                                           "xx-law:Art.4"}
    assert str(caught.value).startswith("no article 'xx-law:Art.5' in the mandate catalog; "
                                        "did you mean xx-law:Art.")


def test_close_matches_on_the_real_catalog() -> None:
    assert cov.close_matches(CATALOG, "cn-frt-2025:Art8")[0] == "cn-frt-2025:Art.8"
    assert cov.close_matches(CATALOG, "us-il-bipa:15b")[0] == "us-il-bipa:15(b)"
    assert set(cov.all_refs(CATALOG)) >= {"cn-frt-2025", "cn-frt-2025:Art.8"}


def test_article_detail_rejects_a_framework() -> None:
    with pytest.raises(cov.UnknownMandateError, match="is a framework, not an article"):
        cov.article_detail(TOY, "xx-law", TOY_CHECKS)


def test_effective_date_prefers_the_articles_own() -> None:
    framework = TOY.frameworks[0]
    article = framework.articles[0]
    assert cov.effective_date(framework, article) == "2020-01-01"
    assert cov.effective_date(framework, replace(article, effective="2021-02-03")) == "2021-02-03"
    real = CATALOG.article("eu-ai-act:Art.5(1)(e)")
    assert real is not None and real.effective == "2025-02-02"
    frt = CATALOG.article("cn-frt-2025:Art.8")
    assert frt is not None and frt.effective is None


def test_render_article_for_a_person() -> None:
    detail = cov.article_detail(TOY, "xx-law:Art.3", TOY_CHECKS)
    assert detail.coverage_class == "covered+attestation"
    assert cov.render_article(detail) == (
        "xx-law:Art.3  Title Art.3\n"
        "framework:    Short xx-law (xx-law; binding; CN)\n"
        "effective:    2020-01-01\n"
        "confidence:   confirmed (C)\n"
        "checkable:    partial\n"
        "evidence:     DF (data flows), HUM (a person's attestation)\n"
        "requirement:  Requirement Art.3.\n"
        "note:         See this.\n"
        "checks:       FA901  demo-fa901  low\n"
        "attestation:  a person must attest the part of this article that no check can show "
        "(see the note);\n"
        "              record it in faceaudit.yaml:\n"
        '              attestations: [{mandate: "xx-law:Art.3", statement: "<what was '
        'confirmed>", by: "<name, role>", date: "YYYY-MM-DD"}]\n')


def test_list_frameworks_by_jurisdiction() -> None:
    assert [s.id for s in cov.list_frameworks(TOY)] == ["xx-law", "yy-std"]
    assert [s.id for s in cov.list_frameworks(TOY, ["cn-sh"])] == ["xx-law"]
    assert cov.list_frameworks(TOY, ["US-IL"]) == (
        cov.FrameworkSummary("yy-std", "Short yy-std", ("US-IL",), "2020-01-01", False, 1),)
    assert cov.list_frameworks(TOY, ["DE"]) == ()
    with pytest.raises(UsageError, match="not a jurisdiction code"):
        cov.list_frameworks(TOY, ["C"])
    assert cov.render_list(cov.list_frameworks(TOY)) == (
        "xx-law  Short xx-law  CN     2020-01-01  binding      4 articles\n"
        "yy-std  Short yy-std  US-IL  2020-01-01  non-binding  1 article\n")
    assert cov.render_list(()) == ""


def test_every_confidence_and_evidence_in_the_catalog_is_spelled_out() -> None:
    for framework in CATALOG.frameworks:
        for article in framework.articles:
            assert article.confidence in cov.CONFIDENCE
            assert set(article.evidence) <= set(cov.EVIDENCE)
