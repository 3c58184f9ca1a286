"""The score of a finding, 0 to 10, from named factors.

score = severity base x data factor x exposure factor, capped at 10 and rounded half up to one
decimal (8.25 becomes 8.3).
Every factor is listed in the report, so a reader can recompute the number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from faceaudit.check import CheckMeta, Hit, Severity
from faceaudit.finding import Factor, Score
from faceaudit.model import DataCategory, Zone

SEVERITY_BASE: dict[Severity, float] = {
    Severity.INFO: 1.0,
    Severity.LOW: 3.0,
    Severity.MEDIUM: 5.0,
    Severity.HIGH: 7.5,
    Severity.CRITICAL: 9.0,
}

# Raw images identify anyone who sees them; templates need a matcher; geometry reveals least.
DATA_FACTOR: dict[DataCategory, float] = {
    DataCategory.FACE_IMAGE: 1.15,
    DataCategory.FACE_TEMPLATE: 1.1,
    DataCategory.FACE_GEOMETRY: 1.0,
}

EXPOSURE_FACTOR: dict[Zone, float] = {
    Zone.INTERNET: 1.2,
    Zone.CLOUD: 1.1,
    Zone.ON_PREMISES: 1.0,
    Zone.DEVICE: 0.9,
}


def score(meta: CheckMeta, hit: Hit) -> Score:
    base = SEVERITY_BASE[meta.severity]
    factors = [Factor("severity", meta.severity.value, base)]
    value = base
    weighted = [(DATA_FACTOR[c], c) for c in hit.data if c in DATA_FACTOR]
    if weighted:
        weight, category = max(weighted, key=lambda pair: (pair[0], pair[1].value))
        factors.append(Factor("data", category.value, weight))
        value *= weight
    if hit.zone is not None:
        weight = EXPOSURE_FACTOR[hit.zone]
        factors.append(Factor("exposure", hit.zone.value, weight))
        value *= weight
    # Six decimals first, so float noise (8.2499999...) cannot decide the rounding.
    rounded = Decimal(f"{min(value, 10.0):.6f}").quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Score(float(rounded), tuple(factors))
