"""FA711: code writes facial data to logs."""

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
    id="FA711",
    slug="face-data-logged",
    title="Code writes facial data to logs",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.AUDIT_LOGGING,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "Logs are copied, shipped to log services and kept far longer than the data they "
        "describe, and rarely encrypted or access-controlled like a face store. A face "
        "template, face image or face geometry written to a log escapes every protection the "
        "Measures (Art. 14) and PIPL Art. 51 require of facial data. The source scan follows "
        "values made by face libraries to `logging` calls, `logger.*` methods and `print`, "
        "including values made from them (lists, f-strings, JSON, `tolist()`)."),
    remediation=(
        "Log what happened, not the face: the person's id, the match decision and its score, "
        "never the encoding, the embedding, the crop or the landmarks."),
    added="0.1.0",
    reads=("code",),
    bad_example=Example("python", """
encoding = face_recognition.face_encodings(frame)[0]
logger.info("matched %s with %s", name, encoding.tolist())
"""),
    good_example=Example("python", """
encoding = face_recognition.face_encodings(frame)[0]
logger.info("matched %s", person_id)
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for finding in facial_code_findings(model, "log"):
        yield Hit(
            message=(f"{categories_text(finding.data & FACIAL)} is written to a log by "
                     f"{finding.sink}, from {finding.source}"),
            locations=(code_location(finding),), evidence=path_evidence(finding),
            data=finding.data & FACIAL, zone=Zone.ON_PREMISES, key=code_key(finding))


CHECK = Check(meta=META, run=run)
