"""Load and validate the mandate catalog (one YAML file per framework)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from faceaudit.resources import load_schema, mandates_dir


@dataclass(frozen=True)
class Article:
    framework: str
    ref: str
    title: str
    requirement: str
    confidence: str
    checkable: str
    evidence: tuple[str, ...]
    note: str | None
    effective: str | None = None  # when the article took effect later than its framework

    @property
    def id(self) -> str:
        return f"{self.framework}:{self.ref}"


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    short_title: str
    jurisdictions: tuple[str, ...]
    effective: str
    binding: bool
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Catalog:
    frameworks: tuple[Framework, ...]
    version: str

    def article(self, reference: str) -> Article | None:
        framework, _, ref = reference.partition(":")
        for fw in self.frameworks:
            if fw.id == framework:
                return next((a for a in fw.articles if a.ref == ref), None)
        return None


class CatalogError(RuntimeError):
    """The packaged catalog is broken: a defect of faceaudit itself, not of the scanned input."""


@cache
def load_catalog() -> Catalog:
    validator = Draft202012Validator(load_schema("mandates.schema.json"),
                                     format_checker=FormatChecker())
    frameworks = []
    digest = hashlib.sha256()
    for path in sorted(mandates_dir().glob("*.yaml")):
        raw_bytes = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw_bytes)
        raw = yaml.safe_load(raw_bytes)
        problems = [e.message for e in validator.iter_errors(raw)]
        if problems:
            raise CatalogError(f"{path.name}: {'; '.join(problems)}")
        articles = tuple(
            Article(raw["framework"], a["ref"], a["title"], a["requirement"], a["confidence"],
                    a["checkable"], tuple(a.get("evidence") or ()), a.get("note"),
                    a.get("effective"))
            for a in raw["articles"])
        frameworks.append(Framework(raw["framework"], raw["title"],
                                    raw.get("short_title", raw["title"]),
                                    tuple(raw["jurisdictions"]), raw["effective"],
                                    raw.get("binding", True), articles))
    return Catalog(tuple(frameworks), digest.hexdigest()[:16])
