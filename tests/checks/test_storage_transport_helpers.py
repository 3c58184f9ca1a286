"""The parsers and tables of checklib.storage and checklib.transport, tested directly."""

from __future__ import annotations

import pytest

from faceaudit.checklib.storage import (
    KEYS_BESIDE_DATA,
    authorisation_gap,
    cipher_words,
    column_object,
    key_management_missing,
    keys_beside_data,
    normalise_value,
    parse_cipher,
    table_object,
)
from faceaudit.checklib.transport import (
    ENCRYPTED_PROTOCOLS,
    PLAINTEXT_PROTOCOLS,
    PLAINTEXT_UNLESS_TLS_PROTOCOLS,
    TLS_VERSIONS,
    ProtocolKind,
    flow_key,
    flow_zone,
    parse_protocol,
    parse_tls,
    plaintext_reason,
)
from faceaudit.model import (
    Column,
    Component,
    ComponentKind,
    Consent,
    DataCategory,
    Encryption,
    Flow,
    LegalBasis,
    Provenance,
    Store,
    SystemModel,
    Table,
    Zone,
)

HERE = Provenance("faceaudit.yaml", 1, "/")


def _component(cid: str, zone: Zone = Zone.ON_PREMISES,
               kind: ComponentKind = ComponentKind.DATASTORE) -> Component:
    return Component(cid, kind, zone, None, None, (), HERE)


def _encryption(key_management: str | None = None,
                keys_with_data: bool | None = None) -> Encryption:
    return Encryption("aes-256-gcm", key_management, keys_with_data, HERE)


def _flow(source: str = "cam", target: str = "svc", protocol: str | None = None,
          tls: str | None = None, data: frozenset[DataCategory] | None = None) -> Flow:
    return Flow(source, target, data or frozenset({DataCategory.FACE_IMAGE}), protocol, tls,
                None, None, HERE)


# --- Ciphers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["aes_256_cbc", "AES-256-CBC", "aes256-cbc", "AES256CBC",
                                  "aes 256 cbc", "A256CBC"])
def test_spellings_of_aes_256_cbc_read_the_same(text: str) -> None:
    cipher = parse_cipher(text)
    assert (cipher.family, cipher.key_bits, cipher.modes, cipher.authenticated) == \
        ("aes", 256, frozenset({"cbc"}), False)
    assert len(cipher.weaknesses) == 1
    assert cipher.weaknesses[0].startswith("CBC mode without an authentication tag")


def test_compound_words_are_split_only_for_known_families_and_modes() -> None:
    assert cipher_words("AES256-GCM") == ("aes", "256", "gcm")
    assert cipher_words("A128CBC-HS256") == ("aes", "128", "cbc", "hs256")
    assert cipher_words("sm4gcm") == ("sm4", "gcm")
    assert cipher_words("authenticated aesni") == ("authenticated", "aesni")
    assert cipher_words("chacha20-poly1305") == ("chacha20", "poly1305")


@pytest.mark.parametrize(("text", "family"), [
    ("des", "des"), ("DES-CBC", "des"), ("3des", "3des"), ("3DES", "3des"), ("tdes", "3des"),
    ("TDEA", "3des"), ("triple-des", "3des"), ("Triple DES", "3des"), ("des-ede3-cbc", "3des"),
    ("des3", "3des"), ("DESede", "3des"), ("3-des", "3des"), ("rc4", "rc4"), ("arcfour", "rc4"),
    ("RC4-128", "rc4"), ("rc2-cbc", "rc2"), ("blowfish", "blowfish"), ("bf-cbc", "blowfish"),
    ("idea-cbc", "idea"), ("cast5-cbc", "cast5"),
])
def test_weak_families_are_weak_whatever_the_mode(text: str, family: str) -> None:
    cipher = parse_cipher(text)
    assert cipher.family == family
    assert cipher.weaknesses


@pytest.mark.parametrize("text", ["aes-256-ecb", "AES_128_ECB", "sm4-ecb", "aes256ecb"])
def test_ecb_is_weak_even_with_a_strong_cipher(text: str) -> None:
    assert any(w.startswith("ECB mode") for w in parse_cipher(text).weaknesses)


@pytest.mark.parametrize("text", ["aes-256-ctr", "aes-128-cfb8", "aes-192-ofb", "sm4-cbc"])
def test_other_unauthenticated_modes_are_weak(text: str) -> None:
    assert parse_cipher(text).weaknesses


@pytest.mark.parametrize("text", ["aes-64", "aes64-gcm", "AES-56-GCM", "camellia-64-gcm"])
def test_keys_under_128_bits_are_weak(text: str) -> None:
    cipher = parse_cipher(text)
    assert cipher.key_bits is not None and cipher.key_bits < 128
    assert any("bit key is shorter than 128 bits" in w for w in cipher.weaknesses)


@pytest.mark.parametrize("text", [
    "aes-256-gcm", "AES-128-GCM", "aes-cbc-hmac-sha256", "aes-256-cbc-hmac-sha1",
    "A128CBC-HS256", "aes256-cbc + HMAC-SHA256", "chacha20-poly1305", "xchacha20-poly1305",
    "sm4-gcm", "aes-256-gcm-siv", "aes-128-ccm", "aes-256-ocb", "aes-siv", "camellia-256-gcm",
])
def test_authenticated_ciphers_are_not_weak(text: str) -> None:
    cipher = parse_cipher(text)
    assert cipher.weaknesses == ()


@pytest.mark.parametrize("text", ["tde", "luks2", "bitlocker", "aes-256", "aes",
                                  "aes-xts-plain64", "chacha20", "sse-kms", "sqlcipher", ""])
def test_unknown_or_incomplete_names_give_no_weakness(text: str) -> None:
    assert parse_cipher(text).weaknesses == ()


def test_a_negated_mac_does_not_authenticate() -> None:
    assert parse_cipher("aes-256-cbc without hmac-sha256").authenticated is False
    assert parse_cipher("aes-256-cbc, no mac").authenticated is False
    assert parse_cipher("aes-256-cbc with hmac-sha256").authenticated is True


def test_weak_family_and_weak_mode_both_reported() -> None:
    reasons = parse_cipher("des-ede3-cbc").weaknesses
    assert len(reasons) == 2
    assert reasons[0].startswith("Triple DES")
    assert reasons[1].startswith("CBC mode")


# --- Keys ---------------------------------------------------------------------------------------

def test_normalise_value() -> None:
    assert normalise_value(" Same DB ") == "same-db"
    assert normalise_value("same_database") == "same-database"
    assert normalise_value("Config-File") == "config-file"
    assert normalise_value(None) == ""


@pytest.mark.parametrize(("value", "missing"), [
    (None, True), ("", True), ("none", True), ("None", True), ("unmanaged", True), ("no", True),
    ("kms", False), ("hsm", False), ("tpm", False), ("same-database", False),
])
def test_key_management_missing(value: str | None, missing: bool) -> None:
    assert key_management_missing(_encryption(value)) is missing


def test_keys_with_data_flag_puts_keys_beside_data() -> None:
    assert keys_beside_data(_component("db"), _encryption("kms", True)) == "keys_with_data: true"


@pytest.mark.parametrize("value", ["same-database", "Same Database", "same_db", "in-db",
                                   "in db", "column", "key-column", "same-host", "same-bucket",
                                   "with-data"])
def test_named_places_beside_the_data(value: str) -> None:
    reason = keys_beside_data(_component("db"), _encryption(value, False))
    assert reason is not None and "names the data's own location" in reason


@pytest.mark.parametrize("value", ["kms", "hsm", "tpm", "vault", "same-region", "in-kms",
                                   "secure-element", None])
def test_places_apart_from_the_data(value: str | None) -> None:
    assert keys_beside_data(_component("db"), _encryption(value)) is None


@pytest.mark.parametrize("value", ["config-file", "env", "Environment Variable", "local_file",
                                   "firmware"])
def test_host_local_places_count_only_on_a_device(value: str) -> None:
    device = _component("lock", Zone.DEVICE, ComponentKind.EDGE_DEVICE)
    service = _component("svc", Zone.ON_PREMISES, ComponentKind.SERVICE)
    assert keys_beside_data(device, _encryption(value)) is not None
    assert keys_beside_data(service, _encryption(value)) is None


def test_keys_beside_data_table_is_normalised() -> None:
    assert all(value == normalise_value(value) for value in KEYS_BESIDE_DATA)


# --- Authorisation of raw images ----------------------------------------------------------------

def test_authorisation_gap() -> None:
    model = SystemModel(consents=(
        Consent("bundled", False, (), None, HERE),
        Consent("photos", True, ("app",), None, HERE),
        Consent("kiosk-only", True, ("app",), None, HERE, covers=("kiosk",)),
    ))
    db = _component("db")
    assert authorisation_gap(model, db, None) == "no raw_images_authorized_by is recorded"
    assert authorisation_gap(model, db, LegalBasis(None, "Some Law Art. 7", HERE)) is None
    assert authorisation_gap(model, db, LegalBasis("photos", None, HERE)) is None
    assert authorisation_gap(model, db, LegalBasis("bundled", None, HERE)) == \
        "consent 'bundled' is not a separate consent"
    assert authorisation_gap(model, db, LegalBasis("missing", None, HERE)) == \
        "consent 'missing' is not recorded"
    assert authorisation_gap(model, db, LegalBasis("kiosk-only", None, HERE)) == \
        "consent 'kiosk-only' does not cover db"
    assert authorisation_gap(model, _component("kiosk"),
                             LegalBasis("kiosk-only", None, HERE)) is None
    assert authorisation_gap(model, db, LegalBasis(None, None, HERE)) == \
        "raw_images_authorized_by names neither a law nor a separate consent"


def test_table_and_column_objects() -> None:
    column = Column("full_name", "text", frozenset({DataCategory.IDENTITY}), "", HERE)
    table = Table("members", (column,), HERE)
    named = Store("members", frozenset(), (table,), None, None, HERE)
    unnamed = Store(None, frozenset(), (table,), None, None, HERE)
    db = Component("member-db", ComponentKind.DATASTORE, Zone.CLOUD, None, None,
                   (named, unnamed), HERE)
    assert table_object(db, named, table) == "member-db/members:members"
    assert table_object(db, unnamed, table) == "member-db:members"
    assert column_object(db, named, table, column) == "member-db/members:members.full_name"


# --- Protocols ----------------------------------------------------------------------------------

def test_protocol_tables_do_not_overlap() -> None:
    assert not ENCRYPTED_PROTOCOLS & PLAINTEXT_PROTOCOLS
    assert not ENCRYPTED_PROTOCOLS & PLAINTEXT_UNLESS_TLS_PROTOCOLS
    assert not PLAINTEXT_PROTOCOLS & PLAINTEXT_UNLESS_TLS_PROTOCOLS


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("https", "https", ProtocolKind.ENCRYPTED),
    ("HTTPS", "https", ProtocolKind.ENCRYPTED),
    ("wss", "wss", ProtocolKind.ENCRYPTED),
    ("mqtts", "mqtts", ProtocolKind.ENCRYPTED),
    ("sftp", "sftp", ProtocolKind.ENCRYPTED),
    ("rtsps", "rtsps", ProtocolKind.ENCRYPTED),
    ("amqps", "amqps", ProtocolKind.ENCRYPTED),
    ("grpcs", "grpcs", ProtocolKind.ENCRYPTED),
    ("h2", "https", ProtocolKind.ENCRYPTED),
    ("mqtt+tls", "mqtt", ProtocolKind.ENCRYPTED),
    ("rtsp over tls", "rtsp", ProtocolKind.ENCRYPTED),
    ("postgresql/ssl", "postgresql", ProtocolKind.ENCRYPTED),
    ("http", "http", ProtocolKind.PLAINTEXT),
    ("HTTP/1.1", "http", ProtocolKind.PLAINTEXT),
    ("ws", "ws", ProtocolKind.PLAINTEXT),
    ("telnet", "telnet", ProtocolKind.PLAINTEXT),
    ("RTSP", "rtsp", ProtocolKind.PLAINTEXT),
    ("amqp", "amqp", ProtocolKind.PLAINTEXT),
    ("mqtt", "mqtt", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("mqtt5", "mqtt", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("mqtt (no tls)", "mqtt", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("ftp", "ftp", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("smtp", "smtp", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("tcp/ip", "tcp", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("udp", "udp", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("grpc", "grpc", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("postgres", "postgresql", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("MySQL", "mysql", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("pop3", "pop3", ProtocolKind.PLAINTEXT_UNLESS_TLS),
    ("pop3s", "pop3s", ProtocolKind.ENCRYPTED),
    ("onvif", "onvif", ProtocolKind.UNKNOWN),
    ("vendor-sdk", "vendor", ProtocolKind.UNKNOWN),
    ("", "", ProtocolKind.UNKNOWN),
])
def test_parse_protocol(text: str, name: str, kind: ProtocolKind) -> None:
    protocol = parse_protocol(text)
    assert (protocol.name, protocol.kind) == (name, kind)


# --- TLS ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "enabled", "versions"), [
    ("1.3", True, ("1.3",)),
    ("1.2", True, ("1.2",)),
    ("1.0", True, ("1.0",)),
    ("1.1", True, ("1.1",)),
    ("TLSv1", True, ("1.0",)),
    ("tlsv1.1", True, ("1.1",)),
    ("TLS 1.2", True, ("1.2",)),
    ("tls1_3", True, ("1.3",)),
    ("tls12", True, ("1.2",)),
    ("ssl3", True, ("ssl3",)),
    ("SSLv3", True, ("ssl3",)),
    ("sslv2", True, ("ssl2",)),
    ("1.2+", True, ("1.2",)),
    ("1.0-1.3", True, ("1.0", "1.3")),
    ("1.3, 1.2", True, ("1.2", "1.3")),
    ("none", False, ()),
    ("None", False, ()),
    ("0", False, ()),
    ("off", False, ()),
    ("1", True, ()),
    ("required", True, ()),
    ("mtls", True, ()),
    ("sometimes", None, ()),
    ("2.5", None, ()),
])
def test_parse_tls(text: str, enabled: bool | None, versions: tuple[str, ...]) -> None:
    tls = parse_tls(text)
    assert (tls.enabled, tls.versions) == (enabled, versions)


@pytest.mark.parametrize(("text", "below"), [
    ("1.0", True), ("1.1", True), ("ssl3", True), ("1.0-1.3", True), ("1.2", False),
    ("1.3", False), ("1.2+", False), ("required", False), ("none", False),
])
def test_below_minimum(text: str, below: bool) -> None:
    assert parse_tls(text).below_minimum is below


def test_tls_versions_are_ordered_oldest_first() -> None:
    assert TLS_VERSIONS.index("ssl3") < TLS_VERSIONS.index("1.0") < TLS_VERSIONS.index("1.2")


# --- Flows --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("protocol", "tls", "shown"), [
    ("https", None, False),
    ("https", "none", True),
    ("tcp", "0", True),
    ("http", None, True),
    ("http", "1.3", True),
    ("mqtt", None, True),
    ("mqtt", "1.2", False),
    ("postgresql", None, True),
    ("postgresql", "1.3", False),
    ("grpc", "required", False),
    ("onvif", None, False),
    (None, None, False),
    (None, "off", True),
])
def test_plaintext_reason(protocol: str | None, tls: str | None, shown: bool) -> None:
    assert (plaintext_reason(_flow(protocol=protocol, tls=tls)) is not None) is shown


def test_flow_zone_is_the_more_exposed_end() -> None:
    model = SystemModel(components=(
        _component("cam", Zone.DEVICE, ComponentKind.CAPTURE_DEVICE),
        _component("cloud", Zone.CLOUD, ComponentKind.SERVICE),
        _component("vendor", Zone.CLOUD, ComponentKind.EXTERNAL),
    ))
    assert flow_zone(model, _flow("cam", "cloud")) is Zone.CLOUD
    assert flow_zone(model, _flow("cloud", "cam")) is Zone.CLOUD
    assert flow_zone(model, _flow("cam", "vendor")) is Zone.CLOUD
    assert flow_zone(model, _flow("ghost", "phantom")) is None


def test_flow_key_tells_repeated_labels_apart() -> None:
    first = _flow(protocol="https")
    second = Flow("cam", "svc", frozenset({DataCategory.FACE_TEMPLATE}), "mqtt", None, None,
                  None, Provenance("faceaudit.yaml", 9, "/flows/1"))
    other = _flow("svc", "db")
    model = SystemModel(flows=(first, second, other))
    assert flow_key(model, first) == "cam -> svc"
    assert flow_key(model, second) == "cam -> svc#1"
    assert flow_key(model, other) == "svc -> db"
