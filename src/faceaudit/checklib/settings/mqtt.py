"""MQTT brokers a configuration connects to without TLS (FA232).

Brokers are found as the topology finds them (:func:`faceaudit.topology.mqtt.broker`): a URL
(``mqtt://``, ``mqtts://``, or ``tcp://``, ``ws://`` under a key naming MQTT) or a host key
among MQTT settings (``mqtt.host``, ``MQTT_HOST``, ``mqtt_broker``) read with its sibling port
and TLS settings. FA232 reports those shown to be reached without TLS on a public host.
"""

from __future__ import annotations

from dataclasses import dataclass

from faceaudit.hosts import is_public_host
from faceaudit.settingkeys import NamedSetting
from faceaudit.topology.mqtt import PLAINTEXT_PORT, broker

MQTT_PLAINTEXT_PORT = PLAINTEXT_PORT


@dataclass(frozen=True)
class PlaintextBroker:
    """An MQTT broker reached without TLS: its host, the port (``None`` when not set), and how
    the configuration shows it (``mqtt:// URL``, ``host setting, port 1883, no TLS setting``)."""

    host: str
    port: int | None
    reason: str


def plaintext_mqtt_broker(setting: NamedSetting,
                          others: tuple[NamedSetting, ...]) -> PlaintextBroker | None:
    """The public MQTT broker a setting connects to without TLS, or ``None``.

    A broker (:func:`~faceaudit.topology.mqtt.broker`, its siblings looked for among ``others``
    in the same file) whose TLS is shown off: a plaintext scheme, or port 1883 (or none) and no
    TLS setting that is true or names a certificate file; on a public host
    (:func:`~faceaudit.hosts.is_public_host`: loopback, private addresses, single labels,
    ``.local``, ``.lan``, ``.internal`` names and placeholders are local).
    """
    path = setting.setting.provenance.path
    siblings = [other for other in others if other.setting.provenance.path == path]
    found = broker(setting, siblings)
    if found is None or found.tls is not False or not is_public_host(found.host):
        return None
    return PlaintextBroker(found.host, found.port, found.reason)
