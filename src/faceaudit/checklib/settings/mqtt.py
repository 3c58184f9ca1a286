"""MQTT brokers a configuration connects to without TLS (FA232)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from faceaudit.checklib.settings.secrets import is_placeholder
from faceaudit.hosts import is_public_host, parse_url, port_number, split_host_port
from faceaudit.settingkeys import NamedSetting, as_bool, segments, value_text, words

#: URL schemes of MQTT without TLS; ``tcp`` counts only under a key that names MQTT (the Paho
#: clients write ``tcp://broker:1883``).
MQTT_PLAINTEXT_SCHEMES: frozenset[str] = frozenset({"mqtt"})
MQTT_TCP_SCHEMES: frozenset[str] = frozenset({"tcp"})
#: The last word of a key that holds the broker's host (``mqtt.host``, ``MQTT_BROKER``).
MQTT_HOST_WORDS: frozenset[str] = frozenset({"host", "hostname", "broker", "server", "address"})
MQTT_PLAINTEXT_PORT = 1883
#: Words of a sibling key that, set to true or to a certificate file, turn TLS on.
MQTT_TLS_WORDS: frozenset[str] = frozenset({"tls", "ssl", "mqtts"})
#: Words of a sibling TLS key that name a CA or certificate file (Frigate's ``tls_ca_certs``).
MQTT_TLS_FILE_WORDS: frozenset[str] = frozenset({
    "ca", "cafile", "capath", "cert", "certs", "certificate", "certfile", "keyfile",
})
#: Words of a TLS-named key that do not turn TLS on (``tls_insecure``, ``tls_version``).
MQTT_TLS_NEUTRAL_WORDS: frozenset[str] = frozenset({"insecure", "verify", "version"})


@dataclass(frozen=True)
class PlaintextBroker:
    """An MQTT broker reached without TLS: its host, the port (``None`` when not set), and how
    the configuration shows it (``mqtt:// URL``, ``host setting, port 1883, no TLS setting``)."""

    host: str
    port: int | None
    reason: str


def _port(value: str | int | float | bool | None) -> int | None:
    return port_number(value_text(value))


def _mqtt_in_key(key: str) -> bool:
    return any("mqtt" in words(seg) for seg in segments(key))


def _host_key_stem(key: str) -> str | None:
    """For a key that holds an MQTT broker's host, the prefix its sibling settings share
    (``mqtt.`` for ``mqtt.host``, ``services.x.environment.MQTT_`` for ``...MQTT_HOST``);
    ``None`` for other keys."""
    parts = segments(key)
    segment = parts[-1]
    segment_words = words(segment)
    if not segment_words or segment_words[-1] not in MQTT_HOST_WORDS:
        return None
    parent = key[: len(key) - len(segment)]
    if "mqtt" in segment_words[:-1]:
        stem = re.match(r"(?i)^(.*?mqtt[^A-Za-z0-9]?)", segment)
        return parent + (stem.group(1) if stem else "")
    if len(segment_words) == 1 and len(parts) > 1 and "mqtt" in words(parts[-2]):
        return parent
    return None


def _tls_on(sibling: NamedSetting, stem: str) -> bool:
    rest = words(sibling.name[len(stem):])
    if not set(rest) & MQTT_TLS_WORDS or set(rest) & MQTT_TLS_NEUTRAL_WORDS:
        return False
    flag = as_bool(sibling.value)
    if flag is not None:
        return flag
    text = value_text(sibling.value)
    return bool(set(rest) & MQTT_TLS_FILE_WORDS) and text is not None and not is_placeholder(text)


def plaintext_mqtt_broker(setting: NamedSetting,
                          others: tuple[NamedSetting, ...]) -> PlaintextBroker | None:
    """The public MQTT broker a setting connects to without TLS, or ``None``.

    A value ``mqtt://host[:port]`` (or ``tcp://`` under a key naming MQTT) with a public host;
    or a key ending in ``mqtt.host``, ``MQTT_HOST``, ``mqtt_broker`` (words of
    :data:`MQTT_HOST_WORDS`) whose value is a public host, when the sibling ``port`` is 1883 or
    absent and no sibling TLS setting is true or names a certificate file. Public means
    :func:`~faceaudit.hosts.is_public_host`: loopback, private addresses, single labels
    and ``.local``, ``.lan``, ``.internal`` names are local. ``others`` are the model's
    :func:`named_settings`, among which the siblings are looked for (in the same file).
    """
    text = value_text(setting.value)
    if text is None:
        return None
    url = parse_url(text)
    if url is not None:
        plaintext = url.scheme in MQTT_PLAINTEXT_SCHEMES or (
            url.scheme in MQTT_TCP_SCHEMES and _mqtt_in_key(setting.name))
        if not plaintext or not url.public:
            return None
        return PlaintextBroker(url.host, url.port, f"{url.scheme}:// URL")
    stem = _host_key_stem(setting.name)
    if stem is None:
        return None
    host, port = split_host_port(text)
    if not is_public_host(host):
        return None
    path, lowered = setting.setting.provenance.path, stem.lower()
    siblings = [other for other in others
                if other is not setting and other.setting.provenance.path == path
                and other.name.lower().startswith(lowered)]
    if port is None:
        port = next((_port(s.value) for s in siblings
                     if words(s.name[len(stem):])[-1:] == ("port",)), None)
    if port is not None and port != MQTT_PLAINTEXT_PORT:
        return None
    if any(_tls_on(s, stem) for s in siblings):
        return None
    port_text = f"port {port}" if port is not None else "no port (default 1883)"
    return PlaintextBroker(host, port, f"host setting, {port_text}, no TLS setting")


