"""Tests for faceaudit.redact: secrets are masked, everything else is left as it was."""

from __future__ import annotations

import pytest

from faceaudit.redact import MASK, redact

# Built from parts so that secret scanners do not flag this file.
AWS_KEY_ID = "AKIA" + "IOSFODNN7EXAMPLE"
GITHUB_CLASSIC = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
GITHUB_OAUTH = "gho_" + "Z" * 36
GITHUB_FINE_GRAINED = "github_pat_" + "11ABCDEFG0123456789_" + "abcdefghijklmnopqrstuvwxyz" * 3
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"


def test_mask_is_three_stars() -> None:
    assert MASK == "***"


# --- PEM blocks -------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY",
                                   "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY"])
def test_private_key_block_is_replaced_whole(label: str) -> None:
    text = (f"before\n-----BEGIN {label}-----\nMIIEowIBAAKCAQEAsecretmaterial\nAbC=\n"
            f"-----END {label}-----\nafter")
    assert redact(text) == f"before\n-----BEGIN {label}----- ***\nafter"


def test_unterminated_private_key_is_masked_to_the_end() -> None:
    text = "key:\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIsecret\nmore"
    assert redact(text) == "key:\n-----BEGIN EC PRIVATE KEY----- ***"


def test_certificate_is_not_a_secret() -> None:
    text = "-----BEGIN CERTIFICATE-----\nMIIBpublic\n-----END CERTIFICATE-----"
    assert redact(text) == text


# --- URLs and key=value -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("postgres://user:pass@host/db", "postgres://user:***@host/db"),
    ("dsn: postgresql://app:s3cr3t@db.internal:5432/faces",
     "dsn: postgresql://app:***@db.internal:5432/faces"),
    ("url=https://alice:pw@example.com/path", "url=https://alice:***@example.com/path"),
    ("amqp://:onlypass@broker/", "amqp://:***@broker/"),
])
def test_url_password_is_masked_user_and_host_kept(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("password=hunter2", "password=***"),
    ("DB_PASSWORD=hunter2 next", "DB_PASSWORD=*** next"),
    ('"password": "hunter2"', '"password": "***"'),
    ("passwd:xyz", "passwd:***"),
    ("api_key: abcd1234", "api_key: ***"),
    ("API-KEY = 'xyz'", "API-KEY = '***'"),
    ("apiKey=xyz", "apiKey=***"),
    ("client_secret=abc;other=1", "client_secret=***;other=1"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
     "aws_secret_access_key = ***"),
    ("{token: t0k3n, user: bob}", "{token: ***, user: bob}"),
])
def test_key_value_secrets_are_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_quoted_password_with_spaces_is_masked_entirely() -> None:
    result = redact('password: "correct horse battery staple"')
    assert "horse" not in result
    assert "staple" not in result
    assert result == 'password: "***"'


# --- tokens -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["Bearer", "Basic"])
def test_authorization_header_credentials_are_masked(scheme: str) -> None:
    credential = JWT if scheme == "Bearer" else "dXNlcjpwYXNzd29yZA=="
    result = redact(f"Authorization: {scheme} {credential}")
    assert credential not in result
    assert result == f"Authorization: {scheme} ***"


def test_bearer_token_alone_is_masked() -> None:
    assert redact(f"curl -H 'Bearer {JWT}'") == "curl -H 'Bearer ***'"


def test_aws_access_key_id_is_masked() -> None:
    assert redact(f"key {AWS_KEY_ID} here") == "key *** here"
    assert redact("ASIA" + "A" * 16) == "***"


@pytest.mark.parametrize("token", [GITHUB_CLASSIC, GITHUB_OAUTH])
def test_github_tokens_are_masked(token: str) -> None:
    assert redact(f"clone with {token} please") == "clone with *** please"


def test_github_fine_grained_token_is_masked() -> None:
    result = redact(f"clone with {GITHUB_FINE_GRAINED} please")
    assert GITHUB_FINE_GRAINED not in result
    assert result == "clone with *** please"


@pytest.mark.parametrize("token", ["sk-" + "a" * 24, "xoxb-1234567890-abc", "AIza" + "A" * 35])
def test_other_well_known_tokens_are_masked(token: str) -> None:
    assert redact(f"[{token}]") == "[***]"


def test_several_secrets_in_one_text() -> None:
    text = f"db=postgres://u:p@h/d password=x key={AWS_KEY_ID}"
    assert redact(text) == "db=postgres://u:***@h/d password=*** key=***"


# --- text without secrets ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "",
    "Store face-db/templates holds face-template and states no encryption",
    "events -> vendor-api carries face-template over https (tls 1.2)",
    "https://example.com/path?x=1#frag",
    "contact guest@example.com",
    "postgres://host/db",
    "mysql://root:@localhost/db",
    "encryption: {at_rest: aes-256-gcm, key_management: kms}",
    "retention: {days: 30, enforced_by: nightly purge job}",
    "tokens are counted per request",
    "short Bearer abc",
])
def test_text_without_secrets_is_unchanged(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("text", [
    "author: J. Auditor",
    "authority: cyberspace administration",
    "co-author: Li Wei",
])
def test_words_that_merely_contain_auth_are_not_secrets(text: str) -> None:
    assert redact(text) == text


def test_keys_that_merely_start_with_auth_are_kept() -> None:
    assert redact("auth_methods: face") == "auth_methods: face"
    assert redact("basic-auth: admin:hunter2") == "basic-auth: ***"
    assert redact("proxy-authorization=abc123") == "proxy-authorization=***"
