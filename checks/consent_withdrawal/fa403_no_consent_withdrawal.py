"""FA403: a consent record with no way to withdraw it."""

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
from faceaudit.checklib.people import consent_key, consent_location
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA403",
    slug="no-consent-withdrawal",
    title="Consent recorded with no channel to withdraw it",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.CONSENT_WITHDRAWAL,
    mandates=("cn-frt-2025:Art.6", "cn-pipl:Art.15"),
    rationale=(
        "People may withdraw a consent they gave, and the processor must offer a convenient way "
        "to do so (PIPL Art. 15); the Measures (Art. 6) repeat the duty for consent to facial "
        "processing. A consent that cannot be withdrawn in practice is not a free one. The check "
        "reports every consent record whose `withdrawal` list is missing, empty or holds only "
        "blank entries. PIPL Art. 15 applies to every consent, so the check does not ask what "
        "the record is used for. Whether a channel is convenient (as easy as giving consent) "
        "needs human review."),
    remediation=(
        "Offer at least one channel as easy as the one used to give consent (an app setting, "
        "the front desk, a web form), make it stop the processing and delete the facial data, "
        "and list it on the record: `withdrawal: [app-setting, front-desk]`, with "
        "`on_withdrawal: delete`."),
    added="0.1.0",
    reads=("consent.withdrawal",),
    bad_example=Example("yaml", """
consent:
  - {id: face-enrolment, separate: true}
"""),
    good_example=Example("yaml", """
consent:
  - {id: face-enrolment, separate: true, withdrawal: [app-setting, front-desk],
     on_withdrawal: delete}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for consent in model.consents:
        if any(channel.strip() for channel in consent.withdrawal):
            continue
        stated = "lists no withdrawal channel" if not consent.withdrawal else \
            "lists only blank withdrawal channels"
        yield Hit(
            message=f"Consent {consent.id!r} {stated}: people cannot withdraw it",
            locations=(consent_location(consent),),
            evidence=(Evidence("withdrawal", ", ".join(repr(c) for c in consent.withdrawal)
                               or "none"),),
            key=consent_key(consent))


CHECK = Check(meta=META, run=run)
