"""faceaudit's bandit tests, registered in the ``bandit.plugins`` entry-point group.

Each test is called by bandit for one kind of node. The first call in a module analyses the
whole module once (the result is kept on the module's tree, reached through bandit's parent
links) and every call then reports the fact found at its node, if any: facial data reaching a
network, storage or log sink at a call, or an enrolment or login function at its definition.
Plain ``bandit -r`` runs them too; faceaudit reads the facts from the issues they return.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any, TypeVar

from bandit.core import issue as bandit_issue  # type: ignore[import-untyped]
from bandit.core import test_properties

from faceaudit.pysource.module import FaceFact, ModuleFacts, analyse
from faceaudit.pysource.policy import ALTERNATIVE, CONSENT
from faceaudit.pysource.sinks import LOG, NETWORK, STORAGE

_CACHE = "_faceaudit_facts"
_FAILURE_SHOWN = "_faceaudit_failure_shown"
FAILURE = "failure"

#: Test id, test name, category, severity, confidence, CWE.
TESTS: tuple[tuple[str, str, str, str, str, int], ...] = (
    ("B901", "face_data_to_network", NETWORK, "HIGH", "MEDIUM", 359),
    ("B902", "face_data_stored_unencrypted", STORAGE, "MEDIUM", "MEDIUM", 311),
    ("B903", "face_data_logged", LOG, "MEDIUM", "MEDIUM", 532),
    ("B904", "face_enrolment_without_consent", CONSENT, "MEDIUM", "LOW", 359),
    ("B905", "face_only_authentication", ALTERNATIVE, "MEDIUM", "LOW", 308),
)
BY_ID = {t[0]: t for t in TESTS}


class FaceIssue(bandit_issue.Issue):  # type: ignore[misc]
    """A bandit issue that also carries the fact behind it, for faceaudit to read."""

    def __init__(self, fact: FaceFact, test_id: str) -> None:
        _, _, _, severity, confidence, cwe = BY_ID[test_id]
        if fact.category == FAILURE:
            severity, confidence, cwe = "LOW", "LOW", 0
        super().__init__(severity, cwe=cwe, confidence=confidence, text=fact.message,
                         lineno=fact.line, test_id=test_id)
        self.fact = fact


_Test = TypeVar("_Test", bound=Callable[[Any], "FaceIssue | None"])


def _test(test_id: str, *nodes: str) -> Callable[[_Test], _Test]:
    """bandit's ``checks`` and ``test_id`` decorators, keeping the function's type."""

    def register(func: _Test) -> _Test:
        test_properties.checks(*nodes)(func)
        test_properties.test_id(test_id)(func)
        return func

    return register


def _module(node: ast.AST | None) -> ast.Module | None:
    while node is not None and not isinstance(node, ast.Module):
        node = getattr(node, "_bandit_parent", None)
    return node


def _facts(tree: ast.Module) -> ModuleFacts:
    facts: ModuleFacts | None = getattr(tree, _CACHE, None)
    if facts is None:
        try:
            facts = analyse(tree)
        except Exception as exc:  # a defect must cost this module, not the scan
            facts = ModuleFacts({}, f"analysis failed: {type(exc).__name__}")
        setattr(tree, _CACHE, facts)
    return facts


def _report(context: Any, test_id: str) -> FaceIssue | None:
    node = context.node
    tree = _module(node)
    if tree is None or node is None:
        return None
    facts = _facts(tree)
    if facts.failure is not None and test_id == "B901" and not getattr(tree, _FAILURE_SHOWN,
                                                                       False):
        setattr(tree, _FAILURE_SHOWN, True)
        line = getattr(node, "lineno", 1)
        return FaceIssue(FaceFact(FAILURE, f"faceaudit could not analyse this module: "
                                  f"{facts.failure}", line, ""), test_id)
    fact = facts.at(node, BY_ID[test_id][2])
    return FaceIssue(fact, test_id) if fact is not None else None


@_test("B901", "Call")
def face_data_to_network(context: Any) -> FaceIssue | None:
    """Facial data (face images, templates, geometry) sent to a network host that is not
    loopback or private: HTTP clients, cloud SDKs, MQTT, websockets, SMTP, gRPC."""
    return _report(context, "B901")


@_test("B902", "Call")
def face_data_stored_unencrypted(context: Any) -> FaceIssue | None:
    """Facial data written to files or databases with no encryption call on its path."""
    return _report(context, "B902")


@_test("B903", "Call")
def face_data_logged(context: Any) -> FaceIssue | None:
    """Facial data, or values made from it, written to logs or printed."""
    return _report(context, "B903")


@_test("B904", "FunctionDef", "AsyncFunctionDef")
def face_enrolment_without_consent(context: Any) -> FaceIssue | None:
    """An enrolment function that stores facial data and never consults a consent record."""
    return _report(context, "B904")


@_test("B905", "FunctionDef", "AsyncFunctionDef")
def face_only_authentication(context: Any) -> FaceIssue | None:
    """A login, verify or unlock function whose only success condition is a face match."""
    return _report(context, "B905")
