"""The network connections configuration sets up, with what its settings show about TLS.

A connection is an MQTT broker (:mod:`faceaudit.topology.mqtt`) or a URL value in any setting
(``http://matcher.example.com/api``). TLS is shown on by an encrypting scheme (``https``,
``mqtts``, ``wss``, ``amqps``, ``rtsps``), shown off by its plaintext form (``http``, ``mqtt``,
``ws``, ``amqp``, ``rtsp``), and unknown for other schemes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from faceaudit.hosts import parse_url
from faceaudit.settingkeys import NamedSetting, value_text
from faceaudit.topology.mqtt import brokers

#: URL schemes by whether they carry TLS.
SCHEME_TLS: dict[str, bool] = {
    "https": True, "wss": True, "mqtts": True, "amqps": True, "rtsps": True, "ftps": True,
    "ldaps": True, "grpcs": True,
    "http": False, "ws": False, "mqtt": False, "amqp": False, "rtsp": False, "ftp": False,
    "ldap": False,
}


@dataclass(frozen=True)
class Connection:
    host: str
    port: int | None
    tls: bool | None
    reason: str  # how the configuration shows it, in words
    setting: NamedSetting


def connections(settings: Sequence[NamedSetting]) -> list[Connection]:
    """Every connection the settings show, brokers first, in file order."""
    by_file: dict[str, list[NamedSetting]] = {}
    for item in settings:
        by_file.setdefault(item.setting.provenance.path, []).append(item)
    found: list[Connection] = []
    for file_settings in by_file.values():
        seen: set[tuple[str, int]] = set()
        for broker in brokers(file_settings):
            found.append(Connection(broker.host, broker.port, broker.tls, broker.reason,
                                    broker.setting))
            seen.add((broker.setting.setting.key, broker.provenance.line or 0))
        for item in file_settings:
            text = value_text(item.value)
            if text is None or (item.setting.key, item.setting.provenance.line or 0) in seen:
                continue
            url = parse_url(text)
            if url is None or url.scheme not in SCHEME_TLS:
                continue
            found.append(Connection(url.host, url.port, SCHEME_TLS[url.scheme],
                                    f"{url.scheme}:// URL", item))
    return found
