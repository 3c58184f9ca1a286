"""The score of a finding, 0 to 10, from named factors.

score = severity base x data x exposure x people x minors x mitigation, capped at 10 and rounded
half up to one decimal (8.25 becomes 8.3). Each factor applies only when its fact is known, and
every factor that applies is listed in the report, so a reader can recompute the number:

- severity: the check's severity (table ``SEVERITY_BASE``);
- data: the most identifying facial category the finding involves (``DATA_FACTOR``);
- exposure: the zone the data is exposed in (``EXPOSURE_FACTOR``);
- people: how many people's faces the system stores (``system.subjects.stored_individuals``,
  else the most rows a dump shows for a facial table), by ``PEOPLE_BANDS``;
- minors: children under 14 among them (``system.subjects.includes_minors_under_14``);
- mitigation: a control that lessens the harm, named by the check (each x0.9, at most two).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from faceaudit.check import CheckMeta, Hit, Severity
from faceaudit.finding import Factor, Score
from faceaudit.model import FACIAL, DataCategory, SystemModel, Zone

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

# (at least this many people, weight, label), first match wins; below the last band: 0.9.
PEOPLE_BANDS: tuple[tuple[int, float, str], ...] = (
    (1_000_000, 1.2, "1,000,000 or more people"),
    (100_000, 1.1, "100,000 or more people (the filing threshold)"),
    (1_000, 1.0, "1,000 to 99,999 people"),
)
FEW_PEOPLE = (0.9, "fewer than 1,000 people")
MINORS_FACTOR = 1.15
MITIGATION_FACTOR = 0.9
MAX_MITIGATIONS = 2


def people(model: SystemModel | None) -> int | None:
    """How many people's faces the system stores, when the inputs say (computed once per
    model: see :attr:`SystemModel.people_stored`)."""
    return None if model is None else model.people_stored


def _people_factor(count: int) -> tuple[float, str]:
    for floor, weight, label in PEOPLE_BANDS:
        if count >= floor:
            return weight, label
    return FEW_PEOPLE


def score(meta: CheckMeta, hit: Hit, model: SystemModel | None = None) -> Score:
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
    count = people(model)
    if count is not None:
        weight, label = _people_factor(count)
        factors.append(Factor("people", f"{count} stored: {label}", weight))
        value *= weight
    if model is not None and model.system is not None \
            and model.system.subjects.includes_minors_under_14 and hit.data & FACIAL:
        factors.append(Factor("minors", "children under 14 among them", MINORS_FACTOR))
        value *= MINORS_FACTOR
    for mitigation in hit.mitigations[:MAX_MITIGATIONS]:
        factors.append(Factor("mitigation", mitigation, MITIGATION_FACTOR))
        value *= MITIGATION_FACTOR
    # Six decimals first, so float noise (8.2499999...) cannot decide the rounding.
    rounded = Decimal(f"{min(value, 10.0):.6f}").quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Score(float(rounded), tuple(factors))
