"""FA233: configuration sends faces to a cloud face API the description does not declare."""

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
    Severity,
)
from faceaudit.checklib.settings import is_example_file, setting_face_api, setting_location
from faceaudit.hosts import reached_at
from faceaudit.model import Component, DataCategory, SystemModel, Zone

META = CheckMeta(
    id="FA233",
    slug="undeclared-face-api",
    title="Configuration uses a cloud face API that the description does not declare",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.CLAIM_CONTRADICTION,
    mandates=("cn-frt-2025:Art.8", "cn-pipl:Art.23"),
    rationale=(
        "The description is the operator's account of where faces go; the dissemination, "
        "consent and cross-border checks judge the flows it declares. A configuration file "
        "that points at a cloud face-recognition API (FA231 lists the vendors; by URL, host "
        "name, or a region under a section named for the service, as Double Take's "
        "`detectors.rekognition.aws_region`) while the "
        "description declares no component reached at that host shows the account to be "
        "incomplete: faces leave by a path no check of the description has seen, and no legal "
        "basis or separate consent is recorded for it (the Measures Art. 8, PIPL Art. 23). "
        "A component declares how it is reached with `endpoints:` (host names or URLs); the "
        "check matches the configured host to them exactly or as a subdomain. It runs only "
        "with a description, and skips template files such as `.env.example`."),
    remediation=(
        "Declare the vendor as an `external` component with its `endpoints`, and the flow of "
        "facial data to it with its legal basis, so the other checks judge it; or remove the "
        "setting if the service is not used."),
    added="0.1.0",
    reads=("settings", "system", "components.endpoints"),
    bad_example=Example("text", """
# .env
FACE_API_URL=https://iai.tencentcloudapi.com
# faceaudit.yaml: no component reached at iai.tencentcloudapi.com
"""),
    good_example=Example("yaml", """
components:
  - id: tencent-face
    kind: external
    zone: internet
    region: CN
    endpoints: [iai.tencentcloudapi.com]
flows:
  - {from: match-svc, to: tencent-face, data: [face-image], protocol: https,
     legal_basis: {separate_consent: cloud-matching}}
"""),
)


def _declared(host: str, components: tuple[Component, ...]) -> Component | None:
    return next((c for c in components if reached_at(host, c.endpoints)), None)


def run(model: SystemModel) -> Iterator[Hit]:
    if model.system is None:
        return
    for setting in model.settings:
        if is_example_file(setting.provenance.path):
            continue
        endpoint = setting_face_api(setting.key, setting.value)
        if endpoint is None or _declared(endpoint.host, model.components) is not None:
            continue
        yield Hit(
            message=(f"{setting.key} sends faces to {endpoint.api.vendor} ({endpoint.host}), "
                     "and the description declares no component reached at that host"),
            locations=(setting_location(setting),),
            evidence=(Evidence("configuration", f"{setting.key}: {endpoint.host}"),
                      Evidence("description", "no component lists this host in endpoints")),
            data=frozenset({DataCategory.FACE_IMAGE}), zone=Zone.INTERNET, key=setting.key)


CHECK = Check(meta=META, run=run)
