"""Tests for faceaudit.gate (exit codes) and faceaudit.scoring (finding scores)."""

from __future__ import annotations

import pytest

from faceaudit.check import (
    CheckMeta,
    Concern,
    Confidence,
    Example,
    Hit,
    Location,
    Severity,
)
from faceaudit.errors import ErrorRecord
from faceaudit.finding import Factor, Finding, Score
from faceaudit.gate import ExitCode, exit_code
from faceaudit.model import DataCategory, Zone
from faceaudit.report import Report
from faceaudit.scoring import DATA_FACTOR, EXPOSURE_FACTOR, SEVERITY_BASE, score

HERE = Location("faceaudit.yaml", 12, "face-db/templates")


def _meta(severity: Severity) -> CheckMeta:
    return CheckMeta(
        id="FA900", slug="demo", title="Demo", severity=severity, confidence=Confidence.HIGH,
        concern=Concern.RETENTION, mandates=("cn-pipl:Art.19",), rationale="r",
        remediation="m", added="0.1.0", reads=("components",),
        bad_example=Example("yaml", "a"), good_example=Example("yaml", "b"))


def _hit(data: set[DataCategory] | None = None, zone: Zone | None = None) -> Hit:
    return Hit(message="m", locations=(HERE,), data=frozenset(data or ()), zone=zone)


def _finding(severity: Severity) -> Finding:
    return Finding(
        check_id="FA900", slug="demo", title="Demo", concern=Concern.RETENTION,
        severity=severity, confidence=Confidence.HIGH, score=Score(1.0, ()),
        mandates=("cn-pipl:Art.19",), message="m", locations=(HERE,), evidence=(),
        remediation="m", fingerprint="0" * 32)


def _report(*severities: Severity, errors: tuple[ErrorRecord, ...] = ()) -> Report:
    return Report(
        tool_version="0.1.0", catalog_version="1", generated_at="2025-01-01T00:00:00Z",
        targets=(".",), systems=(), inputs=(), errors=errors, skipped=(), checks=(),
        findings=tuple(_finding(s) for s in severities))


BROKEN = (ErrorRecord("bad.yaml", "not valid YAML: x", line=3),)


# --- gate -------------------------------------------------------------------------------------


def test_exit_code_values_are_fixed() -> None:
    assert [int(c) for c in (ExitCode.OK, ExitCode.FINDINGS, ExitCode.USAGE,
                             ExitCode.INCOMPLETE)] == [0, 1, 2, 3]


def test_complete_scan_without_findings_is_ok() -> None:
    assert exit_code(_report()) is ExitCode.OK
    assert exit_code(_report(), Severity.INFO) is ExitCode.OK


@pytest.mark.parametrize(("severities", "fail_on", "expected"), [
    ((Severity.LOW,), Severity.LOW, ExitCode.FINDINGS),          # at the default threshold
    ((Severity.CRITICAL,), Severity.LOW, ExitCode.FINDINGS),     # above it
    ((Severity.INFO,), Severity.LOW, ExitCode.OK),               # below the default threshold
    ((Severity.HIGH,), Severity.HIGH, ExitCode.FINDINGS),        # exactly at a raised threshold
    ((Severity.MEDIUM,), Severity.HIGH, ExitCode.OK),            # below it
    ((Severity.MEDIUM, Severity.LOW), Severity.HIGH, ExitCode.OK),
    ((Severity.LOW, Severity.CRITICAL), Severity.HIGH, ExitCode.FINDINGS),
    ((Severity.INFO,), Severity.INFO, ExitCode.FINDINGS),
    ((Severity.HIGH,), Severity.CRITICAL, ExitCode.OK),
])
def test_findings_against_the_threshold(severities: tuple[Severity, ...], fail_on: Severity,
                                        expected: ExitCode) -> None:
    assert exit_code(_report(*severities), fail_on) is expected


def test_default_threshold_is_low() -> None:
    assert exit_code(_report(Severity.LOW)) is ExitCode.FINDINGS
    assert exit_code(_report(Severity.INFO)) is ExitCode.OK


@pytest.mark.parametrize("severities", [(), (Severity.INFO,), (Severity.CRITICAL,),
                                        (Severity.HIGH, Severity.LOW)])
def test_incomplete_scan_wins_over_findings(severities: tuple[Severity, ...]) -> None:
    report = _report(*severities, errors=BROKEN)
    assert report.complete is False
    assert exit_code(report) is ExitCode.INCOMPLETE
    assert exit_code(report, Severity.CRITICAL) is ExitCode.INCOMPLETE


# --- scoring ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("severity", "base"), [
    (Severity.INFO, 1.0), (Severity.LOW, 3.0), (Severity.MEDIUM, 5.0), (Severity.HIGH, 7.5),
    (Severity.CRITICAL, 9.0),
])
def test_severity_base_alone(severity: Severity, base: float) -> None:
    assert SEVERITY_BASE[severity] == base
    expected = Score(base, (Factor("severity", severity.value, base),))
    assert score(_meta(severity), _hit()) == expected


@pytest.mark.parametrize(("severity", "category", "weight", "value"), [
    (Severity.HIGH, DataCategory.FACE_IMAGE, 1.15, 8.6),         # 7.5 x 1.15 = 8.625
    (Severity.MEDIUM, DataCategory.FACE_TEMPLATE, 1.1, 5.5),
    (Severity.MEDIUM, DataCategory.FACE_GEOMETRY, 1.0, 5.0),
])
def test_data_factor_by_kind(severity: Severity, category: DataCategory, weight: float,
                             value: float) -> None:
    assert DATA_FACTOR[category] == weight
    base = SEVERITY_BASE[severity]
    assert score(_meta(severity), _hit({category})) == Score(
        value, (Factor("severity", severity.value, base), Factor("data", category.value, weight)))


def test_face_image_weighs_more_than_a_template_more_than_geometry() -> None:
    values = [score(_meta(Severity.LOW), _hit({c}, Zone.INTERNET)).value for c in (
        DataCategory.FACE_IMAGE, DataCategory.FACE_TEMPLATE, DataCategory.FACE_GEOMETRY)]
    assert values == [4.1, 4.0, 3.6]  # 3 x 1.2 x (1.15, 1.1, 1.0) = 4.14, 3.96, 3.6


def test_strongest_facial_kind_counts_once() -> None:
    result = score(_meta(Severity.HIGH), _hit({DataCategory.FACE_GEOMETRY,
                                               DataCategory.FACE_IMAGE,
                                               DataCategory.FACE_TEMPLATE}))
    assert result == Score(8.6, (Factor("severity", "high", 7.5),
                                 Factor("data", "face-image", 1.15)))


def test_non_facial_data_adds_no_factor() -> None:
    result = score(_meta(Severity.MEDIUM), _hit({DataCategory.IDENTITY, DataCategory.CONTACT}))
    assert result == Score(5.0, (Factor("severity", "medium", 5.0),))


@pytest.mark.parametrize(("zone", "weight", "value"), [
    (Zone.INTERNET, 1.2, 6.0),
    (Zone.CLOUD, 1.1, 5.5),
    (Zone.ON_PREMISES, 1.0, 5.0),
    (Zone.DEVICE, 0.9, 4.5),
])
def test_exposure_factor_by_zone(zone: Zone, weight: float, value: float) -> None:
    assert EXPOSURE_FACTOR[zone] == weight
    assert score(_meta(Severity.MEDIUM), _hit(zone=zone)) == Score(
        value, (Factor("severity", "medium", 5.0), Factor("exposure", zone.value, weight)))


@pytest.mark.parametrize(("severity", "category", "zone", "value"), [
    (Severity.MEDIUM, DataCategory.FACE_IMAGE, Zone.CLOUD, 6.3),        # 6.325
    (Severity.LOW, DataCategory.FACE_TEMPLATE, Zone.INTERNET, 4.0),     # 3.96
    (Severity.INFO, DataCategory.FACE_IMAGE, Zone.INTERNET, 1.4),       # 1.38
    (Severity.HIGH, DataCategory.FACE_GEOMETRY, Zone.INTERNET, 9.0),
])
def test_factors_multiply_and_round_to_one_decimal(severity: Severity, category: DataCategory,
                                                   zone: Zone, value: float) -> None:
    result = score(_meta(severity), _hit({category}, zone))
    assert result.value == value
    assert [f.name for f in result.factors] == ["severity", "data", "exposure"]


def test_score_is_capped_at_ten_but_factors_stay_honest() -> None:
    result = score(_meta(Severity.CRITICAL), _hit({DataCategory.FACE_IMAGE}, Zone.INTERNET))
    assert result == Score(10.0, (Factor("severity", "critical", 9.0),
                                  Factor("data", "face-image", 1.15),
                                  Factor("exposure", "internet", 1.2)))  # 12.42 before the cap
    assert score(_meta(Severity.CRITICAL), _hit({DataCategory.FACE_TEMPLATE}, Zone.CLOUD)).value \
        == 10.0  # 10.89
    assert score(_meta(Severity.CRITICAL), _hit({DataCategory.FACE_TEMPLATE})).value == 9.9
