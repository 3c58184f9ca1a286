"""FA402: a bundled consent is the basis for facial processing."""

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
from faceaudit.checklib import categories_text, facial_stores, flow_location, store_object
from faceaudit.checklib.people import (
    consent_key,
    consent_location,
    facial_union,
    needing_consent,
    processing_text,
)
from faceaudit.model import Consent, DataCategory, LegalBasis, SystemModel

META = CheckMeta(
    id="FA402",
    slug="bundled-face-consent",
    title="Facial processing rests on a bundled consent",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.CONSENT,
    mandates=("cn-frt-2025:Art.6", "cn-pipl:Art.29", "cn-spc-2021:Art.4"),
    rationale=(
        "Consent to process facial information must be a separate consent (the Measures Art. 6, "
        "PIPL Art. 29), and the Supreme People's Court holds a consent bundled with other "
        "authorizations, or made a condition of a service that does not need the face, "
        "ineffective (Fa Shi [2021] No. 15, Art. 4). The check reports each consent record with "
        "`separate: false` that facial processing relies on: one named as the "
        "`separate_consent` of the `legal_basis` of a flow carrying facial data, or of the "
        "`legal_basis` or `raw_images_authorized_by` of a store holding it, where no `law` is "
        "named beside it. A bundled record that is the only consent record of a system whose "
        "facial processing is not all provided for by law is reported too: it is the consent "
        "the operator relies on. A bundled consent used only for other data (a loyalty "
        "programme, a newsletter) is not reported. The finding points at the consent record, "
        "then at each place that names it."),
    remediation=(
        "Ask for consent to the facial processing on its own, apart from the terms of service "
        "or other authorizations, and do not make a service that does not need the face depend "
        "on it. Record the new consent with `separate: true` and name it where the facial data "
        "is processed: `consent: [{id: face-enrolment, separate: true, withdrawal: "
        "[front-desk]}]`, `legal_basis: {separate_consent: face-enrolment}`. Keep the bundled "
        "record only for the data it may cover."),
    added="0.1.0",
    reads=("consent.separate", "flows.data", "flows.legal_basis", "components.stores.data",
           "components.stores.tables", "components.stores.legal_basis",
           "components.stores.raw_images_authorized_by"),
    bad_example=Example("yaml", """
components:
  - {id: kiosk, kind: capture-device, zone: device}
  - {id: member-db, kind: datastore, zone: on-premises,
     stores: [{name: faces, data: [face-template],
               legal_basis: {separate_consent: membership-terms}}]}
flows:
  - {from: kiosk, to: member-db, data: [face-template], protocol: https, tls: "1.3",
     legal_basis: {separate_consent: membership-terms}}
consent:
  - {id: membership-terms, separate: false, withdrawal: [app-setting]}
"""),
    good_example=Example("yaml", """
components:
  - {id: kiosk, kind: capture-device, zone: device}
  - {id: member-db, kind: datastore, zone: on-premises,
     stores: [{name: faces, data: [face-template],
               legal_basis: {separate_consent: face-payment}}]}
flows:
  - {from: kiosk, to: member-db, data: [face-template], protocol: https, tls: "1.3",
     legal_basis: {separate_consent: face-payment}}
consent:
  - {id: membership-terms, separate: false, withdrawal: [app-setting]}
  - {id: face-payment, separate: true, withdrawal: [app-setting, service-desk]}
"""),
)


def _relies_on(basis: LegalBasis | None, consent: Consent) -> bool:
    """Whether a basis names this consent and no law beside it."""
    return basis is not None and not basis.law and basis.separate_consent == consent.id


def _uses(model: SystemModel,
          consent: Consent) -> tuple[list[Location], frozenset[DataCategory]]:
    """Where facial processing names this consent as its only basis, and the data involved."""
    locations: list[Location] = []
    facial: set[DataCategory] = set()
    for found in facial_stores(model):
        name = store_object(found.component, found.store)
        for field, basis in (("legal_basis", found.store.legal_basis),
                             ("raw_images_authorized_by", found.store.raw_images_authorized_by)):
            if basis is not None and _relies_on(basis, consent):
                locations.append(Location.of(basis.provenance, f"{name}.{field}"))
                facial |= found.facial
    for flow in model.facial_flows():
        if _relies_on(flow.legal_basis, consent):
            locations.append(flow_location(flow))
            facial |= flow.facial
    return locations, frozenset(facial)


def run(model: SystemModel) -> Iterator[Hit]:
    for consent in model.consents:
        if consent.separate:
            continue
        uses, facial = _uses(model, consent)
        evidence = [Evidence("consent", f"{consent.id} (separate: false)")]
        if uses:
            how = "is named as the basis of facial processing"
            evidence.append(Evidence("named by", ", ".join(
                f"{loc.object} (line {loc.line})" if loc.line else loc.object for loc in uses)))
        else:
            uncovered = needing_consent(model)
            if len(model.consents) > 1 or not uncovered:
                continue
            facial = facial_union(uncovered)
            how = "is the only consent record of a system processing facial data on consent"
            evidence.append(Evidence("processing without a law basis",
                                     processing_text(uncovered)))
        evidence.append(Evidence("data", categories_text(facial)))
        yield Hit(
            message=f"Consent {consent.id!r} is bundled (separate: false) and {how} "
                    f"({categories_text(facial)})",
            locations=(consent_location(consent), *uses),
            evidence=tuple(evidence), data=facial, key=consent_key(consent))


CHECK = Check(meta=META, run=run)
