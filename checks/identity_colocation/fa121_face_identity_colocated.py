"""FA121: facial data kept in the same table as identity or contact data."""

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
from faceaudit.checklib import categories_text, facial_stores
from faceaudit.checklib.storage import column_object, table_object
from faceaudit.model import FACIAL, DataCategory, SystemModel

#: The categories that say who a person is or how to reach them.
IDENTIFYING: frozenset[DataCategory] = frozenset({DataCategory.IDENTITY, DataCategory.CONTACT})

META = CheckMeta(
    id="FA121",
    slug="face-identity-colocated",
    title="Facial data kept in the same table as identity or contact data",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.IDENTITY_COLOCATION,
    mandates=("gbt-35273-2020:6.3(b)",),
    rationale=(
        "GB/T 35273 6.3(b) says biometric information should be stored apart from personal "
        "identity information. When a face template sits in the same row as a name, an ID "
        "number or a phone number, one leaked table or one over-broad query gives away both who "
        "a person is and their face; kept apart, and linked only by a pseudonymous key, the two "
        "need separate access. The check reports each table whose columns hold facial data "
        "(face-image, face-template, face-geometry) and identity or contact data, as declared "
        "on the column or found by the classifier, and each store that declares both kinds in "
        "its `data` and describes no tables (so nothing shows them apart). Identity data in "
        "another table of the same store is not reported: separate tables joined by a "
        "pseudonymous id are the separation the clause asks for. The classifier reads column "
        "names, so the confidence is medium."),
    remediation=(
        "Move the identity and contact columns to their own table (or database), keyed by a "
        "random person id that the facial table also carries, and restrict who may join the "
        "two. Then describe the tables as they are, e.g. `guest_faces(person_ref, "
        "face_embedding)` and `guests(person_ref, full_name, phone)`."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables"),
    bad_example=Example("yaml", """
stores:
  - name: members
    tables:
      - name: members
        columns:
          - {name: full_name, type: text}
          - {name: phone, type: text}
          - {name: face_embedding, type: vector(512)}
"""),
    good_example=Example("yaml", """
stores:
  - name: members
    tables:
      - name: members
        columns:
          - {name: member_ref, type: uuid}
          - {name: full_name, type: text}
          - {name: phone, type: text}
      - name: member_faces
        columns:
          - {name: member_ref, type: uuid}
          - {name: face_embedding, type: vector(512)}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found in facial_stores(model):
        component, store = found.component, found.store
        if not store.tables:
            identifying = store.declared & IDENTIFYING
            if identifying:
                yield Hit(
                    message=f"Store {found.location.object} declares "
                            f"{categories_text(found.facial)} together with "
                            f"{categories_text(identifying)} and describes no tables that "
                            "keep them apart",
                    locations=(found.location,),
                    evidence=(Evidence("data", categories_text(store.declared)),),
                    data=found.facial | identifying, zone=component.zone, key=found.key)
            continue
        for table in store.tables:
            facial_cols = [c for c in table.columns if c.categories & FACIAL]
            identity_cols = [c for c in table.columns if c.categories & IDENTIFYING]
            if not facial_cols or not identity_cols:
                continue
            facial = frozenset(cat for c in facial_cols for cat in c.categories) & FACIAL
            identifying = frozenset(cat for c in identity_cols for cat in c.categories) \
                & IDENTIFYING
            name = table_object(component, store, table)
            yield Hit(
                message=f"Table {name} holds {categories_text(facial)} in the same rows as "
                        f"{categories_text(identifying)} "
                        f"({', '.join(c.name for c in identity_cols)})",
                locations=(Location.of(table.provenance, name),
                           *(Location.of(c.provenance,
                                         column_object(component, store, table, c))
                             for c in identity_cols)),
                evidence=(*(Evidence("facial column", f"{c.name}: {c.classification_reason}")
                            for c in facial_cols),
                          *(Evidence("identity column", f"{c.name}: {c.classification_reason}")
                            for c in identity_cols)),
                data=facial | identifying, zone=component.zone,
                key=f"{found.key}:{table.name}")


CHECK = Check(meta=META, run=run)
