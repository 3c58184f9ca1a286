"""FA135: the description says a facial flow is encrypted; the configuration connects in clear."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import (
    Check,
    CheckMeta,
    Concern,
    Confidence,
    Evidence,
    Example,
    Hit,
    Location,
    Severity,
)
from faceaudit.checklib import categories_text, flow_location, flow_text
from faceaudit.checklib.transport import contradicted_connections
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA135",
    slug="transport-claim-contradicted",
    title="The description says facial data travels encrypted; the configuration connects "
          "without TLS",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.CLAIM_CONTRADICTION,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "The Measures (Art. 14) and PIPL Art. 51 require facial data to be protected in "
        "transit, and an auditor reads the description to learn how it is. When the "
        "description states that a facial flow uses TLS (an encrypting protocol such as "
        "`mqtts` or `https`, or a `tls` version) while the configuration that the system runs "
        "with connects to the same component in clear (`mqtt://host:1883`, a broker host on "
        "port 1883 with no TLS setting, an `http://` URL), the description is wrong about the "
        "system, and the faces travel unprotected. This check matches a configuration's "
        "connection to the described component whose `endpoints` list its host, and reports "
        "each such connection once, with the description's flows it contradicts."),
    remediation=(
        "Make the configuration match the claim: connect with TLS (`mqtts://host:8883` with the "
        "broker's CA, `https://`), and enable TLS on the receiving side. If the connection "
        "really is in clear, correct the description, and then fix the transport."),
    added="0.1.0",
    reads=("settings", "system", "components.endpoints", "flows.data", "flows.protocol",
           "flows.tls"),
    bad_example=Example("yaml", """
# faceaudit.yaml
components:
  - {id: broker, kind: broker, zone: cloud, endpoints: [mqtt.example.com]}
flows:
  - {from: nvr, to: broker, data: [face-image], protocol: mqtts, tls: "1.2"}
# config/config.yml (Frigate)
mqtt:
  host: mqtt.example.com
  port: 1883
"""),
    good_example=Example("yaml", """
# config/config.yml (Frigate)
mqtt:
  host: mqtt.example.com
  port: 8883
  tls_ca_certs: /config/ca.crt
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found in contradicted_connections(model):
        connection, contradicted = found.connection, found.flows
        setting = connection.setting.setting
        target = model.component(contradicted[0].target)
        facial = frozenset().union(*(flow.facial for flow in contradicted))
        yield Hit(
            message=(f"{connection.setting.label} connects to {connection.host} without TLS "
                     f"({connection.reason}), while the description says "
                     f"{categories_text(facial)} reaches it encrypted"),
            locations=(Location.of(setting.provenance, setting.key),
                       *(flow_location(flow) for flow in contradicted)),
            evidence=(Evidence("configuration", f"{connection.setting.label}: "
                                                f"{connection.reason}"),
                      *(Evidence("description", f"{flow_text(flow)}: protocol "
                                                f"{flow.protocol or 'not stated'}, tls "
                                                f"{flow.tls or 'not stated'}")
                        for flow in contradicted)),
            data=facial, zone=target.zone if target else None, key=setting.key)


CHECK = Check(meta=META, run=run)
