"""Which frameworks apply to a system, from the jurisdictions its description names."""

from __future__ import annotations

from collections.abc import Iterable

from faceaudit.mandates.catalog import Catalog, Framework

# Member states of the European Union: a system in any of them is under EU law.
EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
})


def expand(jurisdictions: Iterable[str]) -> frozenset[str]:
    """The jurisdictions named, plus the country of a subdivision (CN-GD brings in CN; US-IL
    stays a state, since no framework covers the whole US) and EU for a member state."""
    names = set(jurisdictions)
    names |= {code.split("-", 1)[0] for code in names if "-" in code
              and not code.startswith("US-")}
    if names & EU_MEMBERS:
        names.add("EU")
    return frozenset(names)


def applicable(catalog: Catalog, jurisdictions: Iterable[str]) -> tuple[Framework, ...]:
    """Frameworks whose jurisdictions meet the system's (CN selects every Chinese framework,
    US-IL selects BIPA, a member state selects the EU frameworks)."""
    names = expand(jurisdictions)
    return tuple(fw for fw in catalog.frameworks if names & set(fw.jurisdictions))
