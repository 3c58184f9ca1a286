"""FA226 and its helpers on hand-built models of configuration settings."""

from __future__ import annotations

import pytest

from faceaudit.check import Check, Hit
from faceaudit.checklib.settings import (
    names_cipher_list,
    names_tls_versions,
    weak_cipher_suites,
    weak_tls_versions,
)
from faceaudit.model import Provenance, Setting, SystemModel
from faceaudit.registry import load_registry

CHECKS = {c.id: c for c in load_registry(plugins=False).checks}

Value = str | int | float | bool | None


def _model(*items: tuple[str, Value], path: str = ".env") -> SystemModel:
    return SystemModel(settings=tuple(
        Setting(key, value, Provenance(path, line, key))
        for line, (key, value) in enumerate(items, start=1)))


def _hits(model: SystemModel) -> list[Hit]:
    check: Check = CHECKS["FA226"]
    return list(check.run(model))


def _where(hits: list[Hit]) -> list[str]:
    return [f"{h.locations[0].path}:{h.locations[0].line} {h.locations[0].object}" for h in hits]


@pytest.mark.parametrize("key", [
    "ssl_protocols", "SSL_PROTOCOLS", "tls_min_version", "min_tls_version", "minimum_tls_version",
    "tls_version", "ssl_version", "MinimumTLSVersion", "sslProtocol", "sslProtocols",
    "server.ssl.protocols", "Tls.MinimumVersion", "upstream.ssl_protocols.0",
    "services.api.environment.MQTT_TLS_VERSION",
])
def test_tls_version_keys(key: str) -> None:
    assert names_tls_versions(key)


@pytest.mark.parametrize("key", [
    "tls_max_version", "MaximumTLSVersion", "app.version", "protocols", "mqtt.protocol",
    "api.min_score", "ssl_certificate", "tls.enabled",
])
def test_not_tls_version_keys(key: str) -> None:
    assert not names_tls_versions(key)


@pytest.mark.parametrize("key", [
    "ssl_ciphers", "ciphers", "cipher_suites", "tls_ciphers", "CipherSuites", "Tls.Cipher",
    "nginx.ssl.ciphers", "cipherList",
])
def test_cipher_keys(key: str) -> None:
    assert names_cipher_list(key)


@pytest.mark.parametrize("key", [
    "storage.cipher", "disabled_ciphers", "excluded_cipher_suites", "encryption.algorithm",
])
def test_not_cipher_keys(key: str) -> None:
    assert not names_cipher_list(key)


@pytest.mark.parametrize(("value", "weak"), [
    ("TLSv1 TLSv1.1 TLSv1.2", ("1.0", "1.1")),
    ("1.0", ("1.0",)),
    (1.0, ("1.0",)),
    ("TLSv1_1", ("1.1",)),
    ("SSLv3", ("ssl3",)),
    ("Tls11", ("1.1",)),
    ("1.0-1.3", ("1.0",)),
    ("TLSv1.2,TLSv1.3", ()),
    ("1.2", ()),
    ("TLSv1.2 -TLSv1 !SSLv3", ()),
    ("all -SSLv3 -TLSv1 -TLSv1.1", ()),
    (True, ()),
    (None, ()),
])
def test_weak_tls_versions(value: Value, weak: tuple[str, ...]) -> None:
    assert weak_tls_versions(value) == weak


@pytest.mark.parametrize(("value", "weak"), [
    ("HIGH:RC4-SHA:!aNULL", ("RC4-SHA",)),
    ("ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA", ("DES-CBC3-SHA",)),
    ("TLS_RSA_WITH_3DES_EDE_CBC_SHA, TLS_AES_128_GCM_SHA256", ("TLS_RSA_WITH_3DES_EDE_CBC_SHA",)),
    ("eNULL aNULL", ("eNULL", "aNULL")),
    ("EXP-RC4-MD5", ("EXP-RC4-MD5",)),
    ("HIGH:EXPORT", ("EXPORT",)),
    ("HIGH:EXP", ("EXP",)),
    ("ADH-AES256-SHA:AECDH-AES128-SHA", ("ADH-AES256-SHA", "AECDH-AES128-SHA")),
    ("TLS_DH_anon_WITH_AES_128_CBC_SHA", ("TLS_DH_anon_WITH_AES_128_CBC_SHA",)),
    ("HIGH:+MD5", ("MD5",)),
    ("HIGH:!aNULL:!MD5:!RC4", ()),
    ("DEFAULT:-RC4:-3DES", ()),
    ("ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305", ()),
])
def test_weak_cipher_suites(value: Value, weak: tuple[str, ...]) -> None:
    assert weak_cipher_suites(value) == weak


def test_fa226_one_finding_per_setting_with_evidence() -> None:
    model = _model(
        ("SSL_PROTOCOLS", "TLSv1 TLSv1.1 TLSv1.2"),
        ("SSL_CIPHERS", "HIGH:RC4-SHA:DES-CBC3-SHA:!aNULL"),
        ("TLS_MIN_VERSION", "1.2"),
        ("TLS_MAX_VERSION", "1.0"),
    )
    hits = _hits(model)
    assert _where(hits) == [".env:1 SSL_PROTOCOLS", ".env:2 SSL_CIPHERS"]
    assert [(e.label, e.value) for e in hits[0].evidence] == [
        ("setting", "SSL_PROTOCOLS"), ("weak versions", "TLS 1.0, TLS 1.1")]
    assert [(e.label, e.value) for e in hits[1].evidence] == [
        ("setting", "SSL_CIPHERS"), ("weak suites", "RC4-SHA, DES-CBC3-SHA")]
    assert hits[0].key == "SSL_PROTOCOLS"


def test_fa226_reads_compose_environment_lists() -> None:
    model = _model(("services.web.environment.0", "SSL_PROTOCOLS=SSLv3 TLSv1.2"),
                   path="docker-compose.yml")
    hits = _hits(model)
    assert _where(hits) == ["docker-compose.yml:1 services.web.environment.0"]
    assert "SSL 3" in hits[0].message


@pytest.mark.parametrize("path", [".env.example", "config.sample.yml", "settings.dist.ini"])
def test_fa226_skips_templates(path: str) -> None:
    model = _model(("ssl_protocols", "TLSv1 TLSv1.2"), ("ssl_ciphers", "RC4"), path=path)
    assert _hits(model) == []
