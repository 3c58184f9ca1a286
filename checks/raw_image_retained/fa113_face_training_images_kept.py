"""FA113: a configuration switch keeps face images for training."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import setting_location
from faceaudit.checklib.settings.context import SettingContext
from faceaudit.checklib.settings.switches import SwitchKind, store_switches
from faceaudit.model import DataCategory, SystemModel

META = CheckMeta(
    id="FA113",
    slug="face-training-images-kept",
    title="A configuration switch keeps face images for training",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.RAW_IMAGE_RETAINED,
    mandates=("gbt-35273-2020:6.3(c)", "hk-pdpo:DPP3"),
    rationale=(
        "GB/T 35273 6.3(c) says raw face images should as a rule not be kept once features "
        "are extracted, and PDPO DPP3 forbids using personal data for a new purpose without "
        "the person's consent. Images kept to train or retrain recognition are both: face "
        "images of the people captured, kept for a purpose they were not collected for. "
        "Frigate keeps recent recognition attempts for training (`face_recognition."
        "save_attempts`, a count), and applications have switches such as "
        "`keep_training_images`, `retain_training_data`, `training.save`. This check reports "
        "a count of `save_attempts` above 0, and a key with a verb such as `save`, `keep`, "
        "`retain` or `store` and a training word (`train`, `training`, `dataset`) anywhere in "
        "it, turned on (`true`, `yes`, `1`). Retention periods of training data are "
        "durations, not switches, and are FA306's when they name faces."),
    remediation=(
        "Turn the switch off (`save_attempts: 0`, `keep_training_images: false`) and train "
        "on images collected for training with their own consent; where production images "
        "are kept to train, record that purpose, the consent and a retention period in the "
        "description, and purge the images."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
face_recognition:
  enabled: true
  model_size: small
  save_attempts: 200
"""),
    good_example=Example("yaml", """
face_recognition:
  enabled: true
  model_size: small
  save_attempts: 0
"""),
)

_DATA = frozenset({DataCategory.FACE_IMAGE})


def run(model: SystemModel) -> Iterator[Hit]:
    for switch in store_switches(SettingContext.of(model)):
        if switch.kind is not SwitchKind.TRAINING:
            continue
        named = switch.named
        yield Hit(
            message=f"{named.label} {switch.reason}: face images kept to train recognition",
            locations=(setting_location(named.setting),),
            evidence=(Evidence("setting", named.label), Evidence("value", str(named.value)),
                      Evidence("reason", switch.reason)),
            data=_DATA,
            key=f"{named.setting.provenance.path}:{named.setting.key}")


CHECK = Check(meta=META, run=run)
