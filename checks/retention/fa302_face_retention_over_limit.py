"""FA302: facial data kept longer than a framework of the system's jurisdictions allows."""

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
from faceaudit.checklib import categories_text, facial_stores
from faceaudit.checklib.retention import EVENT_TEXT, Overrun, limits_for, overrun
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA302",
    slug="face-retention-over-limit",
    title="Facial data kept longer than the law of the system's jurisdiction allows",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.RETENTION,
    mandates=("us-il-bipa:15(a)", "us-tx-cubi:503.001(c)(3)"),
    rationale=(
        "Some laws put a number on how long biometric data may be kept. BIPA 15(a) requires "
        "destruction once the initial purpose is met or within three years (1095 days) of the "
        "person's last interaction, whichever comes first; Texas CUBI 503.001(c)(3) requires it "
        "no later than one year (365 days) after the purpose expires. The check reads the "
        "limits of the system's `jurisdictions` from faceaudit's table of retention limits "
        "(US-IL and US-TX today; a subdivision code such as US-IL must be listed, `US` alone "
        "does not select a state law) and reports each store of facial data whose "
        "`retention.days` exceed one of them, citing that framework's article; a store over "
        "two limits is reported once for each. A store's retention counts from its `after` "
        "event (collection by default) while each limit counts from its own; the days are "
        "compared as stated, which is the worst case when the two events fall on the same day, "
        "and the finding explains how the counts relate. Retention that counts from the "
        "withdrawal of consent exceeds any limit that counts from another event, whatever the "
        "days: a person who never withdraws is kept for ever. A store with no retention limit "
        "is FA301's finding, not this one's; a system that states none of these jurisdictions "
        "gives no finding."),
    remediation=(
        "Shorten the retention period to the limit or less, counted from the event the law "
        "names, and have the purge job delete on that schedule; then record it, for example "
        "`retention: {days: 1095, after: last-interaction, enforced_by: nightly purge job}` "
        "for Illinois or `retention: {days: 365, after: purpose-end, enforced_by: ...}` for "
        "Texas. Delete earlier when the purpose is met sooner."),
    added="0.1.0",
    reads=("system.jurisdictions", "components.stores.data", "components.stores.tables",
           "components.stores.retention"),
    bad_example=Example("yaml", """
system: {name: Gym check-in, jurisdictions: [US-IL]}
components:
  - id: member-db
    kind: datastore
    zone: cloud
    stores:
      - data: [face-template]
        retention: {days: 1825, after: last-interaction, enforced_by: yearly purge}
"""),
    good_example=Example("yaml", """
system: {name: Gym check-in, jurisdictions: [US-IL]}
components:
  - id: member-db
    kind: datastore
    zone: cloud
    stores:
      - data: [face-template]
        retention: {days: 365, after: last-interaction, enforced_by: nightly purge job}
"""),
)


def _message(store: str, categories: str, over: Overrun) -> str:
    limit = over.limit
    allowed = (f"the {limit.max_days} days after {EVENT_TEXT[limit.counted_from]} that "
               f"{limit.mandate} allows in {limit.jurisdiction}")
    kept = f"{over.days} days after {EVENT_TEXT.get(over.counted_from, over.counted_from)}"
    if over.unbounded:
        return (f"Store {store} keeps {categories} until {kept}, which may never come, so "
                f"it can outlast {allowed}")
    return f"Store {store} keeps {categories} {kept}, longer than {allowed}"


def run(model: SystemModel) -> Iterator[Hit]:
    if model.system is None:
        return
    limits = limits_for(model.system.jurisdictions)
    if not limits:
        return
    for found in facial_stores(model):
        retention = found.store.retention
        if retention is None:
            continue
        for limit in limits:
            over = overrun(retention, limit)
            if over is None:
                continue
            store = found.location.object
            evidence = [Evidence("retention", f"{over.days} days after {over.counted_from}"),
                        Evidence("limit", limit.describe()),
                        Evidence("article", f"{limit.mandate}: {limit.summary}")]
            if over.note:
                evidence.append(Evidence("counting", over.note))
            yield Hit(
                message=_message(store, categories_text(found.facial), over),
                locations=(found.location,
                           Location.of(retention.provenance, f"{store}.retention")),
                evidence=tuple(evidence), data=found.facial, zone=found.component.zone,
                key=f"{found.key}@{limit.mandate}")


CHECK = Check(meta=META, run=run)
