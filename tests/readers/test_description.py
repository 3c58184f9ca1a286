"""Tests for faceaudit.readers.description and faceaudit.readers.validate."""

from __future__ import annotations

import json
import textwrap

import pytest

from faceaudit.classify import DEFAULT_VOCABULARY
from faceaudit.errors import ErrorRecord, InputErrors
from faceaudit.model import (
    Column,
    ComponentKind,
    Consent,
    DataCategory,
    Encryption,
    Filing,
    LegalBasis,
    Provenance,
    Retention,
    Security,
    Site,
    Subjects,
    Zone,
)
from faceaudit.readers.description import (
    DescriptionResult,
    is_description,
    read_description,
)
from faceaudit.readers.structured import load_document
from faceaudit.readers.validate import validate

PATH = "site/faceaudit.yaml"

# A copy of examples/hotel-lobby/faceaudit.yaml, kept here so that the line numbers asserted
# below do not move when the example is edited.
HOTEL_LOBBY = """\
# Lobby access control for a hotel: guests enrol their face at check-in and open the
# lift and the lobby gates with it. Matching is partly done by a cloud vendor.
faceaudit: 1
system:
  name: Lobby access control
  operator: Example Hotel Group Ltd
  jurisdictions: [CN]
  purposes: [verification]
  subjects: {stored_individuals: 120000, includes_minors_under_14: false}

components:
  - id: gate-cam
    kind: capture-device
    zone: device
    region: CN
    site: {place: lobby, public: true, signage: true, purpose: access-control}
  - id: kiosk
    kind: capture-device
    zone: device
    region: CN
    site: {place: front-desk, public: true, signage: true, purpose: check-in}
  - id: match-svc
    kind: service
    zone: on-premises
    region: CN
  - id: face-db
    kind: datastore
    zone: on-premises
    region: CN
    stores:
      - name: templates
        tables:
          - name: guest_faces
            columns:
              - {name: guest_id, type: uuid}
              - {name: face_embedding, type: vector(512)}
              - {name: enrolled_at, type: timestamptz}
        encryption: {at_rest: aes-256-gcm, key_management: kms}
        retention: {days: 30, enforced_by: nightly purge job}
      - name: enrolment-photos
        data: [face-image]
        encryption: {at_rest: none}
  - id: events
    kind: broker
    zone: on-premises
    region: CN
  - id: vendor-api
    kind: external
    zone: internet
    region: US
  - id: analytics
    kind: service
    zone: cloud
    region: CN

flows:
  - {from: gate-cam, to: match-svc, data: [face-image], protocol: https, tls: "1.3"}
  - {from: kiosk, to: match-svc, data: [face-image, identity], protocol: https, tls: "1.3"}
  - {from: match-svc, to: face-db, data: [face-template, face-image], protocol: postgresql, tls: "1.3"}
  - {from: match-svc, to: events, data: [face-template], protocol: mqtts}
  - {from: events, to: vendor-api, data: [face-template], protocol: https, tls: "1.2"}
  - {from: match-svc, to: analytics, data: [face-geometry], protocol: https,
     legal_basis: {separate_consent: analytics-consent}}

consent:
  - {id: analytics-consent, separate: true, withdrawal: [app-setting, front-desk]}

alternatives: [id-card, front-desk-check-in]
assessments: [{kind: pia, date: 2025-05-20, document: docs/pia-2025.pdf}]
filing: {record: GD-2025-0001, date: 2025-07-01}
security: {audit_logging: true, access_control: rbac, intrusion_detection: true}
attestations:
  - {mandate: "cn-frt-2025:Art.13", statement: "Signs posted at all entrances", by: J. Auditor, date: 2025-06-10}
"""  # noqa: E501


def _read(text: str, path: str = PATH) -> DescriptionResult:
    return read_description(textwrap.dedent(text).lstrip("\n"), path)


def _records(text: str, path: str = PATH) -> list[ErrorRecord]:
    with pytest.raises(InputErrors) as info:
        _read(text, path)
    return info.value.records


def _prov(line: int, pointer: str) -> Provenance:
    return Provenance(PATH, line, pointer)


MINIMAL = "faceaudit: 1\nsystem:\n  name: X\n"

# --- a full, valid description ----------------------------------------------------------------


@pytest.fixture(scope="module")
def lobby() -> DescriptionResult:
    return read_description(HOTEL_LOBBY, PATH)


def test_lobby_has_no_problems_and_keeps_the_default_vocabulary(lobby: DescriptionResult) -> None:
    assert lobby.problems == ()
    assert lobby.vocabulary is DEFAULT_VOCABULARY


def test_lobby_system(lobby: DescriptionResult) -> None:
    system = lobby.model.system
    assert system is not None
    assert system.name == "Lobby access control"
    assert system.operator == "Example Hotel Group Ltd"
    assert system.jurisdictions == ("CN",)
    assert system.purposes == ("verification",)
    assert system.subjects == Subjects(stored_individuals=120000, includes_minors_under_14=False)
    assert system.provenance == _prov(4, "/system")


def test_lobby_components(lobby: DescriptionResult) -> None:
    components = lobby.model.components
    assert [(c.id, c.kind, c.zone, c.region, c.provenance.line) for c in components] == [
        ("gate-cam", ComponentKind.CAPTURE_DEVICE, Zone.DEVICE, "CN", 12),
        ("kiosk", ComponentKind.CAPTURE_DEVICE, Zone.DEVICE, "CN", 17),
        ("match-svc", ComponentKind.SERVICE, Zone.ON_PREMISES, "CN", 22),
        ("face-db", ComponentKind.DATASTORE, Zone.ON_PREMISES, "CN", 26),
        ("events", ComponentKind.BROKER, Zone.ON_PREMISES, "CN", 43),
        ("vendor-api", ComponentKind.EXTERNAL, Zone.INTERNET, "US", 47),
        ("analytics", ComponentKind.SERVICE, Zone.CLOUD, "CN", 51),
    ]
    assert components[3].provenance == _prov(26, "/components/3")
    assert components[0].site == Site("lobby", True, True, "access-control",
                                      _prov(16, "/components/0/site"))
    assert components[2].site is None
    assert [c.id for c in components if c.is_third_party] == ["vendor-api"]
    assert lobby.model.component("face-db") is components[3]
    assert lobby.model.component("nope") is None


def test_lobby_store_with_classified_columns(lobby: DescriptionResult) -> None:
    face_db = lobby.model.component("face-db")
    assert face_db is not None
    templates, photos = face_db.stores
    assert templates.name == "templates"
    assert templates.provenance == _prov(31, "/components/3/stores/0")
    assert templates.declared == frozenset()
    (table,) = templates.tables
    assert table.name == "guest_faces"
    assert table.provenance == _prov(33, "/components/3/stores/0/tables/0")
    columns = "/components/3/stores/0/tables/0/columns"
    assert table.columns == (
        Column("guest_id", "uuid", frozenset(), "no facial or identity vocabulary matched",
               _prov(35, f"{columns}/0")),
        Column("face_embedding", "vector(512)", frozenset({DataCategory.FACE_TEMPLATE}),
               "name parts 'face' and 'embedding' denote face-template",
               _prov(36, f"{columns}/1")),
        Column("enrolled_at", "timestamptz", frozenset(),
               "no facial or identity vocabulary matched", _prov(37, f"{columns}/2")),
    )
    assert templates.categories == frozenset({DataCategory.FACE_TEMPLATE})
    assert templates.encryption == Encryption("aes-256-gcm", "kms", None,
                                              _prov(38, "/components/3/stores/0/encryption"))
    assert templates.retention == Retention(30, "nightly purge job", None,
                                            _prov(39, "/components/3/stores/0/retention"))

    assert photos.name == "enrolment-photos"
    assert photos.provenance == _prov(40, "/components/3/stores/1")
    assert photos.declared == frozenset({DataCategory.FACE_IMAGE})
    assert photos.tables == ()
    assert photos.encryption == Encryption("none", None, None,
                                           _prov(42, "/components/3/stores/1/encryption"))
    assert photos.encryption is not None
    assert photos.encryption.is_plaintext
    assert photos.retention is None


def test_lobby_flows(lobby: DescriptionResult) -> None:
    flows = lobby.model.flows
    assert [(f.label, f.protocol, f.tls, f.provenance.line) for f in flows] == [
        ("gate-cam -> match-svc", "https", "1.3", 57),
        ("kiosk -> match-svc", "https", "1.3", 58),
        ("match-svc -> face-db", "postgresql", "1.3", 59),
        ("match-svc -> events", "mqtts", None, 60),
        ("events -> vendor-api", "https", "1.2", 61),
        ("match-svc -> analytics", "https", None, 62),
    ]
    assert flows[1].data == frozenset({DataCategory.FACE_IMAGE, DataCategory.IDENTITY})
    assert flows[1].facial == frozenset({DataCategory.FACE_IMAGE})
    assert flows[5].provenance == _prov(62, "/flows/5")
    assert flows[5].legal_basis == LegalBasis("analytics-consent", None,
                                              _prov(63, "/flows/5/legal_basis"))
    assert [f.legal_basis for f in flows[:5]] == [None] * 5


def test_lobby_consent_filing_security_attestations(lobby: DescriptionResult) -> None:
    model = lobby.model
    assert model.consents == (Consent("analytics-consent", True, ("app-setting", "front-desk"),
                                      None, _prov(66, "/consent/0")),)
    assert model.consent("analytics-consent") is model.consents[0]
    assert model.alternatives == ("id-card", "front-desk-check-in")
    (assessment,) = model.assessments
    assert (assessment.kind, assessment.date, assessment.document) == (
        "pia", "2025-05-20", "docs/pia-2025.pdf")
    assert assessment.provenance == _prov(69, "/assessments/0")
    assert model.filing == Filing("GD-2025-0001", "2025-07-01", _prov(70, "/filing"))
    assert model.security == Security(True, "rbac", None, True, _prov(71, "/security"))
    (attestation,) = model.attestations
    assert (attestation.mandate, attestation.statement, attestation.by, attestation.date) == (
        "cn-frt-2025:Art.13", "Signs posted at all entrances", "J. Auditor", "2025-06-10")
    assert attestation.provenance == _prov(73, "/attestations/0")


def test_lobby_as_json_gets_the_same_model() -> None:
    document = load_document(HOTEL_LOBBY, "lobby.yaml")
    text = json.dumps(document.value, indent=2)
    result = read_description(text, "lobby.json")
    assert [c.id for c in result.model.components] == [
        "gate-cam", "kiosk", "match-svc", "face-db", "events", "vendor-api", "analytics"]
    assert result.model.system is not None
    assert result.model.system.provenance == Provenance("lobby.json", 3, "/system")
    assert result.problems == ()


def test_minimal_description_builds_an_empty_model() -> None:
    result = _read(MINIMAL)
    model = result.model
    assert model.system is not None
    assert model.system.name == "X"
    assert model.system.subjects == Subjects(None, None)
    assert (model.components, model.flows, model.consents, model.attestations) == ((), (), (), ())
    assert (model.filing, model.security) == (None, None)


def test_x_extension_keys_are_allowed() -> None:
    result = _read("""
        faceaudit: 1
        x-owner: team-a
        system:
          name: X
          x-note: anything
        """)
    assert result.problems == ()


# --- schema violations ------------------------------------------------------------------------


def test_unknown_key_points_at_its_own_line_and_lists_expected_keys() -> None:
    records = _records("""
        faceaudit: 1
        system:
          name: X
          colour: red
        """)
    assert records == [ErrorRecord(
        PATH,
        "/system/colour: unknown key 'colour'; expected one of: jurisdictions, "
        "last_material_change, name, operator, public_safety, purposes, started, subjects",
        line=4, pointer="/system/colour")]


def test_unknown_key_deep_in_a_component() -> None:
    records = _records("""
        faceaudit: 1
        system: {name: X}
        components:
          - id: a
            kind: service
            zone: cloud
            flavour: x
        """)
    assert records == [ErrorRecord(
        PATH,
        "/components/0/flavour: unknown key 'flavour'; expected one of: agreement, "
        "auth_methods, collection, description, endpoints, id, kind, public, region, site, "
        "stores, zone",
        line=7, pointer="/components/0/flavour")]


def test_unknown_top_level_key() -> None:
    (record,) = _records(MINIMAL + "sytem: typo\n")
    assert record.pointer == "/sytem"
    assert record.line == 4
    assert record.reason.startswith("/sytem: unknown key 'sytem'; expected one of: alternatives, ")
    assert "system" in record.reason.split("expected one of: ")[1].split(", ")


def test_bad_enum_value() -> None:
    records = _records("""
        faceaudit: 1
        system: {name: X}
        components:
          - id: a
            kind: servise
            zone: cloud
        """)
    assert records == [ErrorRecord(
        PATH,
        "/components/0/kind: 'servise' is not one of ['capture-device', 'edge-device', 'service', "
        "'datastore', 'object-storage', 'broker', 'cdn', 'client-app', 'external']",
        line=5, pointer="/components/0/kind")]


def test_missing_system_name() -> None:
    records = _records("""
        faceaudit: 1
        system:
          operator: Y
        """)
    assert records == [ErrorRecord(PATH, "/system: 'name' is a required property",
                                   line=2, pointer="/system")]


def test_wrong_types_are_all_reported_in_line_order() -> None:
    records = _records("""
        faceaudit: 1
        system:
          name: 5
          subjects: {stored_individuals: many}
        """)
    assert records == [
        ErrorRecord(PATH, "/system/name: 5 is not of type 'string'", line=3,
                    pointer="/system/name"),
        ErrorRecord(PATH, "/system/subjects/stored_individuals: 'many' is not of type 'integer'",
                    line=4, pointer="/system/subjects/stored_individuals"),
    ]


def test_wrong_format_version_and_missing_marker() -> None:
    assert _records("""
        faceaudit: 2
        system: {name: X}
        """) == [ErrorRecord(PATH, "/faceaudit: 1 was expected", line=1, pointer="/faceaudit")]
    assert _records("""
        system: {name: X}
        """) == [ErrorRecord(PATH, "/: 'faceaudit' is a required property", line=1, pointer="")]


def test_bad_date_format_is_a_schema_violation() -> None:
    records = _records(MINIMAL + "filing: {record: R-1, date: next week}\n")
    assert records == [ErrorRecord(PATH, "/filing/date: 'next week' is not a 'date'", line=4,
                                   pointer="/filing/date")]


def test_description_that_is_not_a_mapping() -> None:
    assert _records("- a\n- b\n") == [ErrorRecord(
        PATH, "a system description must be a mapping with 'faceaudit: 1' at the top level",
        line=1, pointer="")]


def test_validate_returns_records_for_a_loaded_document() -> None:
    document = load_document("faceaudit: 1\nsystem: {name: ''}\n", "v.yaml")
    assert validate(document, "system.schema.json") == [
        ErrorRecord("v.yaml", "/system/name: '' should be non-empty", line=2,
                    pointer="/system/name")]


# --- reference problems -----------------------------------------------------------------------


REFERENCES = MINIMAL + textwrap.dedent("""
    components:
      - {id: a, kind: service, zone: cloud}
      - {id: b, kind: datastore, zone: cloud}
      - {id: a, kind: external, zone: internet}
    consent:
      - {id: c1, separate: true}
    flows:
      - {from: a, to: zz, data: [face-image]}
      - {from: yy, to: b, data: [face-image]}
      - {from: a, to: b, data: [face-image], legal_basis: {separate_consent: nope}}
      - {from: b, to: a, data: [face-template], legal_basis: {separate_consent: c1}}
    """).replace("\n", "", 1)


def test_duplicate_component_id_is_a_problem_and_the_first_wins() -> None:
    result = _read(REFERENCES)
    assert [(c.id, c.kind) for c in result.model.components] == [
        ("a", ComponentKind.SERVICE), ("b", ComponentKind.DATASTORE)]
    assert result.problems[0] == ErrorRecord(
        PATH, "/components/2/id: component id 'a' is used more than once", line=7,
        pointer="/components/2/id")


def test_flow_to_unknown_component_is_left_out_with_a_problem() -> None:
    result = _read(REFERENCES)
    assert result.problems[1:3] == (
        ErrorRecord(PATH, "/flows/0/to: no component has the id 'zz'; the flow is left out of "
                          "the model", line=11, pointer="/flows/0/to"),
        ErrorRecord(PATH, "/flows/1/from: no component has the id 'yy'; the flow is left out "
                          "of the model", line=12, pointer="/flows/1/from"),
    )
    assert [(f.label, f.provenance.pointer) for f in result.model.flows] == [
        ("a -> b", "/flows/2"), ("b -> a", "/flows/3")]


def test_unknown_separate_consent_is_a_problem_but_the_flow_stays() -> None:
    result = _read(REFERENCES)
    assert result.problems[3:] == (ErrorRecord(
        PATH, "/flows/2/legal_basis/separate_consent: no consent record has the id 'nope'",
        line=13, pointer="/flows/2/legal_basis/separate_consent"),)
    kept = result.model.flows[0]
    assert kept.legal_basis is not None
    assert kept.legal_basis.separate_consent == "nope"


def test_flow_with_both_ends_unknown_gives_two_problems() -> None:
    result = _read(MINIMAL + "flows: [{from: p, to: q, data: [face-image]}]\n")
    assert [p.pointer for p in result.problems] == ["/flows/0/from", "/flows/0/to"]
    assert result.model.flows == ()


# --- vocabulary -------------------------------------------------------------------------------


VOCABULARY_DESCRIPTION = MINIMAL + textwrap.dedent("""
    vocabulary:
      face-image: [mugshot]
      identity: [guest]
    components:
      - id: db
        kind: datastore
        zone: cloud
        stores:
          - tables:
              - name: t
                columns:
                  - {name: mugshot_blob, type: bytea}
                  - {name: guest_ref}
                  - {name: photo, data: [other]}
    """).replace("\n", "", 1)


def test_description_vocabulary_extends_the_classifier() -> None:
    result = _read(VOCABULARY_DESCRIPTION)
    component = result.model.component("db")
    assert component is not None
    columns = component.stores[0].tables[0].columns
    assert [(c.name, c.categories, c.classification_reason) for c in columns] == [
        ("mugshot_blob", frozenset({DataCategory.FACE_IMAGE}),
         "name part 'mugshot' denotes face-image"),
        ("guest_ref", frozenset({DataCategory.IDENTITY}), "name part 'guest' denotes identity"),
        ("photo", frozenset({DataCategory.OTHER}), "categories declared in the description"),
    ]
    assert component.stores[0].facial == frozenset({DataCategory.FACE_IMAGE})
    assert "mugshot" in result.vocabulary.standalone[DataCategory.FACE_IMAGE]


def test_without_the_vocabulary_mugshot_is_not_facial() -> None:
    text = VOCABULARY_DESCRIPTION.replace("  face-image: [mugshot]\n", "")
    result = _read(text)
    component = result.model.component("db")
    assert component is not None
    assert component.stores[0].tables[0].columns[0].categories == frozenset()


def test_description_vocabulary_adds_to_the_vocabulary_passed_in() -> None:
    passed = DEFAULT_VOCABULARY.extended({"face-template": ["irisprint"]})
    text = VOCABULARY_DESCRIPTION.replace("- {name: guest_ref}", "- {name: irisprint_v1}")
    result = read_description(textwrap.dedent(text).lstrip("\n"), PATH, passed)
    component = result.model.component("db")
    assert component is not None
    columns = component.stores[0].tables[0].columns
    assert [c.categories for c in columns[:2]] == [
        frozenset({DataCategory.FACE_IMAGE}), frozenset({DataCategory.FACE_TEMPLATE})]


# --- is_description ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "head", "expected"), [
    ("faceaudit.yaml", b"", True),
    ("faceaudit.yml", b"", True),
    ("faceaudit.json", b"", True),
    ("FaceAudit.YAML", b"", True),
    ("system.yaml", b"# lobby\nfaceaudit: 1\nsystem: {}\n", True),
    ("system.yml", b"faceaudit: 1  # format version\n", True),
    ("system.yaml", b"faceaudit:1\n", True),
    ("system.yaml", b"faceaudit: 2\n", False),
    ("system.yaml", b"faceaudit: 10\n", False),
    ("system.yaml", b"tools:\n  faceaudit: 1\n", False),
    ("system.yaml", b"name: x\n", False),
    ("system.json", b'{"faceaudit": 1, "system": {}}', True),
    ("system.json", b'{\n  "faceaudit" : 1\n}\n', True),
    ("system.json", b'{"faceaudit": 10}', False),
    ("system.json", b'{"faceaudit": "1"}', False),
    ("notes.txt", b"faceaudit: 1\n", False),
    ("faceaudit.toml", b"faceaudit = 1\n", False),
])
def test_is_description(name: str, head: bytes, expected: bool) -> None:
    assert is_description(name, head) is expected


def test_yaml_marker_with_windows_line_endings_is_recognised() -> None:
    assert is_description("lobby.yaml", b"faceaudit: 1\r\nsystem:\r\n  name: X\r\n") is True


def test_yaml_marker_after_a_utf8_bom_is_recognised() -> None:
    # The engine decodes inputs as utf-8-sig, so a BOM is expected input.
    assert is_description("lobby.yaml", b"\xef\xbb\xbffaceaudit: 1\nsystem: {name: X}\n") is True


def test_x_extension_key_in_vocabulary_is_accepted_and_ignored() -> None:
    # The schema allows ^x- keys in `vocabulary` as everywhere else; they name no category.
    text = VOCABULARY_DESCRIPTION.replace("  identity: [guest]\n", "  x-note: [guest]\n")
    result = _read(text)
    component = result.model.component("db")
    assert component is not None
    columns = component.stores[0].tables[0].columns
    assert [c.categories for c in columns[:2]] == [
        frozenset({DataCategory.FACE_IMAGE}), frozenset()]


def test_sections_have_provenance() -> None:
    model = read_description(
        "faceaudit: 1\nsystem:\n  name: X\n  subjects: {stored_individuals: 3}\n"
        "alternatives: [card]\nconsent: []\nx-note: hi\n", "s.yaml").model
    assert model.section("/alternatives") == Provenance("s.yaml", 5, "/alternatives")
    assert model.section("/consent") == Provenance("s.yaml", 6, "/consent")
    assert model.section("/system/subjects") == Provenance("s.yaml", 4, "/system/subjects")
    assert model.section("/filing") is None
    assert model.section("/x-note") is None
