"""FA307: backups of a face database are kept with no expiry, or longer than the law allows."""

from __future__ import annotations

import math
from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.retention import RetentionLimit, counting_note, limits_for
from faceaudit.checklib.settings import setting_location
from faceaudit.checklib.settings.backups import FaceBackupSetting, face_backup_settings
from faceaudit.checklib.settings.context import SettingContext
from faceaudit.model import DataCategory, SystemModel

META = CheckMeta(
    id="FA307",
    slug="face-backup-retention-unbounded",
    title="Backups of a face database are kept with no expiry, or longer than the law allows",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.RETENTION,
    mandates=("cn-pipl:Art.47", "cn-pipl:Art.19", "cn-frt-2025:Art.8", "eu-gdpr:Art.5(1)(e)",
              "us-il-bipa:15(a)", "us-tx-cubi:503.001(c)(3)"),
    rationale=(
        "Deleting a face from the database does not delete it from the database's backups, "
        "and retention limits (the Measures Art. 8, PIPL Art. 19, GDPR Art. 5(1)(e), BIPA "
        "15(a), Texas CUBI 503.001(c)(3)) and the duty to delete (PIPL Art. 47) apply to every "
        "copy. This check reads the settings of backups (a key, or the name of its section, "
        "with `backup` or `dump`: `BACKUP_KEEP_DAYS`, a CronJob named `face-db-backup`) that "
        "belong to a face database (the key, a section's name, or a neighbouring value such as "
        "`POSTGRES_HOST=compreface-postgres-db` names faces or a face service). It reports a "
        "retention that sets no limit (`-1`, `forever`, `never`, `unlimited`), one longer than "
        "a limit of the system's jurisdictions in faceaudit's table of retention limits "
        "(US-IL 1095 days, US-TX 365 days), read as FA306 reads retention, and a backup "
        "schedule with no retention setting in the same section or object, which keeps every "
        "backup it takes. Retention settings of facial data that are not backups are FA306's."),
    remediation=(
        "Give the backups an expiry no longer than the data's own retention (for example "
        "`BACKUP_KEEP_DAYS=30`, a lifecycle rule on the backup bucket, or the backup tool's "
        "prune policy), so that a deleted face leaves the backups within that time; then "
        "record it on the store in the description (`backups: {retention_days: 30}`)."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
services:
  compreface-db-backup:
    image: prodrigestivill/postgres-backup-local:16
    environment:
      POSTGRES_HOST: compreface-postgres-db
      SCHEDULE: "@daily"
      BACKUP_KEEP_MONTHS: "-1"
"""),
    good_example=Example("yaml", """
services:
  compreface-db-backup:
    image: prodrigestivill/postgres-backup-local:16
    environment:
      POSTGRES_HOST: compreface-postgres-db
      SCHEDULE: "@daily"
      BACKUP_KEEP_DAYS: "30"
"""),
)

_DATA = frozenset({DataCategory.FACE_IMAGE, DataCategory.FACE_TEMPLATE})


def _evidence(found: FaceBackupSetting, reason: str) -> list[Evidence]:
    return [Evidence("setting", found.named.label),
            Evidence("face database", f"tied to faces by {found.face!r}"),
            Evidence("reason", reason)]


def _limit_evidence(limit: RetentionLimit) -> list[Evidence]:
    return [Evidence("limit", limit.describe()),
            Evidence("article", f"{limit.mandate}: {limit.summary}")]


def run(model: SystemModel) -> Iterator[Hit]:
    limits = limits_for(model.system.jurisdictions) if model.system is not None else ()
    for found in face_backup_settings(SettingContext.of(model)):
        setting, value = found.named.setting, found.value
        key = f"{setting.provenance.path}:{setting.key}"
        if value is None:
            yield Hit(
                message=(f"{found.named.label} schedules backups of a face database and no "
                         "setting beside it makes them expire"),
                locations=(setting_location(setting),),
                evidence=tuple(_evidence(found, "a backup schedule with no retention "
                                                "setting: every backup is kept")),
                data=_DATA, key=key)
            continue
        if value.unbounded:
            evidence = _evidence(found, f"{value.text}: backups are kept for ever")
            for limit in limits:
                evidence += _limit_evidence(limit)
            yield Hit(
                message=f"{found.named.label} keeps backups of a face database with no limit "
                        f"({value.text})",
                locations=(setting_location(setting),), evidence=tuple(evidence),
                data=_DATA, key=key)
            continue
        if value.days is None:
            continue
        for limit in limits:
            if value.days <= limit.max_days:
                continue
            evidence = _evidence(found, f"{value.text} exceeds the {limit.max_days} days "
                                        f"{limit.mandate} allows in {limit.jurisdiction}")
            evidence += _limit_evidence(limit)
            note = counting_note(math.ceil(value.days), "collection", limit)
            if note:
                evidence.append(Evidence("counting", note))
            yield Hit(
                message=(f"{found.named.label} keeps backups of a face database "
                         f"{value.text}, longer than the {limit.max_days} days "
                         f"{limit.mandate} allows in {limit.jurisdiction}"),
                locations=(setting_location(setting),), evidence=tuple(evidence),
                data=_DATA, key=f"{key}@{limit.mandate}")


CHECK = Check(meta=META, run=run)
