"""FA112: a configuration switch keeps raw face images."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import setting_location
from faceaudit.checklib.settings.context import SettingContext
from faceaudit.checklib.settings.switches import SwitchKind, store_switches
from faceaudit.model import DataCategory, SystemModel

META = CheckMeta(
    id="FA112",
    slug="face-images-saved-by-setting",
    title="A configuration switch keeps raw face images",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.RAW_IMAGE_RETAINED,
    mandates=("gbt-35273-2020:6.3(c)", "cn-frt-2025:Art.4"),
    rationale=(
        "GB/T 35273 6.3(c) says raw biometric data such as face images should as a rule not be "
        "kept: keep a template, match on the capture device, delete the image once features "
        "are extracted; the Measures (Art. 4) ask for the way that affects individuals least. "
        "Face-recognition products keep images when a switch says so, often by default: "
        "CompreFace's `save_images_to_db`, Double Take's `detect.match.save` and "
        "`detect.unknown.save` (faces of people never enrolled), Frigate's "
        "`snapshots.clean_copy` in a configuration that recognises faces, and generic "
        "`save_raw_images`, `store_faces`, `save_face_crops`, `keep_original`. This check "
        "reads keys by their word parts: a verb such as `save`, `store`, `keep` or `persist` "
        "with a word naming face images (`face`, `crop`, `unknown`, `match`), or with a "
        "general word (`images`, `original`, `snapshot`) in a file that configures face "
        "recognition. It reports the switch when it is turned on (`true`, `yes`, `1`); "
        "switches for training images and enrolment uploads are FA113's and FA114's."),
    remediation=(
        "Turn the switch off (`save_images_to_db=false`, `unknown: {save: false}`) and keep "
        "only templates; where images must be kept, record why and for how long on the store "
        "in the description (`raw_images_authorized_by`, `retention`) and purge them."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
detect:
  unknown:
    save: true
detectors:
  compreface:
    url: http://compreface:8000
"""),
    good_example=Example("yaml", """
detect:
  unknown:
    save: false
detectors:
  compreface:
    url: http://compreface:8000
"""),
)

_DATA = frozenset({DataCategory.FACE_IMAGE})


def run(model: SystemModel) -> Iterator[Hit]:
    for switch in store_switches(SettingContext.of(model)):
        if switch.kind is not SwitchKind.RAW_IMAGES:
            continue
        named = switch.named
        yield Hit(
            message=f"{named.label} is on and keeps raw face images ({switch.reason})",
            locations=(setting_location(named.setting),),
            evidence=(Evidence("setting", named.label), Evidence("value", str(named.value)),
                      Evidence("reason", switch.reason)),
            data=_DATA,
            key=f"{named.setting.provenance.path}:{named.setting.key}")


CHECK = Check(meta=META, run=run)
