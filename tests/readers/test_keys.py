"""The key and certificate reader: every format, lines, errors, and never a byte of a key."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import os
import struct

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from faceaudit.checklib.keys import (
    describe,
    is_expired,
    is_public_host,
    key_weakness,
    public_hosts,
    weak_signature_hash,
)
from faceaudit.errors import ErrorRecord
from faceaudit.model import KeyMaterial, Provenance
from faceaudit.readers import keys

RSA = rsa.generate_private_key(65537, 2048)
EC = ec.generate_private_key(ec.SECP256R1())
ED = ed25519.Ed25519PrivateKey.generate()
PEM, DER = serialization.Encoding.PEM, serialization.Encoding.DER
PKCS8 = serialization.PrivateFormat.PKCS8
TRADITIONAL = serialization.PrivateFormat.TraditionalOpenSSL
PLAIN = serialization.NoEncryption()
LOCKED = serialization.BestAvailableEncryption(b"fixture")


def _cert(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, host: str,
          issuer: str | None = None) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    issuer_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer or host)])
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
            .public_key(key.public_key()).serial_number(7)
            .not_valid_before(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
            .not_valid_after(datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .sign(key, hashes.SHA256()))


CERT = _cert(RSA, "api.example.com")


def _read(data: bytes, path: str = "certs/x.pem") -> tuple[tuple[KeyMaterial, ...],
                                                           tuple[ErrorRecord, ...]]:
    return keys.read(data, path)


def _one(data: bytes, path: str = "certs/x.pem") -> KeyMaterial:
    found, errors = _read(data, path)
    assert errors == ()
    assert len(found) == 1
    return found[0]


def _spki_fingerprint(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
                      | ed25519.Ed25519PrivateKey) -> str:
    return keys.fingerprint_of_public_key(key.public_key())


# --- claims --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "head", "claimed"), [
    ("server.key", b"-----BEGIN PRIVATE KEY-----\nMIIE", True),
    ("api.crt", b"-----BEGIN CERTIFICATE-----\nMIIB", True),
    ("bundle.pem", b"# chain\n-----BEGIN RSA PRIVATE KEY-----\n", True),
    ("client.p12", b"\x30\x82\x09\x00", True),
    ("ca.der", b"\x30\x82\x01\x00", True),
    ("id_ed25519", b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl", True),
    ("id_rsa", b"ssh-rsa AAAA...", False),
    ("public.pem", b"-----BEGIN PUBLIC KEY-----\nMIIB", False),
    ("notes.key", b"just text", False),
    ("settings.yaml", b"tls_key: |\n  -----BEGIN PRIVATE KEY-----\n", False),
    ("config.env", b"-----BEGIN PRIVATE KEY-----\n", False),
])
def test_claims_by_name_and_head(name: str, head: bytes, claimed: bool) -> None:
    assert keys.claims(name, head) is claimed


# --- formats -------------------------------------------------------------------------------------


def test_pkcs8_pem_rsa_key() -> None:
    found = _one(RSA.private_bytes(PEM, PKCS8, PLAIN), "config/tls/server.key")
    assert (found.kind, found.format, found.algorithm, found.size, found.encrypted) == (
        "private-key", "pkcs8", "rsa", 2048, False)
    assert found.provenance == Provenance("config/tls/server.key", 1, "1")
    assert found.fingerprint == _spki_fingerprint(RSA)


def test_traditional_pem_ec_key() -> None:
    found = _one(EC.private_bytes(PEM, TRADITIONAL, PLAIN))
    assert (found.format, found.algorithm, found.size, found.curve) == (
        "pem", "ec", 256, "secp256r1")


def test_small_rsa_dsa_and_small_curve() -> None:
    small = rsa.generate_private_key(65537, 1024)
    assert _one(small.private_bytes(PEM, PKCS8, PLAIN)).size == 1024
    found = _one(dsa.generate_private_key(2048).private_bytes(PEM, PKCS8, PLAIN))
    assert (found.algorithm, found.size) == ("dsa", 2048)
    found = _one(ec.generate_private_key(ec.SECP192R1()).private_bytes(PEM, PKCS8, PLAIN))
    assert (found.curve, found.size) == ("secp192r1", 192)


def test_encrypted_pkcs8_key_has_no_algorithm() -> None:
    found = _one(EC.private_bytes(PEM, PKCS8, LOCKED))
    assert (found.kind, found.format, found.encrypted, found.algorithm) == (
        "private-key", "pkcs8", True, None)
    assert found.fingerprint is None


def test_encrypted_traditional_key_takes_the_algorithm_from_the_label() -> None:
    found = _one(RSA.private_bytes(PEM, TRADITIONAL, LOCKED))
    assert (found.format, found.encrypted, found.algorithm) == ("pem", True, "rsa")


def test_openssh_key() -> None:
    data = ED.private_bytes(PEM, serialization.PrivateFormat.OpenSSH, PLAIN)
    found = _one(data, "deploy/id_ed25519")
    assert (found.format, found.algorithm, found.encrypted) == ("openssh", "ed25519", False)
    assert found.fingerprint == _spki_fingerprint(ED)


def _ssh_string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


def test_encrypted_openssh_key_is_described_from_its_public_part() -> None:
    public = ED.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                          serialization.PublicFormat.OpenSSH)
    public_blob = base64.b64decode(public.split()[1])
    blob = (b"openssh-key-v1\x00" + _ssh_string(b"aes256-ctr") + _ssh_string(b"bcrypt")
            + _ssh_string(_ssh_string(os.urandom(16)) + struct.pack(">I", 16))
            + struct.pack(">I", 1) + _ssh_string(public_blob) + _ssh_string(os.urandom(96)))
    body = base64.encodebytes(blob)
    data = b"-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + b"-----END OPENSSH PRIVATE KEY-----\n"
    found = _one(data, "id_ed25519")
    assert (found.format, found.algorithm, found.encrypted) == ("openssh", "ed25519", True)
    assert found.fingerprint == _spki_fingerprint(ED)


def test_der_key_and_encrypted_der_key() -> None:
    found = _one(RSA.private_bytes(DER, PKCS8, PLAIN), "keys/server.der")
    assert (found.kind, found.format, found.algorithm, found.encrypted) == (
        "private-key", "der", "rsa", False)
    assert found.provenance.line == 1
    found = _one(RSA.private_bytes(DER, PKCS8, LOCKED), "keys/server.pk8")
    assert (found.format, found.encrypted, found.algorithm) == ("der", True, None)


def test_certificate_pem_and_der() -> None:
    for data, fmt in ((CERT.public_bytes(PEM), "pem"), (CERT.public_bytes(DER), "der")):
        found = _one(data, "certs/api.crt")
        assert found.kind == "certificate"
        assert found.format == fmt
        assert (found.algorithm, found.size) == ("rsa", 2048)
        assert found.subject == found.issuer == "CN=api.example.com"
        assert found.not_after == "2100-01-01"
        assert found.self_signed is True
        assert found.signature_hash == "sha256"
        assert found.hosts == ("api.example.com",)
        assert found.fingerprint is not None and found.fingerprint.startswith("SHA256:")


def test_certificate_issued_by_another_is_not_self_signed() -> None:
    issued = _cert(EC, "api.example.com", issuer="Some CA")
    assert _one(issued.public_bytes(PEM)).self_signed is False


def test_pkcs12_without_a_password() -> None:
    data = pkcs12.serialize_key_and_certificates(b"c", RSA, CERT, None, PLAIN)
    found, errors = _read(data, "certs/client.p12")
    assert errors == ()
    assert [(k.kind, k.format) for k in found] == [("private-key", "pkcs12"),
                                                   ("certificate", "pkcs12")]
    assert [k.provenance.pointer for k in found] == ["1", "2"]
    assert found[0].encrypted is False
    assert found[0].fingerprint == _spki_fingerprint(RSA)


def test_pkcs12_with_a_password_is_recorded_as_encrypted() -> None:
    data = pkcs12.serialize_key_and_certificates(b"c", RSA, CERT, None, LOCKED)
    found = _one(data, "certs/client.pfx")
    assert (found.kind, found.format, found.encrypted, found.algorithm) == (
        "pkcs12", "pkcs12", True, None)


# --- several blocks, errors ---------------------------------------------------------------------


def test_several_pem_blocks_with_their_lines() -> None:
    key = EC.private_bytes(PEM, TRADITIONAL, PLAIN)
    cert = CERT.public_bytes(PEM)
    public = RSA.public_key().public_bytes(PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    data = b"# the bundle\n\n" + key + public + cert
    found, errors = _read(data, "certs/bundle.pem")
    assert errors == ()
    assert [k.kind for k in found] == ["private-key", "certificate"]
    key_lines = key.count(b"\n")
    public_lines = public.count(b"\n")
    assert found[0].provenance == Provenance("certs/bundle.pem", 3, "1")
    # the public key is block 2 and is not reported
    assert found[1].provenance == Provenance("certs/bundle.pem", 3 + key_lines + public_lines,
                                             "3")


SECRET_BODY = b"U2VjcmV0U2VjcmV0U2VjcmV0U2VjcmV0U2VjcmV0"


def test_unreadable_block_is_an_error_without_its_bytes() -> None:
    broken = (b"-----BEGIN PRIVATE KEY-----\n" + SECRET_BODY + b"\n-----END PRIVATE KEY-----\n")
    unterminated = b"-----BEGIN RSA PRIVATE KEY-----\n" + SECRET_BODY + b"\n"
    data = CERT.public_bytes(PEM) + broken + unterminated
    found, errors = _read(data, "certs/mixed.pem")
    assert [k.kind for k in found] == ["certificate"]
    assert len(errors) == 2
    cert_lines = CERT.public_bytes(PEM).count(b"\n")
    assert [e.line for e in errors] == [cert_lines + 1, cert_lines + 4]
    assert all(e.path == "certs/mixed.pem" for e in errors)
    for error in errors:
        assert SECRET_BODY.decode() not in error.reason
        assert "U2Vj" not in error.reason
    assert "PRIVATE KEY" in errors[0].reason


def test_binary_garbage_is_an_error() -> None:
    found, errors = _read(b"\x30\x03\x02\x01\x00", "certs/broken.der")
    assert found == ()
    assert errors[0].reason == "not a readable DER key or certificate"
    found, errors = _read(b"plain text", "certs/empty.key")
    assert found == () and len(errors) == 1


def test_fingerprint_is_stable_across_reads_and_encodings() -> None:
    forms = [RSA.private_bytes(PEM, PKCS8, PLAIN), RSA.private_bytes(PEM, TRADITIONAL, PLAIN),
             RSA.private_bytes(DER, PKCS8, PLAIN)]
    prints = {_one(data, "k.key").fingerprint for data in forms + forms}
    assert prints == {_spki_fingerprint(RSA)}
    assert _one(CERT.public_bytes(PEM)).fingerprint == _one(CERT.public_bytes(DER)).fingerprint


def test_no_field_holds_key_bytes() -> None:
    sources = [RSA.private_bytes(PEM, PKCS8, PLAIN), EC.private_bytes(PEM, TRADITIONAL, PLAIN),
               ED.private_bytes(PEM, serialization.PrivateFormat.OpenSSH, PLAIN),
               CERT.public_bytes(PEM)]
    data = b"".join(sources)
    found, errors = _read(data, "certs/all.pem")
    assert len(found) == 4 and errors == ()
    bodies = [line.decode() for line in data.splitlines()
              if line and not line.startswith(b"-----")]
    raw = [RSA.private_bytes(DER, PKCS8, PLAIN), EC.private_bytes(DER, PKCS8, PLAIN)]
    for item in found:
        for value in dataclasses.asdict(item).values():
            text = str(value)
            assert "BEGIN" not in text
            assert not any(body in text for body in bodies if len(body) >= 16)
            assert not any(base64.b64encode(r)[:24].decode() in text for r in raw)
            assert not any(r.hex()[:32] in text for r in raw)


# --- the checks' helpers ------------------------------------------------------------------------


def _material(**fields: object) -> KeyMaterial:
    base: dict[str, object] = dict(kind="certificate", format="pem", algorithm="rsa", size=2048,
                                   curve=None, fingerprint="SHA256:00", encrypted=None,
                                   provenance=Provenance("certs/a.pem", 1, "1"))
    base.update(fields)
    return KeyMaterial(**base)  # type: ignore[arg-type]


def test_weak_signature_hash_on_hand_built_material() -> None:
    assert weak_signature_hash(_material(signature_hash="sha1")) == "sha1"
    assert weak_signature_hash(_material(signature_hash="md2")) == "md2"
    assert weak_signature_hash(_material(signature_hash="sha256")) is None
    assert weak_signature_hash(_material(signature_hash=None)) is None
    assert weak_signature_hash(_material(kind="private-key", signature_hash="sha1")) is None


def test_key_weakness_and_description() -> None:
    assert key_weakness(_material(size=1024)) is not None
    assert key_weakness(_material(size=2048)) is None
    assert key_weakness(_material(algorithm="dsa", size=3072)) is not None
    assert key_weakness(_material(algorithm="ec", size=224, curve="secp224r1")) is not None
    assert key_weakness(_material(algorithm="ec", size=256, curve="secp256r1")) is None
    assert key_weakness(_material(algorithm="ed25519", size=None)) is None
    assert key_weakness(_material(kind="pkcs12", algorithm=None, size=None)) is None
    assert describe(_material(algorithm="ec", size=256, curve="secp256r1")) == "EC secp256r1"
    assert describe(_material(algorithm=None, size=None)) == "algorithm unknown"


def test_expiry_against_the_scan_date() -> None:
    assert is_expired(_material(not_after="2001-01-01"), "2025-06-01")
    assert not is_expired(_material(not_after="2100-01-01"), "2025-06-01")
    assert not is_expired(_material(not_after="2001-01-01"), None)
    assert not is_expired(_material(not_after="2025-06-01"), "2025-06-01")


@pytest.mark.parametrize(("host", "public"), [
    ("api.example.com", True), ("*.faces.example.cn", True), ("8.8.8.8", True),
    ("localhost", False), ("nvr.local", False), ("svc.internal", False), ("cam.lan", False),
    ("edge", False), ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.9", False),
    ("::1", False), ("fd00::1", False), ("face-db.localhost", False),
])
def test_public_hosts(host: str, public: bool) -> None:
    assert is_public_host(host) is public


def test_common_name_stands_in_when_there_are_no_alternative_names() -> None:
    cert = _material(self_signed=True, subject="O=Acme,CN=api.example.com")
    assert public_hosts(cert) == ("api.example.com",)
    assert public_hosts(_material(subject="CN=Acme Root CA")) == ()
