"""The checklib helpers about legal bases, matching consent, jurisdictions and the device."""

from __future__ import annotations

from faceaudit.checklib import (
    china_may_apply,
    consent_scope_gap,
    country_of,
    disseminates,
    is_recognition_device,
    matching_basis_gap,
    store_basis_gap,
    system_countries,
)
from faceaudit.model import (
    Component,
    ComponentKind,
    Consent,
    DataCategory,
    Flow,
    LegalBasis,
    Provenance,
    Store,
    Subjects,
    SystemInfo,
    SystemModel,
    Zone,
)

HERE = Provenance("faceaudit.yaml", 1)


def _component(cid: str, kind: ComponentKind, zone: Zone) -> Component:
    return Component(cid, kind, zone, None, None, (), HERE)


def _flow(source: str = "cam", target: str = "cloud", purpose: str | None = None,
          consent: str | None = None, law: str | None = None) -> Flow:
    basis = None if consent is None and law is None else LegalBasis(consent, law, HERE)
    return Flow(source, target, frozenset({DataCategory.FACE_TEMPLATE}), "https", "1.3", basis,
                purpose, HERE)


def _consent(cid: str = "c", separate: bool = True, purposes: tuple[str, ...] = (),
             covers: tuple[str, ...] = ()) -> Consent:
    return Consent(cid, separate, ("app",), None, HERE, purposes=purposes, covers=covers)


def _model(*consents: Consent, flows: tuple[Flow, ...] = (),
           jurisdictions: tuple[str, ...] = ()) -> SystemModel:
    system = SystemInfo("demo", None, jurisdictions, (), Subjects(None, None), HERE)
    components = (_component("cam", ComponentKind.CAPTURE_DEVICE, Zone.DEVICE),
                  _component("cloud", ComponentKind.SERVICE, Zone.CLOUD),
                  _component("web", ComponentKind.SERVICE, Zone.INTERNET),
                  _component("app", ComponentKind.CLIENT_APP, Zone.INTERNET),
                  _component("desk", ComponentKind.CLIENT_APP, Zone.ON_PREMISES))
    return SystemModel(system=system, components=components, flows=flows, consents=consents)


def test_an_unrestricted_consent_reaches_every_flow() -> None:
    assert consent_scope_gap(_consent(), _flow()) is None


def test_purposes_must_include_the_flow_purpose_ignoring_case_and_spaces() -> None:
    consent = _consent(purposes=("Entry", "payroll"))
    assert consent_scope_gap(consent, _flow(purpose=" entry ")) is None
    assert consent_scope_gap(consent, _flow(purpose="marketing")) == (
        "consent 'c' is limited to the purposes Entry, payroll, not 'marketing'")
    assert consent_scope_gap(consent, _flow()) == (
        "consent 'c' is limited to the purposes Entry, payroll and the flow states no purpose")


def test_covers_must_name_the_source_or_the_target() -> None:
    assert consent_scope_gap(_consent(covers=("cam",)), _flow()) is None
    assert consent_scope_gap(_consent(covers=("cloud",)), _flow()) is None
    assert consent_scope_gap(_consent(covers=("other", "more")), _flow()) == (
        "consent 'c' covers only other, more, neither cam nor cloud")


def test_matching_basis_gap() -> None:
    model = _model(_consent("ok", purposes=("entry",)), _consent("bundled", separate=False))
    assert matching_basis_gap(model, _flow(consent="ok", purpose="entry")) is None
    assert matching_basis_gap(model, _flow(consent="ok")) is not None
    assert matching_basis_gap(model, _flow(consent="bundled")) == (
        "consent 'bundled' is not a separate consent")
    assert matching_basis_gap(model, _flow(consent="missing")) == (
        "consent 'missing' is not recorded")
    assert matching_basis_gap(model, _flow(consent="ok", law="Some Law Art. 1")) is None
    assert matching_basis_gap(model, _flow()) == "no legal_basis is recorded on the flow"


def test_store_basis_gap() -> None:
    model = _model(_consent("ok"), _consent("bundled", separate=False))

    def store(basis: LegalBasis | None) -> Store:
        return Store("s", frozenset({DataCategory.FACE_IMAGE}), (), None, None, HERE,
                     legal_basis=basis)

    assert store_basis_gap(model, store(None)) == "no legal_basis is recorded on the store"
    assert store_basis_gap(model, store(LegalBasis(None, "Law", HERE))) is None
    assert store_basis_gap(model, store(LegalBasis("ok", None, HERE))) is None
    assert store_basis_gap(model, store(LegalBasis("bundled", None, HERE))) == (
        "consent 'bundled' is not a separate consent")


def test_countries_and_china() -> None:
    assert country_of(" us-il ") == "US"
    assert system_countries(_model(jurisdictions=("CN-GD", "US-IL"))) == {"CN", "US"}
    assert china_may_apply(_model(jurisdictions=("CN-GD",)))
    assert china_may_apply(_model())
    assert not china_may_apply(_model(jurisdictions=("US-IL", "HK")))
    assert china_may_apply(SystemModel())


def test_the_recognition_device_is_a_capture_or_edge_device_in_the_device_zone() -> None:
    assert is_recognition_device(_component("a", ComponentKind.CAPTURE_DEVICE, Zone.DEVICE))
    assert is_recognition_device(_component("a", ComponentKind.EDGE_DEVICE, Zone.DEVICE))
    assert not is_recognition_device(_component("a", ComponentKind.EDGE_DEVICE,
                                                Zone.ON_PREMISES))
    assert not is_recognition_device(_component("a", ComponentKind.DATASTORE, Zone.DEVICE))


def test_a_flow_into_an_internet_client_app_disseminates_from_anywhere() -> None:
    model = _model()
    assert disseminates(model, _flow("web", "app"))
    assert disseminates(model, _flow("cam", "cloud"))
    assert not disseminates(model, _flow("web", "cloud"))
    assert not disseminates(model, _flow("cam", "desk"))
    identity = Flow("web", "app", frozenset({DataCategory.IDENTITY}), None, None, None, None,
                    HERE)
    assert not disseminates(model, identity)
