"""Configuration settings grouped by the file they configure.

Each configuration file is one group. A configuration file kept inside a Kubernetes ConfigMap
or Secret entry (settings ``data.config.yml/mqtt.host``, as the configuration reader gives them)
is a group of its own, named ``<manifest>#<ConfigMap name>/<entry>``, whose settings are named
as in the file itself (``mqtt.host``), so a Frigate configuration reads the same wherever it is
kept. So is a configuration kept inline in Helm values (``config: |``, settings
``config/mqtt.host``), named ``<values file>#<key>``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from faceaudit.settingkeys import NamedSetting, value_text, words

_EMBEDDED = re.compile(r"^(?P<doc>doc[0-9]+\.)?(?:data|stringData)\.(?P<entry>[^/]+)/(?P<key>.+)$")
_INLINE = re.compile(r"^(?P<entry>[^/]+)/(?P<key>.+)$")
_CONFIG_WORDS = frozenset({"config", "configuration", "conf", "settings"})


def _is_values_file(path: str) -> bool:
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.startswith("values") and name.endswith((".yaml", ".yml"))


def _names_config(entry: str) -> bool:
    """Whether the key of Helm values keeping a configuration inline names one, as the
    configuration reader requires (``config``, ``frigate.configuration``, ``config.yml``)."""
    last = entry.rsplit(".", 1)[-1]
    if entry.lower().endswith((".yaml", ".yml")):
        return True
    return any(part in _CONFIG_WORDS for part in words(last))


@dataclass
class ConfigGroup:
    ident: str  # the file path, or <path>#<config map>/<entry>
    path: str
    settings: list[NamedSetting] = field(default_factory=list)
    config_map: str | None = None  # the ConfigMap or Secret keeping it


def config_groups(named: Sequence[NamedSetting]) -> list[ConfigGroup]:
    """The groups of the settings, in the order their first setting comes."""
    groups: dict[str, ConfigGroup] = {}
    names: dict[tuple[str, str], str] = {}  # (path, doc prefix) -> metadata.name
    for item in named:
        key = item.setting.key
        if key == "metadata.name" or (key.startswith("doc") and key.endswith(".metadata.name")
                                      and key.count(".") == 2):
            text = value_text(item.value)
            if text:
                names[(item.setting.provenance.path, key.removesuffix("metadata.name"))] = text
    for item in named:
        path = item.setting.provenance.path
        match = _EMBEDDED.match(item.name)
        if match is None:
            inline = _INLINE.match(item.setting.key) if _is_values_file(path) else None
            if inline is None or not _names_config(inline.group("entry")):
                groups.setdefault(path, ConfigGroup(path, path)).settings.append(item)
                continue
            ident = f"{path}#{inline.group('entry')}"
            groups.setdefault(ident, ConfigGroup(ident, path)).settings.append(
                NamedSetting(item.setting, inline.group("key"), item.value))
            continue
        owner = names.get((path, match.group("doc") or ""))
        ident = f"{path}#{owner or '?'}/{match.group('entry')}"
        group = groups.setdefault(ident, ConfigGroup(ident, path, config_map=owner))
        group.settings.append(NamedSetting(item.setting, match.group("key"), item.value))
    return list(groups.values())
