"""Helpers for the checks about facial data in transit: protocols, TLS versions, flow keys.

These answer the questions that checks FA221-FA224 share: whether a flow's ``protocol`` is
encrypted, plaintext, or plaintext unless TLS is added; which TLS versions a ``tls`` value
names and whether it turns TLS off; and the zone and fingerprint key of a flow.

The vocabularies are data (the frozensets and dicts below), so they can be read and extended in
one place. A protocol or TLS value the tables do not know is never reported: the checks say only
what they can show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from faceaudit.checklib import exposure_rank
from faceaudit.hosts import reached_at
from faceaudit.model import Flow, SystemModel, Zone
from faceaudit.settingkeys import name_settings
from faceaudit.topology.connections import Connection, connections

# --- Protocols ----------------------------------------------------------------------------------


class ProtocolKind(StrEnum):
    ENCRYPTED = "encrypted"
    PLAINTEXT = "plaintext"
    PLAINTEXT_UNLESS_TLS = "plaintext-unless-tls"
    UNKNOWN = "unknown"


#: Protocols that always encrypt: TLS, DTLS or SSH is part of what the name means.
ENCRYPTED_PROTOCOLS: frozenset[str] = frozenset({
    "https", "wss", "mqtts", "ftps", "sftp", "ssh", "scp", "rtsps", "srtp", "rtmps", "amqps",
    "grpcs", "ldaps", "smtps", "imaps", "pop3s", "coaps", "sips", "rediss", "quic", "tls",
    "dtls", "ipsec", "wireguard",
})

#: Protocols that are plaintext by name: their TLS form has a name of its own (``http`` and
#: ``https``, ``amqp`` and ``amqps``), so a ``tls`` value beside them contradicts the protocol.
PLAINTEXT_PROTOCOLS: frozenset[str] = frozenset({
    "http", "ws", "telnet", "tftp", "rtsp", "rtp", "rtmp", "amqp", "coap", "sip",
})

#: Protocols that run in plaintext unless TLS is added to them (STARTTLS, a TLS port or a driver
#: setting); a ``tls`` value on the flow says it is.
PLAINTEXT_UNLESS_TLS_PROTOCOLS: frozenset[str] = frozenset({
    "tcp", "udp", "mqtt", "smtp", "ftp", "imap", "pop3", "ldap", "xmpp", "stomp", "websocket",
    "grpc", "postgresql", "mysql", "mariadb", "mssql", "tds", "oracle", "redis", "mongodb",
    "cassandra", "cql", "memcached", "kafka", "nats", "smb", "cifs", "nfs", "iscsi",
})

#: Other spellings of a protocol, mapped to its name in the tables.
PROTOCOL_ALIASES: dict[str, str] = {
    "postgres": "postgresql", "pg": "postgresql", "pgsql": "postgresql", "psql": "postgresql",
    "mongo": "mongodb", "sqlserver": "mssql", "tcpip": "tcp", "websockets": "websocket",
    "h2c": "http", "h2": "https", "h3": "https", "http3": "https",
}

#: Words after a protocol's name that say it runs over TLS (``mqtt+tls``, ``rtsp over tls``).
TLS_SUFFIX_WORDS: frozenset[str] = frozenset({"tls", "ssl", "mtls", "dtls"})

#: Joining words allowed between a protocol's name and its TLS suffix.
SUFFIX_JOINERS: frozenset[str] = frozenset({"over", "with", "via"})

_PROTOCOL_WORDS = re.compile(r"[^a-z0-9]+")
_TRAILING_DIGITS = re.compile(r"\d+$")


@dataclass(frozen=True)
class Protocol:
    """A ``protocol`` value read: its canonical name and what it says about encryption."""

    text: str
    name: str
    kind: ProtocolKind


def _kind_of(name: str) -> ProtocolKind | None:
    if name in ENCRYPTED_PROTOCOLS:
        return ProtocolKind.ENCRYPTED
    if name in PLAINTEXT_PROTOCOLS:
        return ProtocolKind.PLAINTEXT
    if name in PLAINTEXT_UNLESS_TLS_PROTOCOLS:
        return ProtocolKind.PLAINTEXT_UNLESS_TLS
    return None


def parse_protocol(text: str) -> Protocol:
    """Classify a ``protocol`` value.

    The first word is the name (``HTTP/1.1`` -> ``http``), after :data:`PROTOCOL_ALIASES`; a
    name the tables do not know is tried again without trailing digits (``mqtt5`` -> ``mqtt``,
    ``smb3`` -> ``smb``). A TLS word right after the name, optionally after ``over``, ``with``
    or ``via`` (``mqtt+tls``, ``rtsp over tls``), makes it encrypted; ``mqtt (no tls)`` does not.
    """
    words = [w for w in _PROTOCOL_WORDS.split(text.strip().lower()) if w]
    if not words:
        return Protocol(text, "", ProtocolKind.UNKNOWN)
    name = PROTOCOL_ALIASES.get(words[0], words[0])
    kind = _kind_of(name)
    if kind is None:
        stripped = _TRAILING_DIGITS.sub("", name)
        stripped = PROTOCOL_ALIASES.get(stripped, stripped)
        if stripped and (stripped_kind := _kind_of(stripped)) is not None:
            name, kind = stripped, stripped_kind
    rest = words[1:]
    if rest and rest[0] in SUFFIX_JOINERS:
        rest = rest[1:]
    if rest and rest[0] in TLS_SUFFIX_WORDS:
        kind = ProtocolKind.ENCRYPTED
    return Protocol(text, name, kind or ProtocolKind.UNKNOWN)


# --- TLS ----------------------------------------------------------------------------------------

#: ``tls`` values that say no TLS is used (``tls: none``, ``tls: 0``).
TLS_OFF: frozenset[str] = frozenset({
    "none", "0", "off", "no", "false", "disabled", "plaintext", "plain", "never",
})

#: ``tls`` values that say TLS is used without naming a version. ``1`` is read as a flag (the
#: counterpart of ``0``), not as TLS 1.0; write ``1.0`` or ``tlsv1`` for that version.
TLS_ON: frozenset[str] = frozenset({
    "1", "on", "yes", "true", "enabled", "required", "tls", "ssl", "mtls", "mutual-tls",
    "starttls",
})

#: Protocol versions from oldest to newest, as :func:`parse_tls` names them.
TLS_VERSIONS: tuple[str, ...] = ("ssl2", "ssl3", "1.0", "1.1", "1.2", "1.3")

#: The oldest version accepted for facial data.
MIN_TLS_VERSION = "1.2"

_TLS_VERSION = re.compile(r"(?P<prefix>ssl|tls)?\s*v?\s*(?P<major>\d+)(?:[._](?P<minor>\d+))?")
_COMPACT_TLS = {"10": "1.0", "11": "1.1", "12": "1.2", "13": "1.3"}


@dataclass(frozen=True)
class TlsSetting:
    """A ``tls`` value read: whether TLS is on, and which versions it names."""

    text: str
    enabled: bool | None  # False: turned off; True: on; None: the value cannot be read
    versions: tuple[str, ...]  # canonical, oldest first, no repeats

    @property
    def lowest(self) -> str | None:
        return self.versions[0] if self.versions else None

    @property
    def below_minimum(self) -> bool:
        """Whether the oldest version named is older than :data:`MIN_TLS_VERSION`."""
        lowest = self.lowest
        return lowest is not None and \
            TLS_VERSIONS.index(lowest) < TLS_VERSIONS.index(MIN_TLS_VERSION)


def _canonical_version(prefix: str | None, major: str, minor: str | None) -> str | None:
    if prefix == "ssl":
        return {"2": "ssl2", "3": "ssl3"}.get(major) if minor in (None, "0") else None
    if major == "1" and minor is not None:
        version = f"1.{minor}"
        return version if version in TLS_VERSIONS else None
    if prefix == "tls" and minor is None:
        return "1.0" if major == "1" else _COMPACT_TLS.get(major)
    return None


def parse_tls(text: str) -> TlsSetting:
    """Read a ``tls`` value: ``"1.3"``, ``1.2``, ``TLSv1.1``, ``tls12``, ``sslv3``, ``1.2+``,
    ``1.0-1.3`` (the lowest named counts: it can still be negotiated), ``none`` or ``0``."""
    value = text.strip().lower()
    if value in TLS_OFF:
        return TlsSetting(text, False, ())
    found: set[str] = set()
    for match in _TLS_VERSION.finditer(value):
        version = _canonical_version(match["prefix"], match["major"], match["minor"])
        if version is not None:
            found.add(version)
    if found:
        return TlsSetting(text, True, tuple(v for v in TLS_VERSIONS if v in found))
    if value in TLS_ON:
        return TlsSetting(text, True, ())
    return TlsSetting(text, None, ())


# --- Flows --------------------------------------------------------------------------------------

def plaintext_reason(flow: Flow) -> str | None:
    """Why a flow is shown to travel in plaintext, or ``None`` when that is not shown.

    It is when ``tls`` turns TLS off; when the protocol is plaintext by name (even with a ``tls``
    value, which then contradicts it); or when the protocol is plaintext unless TLS is added and
    no ``tls`` is stated. An unknown or missing protocol alone shows nothing.
    """
    tls = None if flow.tls is None else parse_tls(flow.tls)
    if tls is not None and tls.enabled is False:
        return f"tls: {flow.tls} states that no TLS is used"
    if not flow.protocol or not flow.protocol.strip():
        return None
    protocol = parse_protocol(flow.protocol)
    if protocol.kind is ProtocolKind.PLAINTEXT:
        if tls is not None:
            return (f"protocol {flow.protocol} is plaintext (its TLS form has its own name), "
                    f"which contradicts tls: {flow.tls}")
        return f"protocol {flow.protocol} is plaintext"
    if protocol.kind is ProtocolKind.PLAINTEXT_UNLESS_TLS and tls is None:
        return f"protocol {flow.protocol} is plaintext unless TLS is added, and no tls is stated"
    return None


def flow_zone(model: SystemModel, flow: Flow) -> Zone | None:
    """The zone of the more exposed end of a flow: the network the data crosses reaches there."""
    ends = [c for c in (model.component(flow.source), model.component(flow.target))
            if c is not None]
    if not ends:
        return None
    return max(ends, key=exposure_rank).zone


def flow_key(model: SystemModel, flow: Flow) -> str:
    """A line-independent key for a flow: its label, with ``#n`` for the n-th repeat of a label."""
    return model.flow_key(flow)


def encrypted_in_transit(flow: Flow) -> bool:
    """Whether a flow is shown to be encrypted well: an encrypting protocol, or TLS stated, at
    version 1.2 or later when a version is named, with the certificate not left unverified."""
    if plaintext_reason(flow) is not None or flow.tls_verify is False:
        return False
    tls = None if flow.tls is None else parse_tls(flow.tls)
    if tls is not None and (tls.enabled is not True or tls.below_minimum):
        return False
    named = flow.protocol is not None and \
        parse_protocol(flow.protocol).kind is ProtocolKind.ENCRYPTED
    return named or (tls is not None and tls.enabled is True)


# --- Claims of encryption against configuration (FA135) -----------------------------------------


@dataclass(frozen=True)
class ContradictedConnection:
    """A configuration's connection in clear to a component the description says facial data
    reaches encrypted, with the described flows it contradicts."""

    connection: Connection
    flows: tuple[Flow, ...]


def contradicted_connections(model: SystemModel) -> tuple[ContradictedConnection, ...]:
    """Every connection of the model's configuration that is shown to be in clear while the
    description says the facial flows into its component are encrypted (only with a
    description: ``model.system`` set)."""
    if model.system is None:
        return ()
    claims = [flow for flow in model.facial_flows() if encrypted_in_transit(flow)]
    if not claims:
        return ()
    found: list[ContradictedConnection] = []
    for connection in connections(name_settings(model.settings)):
        if connection.tls is not False:
            continue
        targets = {c.id for c in model.components if reached_at(connection.host, c.endpoints)}
        contradicted = tuple(flow for flow in claims if flow.target in targets)
        if contradicted:
            found.append(ContradictedConnection(connection, contradicted))
    return tuple(found)
