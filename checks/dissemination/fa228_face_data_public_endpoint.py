"""FA228: a detector, face service or webhook that receives facial data is on a public host."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import setting_location
from faceaudit.checklib.settings.context import SettingContext
from faceaudit.checklib.settings.endpoints import Role, face_endpoints
from faceaudit.model import DataCategory, SystemModel, Zone

META = CheckMeta(
    id="FA228",
    slug="face-data-public-endpoint",
    title="A detector, face service or webhook that receives facial data is on a public host",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.DISSEMINATION,
    mandates=("cn-frt-2025:Art.8",),
    rationale=(
        "The Measures (Art. 8) require facial information to stay in the recognition device "
        "and not be sent out over the internet, unless a law provides otherwise or the "
        "individual gives separate consent. A configuration that points a detector, a "
        "face-recognition service (CompreFace, DeepStack, CodeProject.AI, a key naming "
        "faces) or a webhook posting snapshots at a host on the internet sends every face it "
        "captures there, whoever runs that host. FA231 already names the big cloud face APIs; "
        "this check reports the rest: any such URL, or `host[:port]` under a `url`, `host` or "
        "`endpoint` key, whose host is public. Loopback and private addresses, single-label "
        "names and `.local`, `.lan`, `.internal`, `.svc` names are local. A detector counts in "
        "a file that configures cameras or faces (Frigate's `detectors.<name>.api_url`); a "
        "webhook counts when it, or an option beside it, names faces, snapshots or an image "
        "attachment. MQTT brokers, the cloud face APIs and push-notification services are "
        "left to FA232, FA231 and FA229."),
    remediation=(
        "Run the detector or face service on the local network, beside the cameras, and reach "
        "it by a private address or service name; or, where it must be remote, describe the "
        "flow in the system description with its `legal_basis` (the law, or the separate "
        "consent recorded) and tell the individuals where their faces go."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
detectors:
  codeproject:
    type: deepstack
    api_url: https://vision.example.net/v1/vision/detection
"""),
    good_example=Example("yaml", """
detectors:
  codeproject:
    type: deepstack
    api_url: http://codeproject-ai:32168/v1/vision/detection
"""),
)

_DATA = frozenset({DataCategory.FACE_IMAGE})


def run(model: SystemModel) -> Iterator[Hit]:
    for endpoint in face_endpoints(SettingContext.of(model)):
        if endpoint.role is not Role.RECIPIENT or not endpoint.public:
            continue
        named = endpoint.named
        yield Hit(
            message=(f"{named.label} sends face images to {endpoint.host}, a host on the "
                     f"internet ({endpoint.what})"),
            locations=(setting_location(named.setting),),
            evidence=(Evidence("setting", named.label), Evidence("endpoint", endpoint.shown),
                      Evidence("receives", endpoint.what),
                      Evidence("host", f"{endpoint.host} is a public host")),
            data=_DATA,
            zone=Zone.INTERNET,
            key=f"{named.setting.provenance.path}:{named.setting.key}")


CHECK = Check(meta=META, run=run)
