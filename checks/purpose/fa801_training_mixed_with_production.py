"""FA801: facial data for research and training mixed with production recognition."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from enum import Enum

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
from faceaudit.checklib import (
    FacialStore,
    categories_text,
    facial_stores,
    flow_location,
    hops_text,
)
from faceaudit.model import Flow, SystemModel

TRAINING = "research-training"
PRODUCTION = ("identification", "verification")

META = CheckMeta(
    id="FA801",
    slug="training-mixed-with-production",
    title="Facial data for research and training mixed with production recognition",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.PURPOSE,
    mandates=("cn-frt-2025:Art.2", "cn-frt-2025:Art.4", "hk-pdpo:DPP3"),
    rationale=(
        "The Measures (Art. 2) leave out processing done only to research facial recognition "
        "or train algorithms; the PIPL still governs it. That exclusion holds only while the "
        "training data stays apart: once it feeds identification or verification, it is "
        "processed for recognition and the Measures apply to it in full (consent, notice, "
        "local storage, assessment), and using faces for a second purpose breaks the "
        "specific purpose and necessity that Art. 4 requires (and, in Hong Kong, DPP3's bar on "
        "a new purpose without prescribed consent). The description shows purposes "
        "on stores, so this check fires in two cases: a store of facial data whose `purposes` "
        "include `research-training` together with `identification` or `verification`; and "
        "a flow of facial data into a component used for production from a component used "
        "for training, directly or through components that declare no purpose. A component "
        "counts as used for training when one of its facial stores has the "
        "`research-training` purpose and none has a production purpose, and as used for "
        "production in the opposite case; a component with both kinds of store is ambiguous "
        "and neither starts nor passes on such a path."),
    remediation=(
        "Keep research and training data in its own stores and components, with no flow of "
        "facial data into the identification or verification side. If production data must "
        "be used for training, or trained data for production, treat that use as processing "
        "under the Measures: separate consent, notice and an impact assessment. Record each "
        "store's use in `purposes`, e.g. `purposes: [research-training]`."),
    added="0.1.0",
    reads=("components.stores.purposes", "components.stores.data", "flows.data"),
    bad_example=Example("yaml", """
components:
  - id: match-svc
    kind: service
    zone: on-premises
    stores:
      - name: gallery
        data: [face-template]
        purposes: [identification, research-training]
"""),
    good_example=Example("yaml", """
components:
  - id: match-svc
    kind: service
    zone: on-premises
    stores:
      - name: gallery
        data: [face-template]
        purposes: [identification]
  - id: research-lab
    kind: datastore
    zone: on-premises
    stores:
      - name: consented-training-set
        data: [face-image]
        purposes: [research-training]
"""),
)


class _Use(Enum):
    NONE = "none"
    TRAINING = "training"
    PRODUCTION = "production"
    BOTH = "both"


def _uses(model: SystemModel) -> tuple[dict[str, _Use], dict[str, list[FacialStore]]]:
    """What each component is used for, judged by the purposes of its facial stores."""
    stores: dict[str, list[FacialStore]] = {}
    for found in facial_stores(model):
        stores.setdefault(found.component.id, []).append(found)
    uses: dict[str, _Use] = {}
    for component in model.components:
        purposes = {p for found in stores.get(component.id, []) for p in found.store.purposes}
        training = TRAINING in purposes
        production = any(p in purposes for p in PRODUCTION)
        uses[component.id] = (_Use.BOTH if training and production else
                              _Use.TRAINING if training else
                              _Use.PRODUCTION if production else _Use.NONE)
    return uses, stores


def _chain_from_training(incoming: dict[str, list[Flow]], uses: dict[str, _Use],
                         flow: Flow) -> tuple[Flow, ...] | None:
    """The shortest chain of facial flows ending with ``flow`` that starts at a component used
    for training and passes only through components with no declared use."""
    queue: deque[tuple[str, tuple[Flow, ...]]] = deque([(flow.source, (flow,))])
    seen = {flow.source}
    while queue:
        node, chain = queue.popleft()
        use = uses.get(node, _Use.NONE)
        if use is _Use.TRAINING:
            return chain
        if use is not _Use.NONE:
            continue
        for arrival in incoming.get(node, []):
            if arrival.source not in seen:
                seen.add(arrival.source)
                queue.append((arrival.source, (arrival, *chain)))
    return None


def _stores_text(stores: list[FacialStore], purposes: tuple[str, ...]) -> str:
    return "; ".join(
        f"{found.location.object} ({', '.join(p for p in found.store.purposes if p in purposes)})"
        for found in stores if any(p in found.store.purposes for p in purposes))


def run(model: SystemModel) -> Iterator[Hit]:
    for found in facial_stores(model):
        purposes = found.store.purposes
        mixed = [p for p in PRODUCTION if p in purposes]
        if TRAINING not in purposes or not mixed:
            continue
        yield Hit(
            message=f"Store {found.location.object} holds {categories_text(found.facial)} "
                    f"for {TRAINING} and for {' and '.join(mixed)} at once",
            locations=(found.location,),
            evidence=(Evidence("purposes", ", ".join(purposes)),
                      Evidence("data", categories_text(found.facial))),
            data=found.facial, zone=found.component.zone, key=found.key)

    uses, stores = _uses(model)
    incoming: dict[str, list[Flow]] = {}
    for flow in model.facial_flows():
        incoming.setdefault(flow.target, []).append(flow)
    for flow in model.facial_flows():
        target = model.component(flow.target)
        if target is None or uses.get(target.id) is not _Use.PRODUCTION:
            continue
        chain = _chain_from_training(incoming, uses, flow)
        if chain is None:
            continue
        origin = chain[0].source
        yield Hit(
            message=f"{categories_text(flow.facial)} flows from {origin}, used for "
                    f"{TRAINING}, into {target.id}, used for production recognition",
            locations=(flow_location(flow), *(flow_location(hop) for hop in chain[:-1])),
            evidence=(Evidence("path", hops_text(chain)),
                      Evidence("training store", _stores_text(stores[origin], (TRAINING,))),
                      Evidence("production store", _stores_text(stores[target.id],
                                                                PRODUCTION))),
            data=flow.facial, zone=target.zone, key=f"{origin} => {flow.label}")


CHECK = Check(meta=META, run=run)
