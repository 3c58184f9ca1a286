"""URLs of services that send or receive facial data (FA227, FA228).

A setting holds a face-data endpoint when its value is an HTTP or WebSocket URL (or, for FA228,
a ``host[:port]`` under a key ending in ``url``, ``host``, ``endpoint``...) and its key, or the
name of its section, says what the service does with faces:

- a *recipient* receives face images: a face-recognition service by name (``compreface``,
  ``deepstack``, ``codeproject-ai``, a key naming ``face``), a detector or recognition service
  of a file that configures cameras or faces (Frigate's ``detectors.<name>.api_url``), or a
  webhook that posts snapshots;
- a *source* hands face images over: a snapshot URL, or the NVR a face service fetches them
  from (Double Take's ``frigate.url``) in a face-recognition configuration.

MQTT brokers (FA232), the named cloud face APIs (FA231) and push-notification services (FA229)
are left to their own checks. Evidence shows a URL's scheme, host, port and the plain words of
its path only: tokens in paths and queries never reach a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from faceaudit.checklib.settings.cloudapis import cloud_face_api
from faceaudit.checklib.settings.context import SettingContext, parent_section
from faceaudit.checklib.settings.core import is_example_file
from faceaudit.checklib.settings.notify import ATTACHMENT_WORDS, is_push_setting
from faceaudit.checklib.settings.secrets import is_placeholder
from faceaudit.hosts import Url, is_public_host, parse_url, split_host_port
from faceaudit.settingkeys import NamedSetting, as_bool, last_segment, value_text, words

#: URL schemes of HTTP and WebSocket; the first two send in clear.
PLAINTEXT_SCHEMES: frozenset[str] = frozenset({"http", "ws"})
WEB_SCHEMES: frozenset[str] = frozenset({"http", "https", "ws", "wss"})

#: Word parts of a key that make it a detector or recognition service: a recipient of frames
#: or face images in a file that configures cameras or faces.
DETECTOR_WORDS: frozenset[str] = frozenset({
    "detector", "detectors", "detection", "recognition", "recognizer", "recognize", "matcher",
    "matching", "inference", "identify", "verification",
})

#: Word parts of a key that make it a webhook; it carries facial data when its key names
#: faces or snapshots, or an option beside it attaches an image.
WEBHOOK_WORDS: frozenset[str] = frozenset({"webhook", "webhooks", "callback", "hook"})

#: Word parts of a key that make it a source of face images in a face-recognition
#: configuration (Double Take's ``frigate.url``, ``cameras.<name>.snapshot.url``).
SOURCE_WORDS: frozenset[str] = frozenset({
    "snapshot", "snapshots", "frigate", "latest", "nvr",
})

#: Last word parts of a key whose value may be a host with no scheme (``url: faces.example.com``).
HOST_KEY_WORDS: frozenset[str] = frozenset({
    "url", "uri", "host", "hostname", "endpoint", "address", "server", "base",
})

#: Word parts that keep a setting out: MQTT belongs to FA232 and the topology of brokers.
EXCLUDED_KEY_WORDS: frozenset[str] = frozenset({"mqtt", "mqtts", "broker"})

_PLAIN_SEGMENT = re.compile(r"^(?:[a-z]+(?:[-_.][a-z]+)*|v[0-9]{1,2})$")
_MAX_SHOWN_SEGMENT = 24


class Role(StrEnum):
    """What a face-data endpoint does with faces."""

    RECIPIENT = "recipient"
    SOURCE = "source"


@dataclass(frozen=True)
class FaceEndpoint:
    """A URL that face images travel to or from: the setting, what the endpoint is
    (``what``), its role, and the address read (``scheme`` is ``""`` when the value names only a
    host)."""

    named: NamedSetting
    what: str
    role: Role
    scheme: str
    host: str
    port: int | None
    path: str

    @property
    def public(self) -> bool:
        return is_public_host(self.host)

    @property
    def plaintext(self) -> bool:
        return self.scheme in PLAINTEXT_SCHEMES

    @property
    def shown(self) -> str:
        """The address for evidence: see :func:`redacted_address`."""
        return redacted_address(self.scheme, self.host, self.port, self.path)


def redacted_address(scheme: str, host: str, port: int | None, path: str,
                     keep_path: bool = True) -> str:
    """An address with its path reduced to plain lower-case words and API versions (``v1``):
    any other segment (a token, an id, a topic) becomes ``***``; with ``keep_path=False`` the
    whole path does. Credentials and queries are never part of it."""
    shown_host = f"[{host}]" if ":" in host else host
    text = (f"{scheme}://" if scheme else "") + shown_host + (f":{port}" if port else "")
    parts = [part for part in path.split("/") if part]
    if not parts:
        return text
    if not keep_path:
        return text + "/***"
    return text + "".join(
        "/" + (part if _PLAIN_SEGMENT.match(part) and len(part) <= _MAX_SHOWN_SEGMENT
               else "***") for part in parts)


def _address(named: NamedSetting) -> Url | None:
    text = value_text(named.value)
    if text is None or is_placeholder(text):
        return None
    url = parse_url(text)
    if url is not None:
        return url if url.scheme in WEB_SCHEMES else None
    stripped = text.strip()
    last = words(last_segment(named.name))
    if not last or last[-1] not in HOST_KEY_WORDS or "/" in stripped or " " in stripped:
        return None
    host, port = split_host_port(stripped)
    return Url("", host.lower().rstrip("."), port, "") if host else None


def _attaches(context: SettingContext, named: NamedSetting) -> bool:
    section = parent_section(named.name)
    prefix = section + "." if section else ""
    for option in context.under(named, section):
        rest = set(words(option.name[len(prefix):]))
        if option is not named and rest & ATTACHMENT_WORDS and as_bool(option.value) is True:
            return True
    return False


def _classify(context: SettingContext, named: NamedSetting) -> tuple[str, Role] | None:
    path = named.setting.provenance.path
    found = context.words(named)
    face = context.face_word(named)
    if found & WEBHOOK_WORDS:
        if face is not None or found & SOURCE_WORDS or _attaches(context, named):
            return "webhook posting face images", Role.RECIPIENT
        return None
    if face is not None and not found & SOURCE_WORDS:
        return f"face-recognition service (the key names {face!r})", Role.RECIPIENT
    if found & DETECTOR_WORDS and context.is_camera_file(path):
        word = sorted(found & DETECTOR_WORDS)[0]
        return f"{word} service of a camera or face configuration", Role.RECIPIENT
    if found & SOURCE_WORDS and context.is_face_file(path):
        word = sorted(found & SOURCE_WORDS)[0]
        return f"{word} source of face images", Role.SOURCE
    return None


def face_endpoints(context: SettingContext) -> tuple[FaceEndpoint, ...]:
    """Every setting that holds the address of a face-data endpoint, in order; templates of a
    configuration, MQTT settings, cloud face APIs and push-notification services left out."""
    found: list[FaceEndpoint] = []
    for named in context.settings:
        if is_example_file(named.setting.provenance.path):
            continue
        if context.words(named) & EXCLUDED_KEY_WORDS or is_push_setting(named):
            continue
        if cloud_face_api(named.value) is not None:
            continue
        url = _address(named)
        if url is None:
            continue
        kind = _classify(context, named)
        if kind is None:
            continue
        found.append(FaceEndpoint(named, kind[0], kind[1], url.scheme, url.host, url.port,
                                  url.path))
    return tuple(found)
