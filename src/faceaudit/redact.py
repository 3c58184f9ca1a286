"""Redaction of secrets in any text that may reach an output."""

from __future__ import annotations

import re
from functools import lru_cache

MASK = "***"

_PEM = re.compile(
    r"-----BEGIN ([A-Z0-9 ]*?)(PRIVATE KEY|SECRET|PASSWORD)[A-Z ]*-----.*?"
    r"(-----END [A-Z0-9 ]*-----|$)", re.DOTALL)
_URL_PASSWORD = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^:/@\s]*):"
                           r"(?P<secret>[^@/\s]+)@")
_BEARER = re.compile(r"\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE)
# A key that names a secret: a word containing password/secret/token/..., or one ending in the
# word part "auth" or "authorization" (auth, basic-auth, proxy-authorization), never author,
# authority or auth_methods.
_SECRET_KEY = (
    r"[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|"
    r"private[_-]?key|credentials?)[\w.-]*"
    r"|(?:[\w.-]*[_.-])?auth(?:orization)?"
)
_KEY_VALUE = re.compile(
    rf"(?P<key>\b(?:{_SECRET_KEY}))(?P<sep>[\"']?\s*[:=]\s*)"
    r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|(?!(?:Bearer|Basic|Token)\s)[^\s\"',;}]+)",
    re.IGNORECASE)
_KNOWN_TOKENS = re.compile(
    r"\b(AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}"
    r"|xox[abpr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35})\b")


def _mask_value(match: re.Match[str]) -> str:
    value = match.group("value")
    quote = value[0] if value[:1] in {'"', "'"} else ""
    return f"{match.group('key')}{match.group('sep')}{quote}{MASK}{quote}"


# Every pattern above needs one of these; text without any is returned at once.
_TRIGGER = re.compile(
    r"-----BEGIN|://|bearer|basic|token|passw|pwd|secret|key|auth|credential|AKIA|ASIA|gh[pousr]_"
    r"|github_pat_|xox|sk-|AIza", re.IGNORECASE)


@lru_cache(maxsize=65536)
def redact(text: str) -> str:
    """Mask private keys, URL passwords, ``secret=...`` values and well-known token shapes."""
    if not text or not _TRIGGER.search(text):
        return text
    text = _PEM.sub(lambda m: f"-----BEGIN {m.group(1)}{m.group(2)}----- {MASK}", text)
    text = _URL_PASSWORD.sub(lambda m: f"{m.group('scheme')}{m.group('user')}:{MASK}@", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
    text = _KEY_VALUE.sub(_mask_value, text)
    return _KNOWN_TOKENS.sub(MASK, text)
