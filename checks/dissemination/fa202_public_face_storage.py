"""FA202: facial data in object storage or a CDN that anyone can read."""

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
from faceaudit.checklib import categories_text, flow_location, flow_text, store_object
from faceaudit.model import ComponentKind, DataCategory, SystemModel, Zone

META = CheckMeta(
    id="FA202",
    slug="public-face-storage",
    title="Facial data kept in public object storage or a public CDN",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    concern=Concern.DISSEMINATION,
    mandates=("cn-frt-2025:Art.8", "cn-pipl:Art.51", "us-il-bipa:15(d)",
              "us-tx-cubi:503.001(c)(1)", "cn-video-2025:Art.22"),
    rationale=(
        "A bucket or CDN marked `public: true` serves its content to anyone who has or guesses "
        "the address. Facial data put there is published: the Measures (Art. 8) want facial "
        "information kept in the recognition device and not sent out over the internet, PIPL "
        "Art. 51 requires access control and security measures for personal information, and "
        "BIPA 15(d) and Texas CUBI 503.001(c)(1) forbid disclosing biometric data outside their "
        "listed exceptions; the public-security video regulation (Art. 22) requires faces in "
        "published footage to be protected. A separate "
        "consent or a law may allow facial data to leave the device for a named recipient and "
        "purpose; neither makes it readable by everyone, so this check ignores legal bases and "
        "consent entirely. It reports every `object-storage` or `cdn` component with "
        "`public: true` that holds facial data: a store of it with facial categories, or any "
        "flow carrying facial data into it. The exposure is scored as the internet whatever "
        "zone the component is declared in."),
    remediation=(
        "Make the bucket or distribution private (block public access, drop public-read ACLs "
        "and anonymous origin access), serve facial data to authorised users only through "
        "short-lived signed URLs or an authenticated service, and record `public: false` on the "
        "component. If facial data does not need to be there at all, stop sending it and "
        "remove the facial categories from the store."),
    added="0.1.0",
    reads=("components.kind", "components.public", "components.stores.data",
           "components.stores.tables", "flows.data"),
    bad_example=Example("yaml", """
components:
  - id: visitor-photos
    kind: object-storage
    zone: cloud
    public: true
    stores:
      - {name: snapshots, data: [face-image]}
"""),
    good_example=Example("yaml", """
components:
  - id: visitor-photos
    kind: object-storage
    zone: cloud
    public: false
    stores:
      - {name: snapshots, data: [face-image]}
"""),
)

_STORAGE_KINDS = {ComponentKind.OBJECT_STORAGE: "object store", ComponentKind.CDN: "CDN"}


def run(model: SystemModel) -> Iterator[Hit]:
    facial_flows = model.facial_flows()
    for component in model.components:
        if component.kind not in _STORAGE_KINDS or component.public is not True:
            continue
        stores = [store for store in component.stores if store.facial]
        inflows = [flow for flow in facial_flows if flow.target == component.id]
        if not stores and not inflows:
            continue
        facial: frozenset[DataCategory] = frozenset().union(
            *(store.facial for store in stores), *(flow.facial for flow in inflows))
        locations = [Location.of(component.provenance, component.id)]
        locations += [Location.of(store.provenance, store_object(component, store))
                      for store in stores]
        locations += [flow_location(flow) for flow in inflows]
        public = component.exposure or "public: true"
        evidence = [Evidence("public", f"{component.kind.value} {component.id}: {public}")]
        evidence += [Evidence("store", f"{store_object(component, store)}: "
                                       f"{categories_text(store.facial)}") for store in stores]
        evidence += [Evidence("flow", f"{flow_text(flow)}: {categories_text(flow.facial)}")
                     for flow in inflows]
        yield Hit(
            message=f"{categories_text(facial)} is kept in {component.id}, a public "
                    f"{_STORAGE_KINDS[component.kind]} that anyone can read",
            locations=tuple(locations), evidence=tuple(evidence), data=facial,
            zone=Zone.INTERNET, key=component.id)


CHECK = Check(meta=META, run=run)
