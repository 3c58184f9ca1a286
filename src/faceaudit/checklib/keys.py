"""Helpers for the checks on key and certificate material (FA911-FA915).

A :class:`~faceaudit.model.KeyMaterial` describes a key or certificate without its bytes. These
helpers name it (``<path>#<n>``, ``n`` being the block's position in its file, as the key reader
records it in the provenance's ``pointer``), describe it in words, give its evidence, and judge
its key size, signature hash and host names. The vocabularies are data, below.
"""

from __future__ import annotations

import re

from faceaudit.check import Evidence, Location
from faceaudit.hosts import is_public_host
from faceaudit.model import KeyMaterial

MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
# Curves too small or deprecated, for when the size is not recorded.
WEAK_CURVES = frozenset({
    "secp112r1", "secp112r2", "secp128r1", "secp128r2", "secp160k1", "secp160r1", "secp160r2",
    "secp192k1", "secp192r1", "prime192v1", "secp224k1", "secp224r1",
    "sect113r1", "sect113r2", "sect131r1", "sect131r2", "sect163k1", "sect163r1", "sect163r2",
    "sect193r1", "sect193r2", "sect233k1", "sect233r1", "sect239k1",
    "brainpoolp160r1", "brainpoolp192r1", "brainpoolp224r1",
})
WEAK_SIGNATURE_HASHES = frozenset({"md2", "md4", "md5", "sha1"})
_ALGORITHM_NAMES = {"rsa": "RSA", "dsa": "DSA", "ec": "EC", "ed25519": "Ed25519",
                    "ed448": "Ed448", "x25519": "X25519", "x448": "X448"}
_COMMON_NAME = re.compile(r"(?:^|,)CN=((?:[^,\\]|\\.)*)")


def key_object(key: KeyMaterial) -> str:
    """How reports name a key or certificate: ``certs/api.pem#2``, the second block of the
    file (``#1`` for a binary file, or the first entry of a PKCS#12 bundle)."""
    return f"{key.provenance.path}#{key.provenance.pointer or '1'}"


def key_location(key: KeyMaterial) -> Location:
    return Location.of(key.provenance, key_object(key))


def fingerprint_key(key: KeyMaterial) -> str:
    """The finding's line-independent key: the material's fingerprint, else its name."""
    return key.fingerprint or key_object(key)


def describe(key: KeyMaterial) -> str:
    """``RSA 1024-bit``, ``EC secp192r1``, ``Ed25519``, or ``algorithm unknown``."""
    if key.algorithm is None:
        return "algorithm unknown"
    name = _ALGORITHM_NAMES.get(key.algorithm, key.algorithm)
    if key.curve:
        return f"{name} {key.curve}"
    if key.size:
        return f"{name} {key.size}-bit"
    return name


def kind_text(key: KeyMaterial) -> str:
    return {"private-key": "Private key", "certificate": "Certificate",
            "pkcs12": "PKCS#12 bundle"}.get(key.kind, key.kind)


def key_evidence(key: KeyMaterial) -> tuple[Evidence, ...]:
    """What is known of the material, never its bytes."""
    items: list[Evidence] = [Evidence("kind", key.kind), Evidence("format", key.format),
                             Evidence("algorithm", key.algorithm or "unknown")]
    if key.size is not None:
        items.append(Evidence("size", f"{key.size} bits"))
    if key.curve:
        items.append(Evidence("curve", key.curve))
    if key.fingerprint:
        items.append(Evidence("fingerprint", key.fingerprint))
    if key.encrypted is not None:
        items.append(Evidence("passphrase-protected", "yes" if key.encrypted else "no"))
    if key.kind == "certificate":
        items += [Evidence(label, value) for label, value in (
            ("subject", key.subject), ("issuer", key.issuer), ("not_after", key.not_after),
            ("signature_hash", key.signature_hash)) if value]
        if key.self_signed is not None:
            items.append(Evidence("self_signed", "yes" if key.self_signed else "no"))
        if key.hosts:
            items.append(Evidence("hosts", ", ".join(key.hosts)))
    return tuple(items)


def key_weakness(key: KeyMaterial) -> str | None:
    """Why a key (or a certificate's public key) is too weak, or ``None``."""
    if key.kind not in {"private-key", "certificate"}:
        return None
    if key.algorithm == "rsa" and key.size is not None and key.size < MIN_RSA_BITS:
        return f"RSA key of {key.size} bits, under {MIN_RSA_BITS}"
    if key.algorithm == "dsa":
        size = f" of {key.size} bits" if key.size else ""
        return f"DSA key{size}: DSA is withdrawn for new signatures (FIPS 186-5)"
    if key.algorithm == "ec":
        curve = (key.curve or "").lower()
        if (key.size is not None and key.size < MIN_EC_BITS) or curve in WEAK_CURVES:
            bits = f", {key.size} bits" if key.size else ""
            return f"EC curve {key.curve or 'unknown'}{bits}, under {MIN_EC_BITS}"
    return None


def weak_signature_hash(key: KeyMaterial) -> str | None:
    """The certificate's signature hash when it is broken (SHA-1, MD5, MD4, MD2)."""
    if key.kind != "certificate" or key.signature_hash is None:
        return None
    name = key.signature_hash.lower().replace("-", "")
    return name if name in WEAK_SIGNATURE_HASHES else None


def is_expired(key: KeyMaterial, as_of: str | None) -> bool:
    """Whether a certificate's ``not_after`` date is before the scan's date."""
    if key.kind != "certificate" or not key.not_after or not as_of:
        return False
    return key.not_after[:10] < as_of[:10]


def common_name(subject: str | None) -> str | None:
    """The CN of an RFC 4514 subject, unescaped, or ``None``."""
    match = _COMMON_NAME.search(subject or "")
    return re.sub(r"\\(.)", r"\1", match.group(1)) if match else None


def certificate_hosts(key: KeyMaterial) -> tuple[str, ...]:
    """The names a certificate is for: its subject alternative names, else its subject's CN."""
    if key.hosts:
        return key.hosts
    name = common_name(key.subject)
    return (name,) if name else ()


def public_hosts(key: KeyMaterial) -> tuple[str, ...]:
    return tuple(h for h in certificate_hosts(key) if is_public_host(h))
