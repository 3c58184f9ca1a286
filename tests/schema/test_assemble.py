"""Schema files join descriptions: bound to stores, or as databases of their own."""

from __future__ import annotations

from faceaudit.assemble import Described, assemble, ordered
from faceaudit.engine import run_checks
from faceaudit.model import DataCategory, Provenance
from faceaudit.readers.description import read_description
from faceaudit.registry import load_registry
from faceaudit.schema.ops import ColumnDef, CreateTable, DropColumn
from faceaudit.schema.source import SchemaFile


def _create(path: str, table: str, *columns: tuple[str, str]) -> SchemaFile:
    defs = tuple(ColumnDef(name, type_, Provenance(path, n + 2, f"{table}.{name}"))
                 for n, (name, type_) in enumerate(columns))
    return SchemaFile(path, "sql", (CreateTable(table, defs, Provenance(path, 1, table)),))


def _described(path: str, text: str) -> Described:
    return Described(path, read_description(text, path))


HOTEL = """faceaudit: 1
system: {name: Hotel}
components:
  - id: face-db
    kind: datastore
    zone: on-premises
    stores:
      - name: templates
        encryption: {at_rest: aes-256-gcm, key_management: kms}
        schema: [db/migrations]
"""


def test_bound_files_join_their_store_and_others_become_databases() -> None:
    described = _described("hotel/faceaudit.yaml", HOTEL)
    files = [
        _create("hotel/db/migrations/0001_faces.sql", "guest_faces",
                ("guest_id", "uuid"), ("face_embedding", "vector(512)")),
        SchemaFile("hotel/db/migrations/0002_drop.sql", "sql",
                   (DropColumn("guest_faces", "guest_id",
                               Provenance("hotel/db/migrations/0002_drop.sql", 1, "")),)),
        _create("hotel/reports/schema.sql", "report_faces", ("face_image", "bytea")),
        _create("elsewhere/app.sql", "staff", ("staff_no", "text")),
    ]
    models = dict(assemble([described], files))
    hotel = models["hotel/faceaudit.yaml"]
    store = hotel.components[0].stores[0]
    assert [(t.name, [c.name for c in t.columns]) for t in store.tables] == [
        ("guest_faces", ["face_embedding"])]
    assert store.encryption is not None and store.encryption.at_rest == "aes-256-gcm"
    extra = hotel.components[1]
    assert (extra.id, extra.kind.value, extra.zone.value) == ("db:reports", "datastore",
                                                              "on-premises")
    assert extra.stores[0].categories == frozenset({DataCategory.FACE_IMAGE})
    assert extra.provenance == Provenance("hotel/reports/schema.sql", 1, None)
    orphan = models["elsewhere/app.sql"]
    assert orphan.system is None
    assert [c.id for c in orphan.components] == ["db:elsewhere"]


def test_nearest_description_owns_the_folder() -> None:
    outer = _described("faceaudit.yaml", "faceaudit: 1\nsystem: {name: Estate}\n")
    inner = _described("site-a/faceaudit.yaml", "faceaudit: 1\nsystem: {name: Site A}\n")
    files = [_create("site-a/db/init.sql", "faces", ("face_embedding", "vector(128)")),
             _create("hq/db/init.sql", "staff", ("email", "text"))]
    models = dict(assemble([outer, inner], files))
    assert [c.id for c in models["site-a/faceaudit.yaml"].components] == ["db:db"]
    assert [c.id for c in models["faceaudit.yaml"].components] == ["db:hq/db"]


def test_migrations_apply_by_version_and_down_files_are_skipped() -> None:
    names = ["m/V10__c.sql", "m/V2__b.sql", "m/V1__a.sql", "m/0003_x.down.sql", "m/R__views.sql"]
    files = [SchemaFile(name, "sql", ()) for name in names]
    assert [f.path for f in ordered(files)] == [
        "m/V1__a.sql", "m/V2__b.sql", "m/V10__c.sql", "m/R__views.sql"]


def test_revision_chains_decide_the_order() -> None:
    files = [SchemaFile("v/b.py", "alembic", (), revision="b", after=("a",)),
             SchemaFile("v/a.py", "alembic", (), revision="a", after=()),
             SchemaFile("v/c.py", "alembic", (), revision="c", after=("b", "x"))]
    assert [f.revision for f in ordered(files)] == ["a", "b", "c"]


def test_schema_only_models_get_only_data_checks() -> None:
    path = "db/init.sql"
    columns = (("face_embedding", "vector(512)"), ("full_name", "text"), ("face_photo", "bytea"))
    ((_, model),) = assemble([], [_create(path, "faces", *columns)])
    findings, errors = run_checks(load_registry(plugins=False).checks, model)
    assert errors == []
    # Governance facts (assessments, security, jurisdictions) are unknown without a
    # description, so only checks of the stored data judge it.
    assert [(f.check_id, f.primary.object) for f in findings] == [
        ("FA101", "faces"), ("FA111", "db:db"), ("FA121", "db:db:faces"), ("FA301", "faces")]
