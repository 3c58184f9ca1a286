"""FA511: a capture device installed in a private space."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import (
    Check,
    CheckMeta,
    Concern,
    Confidence,
    Evidence,
    Example,
    Hit,
    Severity,
)
from faceaudit.checklib.people import (
    as_read,
    device_facial,
    device_locations,
    private_space,
    sited_devices,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA511",
    slug="capture-in-prohibited-place",
    title="Capture device installed in a private space",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    concern=Concern.PROHIBITED_PLACE,
    mandates=("cn-frt-2025:Art.13", "cn-video-2025:Art.8"),
    rationale=(
        "Facial-recognition devices must not be installed in the private spaces of public "
        "places: the Measures (Art. 13) name hotel guest rooms, public bathhouses, changing "
        "rooms and toilets, and end the list with \"and so on\". The State Council regulation on "
        "public-security video systems (Art. 8) bans image-capture devices from a longer list: "
        "guest rooms and private dining rooms of hotels, guesthouses and B&Bs, rooms of student "
        "dormitories and staff quarters, and public bathrooms, showers, toilets, changing rooms, "
        "nursing rooms and fitting rooms. No purpose, sign or consent makes such an installation "
        "lawful. The check reads `site.place` of every capture device and edge device, "
        "normalises it (letter case, spaces, underscores; a `public-` or `womens-` prefix and a "
        "plural are tolerated, so `Public Restrooms` is a toilet, while `restroom-corridor` is "
        "outside the space) and matches it against a list of private spaces with their "
        "synonyms. The evidence says which article names the place: both, or the video "
        "regulation alone with the Measures reaching it through their open list. A device "
        "with no `site.place` is not judged. Spaces the regulation covers only through its "
        "catch-all (\"any other place where privacy could be spied on\") cannot be listed and "
        "need human review."),
    remediation=(
        "Remove the device from the private space. If it watches an area next to it (the "
        "corridor outside guest rooms, the entrance of a changing room), reinstall it there "
        "with its angle set so it cannot see inside, and record the real place: `site: "
        "{place: guest-floor-corridor, public: false, signage: true, purpose: public-safety}`."),
    added="0.1.0",
    reads=("components.kind", "components.site.place"),
    bad_example=Example("yaml", """
components:
  - id: room-cam
    kind: capture-device
    zone: device
    site: {place: hotel-room, public: false}
"""),
    good_example=Example("yaml", """
components:
  - id: corridor-cam
    kind: capture-device
    zone: device
    site: {place: guest-floor-corridor, public: false, signage: true, purpose: public-safety}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for component, site in sited_devices(model):
        place = site.place
        space = private_space(place)
        if place is None or space is None:
            continue
        facial = device_facial(model, component)
        yield Hit(
            message=f"{component.kind.value} {component.id} is installed in a {space.label} "
                    f"(place: {place}), a private space where no capture device may be installed",
            locations=device_locations(component),
            evidence=(Evidence("place", f"{as_read(place)}: {space.label}"),
                      Evidence("prohibited by", space.reached_by),
                      Evidence("kind", component.kind.value)),
            data=facial, key=f"component:{component.id}")


CHECK = Check(meta=META, run=run)
