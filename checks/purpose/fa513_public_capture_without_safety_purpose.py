"""FA513: a capture device in a public place that does not serve public safety."""

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
    is_public_safety,
    sited_devices,
)
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA513",
    slug="public-capture-without-safety-purpose",
    title="Capture device in a public place without a public-safety purpose",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.PURPOSE,
    mandates=("cn-frt-2025:Art.13", "cn-pipl:Art.26"),
    rationale=(
        "Facial-recognition and image-capture devices may be installed in public places only "
        "where that is necessary to maintain public safety (the Measures Art. 13, PIPL "
        "Art. 26), and what they collect may serve only that purpose unless people give "
        "separate consent. The check reports every capture device and edge device whose `site` "
        "says `public: true` when neither its `site.purpose` is public safety (`public-safety`, "
        "`public-security`, `safety` or `security`, in any letter case, with spaces or "
        "underscores) nor the system declares `public_safety: true`. A missing `site.purpose` "
        "is reported like a wrong one, since the articles make the purpose the condition. "
        "An access-control, check-in, attendance, payment or marketing terminal in a public "
        "lobby is reported: the articles make no exception for convenience or for the "
        "operator's own security, and the terminal sees whoever passes in front of it. If the "
        "terminal serves only enrolled people behind a controlled line (a staff entrance, the "
        "inside of a gate), record that place as not public; the check does not judge "
        "`public: false` or an unstated `public`. The system-wide `public_safety: true` is "
        "taken at its word for every device: a site purpose that contradicts it is a matter "
        "for human review. Whether the necessity is real is also human review."),
    remediation=(
        "Install recognition devices in public places only where public safety needs them, and "
        "record the purpose on the device (`site: {place: station-concourse, public: true, "
        "signage: true, purpose: public-safety}`) or, when the whole system serves public "
        "safety, on the system (`public_safety: true`). For a convenience use (access, "
        "check-in, payment), move the terminal out of the public area, behind the gate line "
        "or to a staff or residents' entrance, record `public: false`, and rely on a separate "
        "consent with a non-face alternative."),
    added="0.1.0",
    reads=("components.kind", "components.site.public", "components.site.purpose",
           "system.public_safety"),
    bad_example=Example("yaml", """
components:
  - id: lobby-gate
    kind: edge-device
    zone: device
    site: {place: hotel-lobby, public: true, signage: true, purpose: access-control}
"""),
    good_example=Example("yaml", """
components:
  - id: lobby-gate
    kind: edge-device
    zone: device
    site: {place: guest-lift-entrance, public: false, signage: true, purpose: access-control}
  - id: lobby-cam
    kind: capture-device
    zone: device
    site: {place: hotel-lobby, public: true, signage: true, purpose: public-safety}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    if model.system is not None and model.system.public_safety is True:
        return
    system_says = "not stated" if model.system is None or model.system.public_safety is None \
        else "false"
    for component, site in sited_devices(model):
        if site.public is not True or is_public_safety(site.purpose):
            continue
        stated = (f"for {site.purpose}, which is not public safety" if site.purpose
                  else "and states no purpose, where only public safety may justify it")
        yield Hit(
            message=f"{component.kind.value} {component.id} captures in a public place "
                    f"({site.place or 'place not stated'}) {stated}",
            locations=device_locations(component),
            evidence=(Evidence("place", site.place or "not stated"),
                      Evidence("purpose", as_read(site.purpose) if site.purpose else "not stated"),
                      Evidence("system public_safety", system_says)),
            data=device_facial(model, component), key=f"component:{component.id}")


CHECK = Check(meta=META, run=run)
