"""Tests for faceaudit.classify: word parts, categories from names and types, vocabulary."""

from __future__ import annotations

import pytest

from faceaudit.classify import DEFAULT_VOCABULARY, Classification, Vocabulary, classify, word_parts
from faceaudit.model import DataCategory

T = DataCategory.FACE_TEMPLATE
IMG = DataCategory.FACE_IMAGE
GEO = DataCategory.FACE_GEOMETRY
NO_MATCH = "no facial or identity vocabulary matched"


# --- word_parts -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "parts"), [
    ("faceEmbedding", ("face", "embedding")),
    ("FaceEmbedding", ("face", "embedding")),
    ("face_embedding", ("face", "embedding")),
    ("FACE_EMBEDDING", ("face", "embedding")),
    ("embeddings_json", ("embeddings", "json")),
    ("HTTPServerFace", ("http", "server", "face")),
    ("IDCardNo", ("id", "card", "no")),
    ("face2vec", ("face", "2", "vec")),
    ("img256x256", ("img", "256", "x", "256")),
    ("thumbnail_face.jpg", ("thumbnail", "face", "jpg")),
    ("user-email.address", ("user", "email", "address")),
    ("__face__", ("face",)),
    ("", ()),
])
def test_word_parts(name: str, parts: tuple[str, ...]) -> None:
    assert word_parts(name) == parts


# --- classify: facial names -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "type_", "categories", "confidence", "reason"), [
    ("face_embedding", None, {T}, "high", "name parts 'face' and 'embedding' denote face-template"),
    ("faceEmbedding", None, {T}, "high", "name parts 'face' and 'embedding' denote face-template"),
    ("face_encoding", None, {T}, "high", "name parts 'face' and 'encoding' denote face-template"),
    ("faceprint", None, {T}, "high", "name part 'faceprint' denotes face-template"),
    ("face_image", None, {IMG}, "high", "name parts 'face' and 'image' denote face-image"),
    ("thumbnail_face.jpg", None, {IMG}, "high", "name parts 'face' and 'jpg' denote face-image"),
    ("face_landmarks", None, {GEO}, "high", "name part 'landmarks' denotes face-geometry"),
    ("landmarks", None, {GEO}, "high", "name part 'landmarks' denotes face-geometry"),
    ("user_face_bbox", None, {GEO}, "high", "name parts 'face' and 'bbox' denote face-geometry"),
    ("face", "vector(128)", {T}, "high", "face name 'face' with vector type 'vector(128)'"),
    ("face", "float8[]", {T}, "high", "face name 'face' with vector type 'float8[]'"),
    ("face", "bytea", {IMG}, "medium", "face name 'face' with binary type 'bytea'"),
    ("face", None, {T}, "low", "name part 'face' without a kind; assumed face-template"),
    ("face", "text", {T}, "low", "name part 'face' without a kind; assumed face-template"),
])
def test_facial_names(name: str, type_: str | None, categories: set[DataCategory],
                      confidence: str, reason: str) -> None:
    assert classify(name, type_) == Classification(frozenset(categories), confidence, reason)


def test_kind_word_beats_the_type() -> None:
    # "image" in the name wins over a vector type.
    assert classify("face_image", "vector(512)").categories == frozenset({IMG})


@pytest.mark.parametrize("type_", ["vector(512)", "VECTOR ( 512 )", "halfvec(256)",
                                   "float4[128]", "double precision[]"])
def test_vector_types_with_a_face_word_are_templates(type_: str) -> None:
    result = classify("face", type_)
    assert result.categories == frozenset({T})
    assert result.confidence == "high"


@pytest.mark.parametrize(("name", "type_"), [
    ("embeddings", "vector(512)"),  # a vector without a face word is not facial data
    ("embedding", "float8[]"),
    ("photo", "bytea"),
    ("surface_area", None),         # 'face' inside another word is no face word
    ("interface_id", None),
    ("typeface", None),
    ("facebook_id", None),
    ("enrolled_at", "timestamptz"),
])
def test_non_facial_names(name: str, type_: str | None) -> None:
    assert classify(name, type_) == Classification(frozenset(), "high", NO_MATCH)


# --- classify: identity and contact -----------------------------------------------------------


@pytest.mark.parametrize(("name", "categories", "reason"), [
    ("id_card_no", {DataCategory.IDENTITY}, "name parts 'id' 'card' denote identity"),
    ("national_id", {DataCategory.IDENTITY}, "name part 'national' denotes identity"),
    ("phone", {DataCategory.CONTACT}, "name part 'phone' denotes contact"),
    ("email", {DataCategory.CONTACT}, "name part 'email' denotes contact"),
    ("full_name", {DataCategory.IDENTITY}, "name part 'name' denotes identity"),
    ("guardian_phone", {DataCategory.CONTACT, DataCategory.MINOR_DATA},
     "name part 'phone' denotes contact; name part 'guardian' denotes minor-data"),
])
def test_identity_names(name: str, categories: set[DataCategory], reason: str) -> None:
    assert classify(name) == Classification(frozenset(categories), "medium", reason)


def test_guest_id_is_an_opaque_key_not_identity() -> None:
    # A generated guest key (uuid) names nobody; neither 'guest' nor a lone 'id' is vocabulary.
    assert classify("guest_id", "uuid") == Classification(frozenset(), "high", NO_MATCH)
    assert classify("guest_id") == Classification(frozenset(), "high", NO_MATCH)


def test_face_word_takes_precedence_over_identity_words() -> None:
    assert classify("employee_face_photo").categories == frozenset({IMG})


@pytest.mark.parametrize("name", ["date_of_birth", "dateOfBirth"])
def test_date_of_birth_is_minor_data(name: str) -> None:
    # The vocabulary has 'dob', 'birthdate' and the pair ('date', 'birth'); the usual spelling
    # "date of birth" must be caught too.
    assert classify(name).categories == frozenset({DataCategory.MINOR_DATA})


# --- Vocabulary.extended ----------------------------------------------------------------------


def test_extended_adds_facial_and_identity_words() -> None:
    vocabulary = DEFAULT_VOCABULARY.extended({
        "face-image": ["Mugshot"], "face-template": ["irisprint"], "identity": ["guest"]})
    assert classify("mugshot_blob", None, vocabulary) == Classification(
        frozenset({IMG}), "high", "name part 'mugshot' denotes face-image")
    assert classify("irisprint", None, vocabulary).categories == frozenset({T})
    assert classify("guest_id", None, vocabulary) == Classification(
        frozenset({DataCategory.IDENTITY}), "medium", "name part 'guest' denotes identity")
    # Built-in words are kept.
    assert classify("faceprint", None, vocabulary).categories == frozenset({T})
    assert classify("phone", None, vocabulary).categories == frozenset({DataCategory.CONTACT})


def test_extended_returns_a_copy_and_leaves_the_default_alone() -> None:
    vocabulary = DEFAULT_VOCABULARY.extended({"face-image": ["mugshot"]})
    assert vocabulary is not DEFAULT_VOCABULARY
    assert classify("mugshot_blob").categories == frozenset()
    assert DataCategory.FACE_IMAGE not in DEFAULT_VOCABULARY.standalone
    assert vocabulary.standalone[DataCategory.FACE_IMAGE] == frozenset({"mugshot"})
    assert vocabulary.face_words == DEFAULT_VOCABULARY.face_words


def test_extended_twice_accumulates() -> None:
    vocabulary = Vocabulary().extended({"contact": ["line"]}).extended({"contact": ["signal"]})
    assert {"line", "signal", "phone"} <= vocabulary.identity[DataCategory.CONTACT]


def test_extended_rejects_an_unknown_category() -> None:
    with pytest.raises(ValueError, match="'face-hash' is not a valid DataCategory"):
        DEFAULT_VOCABULARY.extended({"face-hash": ["x"]})
