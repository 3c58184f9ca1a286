"""FA802: a facial database built or expanded from untargeted scraping."""

from __future__ import annotations

from collections import deque
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
from faceaudit.checklib import FacialStore, facial_stores, hops_text
from faceaudit.checklib.governance import eu_jurisdictions
from faceaudit.model import Component, DataCategory, Flow, SystemModel

UNTARGETED_METHODS = {
    "web-scraping": "by scraping the web",
    "cctv-archive": "from CCTV archives",
    "bulk-import": "by bulk import",
}

META = CheckMeta(
    id="FA802",
    slug="untargeted-face-scraping",
    title="Facial database built from untargeted scraping of the internet or CCTV footage",
    severity=Severity.CRITICAL,
    confidence=Confidence.MEDIUM,
    concern=Concern.PURPOSE,
    mandates=("eu-ai-act:Art.5(1)(e)", "us-tx-cubi:503.001(b-1)"),
    rationale=(
        "The EU AI Act (Art. 5(1)(e)) bans placing on the market, putting into service or "
        "using AI systems that create or expand facial-recognition databases through the "
        "untargeted scraping of facial images from the internet or from CCTV footage; "
        "'untargeted' means not aimed at specific individuals or groups. This check fires for "
        "each component whose `collection.method` is `web-scraping`, `cctv-archive` or "
        "`bulk-import` (a bulk set of faces gathered by others is treated alike: such sets are "
        "as a rule scraped) and whose `collection.targeted` is not `true`, when the facial "
        "data it gathers ends up stored: in its own facial store, or in a facial store of any "
        "component it reaches along a path of facial flows. Texas CUBI (503.001(b-1), from "
        "2026) adds that an image being online or publicly available is not consent to "
        "capture a biometric identifier from it, so scraped faces are taken without consent "
        "there too. The check runs only when `system.jurisdictions` names the EU (`EU`), a "
        "member state or Texas (`US-TX`); a description that names no jurisdiction is not "
        "judged. It cannot tell whether a store "
        "is used for recognition: a database that is not (for example images gathered only to "
        "train models that generate fictitious faces) falls outside the ban, which is why the "
        "check's confidence is medium."),
    remediation=(
        "Stop building the database from scraped or archived faces: delete the facial data "
        "so gathered and collect only from people who enrol themselves. If collection is in "
        "fact aimed at specific, known individuals (a targeted search with its own legal "
        "basis), record `collection: {method: ..., targeted: true}` and keep the evidence of "
        "how targets are chosen."),
    added="0.1.0",
    reads=("system.jurisdictions", "components.collection", "flows.data",
           "components.stores.data"),
    bad_example=Example("yaml", """
system: {name: Retail watch-list, jurisdictions: [EU, DE]}
components:
  - id: crawler
    kind: service
    zone: cloud
    collection: {method: web-scraping}
  - id: face-index
    kind: datastore
    zone: cloud
    stores:
      - data: [face-template]
flows:
  - {from: crawler, to: face-index, data: [face-template]}
"""),
    good_example=Example("yaml", """
components:
  - id: enrolment-kiosk
    kind: capture-device
    zone: on-premises
    collection: {method: enrolment, targeted: true}
flows:
  - {from: enrolment-kiosk, to: face-index, data: [face-template]}
"""),
)


def _shortest_paths(model: SystemModel, start: str) -> dict[str, tuple[Flow, ...]]:
    """Every component reachable from ``start`` along facial flows, with the shortest chain of
    flows to it (declaration order first); ``start`` itself with an empty chain."""
    outgoing: dict[str, list[Flow]] = {}
    for flow in model.facial_flows():
        outgoing.setdefault(flow.source, []).append(flow)
    paths: dict[str, tuple[Flow, ...]] = {start: ()}
    queue: deque[str] = deque([start])
    while queue:
        node = queue.popleft()
        for flow in outgoing.get(node, []):
            if flow.target not in paths:
                paths[flow.target] = (*paths[node], flow)
                queue.append(flow.target)
    return paths


def _reach_text(component: Component, chain: tuple[Flow, ...]) -> str:
    return hops_text(chain) if chain else f"stored by {component.id} itself"


def run(model: SystemModel) -> Iterator[Hit]:
    eu = eu_jurisdictions(model)
    texas = tuple(code for code in (model.system.jurisdictions if model.system else ())
                  if code == "US-TX")
    if not eu and not texas:
        return
    stores = list(facial_stores(model))
    for component in model.components:
        collection = component.collection
        if (collection is None or collection.method not in UNTARGETED_METHODS
                or collection.targeted is True):
            continue
        paths = _shortest_paths(model, component.id)
        reached: list[tuple[FacialStore, tuple[Flow, ...]]] = [
            (found, paths[found.component.id]) for found in stores
            if found.component.id in paths]
        if not reached:
            continue
        targeted = "not stated" if collection.targeted is None else "false"
        names = ", ".join(found.location.object for found, _ in reached)
        data: frozenset[DataCategory] = frozenset(
            c for found, _ in reached for c in found.facial)
        locations: list[Location] = [
            Location.of(collection.provenance, f"{component.id}.collection")]
        locations += [found.location for found, _ in reached]
        yield Hit(
            message=f"{component.id} gathers faces {UNTARGETED_METHODS[collection.method]}, "
                    f"not targeted at specific people, and stores them in {names}",
            locations=tuple(locations),
            evidence=(Evidence("collection", f"method: {collection.method}, "
                                             f"targeted: {targeted}"),
                      *(Evidence("path", f"{found.location.object}: "
                                         f"{_reach_text(component, chain)}")
                        for found, chain in reached),
                      Evidence("jurisdictions", ", ".join((*eu, *texas)))),
            data=data, zone=component.zone, key=component.id)


CHECK = Check(meta=META, run=run)
