"""FA303: a retention period for facial data that nothing is said to enforce."""

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
from faceaudit.checklib.retention import DEFAULT_EVENT, EVENT_TEXT
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA303",
    slug="face-retention-not-enforced",
    title="Retention period for facial data with nothing stated to enforce it",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.RETENTION,
    mandates=("cn-pipl:Art.47", "cn-frt-2025:Art.8", "us-il-bipa:15(a)"),
    rationale=(
        "A retention period protects no one unless something deletes the data when it ends. "
        "PIPL Art. 47 requires deletion when the retention period expires, the Measures "
        "(Art. 8) limit facial information to the shortest time the purpose needs, and BIPA "
        "15(a) requires the entity to follow its retention schedule, not only to publish it. "
        "The check reports every store of facial data that states `retention.days` but no "
        "`enforced_by`, or an empty one: the period is a promise with no mechanism behind it. "
        "A period of 0 days needs a mechanism too. Confidence is medium, because a purge job "
        "may exist without being recorded. A store with no period at all is FA301's finding."),
    remediation=(
        "Put in place what deletes expired facial data (a scheduled purge job, a database TTL, "
        "a bucket lifecycle rule, partition drops), make sure it also reaches replicas and "
        "caches, and name it on the store: `retention: {days: 30, enforced_by: nightly purge "
        "job}`."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables",
           "components.stores.retention.days", "components.stores.retention.enforced_by"),
    bad_example=Example("yaml", """
stores:
  - data: [face-template]
    retention: {days: 30}
"""),
    good_example=Example("yaml", """
stores:
  - data: [face-template]
    retention: {days: 30, enforced_by: nightly purge job}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found in facial_stores(model):
        retention = found.store.retention
        if retention is None or retention.days is None:
            continue
        if retention.enforced_by is not None and retention.enforced_by.strip():
            continue
        stated = "states no enforced_by" if retention.enforced_by is None else \
            "states an empty enforced_by"
        store = found.location.object
        after = retention.after or DEFAULT_EVENT
        period = f"{retention.days} days after {EVENT_TEXT.get(after, after)}"
        yield Hit(
            message=f"Store {store} keeps {categories_text(found.facial)} {period} and "
                    f"{stated}: nothing is said to delete it",
            locations=(found.location, Location.of(retention.provenance, f"{store}.retention")),
            evidence=(Evidence("retention", f"{retention.days} days after {after}"),
                      Evidence("enforced_by", "not stated" if retention.enforced_by is None
                               else repr(retention.enforced_by)),
                      Evidence("data", categories_text(found.facial))),
            data=found.facial, zone=found.component.zone, key=found.key)


CHECK = Check(meta=META, run=run)
