"""Helpers for the checks about stored facial data: cipher quality, keys, raw images, identity.

These answer the questions that checks FA102-FA121 share: which algorithm and mode an
``encryption.at_rest`` value names and what is weak about it, whether ``key_management`` is
missing or names a place beside the data, whether raw images are authorised by a law or a
separate consent, and how reports name a store's encryption, tables and columns.

The vocabularies are data (the frozensets and dicts below), so they can be read and extended in
one place. A value the tables do not know is never reported: the checks say only what they can
show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from faceaudit.check import Location
from faceaudit.checklib import FacialStore, facial_stores, store_object
from faceaudit.model import (
    Column,
    Component,
    Encryption,
    LegalBasis,
    Store,
    SystemModel,
    Table,
    Zone,
)

# --- Ciphers ------------------------------------------------------------------------------------

#: Every word that names a cipher family, mapped to the family.
CIPHER_FAMILIES: dict[str, str] = {
    "aes": "aes", "rijndael": "aes",
    "des": "des",
    "3des": "3des", "des3": "3des", "tdes": "3des", "tdea": "3des", "tripledes": "3des",
    "desede": "3des", "desede3": "3des",
    "rc4": "rc4", "arc4": "rc4", "arcfour": "rc4",
    "rc2": "rc2",
    "blowfish": "blowfish", "bf": "blowfish",
    "idea": "idea",
    "cast5": "cast5", "cast128": "cast5",
    "chacha20": "chacha20", "xchacha20": "chacha20", "chacha": "chacha20",
    "sm4": "sm4", "sms4": "sm4",
    "camellia": "camellia", "aria": "aria", "twofish": "twofish", "serpent": "serpent",
}

#: Words next to ``des`` that make it Triple DES (``des-ede3-cbc``, ``triple des``, ``3-des``).
TRIPLE_DES_MARKERS: frozenset[str] = frozenset({"triple", "ede", "ede2", "ede3", "3"})

#: Families that are weak whatever the mode or key, with the reason shown in findings.
WEAK_FAMILIES: dict[str, str] = {
    "des": "DES has a 56-bit key that can be searched exhaustively",
    "3des": "Triple DES is a 64-bit block cipher open to birthday attacks (Sweet32) and "
            "withdrawn by NIST",
    "rc4": "RC4 is a broken stream cipher with a biased keystream",
    "rc2": "RC2 is an obsolete 64-bit block cipher, often used with 40-bit keys",
    "blowfish": "Blowfish is a 64-bit block cipher open to birthday attacks (Sweet32)",
    "idea": "IDEA is a 64-bit block cipher open to birthday attacks (Sweet32)",
    "cast5": "CAST5 is a 64-bit block cipher open to birthday attacks (Sweet32)",
}

#: Families whose name may carry the key size glued on or next to it (``aes256``, ``aes-128``).
KEY_SIZE_FAMILIES: frozenset[str] = frozenset({"aes", "camellia", "aria", "twofish", "serpent"})

#: The shortest key accepted, in bits.
MIN_KEY_BITS = 128

#: Mode words, mapped to the mode they name.
MODES: dict[str, str] = {
    "ecb": "ecb", "cbc": "cbc", "pcbc": "pcbc", "ctr": "ctr",
    "cfb": "cfb", "cfb1": "cfb", "cfb8": "cfb", "cfb64": "cfb", "cfb128": "cfb", "ofb": "ofb",
    "gcm": "gcm", "ccm": "ccm", "ocb": "ocb", "ocb3": "ocb", "siv": "siv", "gcmsiv": "siv",
    "eax": "eax", "xts": "xts", "kw": "kw", "kwp": "kw",
}

#: Modes that leak patterns whatever else is used: identical blocks encrypt identically.
PATTERN_LEAKING_MODES: frozenset[str] = frozenset({"ecb"})

#: Modes that give confidentiality only: without a tag or MAC the ciphertext can be altered.
UNAUTHENTICATED_MODES: frozenset[str] = frozenset({"cbc", "pcbc", "ctr", "cfb", "ofb"})

#: Authenticated-encryption modes, which carry their own tag.
AEAD_MODES: frozenset[str] = frozenset({"gcm", "ccm", "ocb", "siv", "eax"})

#: Words that name a message authentication code beside an unauthenticated mode
#: (``aes-cbc-hmac-sha256``, JOSE's ``A128CBC-HS256``, ``chacha20-poly1305``).
MAC_WORDS: frozenset[str] = frozenset({
    "hmac", "mac", "cmac", "gmac", "poly1305", "hs256", "hs384", "hs512", "sha1", "sha224",
    "sha256", "sha384", "sha512", "sha2", "sha3", "sm3", "blake2b", "blake2s", "blake3", "etm",
})

#: Words that negate the MAC words right after them (``aes-256-cbc without hmac-sha256``).
NEGATIONS: frozenset[str] = frozenset({"no", "without", "non"})

_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_COMPOUND = re.compile(
    r"^(?P<family>aes|camellia|aria|twofish|serpent|sm4|a)(?P<bits>\d*)(?P<rest>[a-z][a-z0-9]*)?$")


@dataclass(frozen=True)
class Cipher:
    """What an ``at_rest`` value says about the cipher: any part may be unknown."""

    text: str
    family: str | None
    key_bits: int | None
    modes: frozenset[str]
    authenticated: bool

    @property
    def weaknesses(self) -> tuple[str, ...]:
        """Why this cipher is weak, one reason per problem; empty when nothing is shown weak."""
        reasons: list[str] = []
        if self.family in WEAK_FAMILIES:
            reasons.append(WEAK_FAMILIES[self.family])
        if self.key_bits is not None and self.key_bits < MIN_KEY_BITS:
            reasons.append(f"a {self.key_bits}-bit key is shorter than {MIN_KEY_BITS} bits")
        for mode in sorted(self.modes & PATTERN_LEAKING_MODES):
            reasons.append(f"{mode.upper()} mode encrypts identical blocks identically and "
                           "leaks the structure of images and templates")
        if not self.authenticated:
            for mode in sorted(self.modes & UNAUTHENTICATED_MODES):
                reasons.append(f"{mode.upper()} mode without an authentication tag or HMAC "
                               "lets the ciphertext be altered undetected")
        return tuple(reasons)


def _split_word(word: str) -> tuple[str, ...]:
    """``aes256`` -> ``aes 256``; ``a128cbc`` (JOSE) -> ``aes 128 cbc``; others unchanged."""
    if word in CIPHER_FAMILIES or word in MODES or word in MAC_WORDS:
        return (word,)
    match = _COMPOUND.match(word)
    if match is None:
        return (word,)
    family, bits, rest = match["family"], match["bits"], match["rest"] or ""
    if (family == "a" and not bits) or (rest and rest not in MODES) or not (bits or rest):
        return (word,)
    return tuple(part for part in ("aes" if family == "a" else family, bits, rest) if part)


def cipher_words(text: str) -> tuple[str, ...]:
    """The lower-case words of an algorithm name, compounds split: ``AES256-CBC`` ->
    ``aes 256 cbc``. Any run of characters other than letters and digits separates words."""
    words: list[str] = []
    for word in _WORD_SPLIT.split(text.lower()):
        if word:
            words.extend(_split_word(word))
    return tuple(words)


def parse_cipher(text: str) -> Cipher:
    """Read the family, key size, modes and authentication out of an algorithm name.

    ``aes_256_cbc``, ``AES-256-CBC`` and ``aes256-cbc`` all read as AES, 256 bits, CBC, not
    authenticated; ``aes-cbc-hmac-sha256`` as authenticated. The key size is a number right
    after a family in :data:`KEY_SIZE_FAMILIES`. Words it does not know are ignored.
    """
    words = cipher_words(text)
    family: str | None = None
    key_bits: int | None = None
    modes: set[str] = set()
    authenticated = False
    negated = False
    for index, word in enumerate(words):
        if word in NEGATIONS:
            negated = True
            continue
        if word in MAC_WORDS:
            authenticated = authenticated or not negated
            continue
        negated = False
        if word in CIPHER_FAMILIES and family is None:
            family = CIPHER_FAMILIES[word]
            following = words[index + 1] if index + 1 < len(words) else ""
            if family in KEY_SIZE_FAMILIES and following.isdigit():
                key_bits = int(following)
        elif word in MODES:
            modes.add(MODES[word])
    if family == "des" and TRIPLE_DES_MARKERS.intersection(words):
        family = "3des"
    if modes & AEAD_MODES:
        authenticated = True
    return Cipher(text, family, key_bits, frozenset(modes), authenticated)


def encrypted_facial_stores(model: SystemModel) -> Iterator[tuple[FacialStore, Encryption]]:
    """Each facial store that states an encryption other than none, with that encryption."""
    for found in facial_stores(model):
        encryption = found.store.encryption
        if encryption is not None and not encryption.is_plaintext:
            yield found, encryption


def encryption_location(found: FacialStore, encryption: Encryption) -> Location:
    """The ``encryption`` section of a store: ``face-db/templates.encryption``."""
    return Location.of(encryption.provenance, f"{found.location.object}.encryption")


# --- Keys ---------------------------------------------------------------------------------------

#: ``key_management`` values (normalised) that say no key management exists.
NO_KEY_MANAGEMENT: frozenset[str] = frozenset({"", "none", "no", "unmanaged"})

#: Places after ``same-`` that put keys beside the data: ``same-database``, ``same-host``.
SAME_PLACES: frozenset[str] = frozenset({
    "database", "db", "schema", "table", "row", "column", "store", "bucket", "file",
    "host", "server", "machine", "vm", "instance", "node", "container", "device",
    "disk", "volume", "filesystem", "directory", "folder",
})

#: Places after ``in-`` that put keys inside the data's own store: ``in-db``, ``in-table``.
IN_PLACES: frozenset[str] = frozenset({
    "database", "db", "schema", "table", "row", "column", "store", "bucket", "data",
})

#: ``key_management`` values (normalised) that put keys beside the data wherever the store is.
KEYS_BESIDE_DATA: frozenset[str] = frozenset(
    {f"same-{place}" for place in SAME_PLACES}
    | {f"in-{place}" for place in IN_PLACES}
    | {"database", "db", "table", "column", "key-column", "db-column", "with-data",
       "beside-data", "alongside-data", "next-to-data"})

#: ``key_management`` values (normalised) naming the local file system or environment. They put
#: keys beside the data only where the store and the key are known to share one host: a store of
#: a component in the ``device`` zone. Elsewhere the file or environment may be another host's.
HOST_LOCAL_KEY_PLACES: frozenset[str] = frozenset({
    "config", "config-file", "configuration-file", "env", "env-var", "environment",
    "environment-variable", "file", "local-file", "key-file", "keyfile", "filesystem",
    "local-disk", "disk", "firmware", "hardcoded",
})

_NORMALISE = re.compile(r"[^a-z0-9]+")


def normalise_value(text: str | None) -> str:
    """``"Same DB"``, ``"same_db"`` and ``" same-db "`` all become ``"same-db"``."""
    return _NORMALISE.sub("-", (text or "").lower()).strip("-")


def key_management_missing(encryption: Encryption) -> bool:
    """Whether ``key_management`` is absent, empty or says there is none."""
    return normalise_value(encryption.key_management) in NO_KEY_MANAGEMENT


def keys_beside_data(component: Component, encryption: Encryption) -> str | None:
    """Why the keys are kept beside the data they protect, or ``None`` when that is not shown.

    ``keys_with_data: true`` says so; so does a ``key_management`` value in
    :data:`KEYS_BESIDE_DATA`, and one in :data:`HOST_LOCAL_KEY_PLACES` for a store on a device.
    """
    if encryption.keys_with_data is True:
        return "keys_with_data: true"
    value = normalise_value(encryption.key_management)
    if value in KEYS_BESIDE_DATA:
        return f"key_management: {encryption.key_management} names the data's own location"
    if value in HOST_LOCAL_KEY_PLACES and component.zone is Zone.DEVICE:
        return (f"key_management: {encryption.key_management} is on the same device "
                f"({component.id}, zone device) as the data")
    return None


# --- Authorisation of raw images ----------------------------------------------------------------

def authorisation_gap(model: SystemModel, component: Component,
                      basis: LegalBasis | None) -> str | None:
    """Why ``raw_images_authorized_by`` does not authorise a store, or ``None`` when it does.

    It does when it names a law, or a consent record that exists, is ``separate: true``, and
    covers the store's component (a consent with no ``covers`` list covers every component).
    """
    if basis is None:
        return "no raw_images_authorized_by is recorded"
    if basis.law:
        return None
    if basis.separate_consent:
        consent = model.consent(basis.separate_consent)
        if consent is None:
            return f"consent {basis.separate_consent!r} is not recorded"
        if not consent.separate:
            return f"consent {consent.id!r} is not a separate consent"
        if consent.covers and component.id not in consent.covers:
            return f"consent {consent.id!r} does not cover {component.id}"
        return None
    return "raw_images_authorized_by names neither a law nor a separate consent"


# --- Tables and columns -------------------------------------------------------------------------

def table_object(component: Component, store: Store, table: Table) -> str:
    """How reports name a table: ``face-db/templates:guest_faces``."""
    return f"{store_object(component, store)}:{table.name}"


def column_object(component: Component, store: Store, table: Table, column: Column) -> str:
    """How reports name a column: ``face-db/templates:guest_faces.guest_name``."""
    return f"{table_object(component, store, table)}.{column.name}"
