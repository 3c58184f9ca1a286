"""What every settings check shares: settings with their names, their locations, key word
parts, and whether a file is a template of a configuration."""

from __future__ import annotations

from itertools import pairwise

from faceaudit.check import Location
from faceaudit.model import Setting, SystemModel
from faceaudit.settingkeys import NamedSetting, name_settings, segments, words

#: Parts of a file name that mark a template of a configuration, whose values are examples
#: (``.env.example``, ``config.sample.yml``, ``settings.dist.ini``): nothing is reported there
#: by the checks that leave templates out.
EXAMPLE_FILE_PARTS: frozenset[str] = frozenset({
    "example", "examples", "sample", "samples", "template", "tmpl", "tpl", "dist",
})


def named_settings(model: SystemModel) -> tuple[NamedSetting, ...]:
    """Every setting of the model with its name (see :class:`NamedSetting`), in order."""
    return name_settings(model.settings)


def setting_location(setting: Setting) -> Location:
    """The ``Location`` of a setting: its file and line, named by its key."""
    return Location.of(setting.provenance, setting.key)


def is_example_file(path: str) -> bool:
    """Whether a file is a template of a configuration (``.env.example``,
    ``config.sample.yml``): a dot-separated part of its name is in :data:`EXAMPLE_FILE_PARTS`."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return any(part in EXAMPLE_FILE_PARTS for part in name.split("."))


def key_words(key: str) -> tuple[tuple[str, ...], ...]:
    """The word parts of each segment of a dotted key: ``face_recognition.saveAttempts`` gives
    ``(("face", "recognition"), ("save", "attempts"))``."""
    return tuple(words(segment) for segment in segments(key))


def all_key_words(key: str) -> frozenset[str]:
    """Every word part of a dotted key, whatever its segment."""
    return frozenset(word for parts in key_words(key) for word in parts)


def key_pairs(parts: tuple[str, ...]) -> set[tuple[str, str]]:
    """The pairs of consecutive word parts of one segment (``max_age`` gives ``("max", "age")``)."""
    return set(pairwise(parts))
