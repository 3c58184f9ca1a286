"""Private keys and certificates, described and never copied.

The reader takes key and certificate files (``.pem``, ``.key``, ``.crt``, ``.cer``, ``.der``,
``.p12``, ``.pfx``, ``.p8``, ``.pk8``, and OpenSSH's ``id_rsa``, ``id_dsa``, ``id_ecdsa``,
``id_ed25519``) and gives one :class:`~faceaudit.model.KeyMaterial` per key or certificate in
them: the kind, the format, the algorithm, the size or curve, the fingerprint, whether a private
key is protected by a passphrase and, for certificates, the subject, issuer, expiry, signature
hash and host names. The bytes of a key, its PEM text or its base64 never reach a field, a
message or an error record.

Formats (``KeyMaterial.format``): ``pkcs8`` for a PEM ``PRIVATE KEY`` or ``ENCRYPTED PRIVATE
KEY`` block, ``pem`` for the traditional ``RSA``/``EC``/``DSA PRIVATE KEY`` blocks and PEM
certificates, ``openssh`` for ``OPENSSH PRIVATE KEY``, ``der`` for binary keys and certificates,
``pkcs12`` for what a PKCS#12 bundle holds.

Each fact's provenance has the 1-based line where its block begins (1 for binary files) and, as
``pointer``, the 1-based position of the block in the file: every PEM block counts, whatever its
label, so ``#2`` is the second ``-----BEGIN`` of the file; in a PKCS#12 bundle the key is ``1``
and the certificates follow. Checks name a fact ``<path>#<pointer>``.

The fingerprint is ``SHA256:`` and the hex SHA-256 of the public key in DER
SubjectPublicKeyInfo for a key (so a key and its certificate's key can be matched), and of the
certificate's DER for a certificate.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x448, x25519
from cryptography.hazmat.primitives.serialization import pkcs12

from faceaudit.errors import ErrorRecord
from faceaudit.model import KeyMaterial, Provenance

NAME = "key-material"
SUFFIXES = frozenset({".pem", ".key", ".crt", ".cer", ".der", ".p12", ".pfx", ".p8", ".pk8"})
SSH_NAMES = frozenset({"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"})

_PKCS12_SUFFIXES = frozenset({".p12", ".pfx"})
_BEGIN = re.compile(rb"-----BEGIN ([A-Z0-9 ]{1,64})-----")
_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]{1,64})-----(.*?)-----END \1-----", re.DOTALL)
_CERTIFICATE_LABELS = frozenset({"CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"})
_PKCS8_LABELS = frozenset({"PRIVATE KEY", "ENCRYPTED PRIVATE KEY"})
_TRADITIONAL_LABELS = {"RSA PRIVATE KEY": "rsa", "EC PRIVATE KEY": "ec",
                       "DSA PRIVATE KEY": "dsa"}
_OPENSSH_LABEL = "OPENSSH PRIVATE KEY"
_MATERIAL_LABELS = frozenset(
    {*_CERTIFICATE_LABELS, *_PKCS8_LABELS, *_TRADITIONAL_LABELS, _OPENSSH_LABEL})
_SSH_TYPES = {"ssh-rsa": "rsa", "ssh-dss": "dsa", "ssh-ed25519": "ed25519",
              "ssh-ed448": "ed448", "ecdsa-sha2-nistp256": "ec", "ecdsa-sha2-nistp384": "ec",
              "ecdsa-sha2-nistp521": "ec", "sk-ssh-ed25519@openssh.com": "ed25519",
              "sk-ecdsa-sha2-nistp256@openssh.com": "ec"}
_OPENSSH_MAGIC = b"openssh-key-v1\x00"
# Signature algorithms cryptography may not name (md2, md4): by OID.
_SIGNATURE_HASH_BY_OID = {
    "1.2.840.113549.1.1.2": "md2", "1.2.840.113549.1.1.3": "md4",
    "1.2.840.113549.1.1.4": "md5", "1.2.840.113549.1.1.5": "sha1",
    "1.2.840.10040.4.3": "sha1", "1.2.840.10045.4.1": "sha1", "1.3.14.3.2.29": "sha1",
}

PublicKey = (rsa.RSAPublicKey | dsa.DSAPublicKey | ec.EllipticCurvePublicKey
             | ed25519.Ed25519PublicKey | ed448.Ed448PublicKey | x25519.X25519PublicKey
             | x448.X448PublicKey)


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def claims(name: str, head: bytes) -> bool:
    """Whether a file is key or certificate material, by its name and its first bytes."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if base in SSH_NAMES:
        return any(m.group(1).decode("ascii") in _MATERIAL_LABELS for m in _BEGIN.finditer(head))
    suffix = _suffix(base)
    if suffix not in SUFFIXES:
        return False
    if any(m.group(1).decode("ascii") in _MATERIAL_LABELS for m in _BEGIN.finditer(head)):
        return True
    # Binary: DER and PKCS#12 are an ASN.1 SEQUENCE.
    return head[:1] == b"\x30"


def fingerprint_of_public_key(public_key: PublicKey) -> str:
    der = public_key.public_bytes(serialization.Encoding.DER,
                                  serialization.PublicFormat.SubjectPublicKeyInfo)
    return "SHA256:" + hashlib.sha256(der).hexdigest()


@dataclass(frozen=True)
class _Described:
    algorithm: str | None
    size: int | None
    curve: str | None
    fingerprint: str | None


def _describe(public_key: object) -> _Described:
    if isinstance(public_key, rsa.RSAPublicKey):
        return _Described("rsa", public_key.key_size, None, fingerprint_of_public_key(public_key))
    if isinstance(public_key, dsa.DSAPublicKey):
        return _Described("dsa", public_key.key_size, None, fingerprint_of_public_key(public_key))
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return _Described("ec", public_key.curve.key_size, public_key.curve.name,
                          fingerprint_of_public_key(public_key))
    named: tuple[tuple[type, str], ...] = (
        (ed25519.Ed25519PublicKey, "ed25519"), (ed448.Ed448PublicKey, "ed448"),
        (x25519.X25519PublicKey, "x25519"), (x448.X448PublicKey, "x448"))
    for kind, algorithm in named:
        if isinstance(public_key, kind):
            return _Described(algorithm, None, None,
                              fingerprint_of_public_key(public_key))  # type: ignore[arg-type]
    return _Described(type(public_key).__name__.lower() or None, None, None, None)


def _private_key(key: object, fmt: str, prov: Provenance) -> KeyMaterial:
    public = getattr(key, "public_key", None)
    described = _describe(public()) if callable(public) else _Described(None, None, None, None)
    return KeyMaterial(kind="private-key", format=fmt, algorithm=described.algorithm,
                       size=described.size, curve=described.curve,
                       fingerprint=described.fingerprint, encrypted=False, provenance=prov)


def _encrypted_key(fmt: str, algorithm: str | None, prov: Provenance,
                   described: _Described | None = None) -> KeyMaterial:
    if described is not None:
        return KeyMaterial(kind="private-key", format=fmt, algorithm=described.algorithm,
                           size=described.size, curve=described.curve,
                           fingerprint=described.fingerprint, encrypted=True, provenance=prov)
    return KeyMaterial(kind="private-key", format=fmt, algorithm=algorithm, size=None,
                       curve=None, fingerprint=None, encrypted=True, provenance=prov)


def _signature_hash(cert: x509.Certificate) -> str | None:
    try:
        algorithm = cert.signature_hash_algorithm
    except UnsupportedAlgorithm:
        return _SIGNATURE_HASH_BY_OID.get(cert.signature_algorithm_oid.dotted_string)
    if algorithm is None:
        return None  # Ed25519, Ed448: no separate hash
    return algorithm.name


def _self_signed(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except InvalidSignature:
        return False
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return True  # cannot verify (an unusual algorithm): the names say self-issued
    return True


def _hosts(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (x509.ExtensionNotFound, ValueError):
        return ()
    names = [str(n) for n in san.get_values_for_type(x509.DNSName)]
    names += [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
    return tuple(names)


def _certificate(cert: x509.Certificate, fmt: str, prov: Provenance) -> KeyMaterial:
    try:
        described = _describe(cert.public_key())
    except (ValueError, UnsupportedAlgorithm):
        described = _Described(None, None, None, None)
    der = cert.public_bytes(serialization.Encoding.DER)
    return KeyMaterial(
        kind="certificate", format=fmt, algorithm=described.algorithm, size=described.size,
        curve=described.curve, fingerprint="SHA256:" + hashlib.sha256(der).hexdigest(),
        encrypted=None, provenance=prov, subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_after=cert.not_valid_after_utc.date().isoformat(),
        self_signed=_self_signed(cert), signature_hash=_signature_hash(cert),
        hosts=_hosts(cert))


# --- OpenSSH ------------------------------------------------------------------------------------


def _ssh_string(blob: bytes, offset: int) -> tuple[bytes, int]:
    if offset + 4 > len(blob):
        raise ValueError("truncated")
    (length,) = struct.unpack(">I", blob[offset:offset + 4])
    end = offset + 4 + length
    if end > len(blob):
        raise ValueError("truncated")
    return blob[offset + 4:end], end


def _openssh_public(body: bytes) -> tuple[bool, str | None, _Described | None]:
    """From an OpenSSH private key's base64 body: whether it is encrypted, its algorithm, and
    the description of its public key (which OpenSSH stores in the clear)."""
    blob = base64.b64decode(b"".join(body.split()), validate=True)
    if not blob.startswith(_OPENSSH_MAGIC):
        raise ValueError("not an openssh-key-v1 structure")
    offset = len(_OPENSSH_MAGIC)
    cipher, offset = _ssh_string(blob, offset)
    _kdf, offset = _ssh_string(blob, offset)
    _options, offset = _ssh_string(blob, offset)
    offset += 4  # number of keys
    public_blob, offset = _ssh_string(blob, offset)
    key_type, _ = _ssh_string(public_blob, 0)
    type_name = key_type.decode("ascii", errors="replace")
    encrypted = cipher != b"none"
    try:
        line = key_type + b" " + base64.b64encode(public_blob)
        described: _Described | None = _describe(serialization.load_ssh_public_key(line))
    except (ValueError, UnsupportedAlgorithm):
        described = None
    return encrypted, _SSH_TYPES.get(type_name), described


def _openssh(block: bytes, body: bytes, prov: Provenance) -> KeyMaterial:
    encrypted, algorithm, described = _openssh_public(body)
    if encrypted:
        return _encrypted_key("openssh", algorithm, prov, described)
    try:
        key = serialization.load_ssh_private_key(block, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        if described is None:
            raise
        return KeyMaterial(kind="private-key", format="openssh", algorithm=described.algorithm,
                           size=described.size, curve=described.curve,
                           fingerprint=described.fingerprint, encrypted=False, provenance=prov)
    return _private_key(key, "openssh", prov)


# --- PEM ----------------------------------------------------------------------------------------


def _pem_block(label: str, block: bytes, body: bytes, prov: Provenance) -> KeyMaterial | None:
    if label in _CERTIFICATE_LABELS:
        if label == "TRUSTED CERTIFICATE":
            block = block.replace(b"TRUSTED CERTIFICATE", b"CERTIFICATE")
        return _certificate(x509.load_pem_x509_certificate(block), "pem", prov)
    if label == _OPENSSH_LABEL:
        return _openssh(block, body, prov)
    fmt = "pkcs8" if label in _PKCS8_LABELS else "pem"
    if label in _PKCS8_LABELS or label in _TRADITIONAL_LABELS:
        try:
            key = serialization.load_pem_private_key(block, password=None)
        except TypeError:
            return _encrypted_key(fmt, _TRADITIONAL_LABELS.get(label), prov)
        return _private_key(key, fmt, prov)
    return None  # public keys, requests, parameters: not secret material


def _read_pem(data: bytes, path: str) -> Iterator[KeyMaterial | ErrorRecord]:
    index = 0
    position = 0
    for begin in _BEGIN.finditer(data):
        if begin.start() < position:
            continue  # inside a block already read
        index += 1
        line = data.count(b"\n", 0, begin.start()) + 1
        label = begin.group(1).decode("ascii")
        match = _BLOCK.match(data, begin.start())
        if match is None:
            yield ErrorRecord(path=path, line=line,
                              reason=f"PEM block {label!r} has no matching END line")
            position = begin.end()
            continue
        position = match.end()
        prov = Provenance(path, line, str(index))
        try:
            found = _pem_block(label, match.group(0), match.group(2), prov)
        except (ValueError, TypeError, UnsupportedAlgorithm, binascii.Error) as exc:
            what = "certificate" if label in _CERTIFICATE_LABELS else "key"
            yield ErrorRecord(path=path, line=line, reason=(
                f"unreadable {what} in PEM block {label!r} ({type(exc).__name__})"))
            continue
        if found is not None:
            yield found


# --- Binary -------------------------------------------------------------------------------------


def _read_pkcs12(data: bytes, path: str) -> Iterator[KeyMaterial | ErrorRecord]:
    bundle = None
    for password in (None, b""):
        try:
            bundle = pkcs12.load_pkcs12(data, password)
            break
        except (ValueError, TypeError, UnsupportedAlgorithm):
            continue
    if bundle is None:
        if data[:1] != b"\x30":
            yield ErrorRecord(path=path, line=1, reason="not a readable PKCS#12 bundle")
            return
        yield KeyMaterial(kind="pkcs12", format="pkcs12", algorithm=None, size=None,
                          curve=None, fingerprint=None, encrypted=True,
                          provenance=Provenance(path, 1, "1"))
        return
    index = 0
    if bundle.key is not None:
        index += 1
        yield _private_key(bundle.key, "pkcs12", Provenance(path, 1, str(index)))
    certs = [bundle.cert] if bundle.cert is not None else []
    certs += list(bundle.additional_certs)
    for cert in certs:
        index += 1
        yield _certificate(cert.certificate, "pkcs12", Provenance(path, 1, str(index)))


def _read_der(data: bytes, path: str) -> Iterator[KeyMaterial | ErrorRecord]:
    prov = Provenance(path, 1, "1")
    try:
        yield _certificate(x509.load_der_x509_certificate(data), "der", prov)
        return
    except (ValueError, UnsupportedAlgorithm):
        pass
    try:
        key = serialization.load_der_private_key(data, password=None)
    except TypeError:
        yield _encrypted_key("der", None, prov)
        return
    except (ValueError, UnsupportedAlgorithm):
        pass
    else:
        yield _private_key(key, "der", prov)
        return
    try:
        serialization.load_der_public_key(data)
        return  # a public key: nothing secret
    except (ValueError, UnsupportedAlgorithm):
        pass
    yield ErrorRecord(path=path, line=1, reason="not a readable DER key or certificate")


def read(data: bytes, path: str) -> tuple[tuple[KeyMaterial, ...], tuple[ErrorRecord, ...]]:
    """Every key and certificate of one file, and a record for each that cannot be read."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if _BEGIN.search(data):
        results = list(_read_pem(data, path))
    elif _suffix(name) in _PKCS12_SUFFIXES:
        results = list(_read_pkcs12(data, path))
    elif data[:1] == b"\x30":
        results = list(_read_der(data, path))
    else:
        results = [ErrorRecord(path=path, line=1, reason="no key or certificate found")]
    keys = tuple(r for r in results if isinstance(r, KeyMaterial))
    errors = tuple(r for r in results if isinstance(r, ErrorRecord))
    return keys, errors
