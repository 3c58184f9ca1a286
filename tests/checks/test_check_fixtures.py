"""Every built-in check against its pass and fail fixtures, asserting the exact findings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from faceaudit import ScanOptions, scan
from faceaudit.finding import Finding

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("FA*/*/*") if p.is_dir())


def _shape(finding: Finding) -> dict[str, object]:
    return {
        "check": finding.check_id,
        "locations": [f"{loc.path}:{loc.line} {loc.object}" for loc in finding.locations],
    }


@pytest.mark.parametrize("case", CASES, ids=lambda p: "/".join(p.parts[-3:]))
def test_fixture_gives_exactly_the_expected_findings(case: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    check_id, kind = case.parts[-3], case.parts[-2]
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    if kind == "pass":
        assert expected == [], "a pass fixture expects no findings"
    else:
        assert expected, "a fail fixture expects at least one finding"
    monkeypatch.chdir(case)
    report = scan(["."], ScanOptions(select=[check_id], plugins=False))
    assert report.errors == ()
    assert [_shape(f) for f in report.findings] == expected
