"""FA141: code stores facial data with no encryption on the path."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import (
    Check,
    CheckMeta,
    Concern,
    Confidence,
    Example,
    Hit,
    Severity,
)
from faceaudit.checklib import categories_text
from faceaudit.checklib.code import code_key, code_location, facial_code_findings, path_evidence
from faceaudit.model import FACIAL, SystemModel, Zone

META = CheckMeta(
    id="FA141",
    slug="code-stores-faces-unencrypted",
    title="Code stores facial data without encrypting it",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    concern=Concern.ENCRYPTION_AT_REST,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "Face templates and face images are biometric data: once leaked they cannot be changed "
        "like a password. The Measures (Art. 14) and PIPL Art. 51 require encryption among the "
        "security measures for them. The source scan follows values made by face libraries "
        "(face_recognition encodings, dlib descriptors, DeepFace and InsightFace embeddings, "
        "OpenCV face crops, face images read from disk or a camera) through assignments, "
        "containers, serialisation and the module's own functions; this check reports each "
        "place where such a value is written to a file (pickle, joblib, numpy, `open(...)."
        "write`, `cv2.imwrite`, PIL `save`) or a database (`cursor.execute` parameters, ORM "
        "`save` or `session.add`) with no encryption call (Fernet, AES-GCM, ...) on its path."),
    remediation=(
        "Encrypt facial data before it is written, with a key kept apart from the data (for "
        "example `Fernet(key).encrypt(encoding.tobytes())`, the key in a key manager), or store "
        "it in a store that encrypts it (an encrypted column or volume) and say so in the "
        "description."),
    added="0.1.0",
    reads=("code",),
    bad_example=Example("python", """
encoding = face_recognition.face_encodings(image)[0]
with open("known_faces.pkl", "wb") as handle:
    pickle.dump({name: encoding}, handle)
"""),
    good_example=Example("python", """
encoding = face_recognition.face_encodings(image)[0]
token = Fernet(load_key()).encrypt(encoding.tobytes())
with open("known_faces.bin", "ab") as handle:
    handle.write(token)
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for finding in facial_code_findings(model, "storage"):
        yield Hit(
            message=(f"{categories_text(finding.data & FACIAL)} is stored by {finding.sink} "
                     f"with no encryption on the path, from {finding.source}"),
            locations=(code_location(finding),), evidence=path_evidence(finding),
            data=finding.data & FACIAL, zone=Zone.ON_PREMISES, key=code_key(finding))


CHECK = Check(meta=META, run=run)
