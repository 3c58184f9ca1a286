"""FA232: an MQTT broker on a public host, reached without TLS."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import named_settings, plaintext_mqtt_broker, setting_location
from faceaudit.checklib.transport import contradicted_connections
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA232",
    slug="plaintext-mqtt-broker",
    title="An MQTT broker on a public host is reached without TLS",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.ENCRYPTION_IN_TRANSIT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "The Measures (Art. 14) and PIPL Art. 51 require facial data to be protected in "
        "transit. Recognition systems such as Frigate and Double Take publish recognition "
        "events, snapshots and face crops over MQTT, and plain MQTT (port 1883) sends them, "
        "with the broker's user name and password, in clear. On a loopback or private network "
        "that may be acceptable; to a host on the internet it is not. This check reports a "
        "setting whose value is an `mqtt://` URL (or a `tcp://` URL under a key naming MQTT) "
        "to a public host, and a broker host setting (`mqtt.host`, `MQTT_HOST`, `mqtt_broker`) "
        "naming a public host when its sibling port is 1883 or not set and no sibling TLS "
        "setting is true or names a CA or certificate file. Loopback and private addresses, "
        "single-label names and `.local`, `.lan`, `.internal` names are local. When the "
        "configuration also shows facial data published to that broker (a recorder that "
        "recognises faces), the flow is reported by FA221 instead, and when the description "
        "says facial data reaches that broker encrypted, FA135 reports the contradiction; "
        "either way once."),
    remediation=(
        "Connect over MQTT with TLS: `mqtts://host:8883`, or port 8883 with the broker's CA "
        "(Frigate: `tls_ca_certs`), and enable TLS on the broker's listener; or keep the broker "
        "on the local network."),
    added="0.1.0",
    reads=("settings", "flows.data", "flows.tls", "components.endpoints"),
    bad_example=Example("yaml", """
mqtt:
  host: mqtt.example.com
  port: 1883
  user: frigate
"""),
    good_example=Example("yaml", """
mqtt:
  host: mqtt.example.com
  port: 8883
  tls_ca_certs: /config/ca.crt
  user: frigate
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    every = named_settings(model)
    # A broker facial data is shown to reach has its own finding on the flow (FA221).
    carried = {(f.provenance.path, f.provenance.line) for f in model.facial_flows()}
    # A broker the description says facial data reaches encrypted has its finding in FA135.
    carried |= {(c.connection.setting.setting.provenance.path,
                 c.connection.setting.setting.provenance.line)
                for c in contradicted_connections(model)}
    for named in every:
        broker = plaintext_mqtt_broker(named, every)
        if broker is None or (named.setting.provenance.path,
                              named.setting.provenance.line) in carried:
            continue
        setting = named.setting
        port = str(broker.port) if broker.port is not None else "not set (1883)"
        yield Hit(
            message=(f"{named.label} connects to the MQTT broker {broker.host} without TLS "
                     f"({broker.reason})"),
            locations=(setting_location(setting),),
            evidence=(Evidence("setting", named.label), Evidence("host", broker.host),
                      Evidence("port", port), Evidence("reason", broker.reason)),
            key=setting.key)


CHECK = Check(meta=META, run=run)
