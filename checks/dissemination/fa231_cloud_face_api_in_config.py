"""FA231: the configuration points at a cloud face-recognition API."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import setting_face_api, setting_location
from faceaudit.model import DataCategory, SystemModel, Zone

META = CheckMeta(
    id="FA231",
    slug="cloud-face-api-in-config",
    title="The configuration sends faces to a cloud face-recognition API",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.DISSEMINATION,
    mandates=("cn-frt-2025:Art.8", "cn-pipl:Art.23"),
    rationale=(
        "The Measures (Art. 8) and PIPL Art. 23 govern handing facial information to another "
        "party: the individual must be told who receives it, for what and how, and give "
        "separate consent, unless a law provides otherwise. A cloud face-recognition API "
        "receives every face image the system submits, processes it on the vendor's servers, "
        "often abroad, and may keep it. This check reads every configuration setting and "
        "reports a value that is the URL or host name of a known cloud face-recognition "
        "service: AWS Rekognition, Azure AI Face (a `/face` path on Cognitive Services), "
        "Google Cloud Vision, Face++ (Megvii), Baidu AI Cloud face recognition "
        "(`/rest/2.0/face`), Tencent Cloud (`iai`), Alibaba Cloud (`facebody`), Luxand.cloud "
        "and Kairos, and a region given to a section named for such a service (Double "
        "Take's `detectors.rekognition.aws_region`). It names the vendor and the endpoint; "
        "the other checks on flows judge the legal basis once the flow is described."),
    remediation=(
        "Match faces on equipment you control, or, when the cloud service is needed, describe "
        "the flow to it in the system description (an `external` component with the vendor's "
        "region, the flow's data and `legal_basis`), record the separate consent or the law "
        "that allows it and the entrustment contract with the vendor (`agreement`), and tell "
        "the individuals who receives their faces."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("dotenv", """
FACE_API_ENDPOINT=https://rekognition.ap-east-1.amazonaws.com
FACE_COLLECTION=lobby-visitors
"""),
    good_example=Example("dotenv", """
FACE_API_ENDPOINT=http://matcher.internal:8080
FACE_COLLECTION=lobby-visitors
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for setting in model.settings:
        endpoint = setting_face_api(setting.key, setting.value)
        if endpoint is None:
            continue
        vendor = endpoint.api.vendor
        yield Hit(
            message=(f"{setting.key} points at {vendor} ({endpoint.host}), a cloud "
                     "face-recognition API: the faces it is sent leave for the vendor"),
            locations=(setting_location(setting),),
            evidence=(Evidence("vendor", vendor), Evidence("endpoint", endpoint.text),
                      Evidence("setting", setting.key)),
            data=frozenset({DataCategory.FACE_IMAGE}),
            zone=Zone.INTERNET,
            key=setting.key)


CHECK = Check(meta=META, run=run)
