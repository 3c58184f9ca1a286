"""Reader for the system description (``faceaudit.yaml``): validated, then turned into the model."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from faceaudit.classify import DEFAULT_VOCABULARY, Vocabulary, classify_column
from faceaudit.errors import ErrorRecord, InputErrors
from faceaudit.model import (
    Agreement,
    Assessment,
    Attestation,
    Backups,
    Collection,
    Column,
    Component,
    ComponentKind,
    Consent,
    DataCategory,
    Encryption,
    Filing,
    Flow,
    LegalBasis,
    Provenance,
    Retention,
    Security,
    Site,
    Store,
    Subjects,
    SystemInfo,
    SystemModel,
    Table,
    Transfer,
    Zone,
)
from faceaudit.readers.structured import Document, load_document
from faceaudit.readers.validate import validate
from faceaudit.schema.state import encryption_in_comment

NAME = "system-description"
DEFAULT_NAMES = frozenset({"faceaudit.yaml", "faceaudit.yml", "faceaudit.json"})
_YAML_MARKER = re.compile(rb"^faceaudit[ \t]*:[ \t]*1[ \t]*(#[^\r\n]*)?\r?$", re.MULTILINE)
_JSON_MARKER = re.compile(rb'"faceaudit"\s*:\s*1\s*[,}]')
_BOM = b"\xef\xbb\xbf"


def _json_top_level_marker(head: bytes) -> bool:
    """The marker is at the top level, or the file cannot be parsed (then the reader says why)."""
    try:
        value = json.loads(head.removeprefix(_BOM))
    except (ValueError, UnicodeDecodeError):
        return True
    return isinstance(value, dict) and value.get("faceaudit") == 1
SCHEMA = "system.schema.json"


def is_description(name: str, head: bytes) -> bool:
    """Whether a file is a system description, by its name or its top-level marker."""
    lower = name.lower()
    if lower in DEFAULT_NAMES:
        return True
    head = head.removeprefix(_BOM)
    if lower.endswith((".yaml", ".yml")):
        return bool(_YAML_MARKER.search(head))
    if lower.endswith(".json"):
        return bool(_JSON_MARKER.search(head)) and _json_top_level_marker(head)
    return False


@dataclass(frozen=True)
class DescriptionResult:
    model: SystemModel
    vocabulary: Vocabulary
    problems: tuple[ErrorRecord, ...]


class _Builder:
    def __init__(self, document: Document, vocabulary: Vocabulary) -> None:
        self.doc = document
        self.vocabulary = vocabulary
        self.problems: list[ErrorRecord] = []

    def prov(self, pointer: str) -> Provenance:
        return Provenance(self.doc.path, self.doc.line_of(pointer), pointer)

    def problem(self, pointer: str, reason: str) -> None:
        self.problems.append(ErrorRecord(self.doc.path, f"{pointer}: {reason}",
                                         line=self.doc.line_of(pointer), pointer=pointer))

    @staticmethod
    def cats(values: Iterable[str] | None) -> frozenset[DataCategory]:
        return frozenset(DataCategory(v) for v in values or ())

    def system(self, raw: dict[str, Any]) -> SystemInfo:
        subjects = raw.get("subjects") or {}
        return SystemInfo(
            name=raw["name"], operator=raw.get("operator"),
            jurisdictions=tuple(raw.get("jurisdictions") or ()),
            purposes=tuple(raw.get("purposes") or ()),
            subjects=Subjects(subjects.get("stored_individuals"),
                              subjects.get("includes_minors_under_14"),
                              subjects.get("threshold_reached")),
            provenance=self.prov("/system"),
            started=raw.get("started"),
            last_material_change=raw.get("last_material_change"),
            public_safety=raw.get("public_safety"))

    def column(self, raw: dict[str, Any], table: str, pointer: str) -> Column:
        comment = raw.get("comment")
        if "data" in raw:
            categories = self.cats(raw["data"])
            reason, confidence = "categories declared in the description", "high"
        else:
            result = classify_column(raw["name"], raw.get("type"), table, comment,
                                     self.vocabulary)
            categories, reason, confidence = result.categories, result.reason, result.confidence
        return Column(raw["name"], raw.get("type"), categories, reason, self.prov(pointer),
                      confidence=confidence, comment=comment,
                      encryption=encryption_in_comment(comment))

    def table(self, raw: dict[str, Any], pointer: str) -> Table:
        columns = tuple(self.column(c, raw["name"], f"{pointer}/columns/{i}")
                        for i, c in enumerate(raw.get("columns") or ()))
        return Table(raw["name"], columns, self.prov(pointer))

    def basis(self, raw: dict[str, Any] | None, pointer: str) -> LegalBasis | None:
        if raw is None:
            return None
        return LegalBasis(raw.get("separate_consent"), raw.get("law"), self.prov(pointer))

    def store(self, raw: dict[str, Any], pointer: str) -> Store:
        enc = raw.get("encryption")
        ret = raw.get("retention")
        backups = raw.get("backups")
        return Store(
            name=raw.get("name"),
            declared=self.cats(raw.get("data")),
            tables=tuple(self.table(t, f"{pointer}/tables/{i}")
                         for i, t in enumerate(raw.get("tables") or ())),
            encryption=None if enc is None else Encryption(
                enc.get("at_rest"), enc.get("key_management"), enc.get("keys_with_data"),
                self.prov(f"{pointer}/encryption")),
            retention=None if ret is None else Retention(
                ret.get("days"), ret.get("enforced_by"), ret.get("after"),
                self.prov(f"{pointer}/retention")),
            provenance=self.prov(pointer),
            purposes=tuple(raw.get("purposes") or ()),
            legal_basis=self.basis(raw.get("legal_basis"), f"{pointer}/legal_basis"),
            raw_images_authorized_by=self.basis(raw.get("raw_images_authorized_by"),
                                                f"{pointer}/raw_images_authorized_by"),
            schema=tuple(raw.get("schema") or ()),
            backups=None if backups is None else Backups(
                backups.get("retention_days"), backups.get("encrypted"),
                self.prov(f"{pointer}/backups")))

    def component(self, raw: dict[str, Any], pointer: str) -> Component:
        site = raw.get("site")
        collection = raw.get("collection")
        agreement = raw.get("agreement")
        return Component(
            id=raw["id"], kind=ComponentKind(raw["kind"]), zone=Zone(raw["zone"]),
            region=raw.get("region"),
            site=None if site is None else Site(site.get("place"), site.get("public"),
                                                site.get("signage"), site.get("purpose"),
                                                self.prov(f"{pointer}/site")),
            stores=tuple(self.store(s, f"{pointer}/stores/{i}")
                         for i, s in enumerate(raw.get("stores") or ())),
            provenance=self.prov(pointer),
            public=raw.get("public"),
            collection=None if collection is None else Collection(
                collection["method"], collection.get("targeted"),
                self.prov(f"{pointer}/collection")),
            auth_methods=tuple(raw.get("auth_methods") or ()),
            endpoints=tuple(raw.get("endpoints") or ()),
            agreement=None if agreement is None else Agreement(
                agreement["kind"], agreement.get("reference"),
                self.prov(f"{pointer}/agreement")))

    def flow(self, raw: dict[str, Any], pointer: str) -> Flow:
        tls = raw.get("tls")
        transfer = raw.get("transfer")
        return Flow(
            source=raw["from"], target=raw["to"], data=self.cats(raw["data"]),
            protocol=raw.get("protocol"), tls=None if tls is None else str(tls),
            legal_basis=self.basis(raw.get("legal_basis"), f"{pointer}/legal_basis"),
            purpose=raw.get("purpose"), provenance=self.prov(pointer),
            transfer=None if transfer is None else Transfer(
                transfer["mechanism"], transfer.get("reference"),
                self.prov(f"{pointer}/transfer")),
            tls_verify=raw.get("tls_verify"),
            commercial=raw.get("commercial"))

    def build(self) -> SystemModel:
        raw: dict[str, Any] = self.doc.value
        components: list[Component] = []
        seen: set[str] = set()
        for i, item in enumerate(raw.get("components") or ()):
            if item["id"] in seen:
                self.problem(f"/components/{i}/id",
                             f"component id {item['id']!r} is used more than once")
                continue
            seen.add(item["id"])
            components.append(self.component(item, f"/components/{i}"))
        consents = tuple(
            Consent(c["id"], c["separate"], tuple(c.get("withdrawal") or ()),
                    c.get("guardian_for_minors"), self.prov(f"/consent/{i}"),
                    purposes=tuple(c.get("purposes") or ()),
                    on_withdrawal=c.get("on_withdrawal"),
                    covers=tuple(c.get("covers") or ()))
            for i, c in enumerate(raw.get("consent") or ()))
        consent_ids = {c.id for c in consents}
        for i, consent in enumerate(consents):
            for j, covered in enumerate(consent.covers):
                if covered not in seen:
                    self.problem(f"/consent/{i}/covers/{j}",
                                 f"no component has the id {covered!r}")
        for i, item in enumerate(raw.get("components") or ()):
            for j, store in enumerate(item.get("stores") or ()):
                for field in ("legal_basis", "raw_images_authorized_by"):
                    named = (store.get(field) or {}).get("separate_consent")
                    if named is not None and named not in consent_ids:
                        self.problem(f"/components/{i}/stores/{j}/{field}/separate_consent",
                                     f"no consent record has the id {named!r}")
        flows: list[Flow] = []
        for i, item in enumerate(raw.get("flows") or ()):
            pointer = f"/flows/{i}"
            missing = [end for end in ("from", "to") if item[end] not in seen]
            for end in missing:
                self.problem(f"{pointer}/{end}", f"no component has the id {item[end]!r}; "
                             "the flow is left out of the model")
            basis_consent = (item.get("legal_basis") or {}).get("separate_consent")
            if basis_consent is not None and basis_consent not in consent_ids:
                self.problem(f"{pointer}/legal_basis/separate_consent",
                             f"no consent record has the id {basis_consent!r}")
            if not missing:
                flows.append(self.flow(item, pointer))
        security = raw.get("security")
        filing = raw.get("filing")
        present = [f"/{key}" for key in raw if not key.startswith("x-")]
        if isinstance(raw.get("system"), dict):
            present += [f"/system/{key}" for key in raw["system"] if not key.startswith("x-")]
        return SystemModel(
            sections=tuple((pointer, self.prov(pointer)) for pointer in present),
            system=self.system(raw["system"]),
            components=tuple(components),
            flows=tuple(flows),
            consents=consents,
            alternatives=tuple(raw.get("alternatives") or ()),
            assessments=tuple(
                Assessment(a["kind"], a.get("date"), a.get("document"),
                           self.prov(f"/assessments/{i}"), kept_until=a.get("kept_until"))
                for i, a in enumerate(raw.get("assessments") or ())),
            filing=None if filing is None else Filing(filing.get("record"), filing.get("date"),
                                                      self.prov("/filing")),
            security=None if security is None else Security(
                security.get("audit_logging"), security.get("access_control"),
                security.get("authorization"), security.get("intrusion_detection"),
                self.prov("/security"),
                audit_log_retention_days=security.get("audit_log_retention_days")),
            attestations=tuple(
                Attestation(a["mandate"], a["statement"], a["by"], a["date"],
                            self.prov(f"/attestations/{i}"))
                for i, a in enumerate(raw.get("attestations") or ())),
        )


def read_description(text: str, path: str,
                     vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> DescriptionResult:
    """Parse, validate and model a description.

    Raises :class:`InputErrors` when the document does not follow the schema; reference problems
    (a flow naming an unknown component) come back as ``problems`` beside a model without them.
    """
    document = load_document(text, path)
    if not isinstance(document.value, dict):
        raise InputErrors([ErrorRecord(path, "a system description must be a mapping with "
                                       "'faceaudit: 1' at the top level", line=1, pointer="")])
    records = validate(document, SCHEMA)
    if records:
        raise InputErrors(records)
    extra = {k: v for k, v in (document.value.get("vocabulary") or {}).items()
             if not k.startswith("x-")}
    if extra:
        vocabulary = vocabulary.extended(extra)
    builder = _Builder(document, vocabulary)
    model = builder.build()
    return DescriptionResult(model, vocabulary, tuple(builder.problems))
