"""FA421: enrolment code never consults a consent record."""

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
    id="FA421",
    slug="enrolment-without-consent-check",
    title="Enrolment code stores faces without consulting consent",
    severity=Severity.MEDIUM,
    confidence=Confidence.LOW,
    concern=Concern.CONSENT,
    mandates=("cn-frt-2025:Art.6", "cn-pipl:Art.29"),
    rationale=(
        "Where consent is the basis for processing facial information, it must be a separate "
        "consent given before the face is collected (the Measures Art. 6, PIPL Art. 29), and "
        "the code that enrols a person is where that consent is checked. The source scan "
        "judges functions whose name says they enrol (`enrol`, `enroll`, or a verb such as "
        "register, add or create with a noun such as face, person, user or employee) and that "
        "store facial data or send it away, directly or through the module's own functions. "
        "Such a function is reported when nothing on its path mentions consent: no call, "
        "attribute, name, argument or string with the word in the function, in the functions "
        "it calls, or in the functions of the module that call it. A consent check in another "
        "module is not seen; the confidence is low."),
    remediation=(
        "Check for a recorded, separate, unwithdrawn consent for face processing before "
        "computing or storing the template, and refuse enrolment without it (for example "
        "`if not consents.has_face_consent(person_id): raise ConsentRequired`)."),
    added="0.1.0",
    reads=("code",),
    bad_example=Example("python", """
def enroll_employee(conn, employee_id, photo_path):
    image = face_recognition.load_image_file(photo_path)
    encoding = face_recognition.face_encodings(image)[0]
    conn.execute("INSERT INTO faces VALUES (?, ?)", (employee_id, encoding.tobytes()))
"""),
    good_example=Example("python", """
def enroll_employee(conn, employee_id, photo_path):
    if not has_face_consent(conn, employee_id):
        raise PermissionError("no separate consent for face enrolment")
    image = face_recognition.load_image_file(photo_path)
    ...
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for finding in code_findings(model, "consent"):
        yield Hit(
            message=finding.message, locations=(code_location(finding),),
            evidence=(Evidence("bandit test", f"{finding.test_id} {finding.test_name}"),
                      Evidence("function", f"{finding.provenance.pointer}()")),
            data=frozenset({DataCategory.FACE_TEMPLATE}), key=code_key(finding))


CHECK = Check(meta=META, run=run)
