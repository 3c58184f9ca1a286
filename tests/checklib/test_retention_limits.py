"""The retention-limits table (package data) and how a store's retention is held against it."""

from __future__ import annotations

from importlib.resources import files

import pytest

from faceaudit.checklib.retention import (
    RETENTION_EVENTS,
    RetentionLimit,
    RetentionLimitsError,
    counting_note,
    limits_for,
    load_retention_limits,
    overrun,
    parse_retention_limits,
)
from faceaudit.mandates import load_catalog
from faceaudit.model import Provenance, Retention
from faceaudit.resources import load_schema

GOOD = """
limits:
  - framework: demo-law
    jurisdiction: XX
    article: "Art.9"
    max_days: 100
    counted_from: collection
    summary: >-
      delete within
      100 days
"""


def _retention(days: int | None, after: str | None = None) -> Retention:
    return Retention(days, "purge job", after, Provenance("faceaudit.yaml", 10))


def _limit(max_days: int = 1095, counted_from: str = "last-interaction",
           jurisdiction: str = "US-IL") -> RetentionLimit:
    return RetentionLimit("us-il-bipa", jurisdiction, "15(a)", max_days, counted_from, "rule")


def test_the_packaged_limits_are_bipa_and_cubi() -> None:
    limits = {limit.jurisdiction: limit for limit in load_retention_limits()}
    assert set(limits) == {"US-IL", "US-TX"}
    illinois, texas = limits["US-IL"], limits["US-TX"]
    assert (illinois.mandate, illinois.max_days, illinois.counted_from) == (
        "us-il-bipa:15(a)", 1095, "last-interaction")
    assert (texas.mandate, texas.max_days, texas.counted_from) == (
        "us-tx-cubi:503.001(c)(3)", 365, "purpose-end")
    assert "3 years" in illinois.summary and "\n" not in illinois.summary


def test_the_limits_file_is_package_data() -> None:
    resource = files("faceaudit").joinpath("data", "retention_limits.yaml")
    assert resource.is_file()


def test_every_limit_cites_a_confirmed_or_secondary_catalog_article() -> None:
    catalog = load_catalog()
    for limit in load_retention_limits():
        article = catalog.article(limit.mandate)
        assert article is not None, limit.mandate
        assert article.confidence in {"C", "S"}, limit.mandate
        framework = next(fw for fw in catalog.frameworks if fw.id == limit.framework)
        assert limit.jurisdiction in framework.jurisdictions


def test_loading_is_cached() -> None:
    assert load_retention_limits() is load_retention_limits()


def test_parse_folds_the_summary_and_keeps_the_order() -> None:
    (limit,) = parse_retention_limits(GOOD)
    assert limit == RetentionLimit("demo-law", "XX", "Art.9", 100, "collection",
                                   "delete within 100 days")
    assert limit.describe() == "100 days after collection (demo-law:Art.9, XX)"


@pytest.mark.parametrize(("text", "problem"), [
    ("limits: [", "not valid YAML"),
    ("- a\n- b\n", "must be a mapping with a 'limits' list"),
    ("limits: {a: 1}\n", "must be a mapping with a 'limits' list"),
    ("limits: [3]\n", "limits[0]: must be a mapping"),
    (GOOD.replace("summary:", "colour: red\n    summary:"), "limits[0]: unknown key 'colour'"),
    (GOOD.replace("    max_days: 100\n", ""), "limits[0]: max_days is required"),
    (GOOD.replace("max_days: 100", "max_days: -1"), "max_days -1 is not valid"),
    (GOOD.replace("max_days: 100", "max_days: true"), "max_days True is not valid"),
    (GOOD.replace("max_days: 100", "max_days: '100'"), "max_days '100' is not valid"),
    (GOOD.replace("counted_from: collection", "counted_from: enrolment"),
     "counted_from 'enrolment' is not valid"),
    (GOOD.replace("jurisdiction: XX", "jurisdiction: Illinois"),
     "jurisdiction 'Illinois' is not valid"),
    (GOOD.replace("framework: demo-law", "framework: Demo Law"),
     "framework 'Demo Law' is not valid"),
    (GOOD.replace('article: "Art.9"', 'article: "Art 9"'), "article 'Art 9' is not valid"),
    (GOOD.replace(">-\n      delete within\n      100 days", "' '"), "summary ' ' is not valid"),
    (GOOD + GOOD.replace("limits:\n", ""), "limits[1]: demo-law in XX is listed twice"),
])
def test_parse_rejects_malformed_limits(text: str, problem: str) -> None:
    with pytest.raises(RetentionLimitsError) as caught:
        parse_retention_limits(text, "limits.yaml")
    assert str(caught.value).startswith("limits.yaml: ")
    assert problem in str(caught.value)


def test_parse_reports_every_problem_at_once() -> None:
    text = GOOD.replace("max_days: 100", "max_days: -1").replace(
        "counted_from: collection", "counted_from: never")
    with pytest.raises(RetentionLimitsError) as caught:
        parse_retention_limits(text)
    assert "max_days -1" in str(caught.value) and "counted_from 'never'" in str(caught.value)


def test_limits_for_selects_by_jurisdiction_in_file_order() -> None:
    assert [lim.jurisdiction for lim in limits_for(["US-TX", "CN", "US-IL"])] == [
        "US-IL", "US-TX"]
    assert limits_for(["US"]) == ()
    assert limits_for(["us-il"]) == limits_for(["US-IL"])
    assert limits_for([]) == ()


def test_a_country_limit_applies_in_its_subdivisions_but_not_the_reverse() -> None:
    country = RetentionLimit("demo-law", "XX", "Art.9", 100, "collection", "rule")
    state = RetentionLimit("demo-law", "YY-AB", "Art.9", 100, "collection", "rule")
    assert limits_for(["XX-AB"], (country, state)) == (country,)
    assert limits_for(["YY"], (country, state)) == ()
    assert limits_for(["YY-AB"], (country, state)) == (state,)


def test_overrun_compares_days_counted_from_the_same_event() -> None:
    limit = _limit()
    assert overrun(_retention(1095, "last-interaction"), limit) is None
    over = overrun(_retention(1096, "last-interaction"), limit)
    assert over is not None and over.note is None and not over.unbounded
    assert overrun(_retention(None, "last-interaction"), limit) is None


def test_overrun_counts_from_collection_by_default_and_explains_it() -> None:
    over = overrun(_retention(1460), _limit())
    assert over is not None and over.counted_from == "collection"
    assert over.note is not None and "never comes earlier" in over.note
    assert overrun(_retention(1000), _limit()) is None


def test_retention_from_consent_withdrawal_is_unbounded_against_another_event() -> None:
    over = overrun(_retention(1, "consent-withdrawal"), _limit())
    assert over is not None and over.unbounded
    assert over.note is not None and "may never come" in over.note
    same = _limit(counted_from="consent-withdrawal")
    assert overrun(_retention(1, "consent-withdrawal"), same) is None


def test_counting_note_between_two_later_events() -> None:
    note = counting_note(1200, "purpose-end", _limit())
    assert note == ("retention counts from the end of the purpose, the limit from the last "
                    "interaction: when the end of the purpose comes at or after the last "
                    "interaction, the data is kept at least 1200 days after the last interaction")
    assert counting_note(10, "last-interaction", _limit()) is None


def test_the_events_match_the_description_schema() -> None:
    schema = load_schema("system.schema.json")
    assert tuple(schema["$defs"]["retention"]["properties"]["after"]["enum"]) == RETENTION_EVENTS
