"""FA521: code authenticates on a face match alone."""

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
from faceaudit.checklib.code import code_findings, code_key, code_location
from faceaudit.model import DataCategory, SystemModel

META = CheckMeta(
    id="FA521",
    slug="face-match-only-login",
    title="Code grants access on a face match alone",
    severity=Severity.MEDIUM,
    confidence=Confidence.LOW,
    concern=Concern.ALTERNATIVES,
    mandates=("cn-frt-2025:Art.10",),
    rationale=(
        "Where another method can serve the same purpose, facial recognition must not be the "
        "only way to verify a person, and someone who declines it must be offered another "
        "reasonable and convenient way (the Measures Art. 10). The source scan judges functions "
        "whose name says they log in, verify, authenticate or unlock, and whose branches or "
        "return value depend on a face comparison (face_recognition `compare_faces` or "
        "`face_distance`, DeepFace `verify`, a distance between templates, Rekognition "
        "`compare_faces`, ...). Such a function is reported when nothing on its path mentions "
        "another factor or a fallback: no PIN, password, passcode, OTP, card, badge, RFID, QR "
        "code, token, keypad or fallback in the function, in what it calls or in the functions "
        "of the module that call it. A fallback in another module is not seen; the confidence "
        "is low."),
    remediation=(
        "Offer a way in that does not use the face (a PIN, a card, a staffed desk), accept it "
        "without penalty for people who decline face recognition, and let the code take it: "
        "`if face_matches(frame) or pin_is_valid(keypad.read()): unlock()`."),
    added="0.1.0",
    reads=("code",),
    bad_example=Example("python", """
def unlock_door(frame):
    matches = face_recognition.compare_faces(known, face_recognition.face_encodings(frame)[0])
    if True in matches:
        relay.on()
"""),
    good_example=Example("python", """
def unlock_door(frame, keypad):
    encodings = face_recognition.face_encodings(frame)
    if encodings and True in face_recognition.compare_faces(known, encodings[0]):
        relay.on()
    elif check_pin(keypad.read_pin()):
        relay.on()
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for finding in code_findings(model, "alternative"):
        yield Hit(
            message=finding.message, locations=(code_location(finding),),
            evidence=(Evidence("bandit test", f"{finding.test_id} {finding.test_name}"),
                      Evidence("function", f"{finding.provenance.pointer}()")),
            data=frozenset({DataCategory.FACE_TEMPLATE}), key=code_key(finding))


CHECK = Check(meta=META, run=run)
