"""FA101: facial data at rest in a store that is not encrypted."""

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
from faceaudit.checklib import (
    categories_text,
    column_location,
    column_reason,
    facial_columns,
    facial_stores,
    facial_tables,
    table_location,
)
from faceaudit.model import FACIAL, SystemModel

META = CheckMeta(
    id="FA101",
    slug="unencrypted-face-store",
    title="Facial data stored without encryption at rest",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.ENCRYPTION_AT_REST,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)", "hk-pdpo:DPP4"),
    rationale=(
        "Face images and templates are biometric data: once leaked they cannot be changed like a "
        "password. The Measures require data encryption among the security measures of a "
        "facial-recognition system, PIPL requires encryption or de-identification of personal "
        "information, and GB/T 35273 asks that sensitive personal information be encrypted when "
        "stored; Hong Kong's DPP4 asks for practicable steps against unauthorized access. A "
        "store that holds facial data and states no encryption, or states `none`, "
        "keeps it in plaintext on disk and in every backup. Where the store's tables are "
        "known (from the description or from SQL, migrations, ORM models or a dump), the check "
        "reports each table whose facial columns show no sign of encryption: no encrypted "
        "column type (SQL Server Always Encrypted, an ORM encrypted type), no pgcrypto call "
        "applied to them, no comment saying they hold ciphertext. A description claim of "
        "encryption covers the store; where the schema contradicts it, FA131 says so."),
    remediation=(
        "Encrypt the store or the facial columns with an authenticated cipher (for example "
        "AES-256-GCM) and keep the keys outside the store in a KMS or HSM; then record it in the "
        "description as `encryption: {at_rest: aes-256-gcm, key_management: kms}`."),
    added="0.1.0",
    reads=("components.stores.data", "components.stores.tables",
           "components.stores.tables.columns.encryption", "components.stores.encryption"),
    bad_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        retention: {days: 30, enforced_by: nightly purge job}
"""),
    good_example=Example("yaml", """
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - data: [face-template]
        encryption: {at_rest: aes-256-gcm, key_management: kms}
        retention: {days: 30, enforced_by: nightly purge job}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for found in facial_stores(model):
        encryption = found.store.encryption
        if encryption is not None and not encryption.is_plaintext:
            continue
        stated = "states no encryption" if encryption is None else \
            f"states at_rest: {encryption.at_rest or 'none'}"
        claim: list[Location] = [] if encryption is None else [
            Location.of(encryption.provenance, f"{found.location.object}.encryption")]
        tables = facial_tables(found.store)
        if not tables:
            yield Hit(
                message=f"Store {found.location.object} holds {categories_text(found.facial)} "
                        f"and {stated}",
                locations=(found.location, *claim),
                evidence=(Evidence("data", categories_text(found.facial)),),
                data=found.facial, zone=found.component.zone, key=found.key)
            continue
        for table in tables:
            plain = [c for c in facial_columns(table) if not c.encryption]
            if not plain:
                continue
            data = frozenset(cat for column in plain for cat in column.categories) & FACIAL
            encrypted = [c for c in facial_columns(table) if c.encryption]
            yield Hit(
                message=f"Table {table.name} of {found.location.object} holds "
                        f"{categories_text(data)} in {', '.join(c.name for c in plain)} with no "
                        f"sign of encryption, and the store {stated}",
                locations=(table_location(table),
                           *(column_location(table, c) for c in plain), *claim),
                evidence=(*(Evidence("column", column_reason(table, c)) for c in plain),
                          *(Evidence("encrypted", f"{table.name}.{c.name}: {c.encryption}")
                            for c in encrypted)),
                data=data, zone=found.component.zone, key=f"{found.key}/{table.name}")


CHECK = Check(meta=META, run=run)
