"""The helpers FA306 uses to read retention settings of facial data, and FA306 on built models."""

from __future__ import annotations

import pytest

from faceaudit.checklib.settings import (
    face_retention_settings,
    facial_word,
    key_unit_days,
    names_face_retention,
    names_retention,
    read_retention,
)
from faceaudit.model import Provenance, Setting, Subjects, SystemInfo, SystemModel
from faceaudit.registry import load_registry

FA306 = next(c for c in load_registry(plugins=False).checks if c.id == "FA306")

Value = str | int | float | bool | None


@pytest.mark.parametrize(("key", "expected"), [
    ("snapshots.retain.default", True),
    ("face_recognition.retention_days", True),
    ("FACE_IMAGE_TTL_DAYS", True),
    ("double_take.purge.matches.retain", True),
    ("faces.maxAge", True),
    ("FACE_PURGE_AFTER", True),
    ("faces.expiry", True),
    ("logs.retain_days", False),
    ("record.events.retain.default", False),
    ("backup.snapshots.retention_days", False),
    ("pcap.capture.max_age", False),
    ("plate_recognition.retention_days", False),
    ("face.keep_alive", False),
    ("face_recognition.enabled", False),
    ("face.purge", False),
])
def test_names_face_retention(key: str, expected: bool) -> None:
    assert names_face_retention(key) is expected


def test_facial_and_retention_words() -> None:
    assert facial_word("services.double-take.environment.RETAIN") == "double_take"
    assert facial_word("record.events.retain.objects.person") == "person"
    assert facial_word("cameras.door.snapshots.retain.default") == "snapshots"
    assert facial_word("face_recognition.plate.retain") == "face"
    assert facial_word("lpr.recognition.retain") is None
    assert names_retention("cache.keep_alive") is False


@pytest.mark.parametrize(("key", "days"), [
    ("record.retain.days", 1.0),
    ("snapshots.retain.default", 1.0),
    ("FACE_RETENTION_HOURS", 1 / 24),
    ("faces.max_age_seconds", 1 / 86_400),
    ("face.ttl", None),
    ("face.retention_h", 1.0),
])
def test_key_unit_days(key: str, days: float | None) -> None:
    assert key_unit_days(key) == days


@pytest.mark.parametrize(("key", "value", "unbounded", "days"), [
    ("snapshots.retain.default", -1, True, None),
    ("snapshots.retain.default", "-1", True, None),
    ("FACE_RETENTION", "forever", True, None),
    ("FACE_RETENTION", " Never ", True, None),
    ("FACE_RETENTION", "no-expiry", True, None),
    ("FACE_RETENTION", "none", True, None),
    ("face.ttl", "unlimited", True, None),
    ("snapshots.retain.default", 0, False, 0.0),
    ("snapshots.retain.default", "0", False, 0.0),
    ("FACE_RETENTION_DAYS", "1460", False, 1460.0),
    ("FACE_TTL", "30d", False, 30.0),
    ("FACE_TTL", "720h", False, 30.0),
    ("FACE_TTL", "90 days", False, 90.0),
    ("FACE_TTL", "2 weeks", False, 14.0),
    ("FACE_TTL", 86400, False, None),
    ("FACE_TTL_HOURS", 48, False, 2.0),
    ("face.retain.days", 7.5, False, 7.5),
])
def test_read_retention(key: str, value: Value, unbounded: bool, days: float | None) -> None:
    read = read_retention(key, value)
    assert read is not None
    assert (read.unbounded, read.days) == (unbounded, days)


@pytest.mark.parametrize("value", [None, True, False, "motion", "30 parsecs", "", "${TTL}"])
def test_read_retention_ignores_what_is_no_duration(value: Value) -> None:
    assert read_retention("snapshots.retain.mode", value) is None


def _model(*items: tuple[str, Value], path: str = "config.yml",
           jurisdictions: tuple[str, ...] | None = None) -> SystemModel:
    settings = tuple(Setting(key, value, Provenance(path, line, key))
                     for line, (key, value) in enumerate(items, start=1))
    system = None if jurisdictions is None else SystemInfo(
        "s", None, jurisdictions, (), Subjects(None, None), Provenance("faceaudit.yaml", 1, "/"))
    return SystemModel(system=system, settings=settings)


def test_face_retention_settings_reads_compose_items_and_skips_templates() -> None:
    model = _model(("services.api.environment.0", "FACE_TTL_DAYS=-1"),
                   ("logs.retain", -1))
    (found,) = face_retention_settings(model)
    assert found.named.name == "services.api.environment.FACE_TTL_DAYS"
    assert found.value.unbounded
    assert face_retention_settings(_model(("FACE_TTL_DAYS", -1), path=".env.example")) == ()


def test_fa306_without_jurisdictions_reports_only_unbounded() -> None:
    model = _model(("FACE_RETENTION_DAYS", 5000), ("snapshots.retain.default", "forever"))
    hits = list(FA306.run(model))
    assert [h.locations[0].object for h in hits] == ["snapshots.retain.default"]


def test_fa306_over_each_limit_cites_the_article() -> None:
    model = _model(("FACE_RETENTION_DAYS", "400"), jurisdictions=("US-IL", "US-TX"))
    (hit,) = list(FA306.run(model))
    evidence = dict((e.label, e.value) for e in hit.evidence)
    assert evidence["setting"] == "FACE_RETENTION_DAYS"
    assert evidence["value"] == "400 days"
    assert evidence["article"].startswith("us-tx-cubi:503.001(c)(3): ")
    assert "365" in evidence["reason"]
    two = list(FA306.run(_model(("FACE_RETENTION_DAYS", 2000),
                                jurisdictions=("US-IL", "US-TX"))))
    assert [h.key for h in two] == ["config.yml:FACE_RETENTION_DAYS@us-il-bipa:15(a)",
                                    "config.yml:FACE_RETENTION_DAYS@us-tx-cubi:503.001(c)(3)"]
