"""FA501: the face is the only way to verify, with no other method offered."""

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
    Location,
    Severity,
)
from faceaudit.checklib.people import (
    device_facial,
    is_face_method,
    non_face,
    system_location,
)
from faceaudit.model import SystemModel

RECOGNITION_PURPOSES = frozenset({"verification", "identification"})

META = CheckMeta(
    id="FA501",
    slug="face-only-verification",
    title="Facial recognition is the only way to verify, with no alternative offered",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.ALTERNATIVES,
    mandates=("cn-frt-2025:Art.10", "cn-spc-2021:Art.10"),
    rationale=(
        "Where another method can serve the same purpose, facial recognition must not be the "
        "only way to verify a person, and someone who declines it must be offered a reasonable "
        "and convenient alternative (the Measures Art. 10). For residential properties the "
        "Supreme People's Court adds that face recognition may not be the only way in, and "
        "residents may demand another (Fa Shi [2021] No. 15, Art. 10). The description lists "
        "the ways to use the service without the face in `alternatives`, and the ways people "
        "verify at each terminal in `auth_methods`. A method counts as a face method when one "
        "of its words is face, facial or Face ID, including a combination such as `face+pin` "
        "that still needs the face; an `alternatives` entry that is itself a face method does "
        "not count. When the system lists a non-face alternative, the check passes. Otherwise: "
        "each component whose `auth_methods` are all face methods is reported (a terminal that "
        "also accepts a card or a PIN offers the alternative right there and passes); and when "
        "no component lists `auth_methods` but the system or one of its stores has the purpose "
        "`verification` or `identification`, the `system` section is reported, since nothing "
        "shows another way. A system that neither verifies nor identifies (pure analytics) is "
        "not judged."),
    remediation=(
        "Offer a method that does not use the face wherever the face is used to verify (an ID "
        "card, a PIN, a QR code, a staffed desk), accept it without penalty when someone "
        "declines face verification, and record it: on the terminal, `auth_methods: [face, "
        "card]`, or for the whole service, `alternatives: [id-card, front-desk-check-in]`."),
    added="0.1.0",
    reads=("system.purposes", "components.stores.purposes", "components.auth_methods",
           "alternatives"),
    bad_example=Example("yaml", """
system:
  name: Residential compound gates
  purposes: [verification]
components:
  - {id: gate-terminal, kind: edge-device, zone: device, auth_methods: [face]}
"""),
    good_example=Example("yaml", """
system:
  name: Residential compound gates
  purposes: [verification]
components:
  - {id: gate-terminal, kind: edge-device, zone: device, auth_methods: [face, resident-card]}
alternatives: [resident-card, guard-house-check]
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    if non_face(model.alternatives):
        return
    listed = (f"{', '.join(model.alternatives)} (face methods only)" if model.alternatives
              else "none")
    terminals = [c for c in model.components if c.auth_methods]
    for component in terminals:
        if non_face(component.auth_methods) or \
                not any(is_face_method(m) for m in component.auth_methods):
            continue
        facial = device_facial(model, component)
        yield Hit(
            message=f"{component.id} accepts only the face ({', '.join(component.auth_methods)}) "
                    "and the system lists no alternative",
            locations=(Location.of(component.provenance, component.id),),
            evidence=(Evidence("auth_methods", ", ".join(component.auth_methods)),
                      Evidence("alternatives", listed)),
            data=facial, key=f"component:{component.id}")
    if terminals or model.system is None:
        return
    purposes = set(model.system.purposes)
    purposes |= {p for _, store in model.stores() for p in store.purposes}
    recognition = sorted(purposes & RECOGNITION_PURPOSES)
    location = system_location(model)
    if not recognition or location is None:
        return
    yield Hit(
        message=f"The system's purposes include {' and '.join(recognition)} and it lists no "
                "way to use the service without the face",
        locations=(location,),
        evidence=(Evidence("purposes", ", ".join(recognition)),
                  Evidence("auth_methods", "none recorded on any component"),
                  Evidence("alternatives", listed)),
        key="system")


CHECK = Check(meta=META, run=run)
