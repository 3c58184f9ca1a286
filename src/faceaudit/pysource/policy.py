"""Consent and alternatives where code shows them: enrolment functions that never consult a
consent record, and logins that accept a face match alone.

Both rules are kept conservative: a function is judged only when its name says what it does,
and any mention of consent (or of another factor) in the function, in what it calls or in what
calls it, keeps it quiet.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from faceaudit.model import FACIAL
from faceaudit.pysource.facts import FunctionInfo, Summary
from faceaudit.pysource.sinks import NETWORK, STORAGE

CONSENT = "consent"
ALTERNATIVE = "alternative"

ENROL_PREFIXES = ("enrol", "enroll")
ENROL_VERBS = frozenset({"register", "add", "new", "create", "save", "store", "onboard"})
ENROL_NOUNS = frozenset({"face", "faces", "person", "people", "user", "employee", "member",
                         "student", "visitor", "resident", "staff", "identity"})
FACE_PARAM_WORDS = ("face", "encoding", "embedding", "descriptor", "template", "image", "photo")

LOGIN_WORDS = frozenset({"login", "logon", "signin", "authenticate", "authentication", "auth",
                         "verify", "verification", "unlock"})
LOGIN_PAIRS = (("log", "in"), ("sign", "in"))
FACTOR_WORDS = frozenset({"pin", "password", "passwd", "passcode", "passphrase", "otp", "totp",
                          "card", "badge", "rfid", "nfc", "qr", "token", "fallback",
                          "alternative", "keypad", "keycode", "mfa", "2fa", "manual",
                          "guard", "fingerprint"})

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORD = re.compile(r"[A-Za-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case word parts of an identifier or a phrase (``enrollFace`` -> enroll, face)."""
    return [w.lower() for part in _WORD.findall(text) for w in _CAMEL.sub(" ", part).split()]


#: Words that make ``pin`` a hardware pin (``RELAY_PIN``, ``GPIO.setup(pin)``), not a PIN code.
HARDWARE_WORDS = frozenset({"gpio", "relay", "led", "bcm", "board", "servo", "buzzer", "strike",
                            "motor", "sensor", "button", "pwm", "lock", "door", "gate"})


def _identifier_words(text: str) -> list[str]:
    parts = words(text)
    if "pin" in parts and HARDWARE_WORDS & set(parts):
        parts = [p for p in parts if p != "pin"]
    return parts


def _vocabulary(node: ast.AST) -> set[str]:
    """Every word a function's text holds: names, attributes, arguments, strings, decorators."""
    found: set[str] = set()
    for sub in ast.walk(node):
        text: str | None = None
        if isinstance(sub, ast.Name):
            text = sub.id
        elif isinstance(sub, ast.Attribute):
            text = sub.attr
        elif isinstance(sub, ast.arg | ast.keyword):
            text = sub.arg
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            text = sub.value[:500]
        elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef):
            text = sub.name
        if text:
            found.update(_identifier_words(text))
    return found


def _related(qualname: str, summaries: dict[str, Summary]) -> set[str]:
    """The function, what it calls and what calls it, transitively, inside the module."""
    callers: dict[str, set[str]] = {}
    for name, summary in summaries.items():
        for callee in summary.callees:
            callers.setdefault(callee, set()).add(name)
    seen = {qualname}
    for edges in (lambda q: summaries[q].callees if q in summaries else frozenset(),
                  lambda q: callers.get(q, set())):
        todo = [qualname]
        while todo:
            for nxt in edges(todo.pop()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    return seen


def _is_enrolment(name: str) -> bool:
    parts = words(name)
    if any(p.startswith(ENROL_PREFIXES) for p in parts):
        return True
    return bool(ENROL_VERBS & set(parts)) and bool(ENROL_NOUNS & set(parts))


def _is_login(name: str) -> bool:
    parts = words(name)
    if LOGIN_WORDS & set(parts):
        return True
    return any(pair in LOGIN_PAIRS for pair in pairwise(parts))


def _keeps_faces(qualname: str, summaries: dict[str, Summary]) -> bool:
    """Whether the function (or what it calls) stores facial data or sends it away."""
    seen: set[str] = set()
    todo = [qualname]
    while todo:
        current = todo.pop()
        if current in seen or current not in summaries:
            continue
        seen.add(current)
        for reach in summaries[current].reaches:
            if reach.sink.category not in {STORAGE, NETWORK}:
                continue
            param = reach.taint.origin.param
            if param is None and reach.taint.data & FACIAL:
                return True
            if param is not None and current == qualname \
                    and any(w in param.lower() for w in FACE_PARAM_WORDS):
                return True
        todo.extend(summaries[current].callees)
    return False


def _mentions(names: set[str], nodes: dict[str, FunctionInfo], wanted: frozenset[str]) -> bool:
    return any(_vocabulary(nodes[q].node) & wanted for q in names if q in nodes)


def judge(info: FunctionInfo, infos: Sequence[FunctionInfo],
          summaries: dict[str, Summary]) -> Iterator[tuple[str, str]]:
    """``(category, message)`` for an enrolment without consent or a face-only login."""
    if isinstance(info.node, ast.Module):
        return
    nodes = {i.qualname: i for i in infos if not isinstance(i.node, ast.Module)}
    related = _related(info.qualname, summaries)
    if _is_enrolment(info.name) and _keeps_faces(info.qualname, summaries) \
            and not _mentions(related, nodes, frozenset({"consent", "consents", "consented"})):
        yield CONSENT, (f"{info.qualname}() enrols facial data without consulting a consent "
                        "record (no call, attribute or name mentioning consent on its path)")
    summary = summaries.get(info.qualname)
    if _is_login(info.name) and summary is not None and summary.decides_on_match \
            and not _mentions(related, nodes, FACTOR_WORDS):
        yield ALTERNATIVE, (f"{info.qualname}() grants access on a face match alone, with no "
                            "other factor or fallback in the code")
