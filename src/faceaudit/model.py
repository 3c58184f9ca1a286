"""The system model: one typed picture of a system that every check reads.

Readers build it; checks only read it. Every fact carries a :class:`Provenance` saying where it
came from, so every finding can point at a file and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from faceaudit.errors import ErrorRecord


class DataCategory(StrEnum):
    """The one vocabulary of data categories used across the tool."""

    FACE_IMAGE = "face-image"
    FACE_TEMPLATE = "face-template"
    FACE_GEOMETRY = "face-geometry"
    IDENTITY = "identity"
    CONTACT = "contact"
    MINOR_DATA = "minor-data"
    OTHER = "other"


FACIAL: frozenset[DataCategory] = frozenset(
    {DataCategory.FACE_IMAGE, DataCategory.FACE_TEMPLATE, DataCategory.FACE_GEOMETRY}
)


class Zone(StrEnum):
    DEVICE = "device"
    ON_PREMISES = "on-premises"
    CLOUD = "cloud"
    INTERNET = "internet"


class ComponentKind(StrEnum):
    CAPTURE_DEVICE = "capture-device"
    EDGE_DEVICE = "edge-device"
    SERVICE = "service"
    DATASTORE = "datastore"
    OBJECT_STORAGE = "object-storage"
    BROKER = "broker"
    CDN = "cdn"
    CLIENT_APP = "client-app"
    EXTERNAL = "external"


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from: a file, a line, and a pointer inside the file.

    ``pointer`` is a JSON pointer for structured files, ``table.column`` for schemas, or a dotted
    key for configuration.
    """

    path: str
    line: int | None = None
    pointer: str | None = None


@dataclass(frozen=True)
class Site:
    place: str | None
    public: bool | None
    signage: bool | None
    purpose: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Encryption:
    at_rest: str | None
    key_management: str | None
    keys_with_data: bool | None
    provenance: Provenance

    @property
    def is_plaintext(self) -> bool:
        return self.at_rest is None or self.at_rest.strip().lower() in {"none", "plaintext", ""}


@dataclass(frozen=True)
class Retention:
    days: int | None
    enforced_by: str | None
    after: str | None  # collection | last-interaction | purpose-end | consent-withdrawal
    provenance: Provenance


@dataclass(frozen=True)
class Backups:
    retention_days: int | None
    encrypted: bool | None
    provenance: Provenance


@dataclass(frozen=True)
class LegalBasis:
    separate_consent: str | None
    law: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Column:
    name: str
    type: str | None
    categories: frozenset[DataCategory]
    classification_reason: str
    provenance: Provenance
    confidence: str = "high"  # of the classification: high | medium | low
    comment: str | None = None
    # Evidence that the values are encrypted (an encrypted type or annotation), in words.
    encryption: str | None = None
    # From a dump's data: the first rows hold plain numbers (an unencrypted vector).
    plaintext_sample: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    provenance: Provenance
    # Evidence that rows expire (a TTL column, a purge job, a cascade from a purged table).
    retention: tuple[str, ...] = ()
    rows: int | None = None  # rows in a dump's data section
    row_security: bool = False

    @property
    def categories(self) -> frozenset[DataCategory]:
        return frozenset(c for col in self.columns for c in col.categories)


@dataclass(frozen=True)
class Store:
    """One place inside a component where data rests."""

    name: str | None
    declared: frozenset[DataCategory]
    tables: tuple[Table, ...]
    encryption: Encryption | None
    retention: Retention | None
    provenance: Provenance
    purposes: tuple[str, ...] = ()
    legal_basis: LegalBasis | None = None
    raw_images_authorized_by: LegalBasis | None = None
    backups: Backups | None = None
    schema: tuple[str, ...] = ()  # globs of schema sources, relative to the description

    @property
    def categories(self) -> frozenset[DataCategory]:
        found = frozenset(c for table in self.tables for c in table.categories)
        return self.declared | found

    @property
    def facial(self) -> frozenset[DataCategory]:
        return self.categories & FACIAL


@dataclass(frozen=True)
class Collection:
    method: str  # enrolment | camera | upload | web-scraping | cctv-archive | bulk-import | other
    targeted: bool | None
    provenance: Provenance


@dataclass(frozen=True)
class Agreement:
    """The contract under which an external party processes data for the operator."""

    kind: str  # entrustment-contract | data-processing-agreement | joint-controller | other
    reference: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Component:
    id: str
    kind: ComponentKind
    zone: Zone
    region: str | None
    site: Site | None
    stores: tuple[Store, ...]
    provenance: Provenance
    public: bool | None = None
    collection: Collection | None = None
    auth_methods: tuple[str, ...] = ()
    agreement: Agreement | None = None
    endpoints: tuple[str, ...] = ()  # host names or URLs the component is reached by
    # What makes it public, in words, when configuration shows it (a bucket policy, an Ingress).
    exposure: str | None = None

    @property
    def is_third_party(self) -> bool:
        return self.kind is ComponentKind.EXTERNAL


@dataclass(frozen=True)
class Transfer:
    """A cross-border transfer route (PIPL Art. 38)."""

    mechanism: str
    reference: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Flow:
    source: str
    target: str
    data: frozenset[DataCategory]
    protocol: str | None
    tls: str | None
    legal_basis: LegalBasis | None
    purpose: str | None
    provenance: Provenance
    transfer: Transfer | None = None
    tls_verify: bool | None = None
    commercial: str | None = None  # sale | lease | trade | license | profit-share
    # For a flow shown by configuration or source code rather than described: what shows it,
    # and for code how the data got from where it was made to the call that sends it, one
    # "<line>: <what>" per step.
    trace: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.source} -> {self.target}"

    @property
    def facial(self) -> frozenset[DataCategory]:
        return self.data & FACIAL


@dataclass(frozen=True)
class Consent:
    id: str
    separate: bool
    withdrawal: tuple[str, ...]
    guardian_for_minors: bool | None
    provenance: Provenance
    purposes: tuple[str, ...] = ()
    on_withdrawal: str | None = None  # delete | stop-processing | keep
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    kind: str
    date: str | None
    document: str | None
    provenance: Provenance
    kept_until: str | None = None


@dataclass(frozen=True)
class Filing:
    record: str | None
    date: str | None
    provenance: Provenance


@dataclass(frozen=True)
class Security:
    audit_logging: bool | None
    access_control: str | None
    authorization: str | None
    intrusion_detection: bool | None
    provenance: Provenance
    audit_log_retention_days: int | None = None


@dataclass(frozen=True)
class Attestation:
    mandate: str
    statement: str
    by: str
    date: str
    provenance: Provenance


@dataclass(frozen=True)
class Subjects:
    stored_individuals: int | None
    includes_minors_under_14: bool | None
    threshold_reached: str | None = None


@dataclass(frozen=True)
class SystemInfo:
    name: str
    operator: str | None
    jurisdictions: tuple[str, ...]
    purposes: tuple[str, ...]
    subjects: Subjects
    provenance: Provenance
    started: str | None = None
    last_material_change: str | None = None
    public_safety: bool | None = None


@dataclass(frozen=True)
class KeyMaterial:
    """A private key or certificate found among the inputs, described, never copied.

    ``fingerprint`` is the SHA-256 of the public key (or of the certificate), so a report can
    name the key without revealing it.
    """

    kind: str  # private-key | certificate | pkcs12
    format: str  # pem | der | pkcs8 | openssh | pkcs12 | env (base64 in a variable) ...
    algorithm: str | None  # rsa | dsa | ec | ed25519 | ed448 | None when unreadable
    size: int | None  # key size in bits (RSA/DSA/EC)
    curve: str | None  # EC curve name
    fingerprint: str | None
    encrypted: bool | None  # a private key protected by a passphrase
    provenance: Provenance
    # Certificates only:
    subject: str | None = None
    issuer: str | None = None
    not_after: str | None = None  # ISO date
    self_signed: bool | None = None
    signature_hash: str | None = None  # sha256, sha1, md5, ...
    hosts: tuple[str, ...] = ()  # subject alternative DNS names and IPs


@dataclass(frozen=True)
class Setting:
    """One configuration value, for readers of configuration files."""

    key: str
    value: str | int | float | bool | None
    provenance: Provenance


@dataclass(frozen=True)
class CodeFinding:
    """One result of the Python source scan: one of faceaudit's bandit tests or a stock bandit
    test, at the line of its sink (``provenance.pointer`` names the enclosing function).

    For a facial-data path, ``source`` says where the facial value was made, ``sink`` the call
    it reaches, and ``steps`` the assignments, calls and returns between them, each as
    ``"<line>: <what>"``. ``host`` and ``scheme`` are set for network sinks whose address the
    code spells out; ``data`` is what travels.
    """

    test_id: str  # bandit test id: B9xx for faceaudit's tests, others are bandit's own
    test_name: str
    category: str  # network | storage | log | consent | alternative | security
    message: str
    severity: str  # LOW | MEDIUM | HIGH, as bandit rates it
    confidence: str  # LOW | MEDIUM | HIGH
    provenance: Provenance
    source: str | None = None
    sink: str | None = None
    steps: tuple[str, ...] = ()
    data: frozenset[DataCategory] = frozenset()
    host: str | None = None
    scheme: str | None = None
    cwe: int | None = None
    # Network sinks: False when the call turns TLS certificate verification off
    # (``verify=False``), None when the code does not say.
    tls_verify: bool | None = None


@dataclass(frozen=True)
class SystemModel:
    """Everything faceaudit knows about one system."""

    system: SystemInfo | None = None
    components: tuple[Component, ...] = ()
    flows: tuple[Flow, ...] = ()
    consents: tuple[Consent, ...] = ()
    alternatives: tuple[str, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    filing: Filing | None = None
    security: Security | None = None
    attestations: tuple[Attestation, ...] = ()
    settings: tuple[Setting, ...] = ()
    keys: tuple[KeyMaterial, ...] = ()
    code: tuple[CodeFinding, ...] = ()
    as_of: str | None = None  # the scan's date (ISO), for facts that expire, like certificates
    # Parts of the inputs that building the model could not read (a bucket policy that is not
    # JSON, say): reported with the input errors, so nothing is skipped silently.
    unread: tuple[ErrorRecord, ...] = ()
    sections: tuple[tuple[str, Provenance], ...] = ()
    _index: dict[str, Component] = field(default_factory=dict, init=False, repr=False,
                                         compare=False, hash=False)

    def __post_init__(self) -> None:
        self._index.update({c.id: c for c in self.components})

    def component(self, component_id: str) -> Component | None:
        return self._index.get(component_id)

    def section(self, pointer: str) -> Provenance | None:
        """Where a section of the description is, by its JSON pointer (``/consent``,
        ``/alternatives``, ``/system/subjects``, ...), when the description has it."""
        return next((prov for key, prov in self.sections if key == pointer), None)

    def consent(self, consent_id: str) -> Consent | None:
        for consent in self.consents:
            if consent.id == consent_id:
                return consent
        return None

    def stores(self) -> Iterator[tuple[Component, Store]]:
        for component in self.components:
            for store in component.stores:
                yield component, store

    # Indexes built on first use, so checks over large models stay linear.

    @cached_property
    def _facial_flows(self) -> tuple[Flow, ...]:
        return tuple(f for f in self.flows if f.facial)

    @cached_property
    def _touching(self) -> dict[str, tuple[Flow, ...]]:
        touching: dict[str, list[Flow]] = {}
        for flow in self.flows:
            touching.setdefault(flow.source, []).append(flow)
            if flow.target != flow.source:
                touching.setdefault(flow.target, []).append(flow)
        return {key: tuple(flows) for key, flows in touching.items()}

    @cached_property
    def _flow_keys(self) -> dict[int, str]:
        seen: dict[str, int] = {}
        keys: dict[int, str] = {}
        for flow in self.flows:
            count = seen.get(flow.label, 0)
            seen[flow.label] = count + 1
            keys[id(flow)] = flow.label if count == 0 else f"{flow.label}#{count}"
        return keys

    @cached_property
    def people_stored(self) -> int | None:
        """How many people's faces the system stores, when the inputs say: the description's
        ``stored_individuals``, else the most rows a database dump shows for a facial table."""
        if self.system is not None and self.system.subjects.stored_individuals is not None:
            return self.system.subjects.stored_individuals
        rows = [table.rows for _, store in self.stores() for table in store.tables
                if table.rows is not None and table.categories & FACIAL]
        return max(rows) if rows else None

    def facial_flows(self) -> tuple[Flow, ...]:
        return self._facial_flows

    def flows_touching(self, component_id: str) -> tuple[Flow, ...]:
        """Every flow from or to a component, in declaration order."""
        return self._touching.get(component_id, ())

    def flow_key(self, flow: Flow) -> str:
        """A line-independent identity for a flow: its label, with ``#n`` for the n-th repeat of
        the same label."""
        return self._flow_keys.get(id(flow), flow.label)
