"""Backups of face databases that never expire, in settings (FA307).

A backup setting is about a face database when its key, the names of its sections (a
Kubernetes CronJob ``face-db-backup``, a Compose service ``compreface-db-backup``) or the values
of its neighbours (``POSTGRES_HOST=compreface-postgres-db``) name faces or a face service. Its
retention is read as FA306 reads retention (:func:`~.retention.read_retention`); a backup
schedule with no retention setting beside it sets no expiry at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from faceaudit.checklib.settings.context import SettingContext, key_face_word
from faceaudit.checklib.settings.core import is_example_file
from faceaudit.checklib.settings.retention import (
    BACKUP_WORDS,
    RetentionValue,
    names_retention,
    read_retention,
)
from faceaudit.settingkeys import NamedSetting, as_bool, last_segment, value_text, words

#: Last word parts of a key that schedule backups (``SCHEDULE``, ``spec.schedule``,
#: ``backup.cron``).
SCHEDULE_WORDS: frozenset[str] = frozenset({"schedule", "cron", "crontab", "interval"})


@dataclass(frozen=True)
class FaceBackupSetting:
    """A setting of a face database's backups: its retention read (``value``), or ``None`` for
    a schedule with no retention setting beside it; ``face`` is the word that ties it to faces."""

    named: NamedSetting
    face: str
    value: RetentionValue | None


def _face_of(context: SettingContext, named: NamedSetting,
             neighbours: tuple[NamedSetting, ...]) -> str | None:
    found = context.face_word(named)
    if found is not None:
        return found
    for other in neighbours:
        text = value_text(other.value)
        if text is not None and (word := key_face_word(text)) is not None:
            return word
    return None


def _is_backup(context: SettingContext, named: NamedSetting) -> bool:
    return bool(context.words(named) & BACKUP_WORDS)


def face_backup_settings(context: SettingContext) -> tuple[FaceBackupSetting, ...]:
    """The retention settings of face-database backups whose value can be read, and the backup
    schedules of face databases with no retention setting in their section, in order;
    templates of a configuration left out."""
    found: list[FaceBackupSetting] = []
    for named in context.settings:
        if is_example_file(named.setting.provenance.path) or not _is_backup(context, named):
            continue
        last = words(last_segment(named.name))
        is_retention = names_retention(named.name)
        is_schedule = bool(last) and last[-1] in SCHEDULE_WORDS
        if not is_retention and not is_schedule:
            continue
        neighbours = context.under(named, context.scope(named))
        face = _face_of(context, named, neighbours)
        if face is None:
            continue
        if is_retention:
            value = read_retention(named.name, named.value)
            if value is not None:
                found.append(FaceBackupSetting(named, face, value))
            continue
        if as_bool(named.value) is False or value_text(named.value) in (None, ""):
            continue
        if not any(names_retention(other.name) for other in neighbours if other is not named):
            found.append(FaceBackupSetting(named, face, None))
    return tuple(found)
