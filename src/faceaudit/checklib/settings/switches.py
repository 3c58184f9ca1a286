"""Feature switches that change what a face-recognition system keeps (FA112, FA113, FA114).

A switch is a setting turned on (``true``, ``yes``, ``1``; for a count, a number above 0) whose
key says what is kept or allowed:

- *raw images*: a verb of :data:`SAVE_WORDS` with a word of :data:`RAW_IMAGE_WORDS` in the
  key's last segment (CompreFace ``save_images_to_db``, ``store_faces``, ``save_raw_images``,
  ``keep_original``), or a bare ``save`` in a section of :data:`SAVED_RESULT_SECTIONS`
  (Double Take ``detect.match.save``, ``detect.unknown.save``), or such a section's name under
  a ``save`` section (older Double Take releases: ``save.matches``, ``save.unknown``), or Frigate's
  ``snapshots.clean_copy``;
- *training images*: a verb of :data:`SAVE_WORDS` with a word of :data:`TRAINING_WORDS`
  (``keep_training_images``, ``retain_training_data``, ``training.save``), or a count of
  :data:`TRAINING_COUNT_KEYS` (Frigate ``face_recognition.save_attempts``);
- *enrolment uploads*: a word of :data:`UPLOAD_WORDS` with an enrolment word in the key
  (``enrollment.upload``, ``FACE_ENROL_ALLOW_UPLOAD``).

Words that do not name faces on their own (``images``, ``original``, ``snapshot``, ``upload``)
count only in a file that configures face recognition, or under a key or section naming faces.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from faceaudit.checklib.settings.context import SettingContext
from faceaudit.checklib.settings.core import is_example_file
from faceaudit.settingkeys import NamedSetting, as_bool, segments, words

#: Verbs that, in a key, turn on keeping something.
SAVE_WORDS: frozenset[str] = frozenset({
    "save", "saves", "store", "stores", "keep", "retain", "persist", "archive",
})

#: Word parts that name face images themselves (always facial).
FACE_IMAGE_WORDS: frozenset[str] = frozenset({
    "face", "faces", "crop", "crops", "unknown", "unknowns", "match", "matches",
})

#: Word parts that name images in general: facial only in a face-recognition context.
RAW_IMAGE_WORDS: frozenset[str] = frozenset({
    "image", "images", "photo", "photos", "picture", "pictures", "raw", "original",
    "originals", "frame", "frames", "snapshot", "snapshots",
})

#: Sections whose bare ``save`` keeps the images of recognition results (Double Take's
#: ``detect.match`` and ``detect.unknown``).
SAVED_RESULT_SECTIONS: frozenset[str] = frozenset({"match", "matches", "unknown", "unknowns"})

#: Frigate's switch that keeps an unannotated copy of every snapshot: ``(section, key)``.
CLEAN_COPY_KEYS: frozenset[tuple[str, str]] = frozenset({("snapshots", "clean_copy")})

#: Word parts that name training data.
TRAINING_WORDS: frozenset[str] = frozenset({"train", "training", "trainset", "dataset"})

#: Keys (last segment, normalised) whose number says how many face images are kept for
#: training (Frigate's ``face_recognition.save_attempts``).
TRAINING_COUNT_KEYS: frozenset[str] = frozenset({"save_attempts"})

#: Word parts that allow uploading images.
UPLOAD_WORDS: frozenset[str] = frozenset({"upload", "uploads", "uploading"})

#: Word parts that name enrolment.
ENROL_WORDS: frozenset[str] = frozenset({
    "enrol", "enroll", "enrolment", "enrollment", "enrolments", "enrollments", "register",
    "registration", "gallery",
})


class SwitchKind(StrEnum):
    RAW_IMAGES = "raw-images"
    TRAINING = "training"
    UPLOAD = "enrolment-upload"


@dataclass(frozen=True)
class StoreSwitch:
    """A switch turned on: the setting, what it turns on, and why the key is read so."""

    named: NamedSetting
    kind: SwitchKind
    reason: str


def _on(named: NamedSetting) -> bool:
    return as_bool(named.value) is True


def _count(named: NamedSetting) -> int | None:
    value = named.value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _raw(named: NamedSetting, facial: bool) -> str | None:
    parts = segments(named.name)
    last = words(parts[-1])
    parent = words(parts[-2]) if len(parts) >= 2 else ()
    found = set(last)
    if (parent[-1:] and parent[-1] == "snapshots" and "_".join(last) == "clean_copy"
            and facial):
        return "keeps a clean copy of every snapshot in a face-recognition configuration"
    if last == ("save",) and set(parent) & SAVED_RESULT_SECTIONS and facial:
        return f"saves the images of {'_'.join(parent)} results"
    if parent == ("save",) and len(last) == 1 and last[0] in SAVED_RESULT_SECTIONS and facial:
        return f"saves the images of {last[0]} results"
    if not found & SAVE_WORDS or found & TRAINING_WORDS or found & UPLOAD_WORDS:
        return None
    named_face = found & FACE_IMAGE_WORDS
    if named_face:
        return f"the key names {sorted(named_face)[0]!r} images kept"
    general = found & RAW_IMAGE_WORDS
    if general and facial:
        return f"the key keeps {sorted(general)[0]!r} in a face-recognition configuration"
    return None


def _training(named: NamedSetting) -> str | None:
    parts = segments(named.name)
    last = words(parts[-1])
    every = {w for seg in parts for w in words(seg)}
    if "_".join(last) in TRAINING_COUNT_KEYS:
        count = _count(named)
        if count is not None and count > 0:
            return f"keeps up to {count} face images for training"
        return None
    if set(last) & SAVE_WORDS and every & TRAINING_WORDS and _on(named):
        return "keeps training images"
    return None


def _upload(named: NamedSetting, facial: bool) -> str | None:
    every = {w for seg in segments(named.name) for w in words(seg)}
    if not every & UPLOAD_WORDS or not _on(named):
        return None
    enrol = every & ENROL_WORDS
    if enrol:
        return f"allows uploaded images for {sorted(enrol)[0]}"
    if facial:
        return "allows uploaded face images"
    return None


def store_switches(context: SettingContext) -> tuple[StoreSwitch, ...]:
    """Every switch turned on that keeps raw face images, keeps training images or allows
    enrolment from uploaded images, in order; templates of a configuration left out."""
    found: list[StoreSwitch] = []
    for named in context.settings:
        path = named.setting.provenance.path
        if is_example_file(path):
            continue
        facial = context.face_word(named) is not None or context.is_face_file(path)
        training = _training(named)
        if training is not None:
            found.append(StoreSwitch(named, SwitchKind.TRAINING, training))
            continue
        upload = _upload(named, context.face_word(named) is not None)
        if upload is not None:
            found.append(StoreSwitch(named, SwitchKind.UPLOAD, upload))
            continue
        if _on(named):
            raw = _raw(named, facial)
            if raw is not None:
                found.append(StoreSwitch(named, SwitchKind.RAW_IMAGES, raw))
    return tuple(found)
