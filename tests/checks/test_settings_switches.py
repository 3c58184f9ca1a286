"""The helper FA112, FA113 and FA114 use to read feature switches that keep face images."""

from __future__ import annotations

import pytest

from faceaudit.checklib.settings.context import SettingContext
from faceaudit.checklib.settings.switches import SwitchKind, store_switches
from faceaudit.model import Provenance, Setting, SystemModel

Value = str | int | float | bool | None


def _switches(*items: tuple[str, Value], path: str = "config.yml") -> list[tuple[str, str]]:
    context = SettingContext.of(SystemModel(settings=tuple(
        Setting(key, value, Provenance(path, line, key))
        for line, (key, value) in enumerate(items, start=1))))
    return [(s.named.name, s.kind.value) for s in store_switches(context)]


@pytest.mark.parametrize(("key", "value", "kind"), [
    ("SAVE_FACE_CROPS", "true", SwitchKind.RAW_IMAGES),
    ("face.store_faces", True, SwitchKind.RAW_IMAGES),
    ("recognition.save_unknown_faces", "yes", SwitchKind.RAW_IMAGES),
    ("face_recognition.save_attempts", 100, SwitchKind.TRAINING),
    ("training.save", True, SwitchKind.TRAINING),
    ("retain_training_data", "on", SwitchKind.TRAINING),
    ("enrollment.upload", True, SwitchKind.UPLOAD),
    ("face.allow_upload", True, SwitchKind.UPLOAD),
])
def test_switches_turned_on(key: str, value: Value, kind: SwitchKind) -> None:
    assert _switches((key, value)) == [(key, kind.value)]


@pytest.mark.parametrize(("key", "value"), [
    ("SAVE_FACE_CROPS", "false"),
    ("face_recognition.save_attempts", 0),
    ("retain_training_data", 30),
    ("enrollment.upload", False),
    ("documents.allow_upload", True),
    ("images.keep_original", True),
    ("face.keep_alive", True),
    ("snapshots.clean_copy", True),
])
def test_switches_off_or_not_about_faces(key: str, value: Value) -> None:
    assert _switches((key, value)) == []


def test_general_image_words_count_in_a_face_configuration() -> None:
    assert _switches(("save_images_to_db", "true"), ("compreface_api_java_options", "-Xmx4g"),
                     path=".env") == [("save_images_to_db", "raw-images")]
    assert _switches(("snapshots.clean_copy", True), ("face_recognition.enabled", True)) == [
        ("snapshots.clean_copy", "raw-images")]
    assert _switches(("detect.unknown.save", True), ("detectors.compreface.url", "x")) == [
        ("detect.unknown.save", "raw-images")]


def test_templates_of_a_configuration_are_left_out() -> None:
    assert _switches(("face.store_faces", True), path="config.example.yml") == []


def test_older_double_take_save_section_keeps_results() -> None:
    assert _switches(("detectors.compreface.url", "http://10.0.0.5:8000"),
                     ("save.matches", True), ("save.unknown", True), ("save.other", True)) == [
        ("save.matches", "raw-images"), ("save.unknown", "raw-images")]
