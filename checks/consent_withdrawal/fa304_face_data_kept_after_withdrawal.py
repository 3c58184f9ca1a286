"""FA304: a consent whose withdrawal does not delete the facial data it covers."""

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
from faceaudit.checklib import categories_text, china_may_apply, exposure_rank, facial_stores
from faceaudit.checklib.people import consent_key, consent_location
from faceaudit.model import DataCategory, SystemModel

META = CheckMeta(
    id="FA304",
    slug="face-data-kept-after-withdrawal",
    title="Facial data kept after consent is withdrawn",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.CONSENT_WITHDRAWAL,
    mandates=("cn-pipl:Art.47", "cn-pipl:Art.15", "cn-frt-2025:Art.6"),
    rationale=(
        "People may withdraw their consent to facial processing (PIPL Art. 15, the Measures "
        "Art. 6), and once they do the processor must delete their personal information "
        "(PIPL Art. 47). Only where deletion is technically impossible may it keep the data, "
        "and then it must stop all processing except storage and security. The check reports "
        "every consent record that says `on_withdrawal: keep`, or says nothing, while facial "
        "data is stored in a component it covers (every component when `covers` is not "
        "listed); `delete` and `stop-processing` both pass, since whether deletion is "
        "technically impossible needs human review. A consent that covers no component "
        "storing facial data gives no finding: withdrawing it leaves nothing behind. The "
        "articles are Chinese law, so the check stays silent for a system whose "
        "`jurisdictions` are stated and do not include CN; with none stated it applies."),
    remediation=(
        "Make withdrawal delete the person's facial data everywhere it is kept (the stores the "
        "consent covers, their replicas and backups) and record it on the consent: "
        "`on_withdrawal: delete`. Where deletion is technically impossible, stop every use but "
        "secure storage and record `on_withdrawal: stop-processing`."),
    added="0.1.0",
    reads=("consent.on_withdrawal", "consent.covers", "components.stores.data",
           "components.stores.tables", "system.jurisdictions"),
    bad_example=Example("yaml", """
consent:
  - {id: face-enrolment, separate: true, withdrawal: [app-setting], on_withdrawal: keep}
"""),
    good_example=Example("yaml", """
consent:
  - {id: face-enrolment, separate: true, withdrawal: [app-setting], on_withdrawal: delete}
"""),
)

_RELEASING = frozenset({"delete", "stop-processing"})


def run(model: SystemModel) -> Iterator[Hit]:
    if not china_may_apply(model):
        return
    stores = tuple(facial_stores(model))
    for consent in model.consents:
        if consent.on_withdrawal in _RELEASING:
            continue
        covered = [found for found in stores
                   if not consent.covers or found.component.id in consent.covers]
        if not covered:
            continue
        facial: frozenset[DataCategory] = frozenset().union(*(f.facial for f in covered))
        most_exposed = max((found.component for found in covered), key=exposure_rank)
        names = ", ".join(found.location.object for found in covered)
        stated = "says on_withdrawal: keep" if consent.on_withdrawal == "keep" else \
            "does not say what happens to the data on withdrawal"
        yield Hit(
            message=f"Consent {consent.id!r} {stated}, while {categories_text(facial)} is "
                    f"stored in {names}",
            locations=(consent_location(consent), *(found.location for found in covered)),
            evidence=(Evidence("on_withdrawal", consent.on_withdrawal or "not stated"),
                      Evidence("covers", ", ".join(consent.covers) or "every component"),
                      Evidence("stores", names)),
            data=facial, zone=most_exposed.zone, key=consent_key(consent))


CHECK = Check(meta=META, run=run)
