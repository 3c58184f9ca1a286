"""The helpers FA227, FA228 and FA229 use to find face-data endpoints and push services."""

from __future__ import annotations

import pytest

from faceaudit.checklib.settings.context import SettingContext, key_face_word
from faceaudit.checklib.settings.endpoints import Role, face_endpoints, redacted_address
from faceaudit.checklib.settings.notify import push_targets, service_for_host
from faceaudit.model import Provenance, Setting, SystemModel

Value = str | int | float | bool | None


def _context(*items: tuple[str, Value], path: str = "config.yml") -> SettingContext:
    return SettingContext.of(SystemModel(settings=tuple(
        Setting(key, value, Provenance(path, line, key))
        for line, (key, value) in enumerate(items, start=1))))


@pytest.mark.parametrize(("path", "shown"), [
    ("/bot123456:AAH-secret/sendPhoto", "https://h.example/***/***"),
    ("/services/T0000/B0000/XXXXsecret", "https://h.example/services/***/***/***"),
    ("/api/v1/recognition/recognize", "https://h.example/api/v1/recognition/recognize"),
    ("", "https://h.example"),
])
def test_redacted_address_keeps_only_plain_words(path: str, shown: str) -> None:
    assert redacted_address("https", "h.example", None, path) == shown


def test_redacted_address_can_hide_the_whole_path() -> None:
    assert redacted_address("https", "ntfy.sh", 443, "/faces", keep_path=False) == \
        "https://ntfy.sh:443/***"


@pytest.mark.parametrize(("key", "word"), [
    ("detectors.compreface.url", "compreface"),
    ("FACE_API_URL", "face"),
    ("services.CodeProjectAI.url", "codeproject"),
    ("services.double-take.image", "doubletake"),
    ("billing.webhook.url", None),
])
def test_key_face_word(key: str, word: str | None) -> None:
    assert key_face_word(key) == word


def test_endpoints_classify_recipients_and_sources() -> None:
    context = _context(
        ("frigate.url", "http://nvr.example.org:5000"),
        ("detectors.compreface.url", "faces.example.com:8000"),
        ("detectors.compreface.key", "abc"),
        ("mqtt.host", "mqtt.example.com"),
        ("notify.pushover.url", "https://api.pushover.net/1/messages.json"),
        ("detectors.rekognition.url", "https://rekognition.us-east-1.amazonaws.com"),
        ("detectors.deepstack.url", "${DEEPSTACK_URL}"))
    found = [(e.named.name, e.role, e.scheme, e.host, e.public) for e in face_endpoints(context)]
    assert found == [
        ("frigate.url", Role.SOURCE, "http", "nvr.example.org", True),
        ("detectors.compreface.url", Role.RECIPIENT, "", "faces.example.com", True),
    ]


def test_detector_needs_a_camera_or_face_file() -> None:
    lone = _context(("anomaly_detector.url", "https://ml.example.com/detect"))
    assert face_endpoints(lone) == ()
    nvr = _context(("anomaly_detector.url", "https://ml.example.com/detect"),
                   ("cameras.lobby.detect.width", 1280))
    assert [e.named.name for e in face_endpoints(nvr)] == ["anomaly_detector.url"]


def test_webhook_needs_faces_snapshots_or_an_attachment() -> None:
    plain = _context(("alerts.webhook.url", "https://hooks.example.com/x"),
                     ("detectors.compreface.url", "http://compreface:8000"))
    assert [e.named.name for e in face_endpoints(plain)] == ["detectors.compreface.url"]
    attaching = _context(("alerts.webhook.url", "https://hooks.example.com/x"),
                         ("alerts.webhook.include_snapshot", True))
    assert [e.named.name for e in face_endpoints(attaching)] == ["alerts.webhook.url"]


def test_section_names_give_kubernetes_env_its_context() -> None:
    context = _context(
        ("doc0.kind", "Deployment"), ("doc0.metadata.name", "face-gateway"),
        ("doc0.spec.template.spec.containers.0.env.0.name", "MATCH_URL"),
        ("doc0.spec.template.spec.containers.0.env.0.value", "https://m.example.net/match"),
        path="deploy.yaml")
    found = face_endpoints(context)
    assert [e.named.label for e in found] == [
        "doc0.spec.template.spec.containers.0.env.0.value (MATCH_URL)"]


@pytest.mark.parametrize(("host", "service"), [
    ("api.telegram.org", "Telegram Bot API"), ("ntfy.sh", "ntfy"),
    ("fcm.googleapis.com", "Firebase Cloud Messaging"), ("example.com", None),
])
def test_service_for_host(host: str, service: str | None) -> None:
    found = service_for_host(host)
    assert (found.name if found else None) == service


def test_push_targets_once_per_section_with_what_attaches() -> None:
    context = _context(
        ("notify.pushover.token", "azGDORePK8gMaC0QOYAMyEEuzJnyUi"),
        ("notify.pushover.user", "uQiRzpo4DXghDmr9QzzfQu27cmVRsG"),
        ("notify.pushover.attachment", "snapshot"),
        ("notify.gotify.url", "http://gotify.lan"),
        ("notify.ntfy.url", "https://ntfy.example.com/doors"))
    found = [(t.service, t.section, t.host, t.carries) for t in push_targets(context)]
    assert found == [
        ("Pushover", "notify.pushover", None, "notify.pushover.attachment attaches an image"),
        ("ntfy", "notify.ntfy", "ntfy.example.com", None),
    ]


def test_environment_attachment_must_name_the_service() -> None:
    context = _context(("PUSHOVER_TOKEN", "azGDORePK8gMaC0QOYAMyEEuzJnyUi"),
                       ("SNAPSHOT_DIR", "/data/snapshots"), path=".env")
    assert [t.carries for t in push_targets(context)] == [None]
    context = _context(("PUSHOVER_TOKEN", "azGDORePK8gMaC0QOYAMyEEuzJnyUi"),
                       ("PUSHOVER_ATTACH_SNAPSHOT", "true"), path=".env")
    assert [t.carries for t in push_targets(context)] == [
        "PUSHOVER_ATTACH_SNAPSHOT attaches an image"]


def test_home_assistant_notify_with_an_image() -> None:
    context = _context(
        ("automation.0.action.0.service", "notify.mobile_app_pixel"),
        ("automation.0.action.0.data.data.image", "/api/frigate/notifications/1/snapshot.jpg"),
        ("automation.1.action.0.action", "notify.mobile_app_pixel"),
        ("automation.1.action.0.data.message", "garage open"),
        ("automation.2.action.0.service", "light.turn_on"))
    found = [(t.service, t.carries is not None) for t in push_targets(context)]
    assert found == [("Home Assistant notify.mobile_app_pixel", True),
                     ("Home Assistant notify.mobile_app_pixel", False)]
