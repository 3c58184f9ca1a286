"""FA114: a configuration switch allows enrolling faces from uploaded images."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import setting_location
from faceaudit.checklib.settings.context import SettingContext
from faceaudit.checklib.settings.switches import SwitchKind, store_switches
from faceaudit.model import DataCategory, SystemModel

META = CheckMeta(
    id="FA114",
    slug="face-enrolment-upload-allowed",
    title="A configuration switch allows enrolling faces from uploaded images",
    severity=Severity.LOW,
    confidence=Confidence.LOW,
    concern=Concern.CONSENT,
    mandates=("cn-pipl:Art.29", "us-il-bipa:15(b)"),
    rationale=(
        "Facial data is sensitive personal information: PIPL Art. 29 requires the person's "
        "separate consent, and BIPA 15(b) a written release before it is collected. Enrolment "
        "at a camera or kiosk happens with the person present, where consent can be asked "
        "and recorded; enrolment from an uploaded photo does not: anyone can upload a "
        "picture of someone else, taken from a social network or a document. This check "
        "reports a switch turned on (`true`, `yes`, `1`) whose key has an upload word "
        "(`upload`, `uploads`) and an enrolment word (`enrol`, `enrollment`, `register`, "
        "`gallery`), or an upload word under a key or section naming faces: "
        "`enrollment.upload`, `FACE_ENROL_ALLOW_UPLOAD`, `face.allow_upload`. Uploads in "
        "other parts of an application are not reported. Its confidence is low: the "
        "application may check consent on upload, which configuration cannot show."),
    remediation=(
        "Enrol only from a live capture with the person present and their consent recorded, "
        "and turn uploads off (`enrollment: {upload: false}`); where uploads are needed, "
        "require the person's own signed-in account and record the consent with each "
        "upload."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
enrollment:
  upload: true
  min_face_size: 112
"""),
    good_example=Example("yaml", """
enrollment:
  upload: false
  min_face_size: 112
"""),
)

_DATA = frozenset({DataCategory.FACE_IMAGE, DataCategory.FACE_TEMPLATE})


def run(model: SystemModel) -> Iterator[Hit]:
    for switch in store_switches(SettingContext.of(model)):
        if switch.kind is not SwitchKind.UPLOAD:
            continue
        named = switch.named
        yield Hit(
            message=(f"{named.label} {switch.reason}: faces can be enrolled from photos "
                     "without the person present"),
            locations=(setting_location(named.setting),),
            evidence=(Evidence("setting", named.label), Evidence("value", str(named.value)),
                      Evidence("reason", switch.reason)),
            data=_DATA,
            key=f"{named.setting.provenance.path}:{named.setting.key}")


CHECK = Check(meta=META, run=run)
