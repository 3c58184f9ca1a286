"""What a check is: fixed metadata plus a pure function of the system model.

A check module defines one module-level ``CHECK = Check(meta=CheckMeta(...), run=...)``. The run
function takes a :class:`~faceaudit.model.SystemModel` and yields :class:`Hit` objects; the engine
turns hits into scored, fingerprinted findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from faceaudit.model import DataCategory, Provenance, SystemModel, Zone


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Concern(StrEnum):
    """The closed vocabulary that reports group findings by."""

    ENCRYPTION_AT_REST = "encryption-at-rest"
    ENCRYPTION_IN_TRANSIT = "encryption-in-transit"
    DISSEMINATION = "dissemination"
    CROSS_BORDER = "cross-border"
    RETENTION = "retention"
    RAW_IMAGE_RETAINED = "raw-image-retained"
    IDENTITY_COLOCATION = "identity-colocation"
    CONSENT = "consent"
    CONSENT_WITHDRAWAL = "consent-withdrawal"
    MINORS = "minors"
    ALTERNATIVES = "alternatives"
    PROHIBITED_PLACE = "prohibited-place"
    SIGNAGE = "signage"
    IMPACT_ASSESSMENT = "impact-assessment"
    FILING = "filing"
    AUDIT_LOGGING = "audit-logging"
    ACCESS_CONTROL = "access-control"
    INTRUSION_DETECTION = "intrusion-detection"
    KEY_MANAGEMENT = "key-management"
    SECRET_EXPOSURE = "secret-exposure"
    PURPOSE = "purpose"
    CLAIM_CONTRADICTION = "claim-contradiction"
    INPUT_ERROR = "input-error"


ID_PATTERN = re.compile(r"^FA[0-9]{3}$")
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
MANDATE_PATTERN = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9.()\-]+$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")


class CheckDefinitionError(ValueError):
    """Raised when a check's metadata is malformed."""


@dataclass(frozen=True)
class Example:
    """A bad or good snippet of input, shown in docs and ``checks show``."""

    language: str
    text: str


@dataclass(frozen=True)
class CheckMeta:
    id: str
    slug: str
    title: str
    severity: Severity
    confidence: Confidence
    concern: Concern
    mandates: tuple[str, ...]
    rationale: str
    remediation: str
    added: str
    reads: tuple[str, ...]
    bad_example: Example
    good_example: Example

    def __post_init__(self) -> None:
        problems = list(self.problems())
        if problems:
            raise CheckDefinitionError(f"check {self.id!r}: " + "; ".join(problems))

    def problems(self) -> Iterable[str]:
        if not ID_PATTERN.match(self.id):
            yield "id must look like FA123"
        if not SLUG_PATTERN.match(self.slug):
            yield f"slug {self.slug!r} must be lower-case words joined by hyphens"
        if not self.title.strip():
            yield "title is empty"
        if not isinstance(self.severity, Severity):
            yield "severity must be a Severity"
        if not isinstance(self.confidence, Confidence):
            yield "confidence must be a Confidence"
        if not isinstance(self.concern, Concern):
            yield "concern must be a Concern"
        if not self.mandates:
            yield "mandates must name at least one article"
        for ref in self.mandates:
            if not MANDATE_PATTERN.match(ref):
                yield f"mandate reference {ref!r} must look like framework:article"
        if not self.rationale.strip() or not self.remediation.strip():
            yield "rationale and remediation are required"
        if not VERSION_PATTERN.match(self.added):
            yield f"added {self.added!r} must be a version like 0.1.0"
        if not self.reads:
            yield "reads must name the model facts the check uses"

    @property
    def docs_path(self) -> str:
        return f"docs/checks/{self.id}.md"


@dataclass(frozen=True)
class Location:
    """Where a finding is: a file, a line, and the object it is about."""

    path: str
    line: int | None
    object: str

    @classmethod
    def of(cls, provenance: Provenance, obj: str) -> Location:
        return cls(provenance.path, provenance.line, obj)


@dataclass(frozen=True)
class Evidence:
    """One labelled fact behind a finding. Values are redacted before they reach a report."""

    label: str
    value: str


@dataclass(frozen=True)
class Hit:
    """What a check reports; the engine adds metadata, score and fingerprint."""

    message: str
    locations: tuple[Location, ...]
    evidence: tuple[Evidence, ...] = ()
    data: frozenset[DataCategory] = frozenset()
    zone: Zone | None = None
    key: str = ""
    # Controls in place that lessen the harm (TLS on the flow, encryption of the store): they
    # lower the score, never remove the finding.
    mitigations: tuple[str, ...] = ()


RunFunction = Callable[[SystemModel], Iterable[Hit]]


@dataclass(frozen=True)
class Check:
    meta: CheckMeta
    run: RunFunction
    origin: str = "built-in"

    @property
    def id(self) -> str:
        return self.meta.id
