"""The helper FA307 uses to read the backups of face databases in settings."""

from __future__ import annotations

from faceaudit.checklib.settings.backups import face_backup_settings
from faceaudit.checklib.settings.context import SettingContext
from faceaudit.checklib.settings.retention import face_retention_settings, names_backup
from faceaudit.model import Provenance, Setting, SystemModel

Value = str | int | float | bool | None


def _model(*items: tuple[str, Value], path: str = "config.yml") -> SystemModel:
    return SystemModel(settings=tuple(
        Setting(key, value, Provenance(path, line, key))
        for line, (key, value) in enumerate(items, start=1)))


def _found(*items: tuple[str, Value], path: str = "config.yml") -> list[tuple[str, str | None]]:
    context = SettingContext.of(_model(*items, path=path))
    return [(f.named.name, f.value.text if f.value else None)
            for f in face_backup_settings(context)]


def test_retention_of_face_backups_is_read() -> None:
    assert _found(("face_db.backup.retention_days", -1),
                  ("face_db.backup.schedule", "@daily")) == [
        ("face_db.backup.retention_days", "-1, a negative value: no expiry")]


def test_neighbouring_values_tie_a_backup_to_a_face_database() -> None:
    env = "services.pg-backup.environment"
    assert _found((f"{env}.POSTGRES_HOST", "compreface-postgres-db"),
                  (f"{env}.BACKUP_KEEP_MONTHS", "-1")) == [
        (f"{env}.BACKUP_KEEP_MONTHS", "-1, a negative value: no expiry")]
    assert _found((f"{env}.POSTGRES_HOST", "wiki-db"), (f"{env}.BACKUP_KEEP_MONTHS", "-1")) == []


def test_schedule_without_retention_is_reported() -> None:
    assert _found(("doc0.kind", "CronJob"), ("doc0.metadata.name", "face-db-backup"),
                  ("doc0.spec.schedule", "30 2 * * *")) == [("doc0.spec.schedule", None)]
    assert _found(("doc0.kind", "CronJob"), ("doc0.metadata.name", "face-db-backup"),
                  ("doc0.spec.schedule", "30 2 * * *"),
                  ("doc0.spec.jobTemplate.spec.template.spec.containers.0.env.0.name",
                   "RETENTION_DAYS"),
                  ("doc0.spec.jobTemplate.spec.template.spec.containers.0.env.0.value", "30"),
                  ) == [("doc0.spec.jobTemplate.spec.template.spec.containers.0.env.0"
                         ".RETENTION_DAYS", "30 days")]


def test_backup_retention_is_left_out_of_fa306() -> None:
    assert names_backup("face_db.backup.retention_days")
    assert not names_backup("snapshots.retain.default")
    model = _model(("face_db.backup.retention_days", -1), ("faces.retention_days", -1))
    assert [f.named.name for f in face_retention_settings(model)] == ["faces.retention_days"]
