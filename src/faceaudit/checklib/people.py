"""Helpers for the checks about people: consent, minors, alternatives, places and signs.

These answer the questions that checks FA401-FA513 share: which facial processing still needs
consent (no law covers it), how reports name and locate consent records and sections, where a
capture device is installed and whether that place is a private space, whether a stated purpose
is public safety, and whether an authentication method uses the face.

The word lists are data (tuples and frozensets below), so they can be read and extended in one
place. Every comparison goes through :func:`normalise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faceaudit.check import Location
from faceaudit.checklib import facial_stores, flow_location
from faceaudit.model import (
    Component,
    ComponentKind,
    Consent,
    DataCategory,
    LegalBasis,
    Site,
    SystemModel,
)

_SEPARATORS = re.compile(r"[\s_/]+")
_REPEATED_HYPHENS = re.compile(r"-{2,}")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9\u4e00-\u9fff]+")


def normalise(text: str | None) -> str:
    """``"Hotel Room"``, ``"hotel_room"`` and ``" hotel-room "`` all become ``"hotel-room"``.

    Lower case; spaces, underscores and slashes become hyphens; apostrophes and dots are dropped;
    runs of hyphens collapse. ``None`` becomes the empty string.
    """
    if text is None:
        return ""
    value = _SEPARATORS.sub("-", text.strip().lower())
    value = value.replace("'", "").replace("\u2019", "").replace(".", "")
    return _REPEATED_HYPHENS.sub("-", value).strip("-")


def as_read(text: str) -> str:
    """``Hotel Room (read as hotel-room)``, or just the text when normalising leaves it as is."""
    value = normalise(text)
    return text if value == text else f"{text} (read as {value})"


# --- facial processing and its legal basis -------------------------------------------------


@dataclass(frozen=True)
class FacialProcessing:
    """One place where the system processes facial data: a facial store or a facial flow."""

    location: Location
    facial: frozenset[DataCategory]
    basis: LegalBasis | None

    @property
    def law(self) -> str | None:
        """The law named as the basis, when one is."""
        return self.basis.law if self.basis is not None and self.basis.law else None

    def describe(self) -> str:
        """``face-db/templates (line 20)``."""
        line = f" (line {self.location.line})" if self.location.line else ""
        return f"{self.location.object}{line}"


def facial_processing(model: SystemModel) -> tuple[FacialProcessing, ...]:
    """Every facial store, then every facial flow, in declaration order."""
    found = [FacialProcessing(fs.location, fs.facial, fs.store.legal_basis)
             for fs in facial_stores(model)]
    found += [FacialProcessing(flow_location(flow), flow.facial, flow.legal_basis)
              for flow in model.facial_flows()]
    return tuple(found)


def needing_consent(model: SystemModel) -> tuple[FacialProcessing, ...]:
    """The facial processing that no law covers, so that consent must be its basis.

    A store or flow is covered when its ``legal_basis`` names a ``law``. Everything else (no
    basis, or a basis that names only a consent) rests on consent.
    """
    return tuple(p for p in facial_processing(model) if p.law is None)


def facial_union(items: tuple[FacialProcessing, ...]) -> frozenset[DataCategory]:
    return frozenset(c for item in items for c in item.facial)


def processing_text(items: tuple[FacialProcessing, ...]) -> str:
    """``face-db/templates (line 20), cam -> svc (line 31)``."""
    return ", ".join(item.describe() for item in items)


# --- consent records and sections ----------------------------------------------------------


def consent_object(consent: Consent) -> str:
    """How reports name a consent record: ``consent/<id>``."""
    return f"consent/{consent.id}"


def consent_location(consent: Consent) -> Location:
    return Location.of(consent.provenance, consent_object(consent))


def consent_key(consent: Consent) -> str:
    """A line-independent key for a consent record."""
    return f"consent:{consent.id}"


def section_location(model: SystemModel) -> Location | None:
    """The ``consent`` section when the description has one, else the ``system`` section.

    The model keeps no provenance for the ``consent`` list itself, so the section is located at
    its first record. ``None`` only when neither section exists (no description was read).
    """
    if model.consents:
        return Location.of(model.consents[0].provenance, "consent")
    return system_location(model)


def system_location(model: SystemModel) -> Location | None:
    """The ``system`` section, or ``None`` when the model has none."""
    if model.system is None:
        return None
    return Location.of(model.system.provenance, "system")


def consent_text(consents: tuple[Consent, ...], field: str) -> str:
    """``terms (separate: false), marketing (separate: false)``, or ``none recorded``.

    ``field`` is ``separate`` or ``guardian_for_minors``; an absent value is shown as ``not
    stated``.
    """
    if not consents:
        return "none recorded"
    parts = []
    for consent in consents:
        value = getattr(consent, field)
        shown = "not stated" if value is None else str(value).lower()
        parts.append(f"{consent.id} ({field}: {shown})")
    return ", ".join(parts)


# --- capture devices and where they are ----------------------------------------------------

CAPTURING_KINDS: frozenset[ComponentKind] = frozenset(
    {ComponentKind.CAPTURE_DEVICE, ComponentKind.EDGE_DEVICE})
"""Kinds of component that are installed somewhere and see faces: a camera, kiosk or terminal,
and an edge device (a face terminal or box that captures and matches on the spot)."""


def sited_devices(model: SystemModel) -> tuple[tuple[Component, Site], ...]:
    """The capturing components that record a ``site``, with it, in declaration order."""
    return tuple((c, c.site) for c in model.components
                 if c.kind in CAPTURING_KINDS and c.site is not None)


def device_locations(component: Component) -> tuple[Location, ...]:
    """The component, then its ``site`` when it has one."""
    locations = [Location.of(component.provenance, component.id)]
    if component.site is not None:
        locations.append(Location.of(component.site.provenance, f"{component.id}.site"))
    return tuple(locations)


def device_facial(model: SystemModel, component: Component) -> frozenset[DataCategory]:
    """The facial categories a device is described as handling: its stores and its flows."""
    found = {c for store in component.stores for c in store.facial}
    found |= {c for flow in model.flows_touching(component.id) for c in flow.facial}
    return frozenset(found)


FRT_ART13 = "cn-frt-2025:Art.13"
VIDEO_ART8 = "cn-video-2025:Art.8"


@dataclass(frozen=True)
class PrivateSpace:
    """A kind of private space where no capture device may be installed.

    ``named_in`` lists the articles whose text names this kind of space. The Measures' Art. 13
    list ends in "等" (and so on), so it reaches the spaces named only in the video regulation's
    longer Art. 8 list as well.
    """

    label: str
    names: frozenset[str]
    named_in: tuple[str, ...]

    @property
    def reached_by(self) -> str:
        """Which articles prohibit a device here, and how: named, or by the open list."""
        if FRT_ART13 in self.named_in:
            return f"{FRT_ART13} and {VIDEO_ART8} both name it"
        return (f"{VIDEO_ART8} names it; {FRT_ART13} reaches it through its open list of "
                "private spaces (\"等\")")


PRIVATE_SPACES: tuple[PrivateSpace, ...] = (
    PrivateSpace("hotel guest room", frozenset({
        "hotel-room", "guest-room", "guestroom", "hotel-guest-room", "hotel-bedroom",
        "guesthouse-room", "bnb-room", "b-and-b-room", "homestay-room", "客房", "宾馆客房",
        "酒店客房", "民宿客房"}), (FRT_ART13, VIDEO_ART8)),
    PrivateSpace("private dining room", frozenset({
        "private-dining-room", "private-dining", "dining-booth", "包间", "包厢"}),
        (VIDEO_ART8,)),
    PrivateSpace("dormitory room", frozenset({
        "dormitory-room", "dorm-room", "staff-dormitory", "student-dormitory",
        "staff-dormitory-room", "student-dormitory-room", "staff-lodging", "staff-quarters",
        "宿舍", "学生宿舍", "职工宿舍"}), (VIDEO_ART8,)),
    PrivateSpace("toilet", frozenset({
        "restroom", "toilet", "wc", "lavatory", "washroom", "public-toilet", "卫生间", "厕所",
        "公共厕所", "洗手间"}), (FRT_ART13, VIDEO_ART8)),
    PrivateSpace("bathhouse or shower", frozenset({
        "bathhouse", "bathroom", "shower", "shower-room", "public-bath", "bath-house", "浴室",
        "公共浴室", "澡堂"}), (FRT_ART13, VIDEO_ART8)),
    PrivateSpace("changing room", frozenset({
        "changing-room", "locker-room", "change-room", "更衣室"}), (FRT_ART13, VIDEO_ART8)),
    PrivateSpace("fitting room", frozenset({
        "fitting-room", "dressing-room", "試衣間", "试衣间"}), (VIDEO_ART8,)),
    PrivateSpace("nursing room", frozenset({
        "nursing-room", "lactation-room", "breastfeeding-room", "mothers-room",
        "baby-care-room", "母婴室", "哺乳室"}), (VIDEO_ART8,)),
)


def private_space(place: str | None) -> PrivateSpace | None:
    """The private space a declared place is, or ``None``.

    The place is normalised; it matches a space when it equals one of its names or ends in
    ``-<name>`` (``public-restroom``, ``womens-changing-room``), and a trailing plural ``s`` is
    tolerated (``restrooms``). A place that merely begins with a name (``restroom-corridor``,
    ``hotel-room-corridor``) is outside the space and does not match.
    """
    value = normalise(place)
    if not value:
        return None
    candidates = {value, value[:-1]} if value.endswith("s") else {value}
    for space in PRIVATE_SPACES:
        for name in space.names:
            if any(c == name or c.endswith(f"-{name}") for c in candidates):
                return space
    return None


PUBLIC_SAFETY_PURPOSES: frozenset[str] = frozenset({
    "public-safety", "public-security", "safety", "security", "公共安全", "维护公共安全"})
"""Site purposes that count as public safety, after :func:`normalise`."""


def is_public_safety(purpose: str | None) -> bool:
    return normalise(purpose) in PUBLIC_SAFETY_PURPOSES


# --- authentication methods --------------------------------------------------------------

FACE_WORDS: frozenset[str] = frozenset({"face", "faces", "facial", "faceid", "人脸", "刷脸"})
"""Words that make an authentication method a face method, after splitting it into words."""


def is_face_method(method: str) -> bool:
    """Whether a method uses the face: ``face``, ``face-recognition``, ``Face ID``, ``face+pin``.

    A combined method that still needs the face (``face+card``) is a face method: it is not a way
    to get in without one.
    """
    value = method.strip().lower()
    if any(word in value for word in ("人脸", "刷脸")):
        return True
    return any(token in FACE_WORDS for token in _TOKEN_SPLIT.split(value) if token)


def non_face(methods: tuple[str, ...]) -> tuple[str, ...]:
    """The methods that do not use the face (blank entries left out)."""
    return tuple(m for m in methods if m.strip() and not is_face_method(m))


__all__ = [
    "CAPTURING_KINDS",
    "FACE_WORDS",
    "FRT_ART13",
    "PRIVATE_SPACES",
    "PUBLIC_SAFETY_PURPOSES",
    "VIDEO_ART8",
    "FacialProcessing",
    "PrivateSpace",
    "as_read",
    "consent_key",
    "consent_location",
    "consent_object",
    "consent_text",
    "device_facial",
    "device_locations",
    "facial_processing",
    "facial_union",
    "is_face_method",
    "is_public_safety",
    "needing_consent",
    "non_face",
    "normalise",
    "private_space",
    "processing_text",
    "section_location",
    "sited_devices",
    "system_location",
]
