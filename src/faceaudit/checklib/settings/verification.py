"""Settings that turn TLS certificate verification off (FA225)."""

from __future__ import annotations

from faceaudit.settingkeys import NamedSetting, as_bool, last_segment, normalised, segments, words

#: Key names (word parts joined by ``_``) that turn verification OFF when false or 0. A key
#: matches when its normalised last segment is the name or ends in ``_`` and the name.
VERIFY_KEYS: frozenset[str] = frozenset({
    "verify_ssl", "ssl_verify", "tls_verify", "verify_tls", "sslverify", "tlsverify",
    "check_hostname", "verify_certs", "verify_certificate", "verify_certificates",
    "verify_peer", "verify_server_cert", "ssl_verify_peer", "verify_hostname",
    "pythonhttpsverify", "reject_unauthorized",
})

#: Key names that turn verification OFF when true (the inverted sense).
INSECURE_KEYS: frozenset[str] = frozenset({
    "insecure", "insecure_skip_verify", "tls_insecure", "ssl_insecure", "skip_tls_verify",
    "skip_ssl_verify", "tls_skip_verify", "ssl_no_verify", "insecure_skip_tls_verify",
    "no_verify_ssl", "disable_ssl_verification", "disable_tls_verification",
})

#: Key names too general to mean TLS on their own (face or e-mail verification is also
#: "verify"); they count only when another segment of the key has a word of
#: :data:`TLS_CONTEXT_WORDS` (``requests.verify``, ``http.client.verify``).
CONTEXTUAL_VERIFY_KEYS: frozenset[str] = frozenset({"verify"})

#: Words of a key that place a bare ``verify`` among connection settings.
TLS_CONTEXT_WORDS: frozenset[str] = frozenset({
    "tls", "ssl", "https", "http", "cert", "certs", "certificate", "client", "request",
    "requests", "session", "connection", "proxy", "webhook", "mqtt", "broker", "s3",
    "upstream", "httpx", "urllib3", "aiohttp",
})


_VERIFY_TABLE: tuple[tuple[str, bool], ...] = tuple(sorted(
    [(name, False) for name in VERIFY_KEYS] + [(name, True) for name in INSECURE_KEYS],
    key=lambda item: (-len(item[0]), item[0])))


def _verification_key(name: str) -> tuple[str, bool] | None:
    """The longest entry of :data:`VERIFY_KEYS` or :data:`INSECURE_KEYS` a normalised key
    segment is or ends in, with the value that turns verification off."""
    for entry, off_when in _VERIFY_TABLE:
        if name == entry or name.endswith("_" + entry):
            return entry, off_when
    return None


def verification_off(setting: NamedSetting) -> str | None:
    """Why a setting turns TLS certificate verification off, in words, or ``None``:
    ``verify_ssl`` and the like set to false or 0, ``insecure`` and the like set to true,
    ``rejectUnauthorized`` false, ``NODE_TLS_REJECT_UNAUTHORIZED=0``, ``PYTHONHTTPSVERIFY=0``.
    A bare ``verify`` counts only under a key that names a connection."""
    name = normalised(last_segment(setting.name))
    flag = as_bool(setting.value)
    if flag is None or not name:
        return None
    found = _verification_key(name)
    if found is not None:
        entry, off_when = found
        return f"{entry} is {str(off_when).lower()}" if flag is off_when else None
    if name in CONTEXTUAL_VERIFY_KEYS and flag is False:
        context = {word for seg in segments(setting.name)[:-1] for word in words(seg)}
        if context & TLS_CONTEXT_WORDS:
            return f"{name} is false"
    return None

