"""FA401: facial data processed on consent, but no separate consent is recorded."""

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
    Severity,
)
from faceaudit.checklib import categories_text
from faceaudit.checklib.people import (
    consent_text,
    facial_union,
    needing_consent,
    processing_text,
    section_location,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA401",
    slug="no-separate-face-consent",
    title="Facial data processed with no separate consent recorded",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.CONSENT,
    mandates=("cn-frt-2025:Art.6", "cn-pipl:Art.29", "cn-pipl:Art.14"),
    rationale=(
        "Facial information is sensitive personal information. Where consent is the basis for "
        "processing it, the Measures (Art. 6) and PIPL Art. 29 require a separate consent: asked "
        "for on its own, freely, explicitly and with full information, not folded into terms of "
        "service; PIPL Art. 14 makes such a consent the only valid one where the law demands it. "
        "The check lists the facial processing of the system (every store holding facial data "
        "and every flow carrying it) and leaves out what a `law` named in its `legal_basis` "
        "covers. If anything is left, consent must be its basis, and the check fires when no "
        "consent record has `separate: true`: there are no consent records at all, or only "
        "bundled ones. A system whose facial processing is all provided for by law needs no "
        "consent and passes; a system with no facial store or flow is not judged. The finding "
        "points at the `consent` section (at its first record, since the section itself carries "
        "no position) or, when there is none, at the `system` section. Consent under BIPA, the "
        "Texas CUBI and the Colorado biometric rules need not be separate, so those laws are not "
        "cited here; a bundled consent used for facial data is reported by FA402."),
    remediation=(
        "Ask for consent to the facial processing on its own screen or form, separate from the "
        "general terms, after telling people the purpose, the method and how long the data is "
        "kept, and give them a convenient way to withdraw it. Record it as a consent record "
        "with `separate: true` and name it where the data is processed: "
        "`consent: [{id: face-enrolment, separate: true, withdrawal: [app-setting]}]` and "
        "`legal_basis: {separate_consent: face-enrolment}`. Where a law provides for the "
        "processing instead, record it: `legal_basis: {law: \"...\"}`."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables", "components.stores.legal_basis",
           "flows.data", "flows.legal_basis", "consent.separate"),
    bad_example=Example("yaml", """
components:
  - {id: gate-cam, kind: capture-device, zone: device}
  - {id: match-svc, kind: service, zone: on-premises}
flows:
  - {from: gate-cam, to: match-svc, data: [face-image], protocol: https, tls: "1.3"}
consent:
  - {id: terms-of-service, separate: false, withdrawal: [email]}
"""),
    good_example=Example("yaml", """
components:
  - {id: gate-cam, kind: capture-device, zone: device}
  - {id: match-svc, kind: service, zone: on-premises}
flows:
  - {from: gate-cam, to: match-svc, data: [face-image], protocol: https, tls: "1.3",
     legal_basis: {separate_consent: face-enrolment}}
consent:
  - {id: face-enrolment, separate: true, withdrawal: [app-setting, front-desk]}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    if any(consent.separate for consent in model.consents):
        return
    uncovered = needing_consent(model)
    if not uncovered:
        return
    location = section_location(model)
    if location is None:
        return
    facial = facial_union(uncovered)
    stated = ("no consent is recorded" if not model.consents
              else "every consent record is bundled (separate: false)")
    yield Hit(
        message=f"Facial data ({categories_text(facial)}) is processed with no law providing "
                f"for it, and {stated}: no separate consent covers it",
        locations=(location,),
        evidence=(Evidence("consent records", consent_text(model.consents, "separate")),
                  Evidence("processing without a law basis", processing_text(uncovered)),
                  Evidence("data", categories_text(facial))),
        data=facial, key="separate-face-consent")


CHECK = Check(meta=META, run=run)
