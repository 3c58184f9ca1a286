"""Each bundled example yields exactly the findings its expected.yaml lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from faceaudit import ScanOptions, scan

EXAMPLES = sorted(p for p in (Path(__file__).resolve().parent.parent / "examples").iterdir()
                  if p.is_dir())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_findings(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example)
    report = scan(["."], ScanOptions(plugins=False))
    expected = yaml.safe_load((example / "expected.yaml").read_text(encoding="utf-8"))
    assert report.errors == ()
    assert [{"check": f.check_id,
             "locations": [f"{loc.path}:{loc.line} {loc.object}" for loc in f.locations]}
            for f in report.findings] == expected
