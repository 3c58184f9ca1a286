"""FA131: the description says a store is encrypted; its schema or data says otherwise."""

from __future__ import annotations

import re
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
from faceaudit.checklib import (
    column_location,
    facial_columns,
    facial_stores,
    facial_tables,
    table_location,
)
from faceaudit.model import FACIAL, Column, SystemModel

# Column types that hold numbers, not bytes: ciphertext cannot live in them.
NUMERIC_VECTOR = re.compile(
    r"^\s*(vector|halfvec|sparsevec)\b|^\s*(float4|float8|real|double precision|float|numeric|"
    r"double|decimal)\s*(\[\s*\d*\s*\])+\s*$|^\s*array\s*\(\s*float|arrayfield\s*\(\s*floatfield",
    re.IGNORECASE)

META = CheckMeta(
    id="FA131",
    slug="encryption-claim-contradicted",
    title="The description claims encryption at rest that the schema or data contradicts",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.CLAIM_CONTRADICTION,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "An auditor reads the description's `encryption: {at_rest: ...}` as a statement that "
        "the facial data in the store is unreadable without a key. A store's schema can prove "
        "that statement false: a facial column typed `vector(512)`, `float8[]` or "
        "`ARRAY(Float)` holds numbers, and ciphertext is bytes, so the values sit in the clear "
        "(transparent disk encryption aside, which protects a stolen disk, not a read through "
        "the database); and a dump whose rows hold plain number vectors for a facial column "
        "shows the data itself unencrypted. This check holds each store that claims "
        "encryption against the tables known for it, declared in the description or read "
        "from the schema sources bound to it (`schema:` in the description), and "
        "reports every facial column that contradicts the claim, side by side with the claim. "
        "Binary columns (`bytea`, `blob`) can hold ciphertext and are not reported."),
    remediation=(
        "Make the claim true or correct it. Encrypt the template before it is stored (store "
        "the ciphertext in a binary column, with keys in a KMS) or use an encrypted column "
        "type; if only the disk is encrypted, say so (`at_rest: disk-only`) so FA101 judges "
        "the store as it is."),
    added="0.1.0",
    reads=("components.stores.encryption", "components.stores.schema",
           "components.stores.tables.columns"),
    bad_example=Example("yaml", """
# faceaudit.yaml
stores:
  - data: [face-template]
    encryption: {at_rest: aes-256-gcm, key_management: kms}
    schema: [db/migrations]
# db/migrations/0001_faces.sql
CREATE TABLE guest_faces (guest_id uuid, face_embedding vector(512));
"""),
    good_example=Example("yaml", """
# faceaudit.yaml
stores:
  - data: [face-template]
    encryption: {at_rest: aes-256-gcm, key_management: kms}
    schema: [db/migrations]
# db/migrations/0001_faces.sql
CREATE TABLE guest_faces (guest_id uuid, face_embedding_ct bytea);
COMMENT ON COLUMN guest_faces.face_embedding_ct IS 'AES-256-GCM ciphertext, key in KMS';
"""),
)


def _contradiction(column: Column) -> str | None:
    if column.plaintext_sample:
        return f"the dump's rows hold {column.plaintext_sample}"
    if column.encryption is None and column.type and NUMERIC_VECTOR.search(column.type):
        return f"its type {column.type} holds numbers, not ciphertext"
    return None


def run(model: SystemModel) -> Iterator[Hit]:
    for found in facial_stores(model):
        encryption = found.store.encryption
        if encryption is None or encryption.is_plaintext:
            continue
        claim = Location.of(encryption.provenance, f"{found.location.object}.encryption")
        for table in facial_tables(found.store):
            contradicted = [(c, why) for c in facial_columns(table)
                            if (why := _contradiction(c)) is not None]
            if not contradicted:
                continue
            data = frozenset(cat for c, _ in contradicted for cat in c.categories) & FACIAL
            yield Hit(
                message=f"{found.location.object} claims at_rest: {encryption.at_rest}, but "
                        f"table {table.name} stores "
                        f"{', '.join(c.name for c, _ in contradicted)} unencrypted",
                locations=(claim, table_location(table),
                           *(column_location(table, c) for c, _ in contradicted)),
                evidence=(Evidence("claim", f"at_rest: {encryption.at_rest}"),
                          *(Evidence("schema", f"{table.name}.{c.name}: {why}")
                            for c, why in contradicted)),
                data=data, zone=found.component.zone, key=f"{found.key}/{table.name}")


CHECK = Check(meta=META, run=run)
