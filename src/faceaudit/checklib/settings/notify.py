"""Push-notification services that carry snapshots of faces out of the system (FA229).

A notification service is found by its section (``notify.telegram``, ``ntfy``,
``services.alerts.environment.PUSHOVER_``...) or by a URL on its host
(``https://api.pushover.net/1/messages.json``), and by Home Assistant service calls
(``service: notify.mobile_app_pixel``). It carries snapshots when an option of its section, or
of the section around it, attaches an image (``attachment``, ``snapshot: true``,
``data.image: /api/frigate/notifications/.../snapshot.jpg``), or when it is a notification of a
face-recognition configuration (Double Take's ``notify`` sends the match image).
"""

from __future__ import annotations

from dataclasses import dataclass

from faceaudit.checklib.settings.context import SettingContext, parent_section
from faceaudit.checklib.settings.secrets import is_placeholder
from faceaudit.hosts import parse_url
from faceaudit.settingkeys import NamedSetting, as_bool, segments, value_text, words


@dataclass(frozen=True)
class PushService:
    """One push-notification service: the hosts its API is on, the word parts that name it in
    a key, and whether it always runs on the internet (a hosted service) or may be run on the
    local network (``public=False``: reported only when its URL names a public host)."""

    name: str
    hosts: tuple[str, ...]
    key_words: frozenset[str]
    public: bool


#: The push-notification services, in the order they are tried.
PUSH_SERVICES: tuple[PushService, ...] = (
    PushService("Pushover", ("api.pushover.net",), frozenset({"pushover"}), True),
    PushService("Telegram Bot API", ("api.telegram.org",), frozenset({"telegram"}), True),
    PushService("Firebase Cloud Messaging", ("fcm.googleapis.com",),
                frozenset({"fcm", "firebase"}), True),
    PushService("Apple Push Notification service",
                ("api.push.apple.com", "api.sandbox.push.apple.com"), frozenset({"apns"}), True),
    PushService("Pushbullet", ("api.pushbullet.com",), frozenset({"pushbullet"}), True),
    PushService("Slack webhook", ("hooks.slack.com",), frozenset({"slack"}), True),
    PushService("Discord webhook", ("discord.com", "discordapp.com"), frozenset({"discord"}),
                True),
    PushService("ntfy", ("ntfy.sh",), frozenset({"ntfy"}), False),
    PushService("Gotify", (), frozenset({"gotify"}), False),
)

#: Word parts of an option that attaches an image to a notification (``attachment``,
#: ``snapshot``, ``include_image``, Home Assistant's ``data.image``).
ATTACHMENT_WORDS: frozenset[str] = frozenset({
    "attach", "attachment", "attachments", "snapshot", "snapshots", "image", "images", "photo",
    "photos", "picture", "thumbnail", "thumbnails", "clip",
})

#: Word parts of a section that holds notification services (Double Take's ``notify``).
NOTIFY_SECTION_WORDS: frozenset[str] = frozenset({
    "notify", "notifier", "notifiers", "notification", "notifications",
})

#: Last segments of a Home Assistant action that names the service it calls.
HA_SERVICE_SEGMENTS: frozenset[str] = frozenset({"service", "action"})

#: Home Assistant notify services that deliver through a push service on the internet: the
#: companion apps (through Firebase or Apple push) and the hosted services by name.
HA_PUSH_PREFIXES: tuple[str, ...] = ("notify.mobile_app_", "notify.pushover", "notify.telegram",
                                     "notify.ntfy", "notify.html5", "telegram_bot.send_photo")


@dataclass(frozen=True)
class PushTarget:
    """A push-notification service a configuration sends to: the service's name, the setting
    that shows it, the section its options are in, its host when a URL names it, and why it is
    taken to carry snapshots (``None`` when nothing shows it does)."""

    service: str
    named: NamedSetting
    section: str
    host: str | None
    carries: str | None


def _host_matches(host: str, service: PushService) -> bool:
    return any(host == h or host.endswith("." + h) for h in service.hosts)


def service_for_host(host: str) -> PushService | None:
    """The push service whose API is on a host, or ``None``."""
    return next((s for s in PUSH_SERVICES if _host_matches(host.lower(), s)), None)


def _service_in_key(key: str) -> tuple[PushService, str] | None:
    """The push service a key names, with its section: up to and including the segment that
    names it (``notify.telegram``), or the parent of a last segment that names it
    (``environment`` for ``environment.PUSHOVER_TOKEN``)."""
    parts = segments(key)
    for index, segment in enumerate(parts):
        found = set(words(segment))
        for service in PUSH_SERVICES:
            if found & service.key_words:
                end = index if index == len(parts) - 1 else index + 1
                return service, ".".join(parts[:end])
    return None


def _value_set(named: NamedSetting) -> bool:
    flag = as_bool(named.value)
    if flag is not None:
        return flag
    text = value_text(named.value)
    return text is not None and not is_placeholder(text)


def _attachment(options: tuple[NamedSetting, ...], section: str,
                service: PushService | None = None) -> str | None:
    """The first option that attaches an image, in words. For a section that is not the
    service's own (a list of environment variables), the option must name the service too
    (``PUSHOVER_ATTACH_SNAPSHOT``)."""
    prefix = section + "." if section else ""
    for option in options:
        rest = set(words(option.name[len(prefix):]))
        if service is not None and not rest & service.key_words:
            continue
        if rest & ATTACHMENT_WORDS and _value_set(option):
            return f"{option.name} attaches an image"
    return None


def _carries(context: SettingContext, named: NamedSetting, section: str,
             service: PushService) -> str | None:
    own = set(words(segments(section)[-1])) & service.key_words if section else set()
    if not own:
        return _attachment(context.under(named, section), section, service)
    found = _attachment(context.under(named, section), section)
    parent = parent_section(section)
    if found is None and parent:
        siblings = tuple(o for o in context.under(named, parent)
                         if "." not in o.name[len(parent) + 1:])
        found = _attachment(siblings, parent)
    if found is not None:
        return found
    path = named.setting.provenance.path
    in_notify = any(set(words(s)) & NOTIFY_SECTION_WORDS for s in segments(section))
    if in_notify and context.is_face_file(path):
        return ("a notification of a face-recognition configuration, which sends the "
                "match image")
    return None


def _ha_target(context: SettingContext, named: NamedSetting) -> PushTarget | None:
    parts = segments(named.name)
    text = value_text(named.value)
    if parts[-1].lower() not in HA_SERVICE_SEGMENTS or text is None:
        return None
    service = text.strip().lower()
    if not service.startswith(HA_PUSH_PREFIXES):
        return None
    section = ".".join(parts[:-1])
    carries = _attachment(context.under(named, section), section)
    return PushTarget(f"Home Assistant {service}", named, section, None, carries)


def push_targets(context: SettingContext) -> tuple[PushTarget, ...]:
    """Every push-notification service the settings send to, once per section, in order:
    by a URL on a service's host, by a section named for a service (a hosted one with any
    option set, a self-hosted one with a URL on a public host), or by a Home Assistant notify
    call."""
    found: dict[tuple[str, str, str], PushTarget] = {}
    for named in context.settings:
        path = named.setting.provenance.path
        text = value_text(named.value)
        url = parse_url(text) if text is not None else None
        ha = _ha_target(context, named)
        if ha is not None:
            found.setdefault((path, ha.section, ha.service), ha)
            continue
        by_key = _service_in_key(named.name)
        if url is not None and (service := service_for_host(url.host)) is not None:
            section = by_key[1] if by_key is not None else parent_section(named.name)
            target = PushTarget(service.name, named, section, url.host,
                                _carries(context, named, section, service))
        elif by_key is not None:
            service, section = by_key
            if service.public and _value_set(named):
                host = url.host if url is not None else None
            elif url is not None and url.public:
                host = url.host
            else:
                continue
            target = PushTarget(service.name, named, section, host,
                                _carries(context, named, section, service))
        else:
            continue
        key = (path, target.section, target.service)
        first = found.get(key)
        if first is None:
            found[key] = target
        elif first.host is None and target.host is not None:
            found[key] = PushTarget(first.service, first.named, first.section, target.host,
                                    first.carries)
    return tuple(found.values())


def is_push_setting(named: NamedSetting) -> bool:
    """Whether a setting belongs to a push-notification service: its key names one, or its
    value is a URL on one's host."""
    if _service_in_key(named.name) is not None:
        return True
    text = value_text(named.value)
    url = parse_url(text) if text is not None else None
    return url is not None and service_for_host(url.host) is not None
