"""FA203: facial data stored outside the recognition device with no basis recorded on the store."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import (
    Check,
    CheckMeta,
    Concern,
    Confidence,
    Evidence,
    Example,
    Hit,
    Location,
    Severity,
)
from faceaudit.checklib import (
    categories_text,
    china_may_apply,
    facial_stores,
    is_recognition_device,
    store_basis_gap,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA203",
    slug="face-stored-off-device",
    title="Facial data stored outside the recognition device without a legal basis",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.DISSEMINATION,
    mandates=("cn-frt-2025:Art.8",),
    rationale=(
        "The Measures (Art. 8) say where facial information lives: in the facial-recognition "
        "device itself, unless a law or administrative regulation provides otherwise or the "
        "person gives separate consent. FA201 follows the data as it moves; this check looks "
        "at where it rests. It reports every store holding facial data in a component that is "
        "not the recognition device (a `capture-device` or `edge-device` in the `device` zone) "
        "and whose own `legal_basis` names neither a law nor a recorded consent with "
        "`separate: true`. On-premises servers count as off the device: the article says in "
        "the device, not on the operator's premises, so a face database in the server room "
        "needs its basis as much as one in the cloud. An edge device declared `on-premises` "
        "(an NVR in a back office) is not the device either. A basis on the flow that brought "
        "the data does not count for the store: consenting to a transmission is not "
        "consenting to a copy being kept. The check is about where the data is kept, not how "
        "well: the same store may also be reported for encryption (FA101) or retention (FA301). "
        "The article is Chinese law, so the check stays silent for a system whose "
        "`jurisdictions` are stated and do not include CN; with none stated it applies."),
    remediation=(
        "Keep templates and images on the recognition device and match there. Where a copy "
        "must be kept elsewhere, obtain a separate consent for it (or name the provision that "
        "requires it) and record it on the store: `legal_basis: {separate_consent: ID}` naming "
        "a consent record with `separate: true`, or `legal_basis: {law: \"...\"}`."),
    added="0.1.0",
    reads=("components.kind", "components.zone", "components.stores.data",
           "components.stores.tables", "components.stores.legal_basis", "consent.separate",
           "system.jurisdictions"),
    bad_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - name: templates
        data: [face-template]
"""),
    good_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - name: templates
        data: [face-template]
        legal_basis: {separate_consent: central-enrolment}
consent:
  - {id: central-enrolment, separate: true, withdrawal: [front-desk]}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    if not china_may_apply(model):
        return
    for found in facial_stores(model):
        component = found.component
        if is_recognition_device(component):
            continue
        gap = store_basis_gap(model, found.store)
        if gap is None:
            continue
        where = f"{component.kind.value}, {component.zone.value}"
        if component.region:
            where += f", {component.region}"
        locations = [found.location]
        if found.store.legal_basis is not None:
            locations.append(Location.of(found.store.legal_basis.provenance,
                                         f"{found.location.object}.legal_basis"))
        evidence = [Evidence("component", f"{component.id} ({where})"),
                    Evidence("data", categories_text(found.facial))]
        evidence += [Evidence("column", text) for text in found.column_evidence()]
        evidence.append(Evidence("basis", gap))
        yield Hit(
            message=f"Store {found.location.object} keeps {categories_text(found.facial)} "
                    f"outside the recognition device ({where}) and {gap}",
            locations=tuple(locations), evidence=tuple(evidence), data=found.facial,
            zone=component.zone, key=found.key,
            mitigations=("the store is encrypted at rest",)
            if found.store.encryption is not None and not found.store.encryption.is_plaintext
            else ())


CHECK = Check(meta=META, run=run)
