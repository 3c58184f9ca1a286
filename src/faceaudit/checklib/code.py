"""Helpers for the checks on Python source results (``model.code``).

A :class:`~faceaudit.model.CodeFinding` is one result of the source scan: a path of facial data
from a face library to a network, storage or log sink, an enrolment or login function, or a
stock bandit result. These helpers pick them out and turn them into locations and evidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from faceaudit.check import Evidence, Location
from faceaudit.hosts import is_public_host
from faceaudit.model import FACIAL, CodeFinding, Component, SystemModel

MAX_STEPS_SHOWN = 8


def code_findings(model: SystemModel, category: str) -> Iterator[CodeFinding]:
    """The model's code findings of one category, in model order."""
    return (c for c in model.code if c.category == category)


def facial_code_findings(model: SystemModel, category: str) -> Iterator[CodeFinding]:
    """Code findings of one category that carry facial data."""
    return (c for c in code_findings(model, category) if c.data & FACIAL)


def code_object(finding: CodeFinding) -> str:
    """How reports name a code finding: its sink call, else its enclosing function."""
    if finding.category in {"network", "storage", "log"} and finding.sink:
        return finding.sink
    if finding.category == "security":
        return f"{finding.test_id} {finding.test_name}"
    return f"{finding.provenance.pointer or '<module>'}()"


def code_location(finding: CodeFinding) -> Location:
    return Location.of(finding.provenance, code_object(finding))


def code_key(finding: CodeFinding) -> str:
    """A line-independent key for a code finding, for fingerprints."""
    return (f"{finding.provenance.path}#{finding.provenance.pointer or ''}#{finding.test_id}"
            f"#{finding.sink or ''}#{finding.host or ''}")


def path_evidence(finding: CodeFinding) -> tuple[Evidence, ...]:
    """The source, the steps (the first few) and the sink of a facial-data path."""
    evidence = [Evidence("bandit test", f"{finding.test_id} {finding.test_name}")]
    if finding.source:
        evidence.append(Evidence("source", finding.source))
    shown = finding.steps[:MAX_STEPS_SHOWN]
    evidence.extend(Evidence("step", s) for s in shown)
    if len(finding.steps) > len(shown):
        evidence.append(Evidence("step", f"... {len(finding.steps) - len(shown)} more"))
    if finding.sink:
        line = finding.provenance.line
        evidence.append(Evidence("sink", f"{line}: {finding.sink}" if line else finding.sink))
    return tuple(evidence)


def public_network_findings(model: SystemModel) -> Iterator[CodeFinding]:
    """Network code findings whose host is known and public."""
    return (c for c in code_findings(model, "network")
            if c.host is not None and is_public_host(c.host))


def endpoint_host(endpoint: str) -> str:
    """The host of a component's ``endpoints`` entry (a host name or a URL)."""
    text = endpoint.strip().lower()
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    return host.rstrip(".")


def component_for_host(host: str, components: tuple[Component, ...]) -> Component | None:
    """The component that lists ``host`` (or a parent domain of it) in its endpoints."""
    host = host.lower().rstrip(".")
    for component in components:
        for endpoint in component.endpoints:
            declared = endpoint_host(endpoint)
            if declared and (host == declared or host.endswith("." + declared)):
                return component
    return None
