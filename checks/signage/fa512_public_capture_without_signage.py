"""FA512: a capture device in a public place with no notice signs recorded."""

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
from faceaudit.checklib.people import device_facial, device_locations, sited_devices
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA512",
    slug="public-capture-without-signage",
    title="Capture device in a public place without notice signs",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.SIGNAGE,
    mandates=("cn-frt-2025:Art.13", "cn-pipl:Art.26", "cn-video-2025:Art.13"),
    rationale=(
        "People in a public place must be told, by prominent signs, that faces or images are "
        "captured there (the Measures Art. 13, PIPL Art. 26, and Art. 13 of the regulation on "
        "public-security video systems). The check reports every capture device and edge "
        "device whose `site` says `public: true` and whose `signage` is not `true`: stated "
        "`false`, or not stated at all. Because the articles require the signs, a missing "
        "`signage` is reported, not passed over. A device with `public: false` or no `public` "
        "is not judged here. Whether the signs really hang where people see them before they "
        "enter the capture area needs human review (an attestation)."),
    remediation=(
        "Post prominent signs at every way into the capture area, before people reach the "
        "camera, saying that facial recognition is in use, by whom and for what purpose, and "
        "whom to contact. Then record it on the device: `site: {place: lobby, public: true, "
        "signage: true, purpose: public-safety}`, and keep photos or an attestation "
        "(`attestations: [{mandate: \"cn-frt-2025:Art.13\", statement: \"Signs posted at all "
        "entrances\", by: ..., date: ...}]`)."),
    added="0.1.0",
    reads=("components.kind", "components.site.public", "components.site.signage"),
    bad_example=Example("yaml", """
components:
  - id: mall-entrance-cam
    kind: capture-device
    zone: device
    site: {place: mall-entrance, public: true, purpose: public-safety}
"""),
    good_example=Example("yaml", """
components:
  - id: mall-entrance-cam
    kind: capture-device
    zone: device
    site: {place: mall-entrance, public: true, signage: true, purpose: public-safety}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for component, site in sited_devices(model):
        if site.public is not True or site.signage is True:
            continue
        stated = "signage: false" if site.signage is False else "no signage stated"
        yield Hit(
            message=f"{component.kind.value} {component.id} captures in a public place "
                    f"({site.place or 'place not stated'}) with {stated}",
            locations=device_locations(component),
            evidence=(Evidence("place", site.place or "not stated"),
                      Evidence("public", "true"),
                      Evidence("signage", "false" if site.signage is False else "not stated")),
            data=device_facial(model, component), key=f"component:{component.id}")


CHECK = Check(meta=META, run=run)
