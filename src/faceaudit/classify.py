"""One classifier that assigns data categories to names and types.

Names are split into word parts (``faceEmbedding`` -> ``face``, ``embedding``;
``embeddings_json`` -> ``embeddings``, ``json``) and matched against a vocabulary, which users can
extend. Types such as ``vector(512)`` or ``float8[]`` add evidence. The result carries a confidence
and a human-readable reason, so a report can say why a column was classified.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from faceaudit.model import DataCategory

_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_DIGITS = re.compile(r"(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")


def word_parts(name: str) -> tuple[str, ...]:
    """Split an identifier or file name into lower-case word parts."""
    parts: list[str] = []
    for chunk in _SPLIT.split(name):
        if not chunk:
            continue
        for piece in _CAMEL.split(chunk):
            for word in _DIGITS.split(piece):
                if word:
                    parts.append(word.lower())
    return tuple(parts)


# Words that on their own make a name facial data of a given kind.
_STANDALONE: dict[DataCategory, frozenset[str]] = {
    DataCategory.FACE_TEMPLATE: frozenset({"faceprint", "faceprints", "facenet", "arcface"}),
    DataCategory.FACE_GEOMETRY: frozenset({"landmark", "landmarks"}),
}

_FACE_WORDS = frozenset({"face", "faces", "facial", "faceid", "visage", "portrait", "selfie"})

# Words that, next to a face word, say which kind of facial data a name holds.
_KIND_WORDS: dict[DataCategory, frozenset[str]] = {
    DataCategory.FACE_TEMPLATE: frozenset({
        "embedding", "embeddings", "encoding", "encodings", "template", "templates", "feature",
        "features", "vector", "vectors", "descriptor", "descriptors", "signature", "hash", "emb",
        "enc", "vec", "feat",
    }),
    DataCategory.FACE_IMAGE: frozenset({
        "image", "images", "img", "imgs", "photo", "photos", "picture", "pictures", "pic", "pics",
        "snapshot", "snapshots", "thumbnail", "thumbnails", "thumb", "crop", "crops", "jpg", "jpeg",
        "png", "webp", "frame", "frames", "blob", "capture", "captures",
    }),
    DataCategory.FACE_GEOMETRY: frozenset({
        "landmark", "landmarks", "bbox", "bboxes", "box", "boxes", "keypoints", "keypoint",
        "geometry", "location", "locations", "rect", "rects", "points", "mesh",
    }),
}

_IDENTITY: dict[DataCategory, frozenset[str]] = {
    DataCategory.IDENTITY: frozenset({
        "name", "fullname", "surname", "firstname", "lastname", "passport", "idcard", "ssn",
        "nric", "hkid", "citizen", "national", "employee", "student", "staff", "badge",
    }),
    DataCategory.CONTACT: frozenset({"phone", "mobile", "email", "mail", "address", "tel",
                                     "wechat"}),
    DataCategory.MINOR_DATA: frozenset({"guardian", "minor", "child", "children", "birthdate",
                                        "dob"}),
}

# Multi-part identity names ("id_card", "id_number", "national_id").
_IDENTITY_PAIRS: dict[tuple[str, str], DataCategory] = {
    ("id", "card"): DataCategory.IDENTITY,
    ("id", "number"): DataCategory.IDENTITY,
    ("id", "no"): DataCategory.IDENTITY,
    ("national", "id"): DataCategory.IDENTITY,
    ("employee", "no"): DataCategory.IDENTITY,
    ("student", "no"): DataCategory.IDENTITY,
    ("date", "birth"): DataCategory.MINOR_DATA,
}

_VECTOR_TYPE = re.compile(
    r"^\s*(vector|halfvec|sparsevec)\s*(\(\s*\d+\s*\))?\s*$"
    r"|^\s*(float4|float8|real|double precision|float|numeric|double)\s*(\[\s*\d*\s*\])+\s*$",
    re.IGNORECASE,
)
_BINARY_TYPE = re.compile(
    r"^\s*(bytea|blob|longblob|mediumblob|tinyblob|varbinary.*|binary.*|image|binaryfield|"
    r"largebinary)\s*$",
    re.IGNORECASE,
)


# A column whose name ends in one of these points at something else.
_REFERENCE_WORDS = frozenset({"id", "ids", "uuid", "pk", "fk", "ref", "no", "num", "count",
                              "at", "on", "by", "size", "width", "height", "type", "format"})


@dataclass(frozen=True)
class Classification:
    categories: frozenset[DataCategory]
    confidence: str  # "high" | "medium" | "low"
    reason: str

    @classmethod
    def none(cls) -> Classification:
        return cls(frozenset(), "high", "no facial or identity vocabulary matched")


@dataclass(frozen=True)
class Vocabulary:
    """The words the classifier knows. ``extended`` returns a copy with user terms added."""

    face_words: frozenset[str] = _FACE_WORDS
    kind_words: Mapping[DataCategory, frozenset[str]] = field(
        default_factory=lambda: dict(_KIND_WORDS))
    standalone: Mapping[DataCategory, frozenset[str]] = field(
        default_factory=lambda: dict(_STANDALONE))
    identity: Mapping[DataCategory, frozenset[str]] = field(
        default_factory=lambda: dict(_IDENTITY))

    def extended(self, extra: Mapping[str, Iterable[str]]) -> Vocabulary:
        """Add user terms: keys are data categories; each term is a whole-name word.

        A term listed under a facial category marks any name containing it as that category.
        """
        standalone = {k: set(v) for k, v in self.standalone.items()}
        identity = {k: set(v) for k, v in self.identity.items()}
        for key, words in extra.items():
            category = DataCategory(key)
            lowered = {w.lower() for w in words}
            if category in (DataCategory.FACE_IMAGE, DataCategory.FACE_TEMPLATE,
                            DataCategory.FACE_GEOMETRY):
                standalone.setdefault(category, set()).update(lowered)
            else:
                identity.setdefault(category, set()).update(lowered)
        return Vocabulary(
            face_words=self.face_words,
            kind_words=self.kind_words,
            standalone={k: frozenset(v) for k, v in standalone.items()},
            identity={k: frozenset(v) for k, v in identity.items()},
        )


DEFAULT_VOCABULARY = Vocabulary()


def classify(name: str, type_: str | None = None,
             vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> Classification:
    """Assign data categories to a column, key or file name with an optional type."""
    parts = word_parts(name)
    found = _classify_parts(parts, type_, vocabulary)
    if found.categories & _FACIAL_KINDS and len(parts) > 1 and parts[-1] in _REFERENCE_WORDS:
        return Classification(frozenset(), "medium",
                              f"name ends in {parts[-1]!r}: it refers to or describes facial "
                              "data kept elsewhere, not the data itself")
    return found


_FACIAL_KINDS = frozenset({DataCategory.FACE_IMAGE, DataCategory.FACE_TEMPLATE,
                           DataCategory.FACE_GEOMETRY})


def _classify_parts(parts: tuple[str, ...], type_: str | None,
                    vocabulary: Vocabulary) -> Classification:
    words = set(parts)
    type_text = (type_ or "").strip()
    is_vector = bool(type_text) and bool(_VECTOR_TYPE.match(type_text))
    is_binary = bool(type_text) and bool(_BINARY_TYPE.match(type_text))

    for category, terms in vocabulary.standalone.items():
        hit = sorted(words & terms)
        if hit:
            return Classification(frozenset({category}), "high",
                                  f"name part {hit[0]!r} denotes {category.value}")

    face_hit = sorted(words & vocabulary.face_words)
    if face_hit:
        for category in (DataCategory.FACE_TEMPLATE, DataCategory.FACE_IMAGE,
                         DataCategory.FACE_GEOMETRY):
            kind_hit = sorted(words & vocabulary.kind_words[category])
            if kind_hit:
                return Classification(
                    frozenset({category}), "high",
                    f"name parts {face_hit[0]!r} and {kind_hit[0]!r} denote {category.value}")
        if is_vector:
            return Classification(frozenset({DataCategory.FACE_TEMPLATE}), "high",
                                  f"face name {face_hit[0]!r} with vector type {type_text!r}")
        if is_binary:
            return Classification(frozenset({DataCategory.FACE_IMAGE}), "medium",
                                  f"face name {face_hit[0]!r} with binary type {type_text!r}")
        return Classification(frozenset({DataCategory.FACE_TEMPLATE}), "low",
                              f"name part {face_hit[0]!r} without a kind; assumed face-template")

    found: set[DataCategory] = set()
    reasons: list[str] = []
    for category, terms in vocabulary.identity.items():
        hit = sorted(words & terms)
        if hit:
            found.add(category)
            reasons.append(f"name part {hit[0]!r} denotes {category.value}")
    for index, first in enumerate(parts):
        # The second word may follow directly or after one joining word (date_of_birth).
        for second in parts[index + 1:index + 3]:
            pair_category = _IDENTITY_PAIRS.get((first, second))
            if pair_category is not None and pair_category not in found:
                found.add(pair_category)
                reasons.append(f"name parts {first!r} {second!r} denote {pair_category.value}")
    if found:
        return Classification(frozenset(found), "medium", "; ".join(reasons))
    return Classification.none()


_TEMPLATE_HINTS = frozenset({"embedding", "embeddings", "encoding", "encodings", "vector",
                             "vectors", "feature", "features", "descriptor", "descriptors",
                             "template", "templates", "emb", "vec", "feat", "signature"})
_IMAGE_HINTS = frozenset({"image", "images", "img", "photo", "photos", "picture", "pic",
                          "snapshot", "snapshots", "thumbnail", "thumb", "crop", "crops", "jpg",
                          "jpeg", "png", "blob", "data", "bytes", "path", "file", "url", "uri",
                          "key"})
_JSON_TYPE = re.compile(r"^\s*(json|jsonb|text|longtext|clob|nvarchar\(max\))\s*$", re.IGNORECASE)


# Words that contain "face" without being about faces.
_NOT_FACES = re.compile(r"surface|interface|typeface|preface|facet|facebook|facade|faceted",
                        re.IGNORECASE)


def _glued_face(name: str) -> bool:
    """``face`` inside a word that naming conventions glued together (Django's
    ``photos_detectedface``, ``gallery_facecrop``), but not ``surface`` or ``interface``."""
    return "face" in name.lower() and not _NOT_FACES.search(name)


def classify_column(name: str, type_: str | None, table: str | None = None,
                    comment: str | None = None,
                    vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> Classification:
    """Classify a column, using its table's name and its comment as context.

    The column's own name decides first. A column whose name is not facial by itself
    (``embedding``, ``image_path``) is facial when its table is named for faces
    (``face_embeddings``, ``guest_faces``) or its comment speaks of faces, and its name or type
    fits a kind of facial data; a whole-image embedding in a table not named for faces (a CLIP
    vector beside a photo asset) stays unclassified.
    """
    own = classify(name, type_, vocabulary)
    if own.categories:
        return own
    context = ""
    if table and (set(word_parts(table)) & vocabulary.face_words or _glued_face(table)):
        context = f"in table {table!r}, named for faces"
    elif comment and (set(word_parts(comment)) & vocabulary.face_words or "人脸" in comment):
        context = "its comment speaks of faces"
    if not context:
        return own
    parts = word_parts(name)
    if parts and parts[-1] in _REFERENCE_WORDS:
        return own  # photo_id, image_uuid: a reference to a row elsewhere, not the data
    words = set(parts)
    type_text = (type_ or "").strip()
    is_vector = bool(type_text) and bool(_VECTOR_TYPE.match(type_text))
    is_binary = bool(type_text) and bool(_BINARY_TYPE.match(type_text))
    if words & _TEMPLATE_HINTS and (is_vector or is_binary or not type_text
                                    or _JSON_TYPE.match(type_text)):
        return Classification(frozenset({DataCategory.FACE_TEMPLATE}), "medium",
                              f"name part {sorted(words & _TEMPLATE_HINTS)[0]!r} {context}")
    if is_vector:
        return Classification(frozenset({DataCategory.FACE_TEMPLATE}), "medium",
                              f"vector type {type_text!r} {context}")
    if words & _IMAGE_HINTS and (is_binary or not words & {"data", "key"}):
        return Classification(frozenset({DataCategory.FACE_IMAGE}), "medium",
                              f"name part {sorted(words & _IMAGE_HINTS)[0]!r} {context}")
    if is_binary:
        return Classification(frozenset({DataCategory.FACE_IMAGE}), "low",
                              f"binary type {type_text!r} {context}")
    return own
