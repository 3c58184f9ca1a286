"""FA205: facial data sold, leased, traded or licensed to another party."""

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
    Severity,
)
from faceaudit.checklib import categories_text, flow_location
from faceaudit.model import Flow, SystemModel

# A flow's free-text purpose that says the data is exchanged for value.
COMMERCIAL_PURPOSE = re.compile(
    r"\b(sale|sell|selling|sold|resale|resell|lease|leasing|licen[cs]e|licensing|monetis|"
    r"monetiz|data[- ]?broker|trade|trading)", re.IGNORECASE)

# "not for sale", "no resale or licensing", "never licensed": a negation earlier in the same
# clause rules the exchange out.
NEGATION = re.compile(r"\b(not|no|never|without)\b", re.IGNORECASE)

META = CheckMeta(
    id="FA205",
    slug="face-data-sold",
    title="Facial data sold, leased, traded or licensed",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    concern=Concern.DISSEMINATION,
    mandates=("us-il-bipa:15(c)", "us-tx-cubi:503.001(c)(1)"),
    rationale=(
        "BIPA 15(c) forbids selling, leasing, trading or otherwise profiting from a person's "
        "biometric identifiers, with no exception for consent, and Texas CUBI 503.001(c)(1) "
        "forbids selling, leasing or disclosing them outside its narrow list of exceptions. "
        "This check reports every flow of facial data marked `commercial` (sale, lease, trade, "
        "license, profit-share), and every flow of facial data whose `purpose` says it is "
        "sold, leased, licensed, traded or monetised, unless it says the opposite ('not for "
        "sale', 'no resale'). A flow of derived, non-facial data (for example visitor counts) "
        "is not judged."),
    remediation=(
        "Stop exchanging facial data for value. Where a partner needs results, send only what "
        "is not biometric (an anonymous count, a yes/no answer) and remove `commercial` from "
        "the flow."),
    added="0.1.0",
    reads=("flows.data", "flows.commercial", "flows.purpose"),
    bad_example=Example("yaml", """
flows:
  - {from: store-cams, to: ad-network, data: [face-template, face-geometry],
     protocol: https, commercial: license}
"""),
    good_example=Example("yaml", """
flows:
  - {from: store-cams, to: ad-network, data: [other], protocol: https,
     purpose: hourly footfall counts}
"""),
)


def _commercial(flow: Flow) -> str | None:
    if flow.commercial:
        return f"commercial: {flow.commercial}"
    purpose = flow.purpose or ""
    for match in COMMERCIAL_PURPOSE.finditer(purpose):
        clause = re.split(r"[,;.:]", purpose[:match.start()])[-1]
        if not NEGATION.search(clause):
            return f"purpose: {purpose}"
    return None


def run(model: SystemModel) -> Iterator[Hit]:
    for flow in model.facial_flows():
        reason = _commercial(flow)
        if reason is None:
            continue
        target = model.component(flow.target)
        yield Hit(
            message=f"{categories_text(flow.facial)} goes from {flow.label} in exchange for "
                    f"value ({reason})",
            locations=(flow_location(flow),),
            evidence=(Evidence("exchange", reason),
                      Evidence("data", categories_text(flow.facial))),
            data=flow.facial, zone=target.zone if target else None,
            key=model.flow_key(flow))


CHECK = Check(meta=META, run=run)
