"""Configuration keys and values read the way configuration files write them.

A :class:`~faceaudit.model.Setting` is one scalar value under a dotted key (``mqtt.host``,
``services.api.environment.FACE_API_KEY``, ``data.DB_PASSWORD``). These helpers split keys into
word parts, name the settings whose key does not say what they are (a Compose list item
``environment.0 = "MQTT_HOST=..."``, a Kubernetes ``env`` entry), and read booleans and text
values. Both the readers that map configuration to components and the checks use them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from faceaudit.model import Setting

#: How configuration files write false and true (compared in lower case).
FALSE_WORDS: frozenset[str] = frozenset({"false", "0", "no", "off"})
TRUE_WORDS: frozenset[str] = frozenset({"true", "1", "yes", "on"})

# --- Environment variables in lists ------------------------------------------------------------

#: Key segments whose list items are ``NAME=value`` strings (Compose ``environment: [A=b]``).
ENV_LIST_SEGMENTS: frozenset[str] = frozenset({"environment", "env"})

_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_ENV_ASSIGNMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)=(?P<value>.*)$", re.DOTALL)


def segments(key: str) -> tuple[str, ...]:
    """The segments of a dotted key: ``services.api.environment.X`` gives four."""
    return tuple(key.split("."))


def last_segment(key: str) -> str:
    return key.rsplit(".", 1)[-1]


def words(segment: str) -> tuple[str, ...]:
    """The lower-case word parts of a key segment, separators and camel case split:
    ``MQTT_PASSWORD``, ``mqttPassword`` and ``mqtt-password`` all give ``mqtt``, ``password``."""
    found: list[str] = []
    for chunk in _WORD_SPLIT.split(segment):
        found.extend(part.lower() for part in _CAMEL.findall(chunk))
    return tuple(found)


def normalised(segment: str) -> str:
    """A key segment's word parts joined by ``_``: ``rejectUnauthorized`` gives
    ``reject_unauthorized``, ``VERIFY_SSL`` gives ``verify_ssl``."""
    return "_".join(words(segment))


@dataclass(frozen=True)
class NamedSetting:
    """A setting with the name it is known by, for settings whose key does not say it.

    ``name`` is the setting's key, except for a Compose list item ``environment.0`` holding
    ``MQTT_PASSWORD=...`` (named ``environment.MQTT_PASSWORD``, its value what follows ``=``) and
    a Kubernetes ``env.0.value`` beside ``env.0.name: DB_PASSWORD`` (named
    ``env.0.DB_PASSWORD``). Findings still point at ``setting``.
    """

    setting: Setting
    name: str
    value: str | int | float | bool | None

    @property
    def label(self) -> str:
        """How messages name the setting: its key, with the variable's name when the key does
        not end in it (``services.api.environment.0 (MQTT_PASSWORD)``)."""
        if self.setting.key.endswith(self.name):
            return self.setting.key
        return f"{self.setting.key} ({last_segment(self.name)})"


def name_settings(settings: Sequence[Setting]) -> tuple[NamedSetting, ...]:
    """Every setting with its name (see :class:`NamedSetting`), in order."""
    by_key = {(s.provenance.path, s.key): s for s in settings}
    named: list[NamedSetting] = []
    for setting in settings:
        parts = segments(setting.key)
        value = setting.value
        name = setting.key
        if (len(parts) >= 2 and parts[-1].isdigit() and parts[-2].lower() in ENV_LIST_SEGMENTS
                and isinstance(value, str)
                and (assignment := _ENV_ASSIGNMENT.match(value)) is not None):
            name = ".".join((*parts[:-1], assignment.group("name")))
            value = assignment.group("value")
        elif len(parts) >= 2 and parts[-1] == "value":
            label = by_key.get((setting.provenance.path, ".".join((*parts[:-1], "name"))))
            if label is not None and isinstance(label.value, str) and label.value.strip():
                name = ".".join((*parts[:-1], label.value.strip()))
        named.append(NamedSetting(setting, name, value))
    return tuple(named)


def as_bool(value: str | int | float | bool | None) -> bool | None:
    """A setting read as a boolean: ``false``, ``"no"``, ``0`` are ``False``; ``true``,
    ``"yes"``, ``1`` are ``True``; anything else is ``None``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return None if value not in (0, 1) else bool(value)
    if isinstance(value, str):
        text = value.strip().strip("\"'").lower()
        if text in FALSE_WORDS:
            return False
        if text in TRUE_WORDS:
            return True
    return None


def value_text(value: str | int | float | bool | None) -> str | None:
    """A setting's value as text, for values that can hold a secret or a host: strings and
    numbers; ``None`` for booleans and nulls."""
    if value is None or isinstance(value, bool):
        return None
    return value if isinstance(value, str) else str(value)


