"""Public or local hosts, placeholders, URLs and endpoint matching."""

from __future__ import annotations

import pytest

from faceaudit.hosts import is_public_host, parse_url, reached_at, split_host_port


@pytest.mark.parametrize(("host", "public"), [
    ("mqtt.example-broker.com", True), ("203.0.113.9", False), ("1.1.1.1", True),
    ("frigate", False), ("gate.svc.cluster.local", False), ("minio.svc", False),
    ("mqtt.your.domain.tld", False), ("yourdomain.com", False), ("your-broker.net", False),
    ("mqtt.yourhost.net", False), ("nvr.home.arpa", False), ("mqtt.domain", False),
    ("yourls.org", True), ("api.youtube.com", True),
])
def test_public_or_local(host: str, public: bool) -> None:
    assert is_public_host(host) is public


def test_urls_keep_no_credentials_or_query() -> None:
    url = parse_url("mqtts://user:secret@Broker.Example.com:8883/faces?token=abc#x")
    assert url is not None
    assert (url.scheme, url.host, url.port, url.path) == ("mqtts", "broker.example.com", 8883,
                                                          "/faces")
    assert url.text == "mqtts://broker.example.com:8883/faces"
    assert parse_url("http://[fd00::1]:8080/x") is not None
    assert parse_url("broker.example.com:1883") is None
    assert parse_url("http://host:99999/") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("broker.example.com:1883", ("broker.example.com", 1883)),
    ("[fd00::1]:8883", ("fd00::1", 8883)),
    ("broker.example.com", ("broker.example.com", None)),
    ("broker:port", ("broker", None)),
])
def test_host_and_port(text: str, expected: tuple[str, int | None]) -> None:
    assert split_host_port(text) == expected


def test_reached_at_matches_hosts_and_subdomains_of_endpoints() -> None:
    endpoints = ("https://api.example.com/v1", "mqtt.example.net:8883")
    assert reached_at("api.example.com", endpoints)
    assert reached_at("eu.api.example.com", endpoints)
    assert reached_at("MQTT.example.net.", endpoints)
    assert not reached_at("example.com", endpoints)
    assert not reached_at("badapi.example.com", endpoints)
