"""Findings: what a check reported, with its metadata, score and a line-independent fingerprint."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from faceaudit.check import CheckMeta, Concern, Confidence, Evidence, Hit, Location, Severity


@dataclass(frozen=True)
class Factor:
    """One input to a score, named so a reader can see why a finding scored as it did."""

    name: str
    value: str
    weight: float


@dataclass(frozen=True)
class Score:
    value: float
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class Finding:
    check_id: str
    slug: str
    title: str
    concern: Concern
    severity: Severity
    confidence: Confidence
    score: Score
    mandates: tuple[str, ...]
    message: str
    locations: tuple[Location, ...]
    evidence: tuple[Evidence, ...]
    remediation: str
    fingerprint: str

    @property
    def primary(self) -> Location:
        return self.locations[0]


def fingerprint(meta: CheckMeta, hit: Hit, stable_paths: Mapping[str, str]) -> str:
    """A hash of the check and what the finding is about, leaving line numbers out.

    ``stable_paths`` maps each shown path to the path inside its scan target, so that the same
    finding has the same fingerprint whichever folder the scan was started from.
    """
    parts = [meta.id, hit.key] + [f"{stable_paths.get(loc.path, loc.path)}\x1f{loc.object}"
                                  for loc in hit.locations]
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:32]


def sort_key(finding: Finding) -> tuple[int, str, str, int, str, str]:
    """Deterministic order: severity (highest first), then place, then check."""
    first = finding.primary
    return (-finding.severity.rank, first.path, finding.check_id, first.line or 0, first.object,
            finding.fingerprint)
