"""FA229: snapshots of faces sent out through a push-notification service."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import setting_location
from faceaudit.checklib.settings.context import SettingContext
from faceaudit.checklib.settings.notify import push_targets
from faceaudit.model import DataCategory, SystemModel, Zone

META = CheckMeta(
    id="FA229",
    slug="face-snapshots-push-notifications",
    title="Snapshots of faces are sent out through a push-notification service",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.DISSEMINATION,
    mandates=("cn-frt-2025:Art.8", "cn-pipl:Art.23", "us-il-bipa:15(d)"),
    rationale=(
        "The Measures (Art. 8) keep facial information off the internet unless a law or the "
        "individual's separate consent allows it; PIPL Art. 23 and BIPA 15(d) require notice "
        "and consent before facial data is handed to another party. A notification with a "
        "snapshot attached hands the face in it to the push service (Pushover, the Telegram "
        "Bot API, Firebase Cloud Messaging, Apple Push, Slack or Discord webhooks, ntfy or "
        "Gotify on a public host) and to every device that receives it. This check reports a "
        "notification service configured in settings, once per section, when it carries "
        "images: an option of its section, or of the section around it, attaches one "
        "(`attachment`, `snapshot: true`, `include_image`), a Home Assistant notify call "
        "(`notify.mobile_app_*`, `notify.telegram`, ...) has `data.image` or an attachment, or "
        "the service is a notification of a face-recognition configuration (Double Take's "
        "`notify` sends the match image). A notification service that sends text only is not "
        "reported, nor a self-hosted ntfy or Gotify on a local address. Evidence names the "
        "service and host, never the tokens or the path of its URL."),
    remediation=(
        "Send notifications without the image (a name or a link that only works on the local "
        "network), or send them through a service you run on the local network; where images "
        "must be pushed, record the flow in the system description with its legal basis and "
        "tell the individuals."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
notify:
  pushover:
    token: !secret pushover_token
    user: !secret pushover_user
    attachment: snapshot
"""),
    good_example=Example("yaml", """
notify:
  pushover:
    token: !secret pushover_token
    user: !secret pushover_user
    attachment: none
"""),
)

_DATA = frozenset({DataCategory.FACE_IMAGE})


def run(model: SystemModel) -> Iterator[Hit]:
    for target in push_targets(SettingContext.of(model)):
        if target.carries is None:
            continue
        named = target.named
        where = f" ({target.host})" if target.host else ""
        evidence = [Evidence("service", target.service + where),
                    Evidence("setting", named.label),
                    Evidence("images", target.carries)]
        yield Hit(
            message=(f"{target.section or named.label} sends snapshots of faces through "
                     f"{target.service}{where}"),
            locations=(setting_location(named.setting),),
            evidence=tuple(evidence),
            data=_DATA,
            zone=Zone.INTERNET,
            key=f"{named.setting.provenance.path}:{target.section}:{target.service}")


CHECK = Check(meta=META, run=run)
