"""FA227: facial data sent to or fetched from a non-local host over plain HTTP."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import setting_location
from faceaudit.checklib.settings.context import SettingContext
from faceaudit.checklib.settings.endpoints import Role, face_endpoints
from faceaudit.model import DataCategory, SystemModel, Zone

META = CheckMeta(
    id="FA227",
    slug="face-data-plaintext-endpoint",
    title="Facial data travels over plain HTTP to or from a host off the local network",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.ENCRYPTION_IN_TRANSIT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14), PIPL Art. 51 and GB/T 35273 6.3(a) require facial data to be "
        "encrypted in transit. Face-recognition stacks pass face images between services by "
        "URL: a detector or recognition service (CompreFace, DeepStack, CodeProject.AI, "
        "Frigate's `detectors`), a webhook posting snapshots, or the NVR a face service "
        "fetches snapshots from (Double Take's `frigate.url`). An `http://` or `ws://` URL "
        "sends those images and the service's API key in clear to everyone on the path. "
        "This check reports such a URL whose host is public: loopback and private addresses, "
        "single-label names (Compose services) and `.local`, `.lan`, `.internal`, `.svc` "
        "names are the local network and are not reported. A key is taken to carry facial "
        "data when it, or the name of its section (a Kubernetes object, a container), names "
        "faces or a face service, or names a detector or recognition service in a file that "
        "configures cameras or faces, or a webhook with faces, snapshots or an image "
        "attachment beside it. MQTT brokers (FA232) and the cloud face APIs FA231 names are "
        "left to those checks."),
    remediation=(
        "Use `https://` (or `wss://`) with a certificate the client verifies, or keep the "
        "service on the local network and reach it by a private address or service name."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
detectors:
  compreface:
    url: http://faces.example.com:8000
    key: !secret compreface_key
"""),
    good_example=Example("yaml", """
detectors:
  compreface:
    url: https://faces.example.com
    key: !secret compreface_key
"""),
)

_DATA = frozenset({DataCategory.FACE_IMAGE})


def run(model: SystemModel) -> Iterator[Hit]:
    for endpoint in face_endpoints(SettingContext.of(model)):
        if not endpoint.plaintext or not endpoint.public:
            continue
        named = endpoint.named
        direction = "sends face images to" if endpoint.role is Role.RECIPIENT else \
            "fetches face images from"
        yield Hit(
            message=(f"{named.label} {direction} {endpoint.host} over {endpoint.scheme}://, "
                     "without TLS"),
            locations=(setting_location(named.setting),),
            evidence=(Evidence("setting", named.label), Evidence("endpoint", endpoint.shown),
                      Evidence("carries", endpoint.what),
                      Evidence("host", f"{endpoint.host} is not a local address")),
            data=_DATA,
            zone=Zone.INTERNET,
            key=f"{named.setting.provenance.path}:{named.setting.key}")


CHECK = Check(meta=META, run=run)
