"""FA211: facial data sent out of mainland China without a transfer route and separate consent."""

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
    country_of,
    flow_location,
    matching_basis_gap,
    system_countries,
)
from faceaudit.checklib.transport import encrypted_in_transit
from faceaudit.model import Component, Flow, SystemModel

META = CheckMeta(
    id="FA211",
    slug="cross-border-face-transfer",
    title="Facial data sent abroad without a transfer route and separate consent",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.CROSS_BORDER,
    mandates=("cn-pipl:Art.38", "cn-pipl:Art.39", "cn-pipl:Art.40"),
    rationale=(
        "PIPL lets personal information leave China only along a recognised route: a CAC "
        "security assessment, certification or the CAC standard contract (Art. 38), with the "
        "security assessment mandatory for operators of critical infrastructure and processors "
        "above the CAC volume threshold (Art. 40). It also requires the person to be told "
        "about the foreign recipient and to give separate consent (Art. 39). Both are needed: "
        "a route without consent, or consent without a route, is not enough. The check reports "
        "every flow of facial data into a component whose `region` is outside mainland China "
        "that lacks a `transfer` mechanism, a consent basis, or both. The consent part is met "
        "by a `legal_basis` that names a `law` (PIPL Art. 13 needs no consent where a law is "
        "the basis) or a separate consent that matches the flow, as for FA201: the record "
        "exists, is separate, and its `purposes` and `covers` (when listed) reach the flow. "
        "Regions are compared by their country part, so `HK` is abroad for a `CN` system. When "
        "the flow's source states a region, the flow is a transfer only if it goes from `CN` "
        "to elsewhere; when it states none, the source is taken to be in the system's "
        "jurisdictions and the flow is a transfer when the target's country is none of them. "
        "A target without a region gives no finding, since nothing shows where it is. The "
        "articles are Chinese law, so the check runs only when the system's `jurisdictions` "
        "include CN: the other frameworks in the catalog (Hong Kong's data protection "
        "principles, BIPA, CUBI) set no cross-border rule of their own, and a system that "
        "states no jurisdictions gives no finding, since nothing shows which border is "
        "crossed. Whether the route chosen is the one Art. 40 requires for the operator's "
        "volume is for human review."),
    remediation=(
        "Keep facial data in China where possible. Where it must go abroad, complete a "
        "transfer route and record it on the flow, `transfer: {mechanism: standard-contract, "
        "reference: \"filing no. ...\"}` (or `security-assessment` or `certification`), and "
        "obtain a separate consent that names the foreign recipient, recorded as "
        "`legal_basis: {separate_consent: ID}` with the flow's `purpose` among the consent's "
        "`purposes` (or `legal_basis: {law: \"...\"}` where a law provides for the transfer)."),
    added="0.1.0",
    reads=("flows.data", "flows.transfer", "flows.legal_basis", "flows.purpose",
           "components.region", "system.jurisdictions", "consent"),
    bad_example=Example("yaml", """
system: {name: Store checkout, jurisdictions: [CN]}
components:
  - {id: till-cam, kind: capture-device, zone: device, region: CN}
  - {id: vendor-match, kind: external, zone: internet, region: SG}
flows:
  - {from: till-cam, to: vendor-match, data: [face-template], protocol: https,
     purpose: payment-verification}
"""),
    good_example=Example("yaml", """
flows:
  - {from: till-cam, to: vendor-match, data: [face-template], protocol: https,
     purpose: payment-verification,
     transfer: {mechanism: standard-contract, reference: "SC-2025-0142"},
     legal_basis: {separate_consent: overseas-matching}}
consent:
  - {id: overseas-matching, separate: true, withdrawal: [app-setting],
     purposes: [payment-verification]}
"""),
)

CHINA = "CN"


def _abroad(model: SystemModel, flow: Flow, countries: frozenset[str]) -> Component | None:
    """The target when the flow carries data out of mainland China, else ``None``."""
    target, source = model.component(flow.target), model.component(flow.source)
    if target is None or source is None or not target.region:
        return None
    destination = country_of(target.region)
    if source.region:
        leaves = country_of(source.region) == CHINA and destination != CHINA
    else:
        leaves = destination not in countries
    return target if leaves else None


def run(model: SystemModel) -> Iterator[Hit]:
    countries = system_countries(model)
    if CHINA not in countries:
        return
    for flow in model.facial_flows():
        target = _abroad(model, flow, countries)
        if target is None:
            continue
        gap = matching_basis_gap(model, flow)
        missing = [] if flow.transfer is not None else ["no transfer route is recorded"]
        if gap is not None:
            missing.append(gap)
        if not missing:
            continue
        source = model.component(flow.source)
        origin = source.region if source is not None and source.region else \
            ", ".join(model.system.jurisdictions if model.system else ())
        yield Hit(
            message=f"{categories_text(flow.facial)} goes from {flow.source} to {target.id} "
                    f"in {target.region}, outside mainland China: " + ", and ".join(missing),
            locations=(flow_location(flow), Location.of(target.provenance, target.id)),
            evidence=(Evidence("crossing", f"{origin} -> {target.region}"),
                      Evidence("data", categories_text(flow.facial)),
                      Evidence("transfer", _route_text(flow)),
                      Evidence("basis", gap or _basis_text(flow))),
            data=flow.facial, zone=target.zone, key=flow.label,
            mitigations=_mitigations(flow))


def _mitigations(flow: Flow) -> tuple[str, ...]:
    found = []
    if flow.transfer is not None:
        found.append(f"transfer route recorded ({flow.transfer.mechanism})")
    if encrypted_in_transit(flow):
        found.append("carried over TLS")
    return tuple(found)


def _route_text(flow: Flow) -> str:
    if flow.transfer is None:
        return "none recorded"
    reference = f" ({flow.transfer.reference})" if flow.transfer.reference else ""
    return flow.transfer.mechanism + reference


def _basis_text(flow: Flow) -> str:
    basis = flow.legal_basis
    if basis is not None and basis.law:
        return f"law: {basis.law}"
    if basis is not None and basis.separate_consent:
        return f"separate consent {basis.separate_consent!r}, matching the flow"
    return "none recorded"


CHECK = Check(meta=META, run=run)
