"""What a setting is about, beyond its own key: the names of the sections around it, and
whether its file configures face recognition or cameras.

A Kubernetes container's environment says what it is about in ``metadata.name`` or the
container's ``name``, not in its keys (``doc2.spec.template.spec.containers.0.env.1.value``
under a Deployment named ``compreface-api``); a Double Take ``notify.telegram`` section is about
faces because the same file sets ``detectors.compreface``. :class:`SettingContext` is built once
per run from the model's named settings and answers both questions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from faceaudit.checklib.settings.core import all_key_words, key_pairs, key_words, named_settings
from faceaudit.checklib.settings.retention import FACIAL_PRODUCT_PAIRS
from faceaudit.model import SystemModel
from faceaudit.settingkeys import NamedSetting, segments, value_text, words

#: Word parts that name a face-recognition service or product (``detectors.compreface.url``,
#: ``DEEPSTACK_URL``, ``codeproject-ai``, ``aiserver``, ``facebox``).
FACE_SERVICE_WORDS: frozenset[str] = frozenset({
    "compreface", "deepstack", "codeproject", "aiserver", "facebox", "insightface", "facenet",
    "arcface", "doubletake", "frs",
})

#: Pairs of consecutive word parts that name a face-recognition service (``CodeProjectAI``,
#: ``DeepStack``, ``CompreFace``, ``double-take``).
FACE_SERVICE_PAIRS: frozenset[tuple[str, str]] = frozenset({
    ("code", "project"), ("deep", "stack"), ("compre", "face"), *FACIAL_PRODUCT_PAIRS,
})

#: Word parts that name faces themselves, wherever they are in a key or a section's name.
#: Words that name facial data only in context (``thumbnail``, ``person``, ``gallery``) are
#: not among them: they do not make a whole file about faces.
FACE_WORDS: frozenset[str] = frozenset({"face", "faces", "facial", "faceid"})

#: Word parts of a key that show a file configures cameras (an NVR such as Frigate), whose
#: detectors receive frames of the people in view.
CAMERA_CONTEXT_WORDS: frozenset[str] = frozenset({
    "camera", "cameras", "nvr", "cctv", "snapshots", "rtsp",
})

#: Last segments of keys whose value names the section they are in (``metadata.name``, a
#: container's ``name``, a Compose ``container_name``).
NAME_SEGMENTS: frozenset[str] = frozenset({"name", "container_name", "hostname"})


def face_word(parts: frozenset[str] | set[str], pairs: set[tuple[str, str]]) -> str | None:
    """The word (or joined pair) that names facial data or a face service among a key's word
    parts and pairs, or ``None``."""
    for word in sorted(parts & (FACE_WORDS | FACE_SERVICE_WORDS)):
        return word
    for pair in sorted(pairs & FACE_SERVICE_PAIRS):
        return "".join(pair)
    return None


def key_face_word(key: str) -> str | None:
    """The word of a key that names facial data or a face-recognition service, or ``None``:
    ``detectors.compreface.url`` gives ``compreface``, ``FACE_API_URL`` gives ``face``."""
    pairs = {pair for parts in key_words(key) for pair in key_pairs(parts)}
    return face_word(set(all_key_words(key)), pairs)


@dataclass(frozen=True)
class SettingContext:
    """The model's named settings with, for each file, the names of its sections and whether it
    configures face recognition or cameras."""

    settings: tuple[NamedSetting, ...]
    _names: dict[tuple[str, str], str] = field(repr=False)
    _face_files: frozenset[str] = field(repr=False)
    _camera_files: frozenset[str] = field(repr=False)
    _files: dict[str, tuple[NamedSetting, ...]] = field(repr=False)

    @classmethod
    def of(cls, model: SystemModel) -> SettingContext:
        every = named_settings(model)
        names: dict[tuple[str, str], str] = {}
        face: set[str] = set()
        camera: set[str] = set()
        for named in every:
            path = named.setting.provenance.path
            parts = segments(named.setting.key)
            text = value_text(named.value)
            if parts[-1].lower() in NAME_SEGMENTS and text is not None:
                section = ".".join(parts[:-1])
                if section.endswith(".metadata"):
                    section = section[: -len(".metadata")]
                elif section == "metadata":
                    section = ""
                names.setdefault((path, section), text)
            if key_face_word(named.name) is not None:
                face.add(path)
            if all_key_words(named.name) & CAMERA_CONTEXT_WORDS:
                camera.add(path)
        for (path, _section), text in names.items():
            if key_face_word(text) is not None:
                face.add(path)
        files: dict[str, list[NamedSetting]] = defaultdict(list)
        for named in every:
            files[named.setting.provenance.path].append(named)
        return cls(every, names, frozenset(face), frozenset(camera),
                   {path: tuple(items) for path, items in files.items()})

    def section_names(self, named: NamedSetting) -> tuple[str, ...]:
        """The names given to the sections a setting is in, outermost first (a Kubernetes
        object's ``metadata.name``, a container's ``name``)."""
        path = named.setting.provenance.path
        parts = segments(named.setting.key)
        found: list[str] = []
        for end in range(len(parts)):
            name = self._names.get((path, ".".join(parts[:end])))
            if name is not None and name not in found:
                found.append(name)
        return tuple(found)

    def scope(self, named: NamedSetting) -> str:
        """The section a setting's neighbours are looked for in: the innermost section that
        has a name (a Kubernetes object, a container, a Compose service with
        ``container_name``), else the setting's parent section."""
        path = named.setting.provenance.path
        parts = segments(named.setting.key)
        for end in range(len(parts) - 1, -1, -1):
            if (path, ".".join(parts[:end])) in self._names:
                return ".".join(parts[:end])
        return parent_section(named.setting.key)

    def words(self, named: NamedSetting) -> frozenset[str]:
        """The word parts of a setting's name and of the names of the sections it is in."""
        found = set(all_key_words(named.name))
        for name in self.section_names(named):
            found.update(words(name))
        return frozenset(found)

    def face_word(self, named: NamedSetting) -> str | None:
        """The word naming facial data or a face service in a setting's key or in the names
        of its sections, or ``None``."""
        own = key_face_word(named.name)
        if own is not None:
            return own
        for name in self.section_names(named):
            found = key_face_word(name)
            if found is not None:
                return found
        return None

    def is_face_file(self, path: str) -> bool:
        """Whether a file configures face recognition: a key, or a section's name, names facial
        data or a face-recognition service."""
        return path in self._face_files

    def is_camera_file(self, path: str) -> bool:
        """Whether a file configures face recognition or cameras."""
        return path in self._face_files or path in self._camera_files

    def in_file(self, path: str) -> tuple[NamedSetting, ...]:
        """The settings of one file, in order."""
        return self._files.get(path, ())

    def under(self, named: NamedSetting, section: str) -> tuple[NamedSetting, ...]:
        """The settings of the same file whose key is under ``section`` (a dotted prefix)."""
        prefix = section + "." if section else ""
        return tuple(n for n in self.in_file(named.setting.provenance.path)
                     if n.name.startswith(prefix))


def parent_section(key: str, levels: int = 1) -> str:
    """A key's section ``levels`` up: ``notify.telegram.token`` gives ``notify.telegram``."""
    parts = segments(key)
    return ".".join(parts[: max(len(parts) - levels, 0)])

