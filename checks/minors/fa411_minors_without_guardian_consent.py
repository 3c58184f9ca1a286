"""FA411: children under 14 are among the people, and no guardian consent is recorded."""

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
    consent_key,
    consent_location,
    consent_text,
    facial_union,
    needing_consent,
    system_location,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA411",
    slug="minors-without-guardian-consent",
    title="Facial data of children under 14 processed without a guardian's consent",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.MINORS,
    mandates=("cn-frt-2025:Art.7", "cn-pipl:Art.31", "cn-pipl:Art.28"),
    rationale=(
        "All personal information of a child under 14 is sensitive (PIPL Art. 28), and "
        "processing it on consent needs the consent of a parent or other guardian (PIPL "
        "Art. 31; the Measures Art. 7 for facial information). The check runs when "
        "`system.subjects.includes_minors_under_14` is true and some facial processing (a store "
        "holding facial data or a flow carrying it) rests on consent, that is, names no `law` "
        "in its `legal_basis`. It reports the `system` section once when no consent record has "
        "`guardian_for_minors: true`, and, when one does, each other record that states "
        "`guardian_for_minors: false`: that basis still collects children's faces on their own "
        "say. When `includes_minors_under_14` is absent the check stays silent: the articles do "
        "not ask the operator to declare it, and faceaudit cannot judge; declare it, because "
        "children are easy to overlook in a general population (a school, a residential "
        "compound, a theme park)."),
    remediation=(
        "Check the age at enrolment, and for children under 14 get the consent of a parent or "
        "guardian, with processing rules written for children. Record it on the consent record "
        "used for their facial data: `consent: [{id: student-face, separate: true, "
        "guardian_for_minors: true, withdrawal: [parent-portal]}]`. If children are not "
        "enrolled at all, say so: `subjects: {includes_minors_under_14: false}`."),
    added="0.1.0",
    reads=("system.subjects.includes_minors_under_14", "consent.guardian_for_minors",
           "components.stores.legal_basis", "flows.legal_basis"),
    bad_example=Example("yaml", """
system:
  name: Primary school attendance
  subjects: {stored_individuals: 900, includes_minors_under_14: true}
components:
  - {id: gate-terminal, kind: edge-device, zone: device,
     stores: [{name: pupil-templates, data: [face-template]}]}
consent:
  - {id: attendance-face, separate: true, withdrawal: [parent-portal]}
"""),
    good_example=Example("yaml", """
system:
  name: Primary school attendance
  subjects: {stored_individuals: 900, includes_minors_under_14: true}
components:
  - {id: gate-terminal, kind: edge-device, zone: device,
     stores: [{name: pupil-templates, data: [face-template]}]}
consent:
  - {id: attendance-face, separate: true, guardian_for_minors: true,
     withdrawal: [parent-portal]}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    system = model.system
    if system is None or system.subjects.includes_minors_under_14 is not True:
        return
    uncovered = needing_consent(model)
    if not uncovered:
        return
    facial = facial_union(uncovered)
    guardians = [c for c in model.consents if c.guardian_for_minors is True]
    if not guardians:
        location = system_location(model)
        if location is None:
            return
        yield Hit(
            message="The people include children under 14, and no consent record collects a "
                    "parent's or guardian's consent (guardian_for_minors: true)",
            locations=(location,),
            evidence=(Evidence("includes_minors_under_14", "true"),
                      Evidence("consent records",
                               consent_text(model.consents, "guardian_for_minors")),
                      Evidence("data", categories_text(facial))),
            data=facial, key="minors-guardian-consent")
        return
    for consent in model.consents:
        if consent.guardian_for_minors is not False:
            continue
        yield Hit(
            message=f"Consent {consent.id!r} states guardian_for_minors: false, though the "
                    "people include children under 14",
            locations=(consent_location(consent),),
            evidence=(Evidence("includes_minors_under_14", "true"),
                      Evidence("guardian_for_minors", "false"),
                      Evidence("with guardian consent", ", ".join(c.id for c in guardians)),
                      Evidence("data", categories_text(facial))),
            data=facial, key=consent_key(consent))


CHECK = Check(meta=META, run=run)
