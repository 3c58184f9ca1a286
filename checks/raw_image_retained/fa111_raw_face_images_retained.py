"""FA111: raw face images kept after templates are extracted, without authorisation."""

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
from faceaudit.checklib import facial_stores, store_object
from faceaudit.checklib.storage import authorisation_gap
from faceaudit.model import DataCategory, Store, SystemModel

META = CheckMeta(
    id="FA111",
    slug="raw-face-images-retained",
    title="Raw face images kept after templates are extracted, without authorisation",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.RAW_IMAGE_RETAINED,
    mandates=("gbt-35273-2020:6.3(c)",),
    rationale=(
        "GB/T 35273 6.3(c) says raw biometric data such as face images should as a rule not be "
        "kept: keep only a digest, match on the capture terminal, or delete the images once the "
        "recognition features have been extracted. A face image can be re-enrolled in any "
        "system and shows far more than the template needs. The check applies when the "
        "description shows templates being extracted (a store or a flow holds face-template) "
        "and reports every store that keeps face-image, declared in `data` or found in "
        "classified columns, unless `raw_images_authorized_by` names a law, or a consent "
        "record that exists, is `separate: true` and covers the store's component. A store on "
        "a device counts too: matching on the terminal removes the need to send images, not "
        "the rule against keeping them, so a snapshot buffer or capture cache on an edge device "
        "is reported like any other store, unless it states `retention: {days: 0}` (images "
        "deleted as soon as the template is made, which is what 6.3(c) allows). A system that "
        "shows no templates anywhere is not judged by this check."),
    remediation=(
        "Delete each face image as soon as its template has been extracted, and keep templates "
        "only; for a buffer that must exist, record `retention: {days: 0, enforced_by: ...}`. "
        "Where images must be kept, record why on the store: "
        "`raw_images_authorized_by: {law: \"...\"}` naming the provision, or "
        "`raw_images_authorized_by: {separate_consent: ID}` naming a consent record with "
        "`separate: true`."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables", "components.stores.retention",
           "components.stores.raw_images_authorized_by", "flows.data", "consent"),
    bad_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - name: templates
        data: [face-template]
      - name: enrolment-photos
        data: [face-image]
"""),
    good_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - name: templates
        data: [face-template]
      - name: enrolment-photos
        data: [face-image]
        raw_images_authorized_by: {separate_consent: photo-keeping}
consent:
  - {id: photo-keeping, separate: true, withdrawal: [front-desk]}
"""),
)


def _template_places(model: SystemModel) -> list[str]:
    """Where the description shows face templates: stores first, then flows."""
    places = [f"store {store_object(component, store)}" for component, store in model.stores()
              if DataCategory.FACE_TEMPLATE in store.categories]
    places += [f"flow {flow.label}" for flow in model.flows
               if DataCategory.FACE_TEMPLATE in flow.data]
    return places


def _listed(places: list[str], shown: int = 4) -> str:
    more = f" and {len(places) - shown} more" if len(places) > shown else ""
    return ", ".join(places[:shown]) + more


def _image_evidence(store: Store) -> list[str]:
    found = ["declared in data"] if DataCategory.FACE_IMAGE in store.declared else []
    found += [f"{table.name}.{col.name}: {col.classification_reason}"
              for table in store.tables for col in table.columns
              if DataCategory.FACE_IMAGE in col.categories]
    return found


def run(model: SystemModel) -> Iterator[Hit]:
    templates = _template_places(model)
    if not templates:
        return
    for found in facial_stores(model):
        store = found.store
        if DataCategory.FACE_IMAGE not in found.facial:
            continue
        if store.retention is not None and store.retention.days == 0:
            continue
        gap = authorisation_gap(model, found.component, store.raw_images_authorized_by)
        if gap is None:
            continue
        locations = [found.location]
        if store.raw_images_authorized_by is not None:
            locations.append(Location.of(store.raw_images_authorized_by.provenance,
                                         f"{found.location.object}.raw_images_authorized_by"))
        kept = "no retention stated" if store.retention is None else \
            "no retention limit" if store.retention.days is None else \
            f"{store.retention.days} days"
        yield Hit(
            message=f"Store {found.location.object} keeps face-image while templates are "
                    f"extracted ({templates[0]}), and {gap}",
            locations=tuple(locations),
            evidence=(*(Evidence("image", text) for text in _image_evidence(store)),
                      Evidence("templates", _listed(templates)),
                      Evidence("retention", kept),
                      Evidence("authorisation", gap)),
            data=frozenset({DataCategory.FACE_IMAGE}),
            zone=found.component.zone, key=found.key)


CHECK = Check(meta=META, run=run)
