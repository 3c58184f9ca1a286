"""Weak TLS versions and cipher suites allowed by settings (FA226)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from faceaudit.checklib.settings.core import is_example_file, named_settings
from faceaudit.checklib.transport import MIN_TLS_VERSION, TLS_VERSIONS, parse_tls
from faceaudit.model import SystemModel
from faceaudit.settingkeys import NamedSetting, segments, value_text, words

#: Word parts that place a key among TLS settings (``ssl_protocols``, ``Tls.MinimumVersion``).
TLS_KEY_WORDS: frozenset[str] = frozenset({"tls", "ssl"})

#: Word parts that, beside a word of :data:`TLS_KEY_WORDS` in the key's last segment or its
#: parent, make the key set the TLS versions allowed (``tls_min_version``,
#: ``MinimumTLSVersion``, ``sslProtocols``, ``ssl.protocols``).
TLS_VERSION_KEY_WORDS: frozenset[str] = frozenset({
    "version", "versions", "protocol", "protocols", "min", "minimum",
})

#: Word parts that name a list of cipher suites on their own (``ssl_ciphers``, ``CipherSuites``).
CIPHER_KEY_WORDS: frozenset[str] = frozenset({"ciphers", "ciphersuite", "ciphersuites"})

#: Word parts that, after ``cipher``, name a list of cipher suites (``cipher_suites``,
#: ``cipher_list``); a bare ``cipher`` counts only beside a word of :data:`TLS_KEY_WORDS`.
CIPHER_LIST_WORDS: frozenset[str] = frozenset({"suite", "suites", "list", "string"})

#: Word parts that make a TLS key an upper bound or a deny list, not what is allowed
#: (``tls_max_version``, ``disabled_ciphers``, ``excluded_cipher_suites``).
TLS_NOT_ALLOWED_WORDS: frozenset[str] = frozenset({
    "max", "maximum", "disabled", "disable", "excluded", "exclude", "exclusions", "blacklist",
    "blocklist", "denylist", "deny", "denied", "blocked", "banned", "forbidden", "reject",
})

#: Substrings of a cipher-list token (compared in upper case) that enable a weak suite: RC4,
#: DES and 3DES (``DES-CBC3-SHA``), null encryption or authentication (``NULL``, ``aNULL``,
#: ``eNULL``), export grade, MD5, and anonymous Diffie-Hellman (``ADH``, ``AECDH``, ``anon``).
WEAK_CIPHER_PARTS: tuple[str, ...] = (
    "RC4", "DES", "NULL", "EXPORT", "MD5", "ADH", "AECDH", "ANON",
)

#: Prefixes of a cipher-list token (upper case) that name an export-grade suite (``EXP-RC4-MD5``).
WEAK_CIPHER_PREFIXES: tuple[str, ...] = ("EXP-",)

#: Whole cipher-list tokens (upper case) that enable export-grade suites.
WEAK_CIPHER_TOKENS: frozenset[str] = frozenset({"EXP"})

#: Prefixes that take a token out of a list (OpenSSL ``!RC4`` and ``-RC4``, Apache
#: ``-TLSv1``): such tokens disable what they name.
NEGATION_PREFIXES: tuple[str, ...] = ("!", "-")

_LIST_TOKENS = re.compile(r"[\s:,;]+")
_VERSION_TOKENS = re.compile(r"[\s,;]+")


def _tls_key_parts(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The word parts of a key's naming segment and of its parent; a list item
    (``ssl_protocols.0``) is named by the list's key."""
    parts = segments(key)
    if len(parts) >= 2 and parts[-1].isdigit():
        parts = parts[:-1]
    own = words(parts[-1])
    parent = words(parts[-2]) if len(parts) >= 2 else ()
    return own, parent


def names_tls_versions(key: str) -> bool:
    """Whether a key sets the TLS versions allowed: its last segment has a word of
    :data:`TLS_VERSION_KEY_WORDS` and a word of :data:`TLS_KEY_WORDS` is in it or in its
    parent (``ssl_protocols``, ``min_tls_version``, ``Tls.MinimumVersion``), and no word of
    :data:`TLS_NOT_ALLOWED_WORDS` (``tls_max_version``)."""
    own, parent = _tls_key_parts(key)
    found = set(own)
    if not found & TLS_VERSION_KEY_WORDS or found & TLS_NOT_ALLOWED_WORDS:
        return False
    return bool((found | set(parent)) & TLS_KEY_WORDS)


def names_cipher_list(key: str) -> bool:
    """Whether a key sets the cipher suites allowed: its last segment has a word of
    :data:`CIPHER_KEY_WORDS`, or ``cipher`` followed by a word of :data:`CIPHER_LIST_WORDS`, or
    ``cipher`` beside a TLS word in it or its parent; never with a word of
    :data:`TLS_NOT_ALLOWED_WORDS` (``disabled_ciphers``)."""
    own, parent = _tls_key_parts(key)
    if set(own) & TLS_NOT_ALLOWED_WORDS:
        return False
    if set(own) & CIPHER_KEY_WORDS:
        return True
    for first, second in pairwise(own):
        if first == "cipher" and second in CIPHER_LIST_WORDS:
            return True
    return "cipher" in own and bool((set(own) | set(parent)) & TLS_KEY_WORDS)


def _enabled_tokens(text: str, split: re.Pattern[str]) -> list[str]:
    return [token.lstrip("+") for token in split.split(text.strip().strip("\"'"))
            if token and not token.startswith(NEGATION_PREFIXES)]


def weak_tls_versions(value: str | int | float | bool | None) -> tuple[str, ...]:
    """The versions older than :data:`~faceaudit.checklib.transport.MIN_TLS_VERSION` a TLS
    version setting allows, oldest first, read with
    :func:`~faceaudit.checklib.transport.parse_tls`; tokens negated with ``!`` or ``-``
    (``-TLSv1``) are left out."""
    text = value_text(value)
    if text is None:
        return ()
    found: set[str] = set()
    for token in _enabled_tokens(text, _VERSION_TOKENS):
        found.update(parse_tls(token).versions)
    minimum = TLS_VERSIONS.index(MIN_TLS_VERSION)
    return tuple(v for v in TLS_VERSIONS if v in found and TLS_VERSIONS.index(v) < minimum)


def weak_cipher_suites(value: str | int | float | bool | None) -> tuple[str, ...]:
    """The tokens of a cipher list (separated by colons, commas or spaces) that enable a weak
    suite (:data:`WEAK_CIPHER_PARTS`, :data:`WEAK_CIPHER_PREFIXES`,
    :data:`WEAK_CIPHER_TOKENS`), in order; tokens negated with ``!`` or ``-`` (``!RC4``)
    disable and are left out."""
    text = value_text(value)
    if text is None:
        return ()
    weak: list[str] = []
    for token in _enabled_tokens(text, _LIST_TOKENS):
        upper = token.upper()
        is_weak = (any(part in upper for part in WEAK_CIPHER_PARTS)
                   or upper.startswith(WEAK_CIPHER_PREFIXES) or upper in WEAK_CIPHER_TOKENS)
        if is_weak and token not in weak:
            weak.append(token)
    return tuple(weak)


@dataclass(frozen=True)
class WeakTlsSetting:
    """A setting that allows TLS older than 1.2 (``versions``) or weak cipher suites
    (``suites``); exactly one of the two is non-empty."""

    named: NamedSetting
    versions: tuple[str, ...]
    suites: tuple[str, ...]


def weak_tls_settings(model: SystemModel) -> tuple[WeakTlsSetting, ...]:
    """The model's :func:`named_settings` that allow TLS older than 1.2 or a weak cipher suite,
    in order; templates of a configuration (:func:`is_example_file`) left out."""
    found: list[WeakTlsSetting] = []
    for named in named_settings(model):
        if is_example_file(named.setting.provenance.path):
            continue
        if names_tls_versions(named.name):
            versions = weak_tls_versions(named.value)
            if versions:
                found.append(WeakTlsSetting(named, versions, ()))
        elif names_cipher_list(named.name):
            suites = weak_cipher_suites(named.value)
            if suites:
                found.append(WeakTlsSetting(named, (), suites))
    return tuple(found)
