"""MQTT brokers a configuration connects to, and whether facial data is published there.

A broker is named by a URL (``mqtt://host:1883``, ``mqtts://``, or ``tcp://``/``ssl://`` under a
key naming MQTT) or by a host key among MQTT settings (``mqtt.host``, ``MQTT_HOST``,
``mqtt_broker``) with its sibling ``port`` and TLS settings. TLS is on with an ``mqtts``/``ssl``
scheme, port 8883, or a sibling TLS setting that is true or names a CA or certificate file; it
is shown off with an ``mqtt``/``tcp`` scheme, or port 1883 and no TLS setting; else unknown.

What is published is facial when the configuration says so: a recorder that recognises faces
(Frigate with ``face_recognition.enabled: true`` publishes each tracked person's snapshot), or an
MQTT setting whose key names faces, face crops or snapshots of a face-recognition product
(``mqtt.publish_faces: true``, ``MQTT_FACE_TOPIC``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from faceaudit.hosts import parse_url, port_number, split_host_port
from faceaudit.model import DataCategory, Provenance
from faceaudit.settingkeys import NamedSetting, as_bool, value_text, words

MQTT_SCHEMES: dict[str, bool] = {"mqtt": False, "mqtts": True, "ssl": True, "tcp": False,
                                 "ws": False, "wss": True, "mqtt+ssl": True, "tls": True}
#: Schemes that name MQTT only under a key that names MQTT.
GENERIC_SCHEMES = frozenset({"tcp", "ssl", "tls", "ws", "wss"})
HOST_WORDS = frozenset({"host", "hostname", "broker", "server", "address", "url", "uri"})
PLAINTEXT_PORT = 1883
TLS_PORT = 8883
TLS_WORDS = frozenset({"tls", "ssl", "mqtts"})
TLS_FILE_WORDS = frozenset({"ca", "cafile", "capath", "cert", "certs", "certificate",
                            "certfile", "keyfile"})
TLS_NEUTRAL_WORDS = frozenset({"insecure", "verify", "version"})
#: Word parts of an MQTT setting that say faces are published.
FACE_PUBLISH_WORDS = frozenset({"face", "faces", "facial", "crop", "crops"})
PLACEHOLDER = re.compile(r"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$|^\{[A-Z_][A-Z0-9_]*\}$|^\{\{.*\}\}$")


@dataclass(frozen=True)
class Broker:
    """A broker connection: where it points, whether TLS is on (``None``: not shown), why."""

    host: str
    port: int | None
    tls: bool | None
    reason: str
    setting: NamedSetting

    @property
    def provenance(self) -> Provenance:
        return self.setting.setting.provenance


def _mqtt_key(name: str) -> bool:
    return any("mqtt" in words(segment) for segment in name.split("."))


def _stem(name: str) -> str | None:
    """The prefix a broker host key shares with its siblings (``mqtt.`` for ``mqtt.host``,
    ``...environment.MQTT_`` for ``MQTT_HOST``), or ``None`` for other keys."""
    segment = name.rsplit(".", 1)[-1]
    segment_words = words(segment)
    if not segment_words or segment_words[-1] not in HOST_WORDS:
        return None
    parent = name[: len(name) - len(segment)]
    if "mqtt" in segment_words[:-1]:
        match = re.match(r"(?i)^(.*?mqtt[^A-Za-z0-9]?)", segment)
        return parent + (match.group(1) if match else "")
    parts = name.split(".")
    if len(segment_words) == 1 and len(parts) > 1 and "mqtt" in words(parts[-2]):
        return parent
    return None


def _tls_setting(sibling: NamedSetting, stem: str) -> bool | None:
    rest = set(words(sibling.name[len(stem):]))
    if not rest & TLS_WORDS or rest & TLS_NEUTRAL_WORDS:
        return None
    flag = as_bool(sibling.value)
    if flag is not None:
        return flag
    text = value_text(sibling.value)
    if rest & TLS_FILE_WORDS and text and not PLACEHOLDER.match(text.strip()):
        return True
    return None


def broker(setting: NamedSetting, siblings: Sequence[NamedSetting]) -> Broker | None:
    """The broker a setting names, or ``None``; ``siblings`` are the settings of its file."""
    text = value_text(setting.value)
    if text is None or not text.strip() or PLACEHOLDER.match(text.strip()):
        return None
    url = parse_url(text)
    if url is not None:
        if url.scheme not in MQTT_SCHEMES:
            return None
        if url.scheme in GENERIC_SCHEMES and not _mqtt_key(setting.name):
            return None
        tls = MQTT_SCHEMES[url.scheme]
        return Broker(url.host, url.port, tls, f"{url.scheme}:// URL", setting)
    stem = _stem(setting.name)
    if stem is None:
        return None
    host, port = split_host_port(text)
    if not host or "/" in host or " " in host:
        return None
    lowered = stem.lower()
    related = [s for s in siblings if s is not setting and s.name.lower().startswith(lowered)]
    if port is None:
        port = next((port_number(value_text(s.value)) for s in related
                     if words(s.name[len(stem):])[-1:] == ("port",)), None)
    flags = [flag for s in related if (flag := _tls_setting(s, stem)) is not None]
    if any(flags) or port == TLS_PORT:
        why = "a TLS setting" if any(flags) else f"port {TLS_PORT}"
        return Broker(host, port, True, f"host setting with {why}", setting)
    if flags or port in (None, PLAINTEXT_PORT):
        port_text = f"port {port}" if port is not None else "no port (default 1883)"
        return Broker(host, port, False, f"host setting, {port_text}, no TLS setting", setting)
    return Broker(host, port, None, f"host setting, port {port}", setting)


def brokers(settings: Sequence[NamedSetting]) -> list[Broker]:
    """Every broker the settings of one file name, in order, one per host and port."""
    found: dict[tuple[str, int | None], Broker] = {}
    for setting in settings:
        if setting.value is None or isinstance(setting.value, bool):
            continue
        found_broker = broker(setting, settings)
        if found_broker is not None:
            found.setdefault((found_broker.host, found_broker.port), found_broker)
    return list(found.values())


def _enabled(settings: Sequence[NamedSetting], name: str) -> NamedSetting | None:
    return next((s for s in settings if s.name == name and as_bool(s.value) is True), None)


def _at(setting: NamedSetting) -> str:
    line = setting.setting.provenance.line
    return f"{setting.setting.provenance.path}:{line}" if line else setting.setting.provenance.path


def retained(settings: Sequence[NamedSetting]) -> str | None:
    """Where the settings ask the broker to keep the last message of each topic (``retain:
    true`` among MQTT settings), so every new subscriber receives it; ``None`` when they do
    not."""
    for setting in settings:
        if not _mqtt_key(setting.name) or as_bool(setting.value) is not True:
            continue
        if "retain" in words(setting.name.rsplit(".", 1)[-1]):
            return (f"{_at(setting)}: {setting.label} asks the broker to keep the last "
                    "message of each topic for every new subscriber")
    return None


def facial_publishing(settings: Sequence[NamedSetting], product: str | None,
                      recorder: str | None) -> tuple[frozenset[DataCategory], str] | None:
    """What facial data a program publishes to its brokers, with why, or ``None``."""
    recorder_config = recorder is not None or any(s.name.startswith("cameras.") for s in settings)
    switch = _enabled(settings, "face_recognition.enabled")
    if recorder_config and switch is not None:
        return (frozenset({DataCategory.FACE_IMAGE, DataCategory.IDENTITY}),
                f"{_at(switch)}: the recorder recognises faces (face_recognition.enabled) and "
                "publishes snapshots of the people it tracks")
    for setting in settings:
        if not _mqtt_key(setting.name):
            continue
        key_words = {w for segment in setting.name.split(".") for w in words(segment)}
        if not key_words & FACE_PUBLISH_WORDS:
            continue
        flag = as_bool(setting.value)
        text = value_text(setting.value)
        if flag is True or (flag is None and text and text.strip()):
            return (frozenset({DataCategory.FACE_IMAGE}),
                    f"{_at(setting)}: {setting.label} publishes faces")
    snapshot = next((s for s in settings if _mqtt_key(s.name) and any(
        "snapshot" in words(segment) for segment in s.name.split("."))), None)
    if product is not None and snapshot is not None:
        return (frozenset({DataCategory.FACE_IMAGE}),
                f"{_at(snapshot)}: {product} publishes snapshots ({snapshot.label})")
    return None
