"""Helpers for the checks on configuration settings (FA225, FA226, FA231, FA232, FA916).

A :class:`~faceaudit.model.Setting` is one scalar value of a configuration file under a dotted key
(``mqtt.host``, ``services.api.environment.FACE_API_KEY``, ``data.DB_PASSWORD``). These helpers
split keys into word parts, tell secret-named keys from the rest, tell placeholders and references
from literal values, recognise the endpoints of cloud face-recognition APIs, read booleans
written in the ways configuration files write them, and find the MQTT brokers a configuration
connects to without TLS.

The vocabularies are data (the tables below), so they can be read and extended in one place. A
key or value the tables do not know is never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from faceaudit.check import Location
from faceaudit.checklib.transport import MIN_TLS_VERSION, TLS_VERSIONS, parse_tls
from faceaudit.hosts import is_public_host, split_host_port
from faceaudit.model import Setting, SystemModel
from faceaudit.settingkeys import (
    NamedSetting,
    as_bool,
    last_segment,
    name_settings,
    normalised,
    segments,
    value_text,
    words,
)

__all__ = [
    "NamedSetting", "as_bool", "last_segment", "named_settings", "normalised", "segments",
    "value_text", "words",
]

# --- Cloud face-recognition APIs -----------------------------------------------------------------


@dataclass(frozen=True)
class CloudFaceApi:
    """One cloud face-recognition service, recognised by its endpoint.

    ``host`` is a host name pattern in which ``*`` stands for exactly one DNS label (a region, a
    resource name); ``path`` is a path prefix the endpoint must also have, for hosts that serve
    other APIs besides face recognition (``""`` when the host alone is enough).
    """

    vendor: str
    host: str
    path: str = ""


#: The endpoints of cloud face-recognition APIs, in the order they are tried.
CLOUD_FACE_APIS: tuple[CloudFaceApi, ...] = (
    CloudFaceApi("AWS Rekognition", "rekognition.*.amazonaws.com"),
    CloudFaceApi("AWS Rekognition", "rekognition-fips.*.amazonaws.com"),
    CloudFaceApi("Azure AI Face", "*.cognitiveservices.azure.com", "/face"),
    CloudFaceApi("Azure AI Face", "*.api.cognitive.microsoft.com", "/face"),
    CloudFaceApi("Google Cloud Vision", "vision.googleapis.com"),
    CloudFaceApi("Face++ (Megvii)", "api-cn.faceplusplus.com"),
    CloudFaceApi("Face++ (Megvii)", "api-us.faceplusplus.com"),
    CloudFaceApi("Baidu AI Cloud face recognition", "aip.baidubce.com", "/rest/2.0/face"),
    CloudFaceApi("Tencent Cloud face recognition", "iai.tencentcloudapi.com"),
    CloudFaceApi("Tencent Cloud face recognition", "iai.*.tencentcloudapi.com"),
    CloudFaceApi("Alibaba Cloud face recognition", "facebody.*.aliyuncs.com"),
    CloudFaceApi("Luxand.cloud", "api.luxand.cloud"),
    CloudFaceApi("Kairos", "api.kairos.com"),
)

# --- Secrets -------------------------------------------------------------------------------------

#: Word parts that name a secret when they end a key's last segment (``MQTT_PASSWORD``,
#: ``jwtSecret``, ``auth.token``).
SECRET_WORDS: frozenset[str] = frozenset({
    "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "accesskey",
    "privatekey", "clientsecret", "credential", "credentials",
})

#: Pairs of word parts that name a secret when they end a key's last segment (``FACE_API_KEY``,
#: ``aws_secret_access_key``, ``private-key``, ``secretKey``).
SECRET_PAIRS: frozenset[tuple[str, str]] = frozenset({
    ("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"),
    ("client", "secret"), ("signing", "key"), ("encryption", "key"),
})

#: Parts of a file name that mark a template of a configuration, whose values are examples
#: (``.env.example``, ``config.sample.yml``, ``settings.dist.ini``): no secret is reported there.
EXAMPLE_FILE_PARTS: frozenset[str] = frozenset({
    "example", "examples", "sample", "samples", "template", "tmpl", "tpl", "dist",
})

#: Whole key segments that look like secrets but are not: the shell's working directories.
NOT_SECRET_SEGMENTS: frozenset[str] = frozenset({"PWD", "OLDPWD"})

#: Word parts that make a secret-named key a reference to a secret kept elsewhere
#: (``existingSecret``, ``valueFrom.secretKeyRef.key``, ``secretRef``), anywhere in the key.
REFERENCE_WORDS: frozenset[str] = frozenset({"existing", "ref", "refs"})

#: Values that stand in for a secret, compared in lower case.
PLACEHOLDER_VALUES: frozenset[str] = frozenset({
    "changeme", "change-me", "change_me", "changeit", "replaceme", "replace-me", "replace_me",
    "todo", "tbd", "placeholder", "redacted", "none", "null", "nil", "undefined", "example",
})

#: Prefixes of values that refer to a secret kept elsewhere (a vault, the environment, a file).
REFERENCE_PREFIXES: tuple[str, ...] = (
    "vault:", "env:", "file:", "secret:", "secrets:", "ref:", "kms:", "awskms:", "gcpkms:",
    "azurekeyvault:", "akv:", "awssm:", "aws-secretsmanager:", "arn:aws:secretsmanager:",
    "arn:aws:ssm:", "ssm:", "sm://", "gcp-secret:", "op://", "keyring:", "secretkeyref:",
)

#: Shapes of placeholder and reference values: ``${VAR}``, ``$VAR``, ``%VAR%``, Frigate's
#: ``{FRIGATE_VAR}``, ``{{ .Values.x }}``, ``<changeme>``, ``[your-password]``, runs of ``x``,
#: ``*`` or dots, ``your-api-key``.
PLACEHOLDER_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\$\{[^}]*\}$"),
    re.compile(r"^\$[A-Za-z_][A-Za-z0-9_]*$"),
    re.compile(r"^%[A-Za-z_][A-Za-z0-9_]*%$"),
    re.compile(r"^\{[A-Z_][A-Z0-9_]*\}$"),
    re.compile(r"^\{\{.*\}\}$", re.DOTALL),
    re.compile(r"^\{%.*%\}$", re.DOTALL),
    re.compile(r"^<[^<>]*>$"),
    re.compile(r"^\[[^\[\]]*\]$"),
    re.compile(r"^[x*.#-]{3,}$", re.IGNORECASE),
    re.compile(r"^(?:your|insert|enter)[_-]", re.IGNORECASE),
)

# --- Certificate verification --------------------------------------------------------------------

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


# --- MQTT ----------------------------------------------------------------------------------------

#: URL schemes of MQTT without TLS; ``tcp`` counts only under a key that names MQTT (the Paho
#: clients write ``tcp://broker:1883``).
MQTT_PLAINTEXT_SCHEMES: frozenset[str] = frozenset({"mqtt"})
MQTT_TCP_SCHEMES: frozenset[str] = frozenset({"tcp"})
#: The last word of a key that holds the broker's host (``mqtt.host``, ``MQTT_BROKER``).
MQTT_HOST_WORDS: frozenset[str] = frozenset({"host", "hostname", "broker", "server", "address"})
MQTT_PLAINTEXT_PORT = 1883
#: Words of a sibling key that, set to true or to a certificate file, turn TLS on.
MQTT_TLS_WORDS: frozenset[str] = frozenset({"tls", "ssl", "mqtts"})
#: Words of a sibling TLS key that name a CA or certificate file (Frigate's ``tls_ca_certs``).
MQTT_TLS_FILE_WORDS: frozenset[str] = frozenset({
    "ca", "cafile", "capath", "cert", "certs", "certificate", "certfile", "keyfile",
})
#: Words of a TLS-named key that do not turn TLS on (``tls_insecure``, ``tls_version``).
MQTT_TLS_NEUTRAL_WORDS: frozenset[str] = frozenset({"insecure", "verify", "version"})


_ENDPOINT = re.compile(
    r"(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?:[^@/\s]*@)?"
    r"(?P<host>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)"
    r"(?::(?P<port>[0-9]{1,5}))?(?P<path>/[^\s\"'?#]*)?",
    re.IGNORECASE)
_BINARY = re.compile(r"^<binary (?P<bytes>[0-9]+) bytes>$")
_MQTT_URL = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?:[^@/\s]*@)?(?P<host>\[[0-9a-f:.]+\]|[^:/\s]+)"
    r"(?::(?P<port>[0-9]{1,5}))?(?:/.*)?$",
    re.IGNORECASE)


def _host_regex(pattern: str) -> re.Pattern[str]:
    parts = (r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?" if part == "*" else re.escape(part)
             for part in pattern.lower().split("."))
    return re.compile(r"\.".join(parts) + r"\Z")


_API_HOSTS: tuple[tuple[CloudFaceApi, re.Pattern[str]], ...] = tuple(
    (api, _host_regex(api.host)) for api in CLOUD_FACE_APIS)


def named_settings(model: SystemModel) -> tuple[NamedSetting, ...]:
    """Every setting of the model with its name (see :class:`NamedSetting`), in order."""
    return name_settings(model.settings)


def setting_location(setting: Setting) -> Location:
    """The ``Location`` of a setting: its file and line, named by its key."""
    return Location.of(setting.provenance, setting.key)


def is_example_file(path: str) -> bool:
    """Whether a file is a template of a configuration (``.env.example``,
    ``config.sample.yml``): a dot-separated part of its name is in :data:`EXAMPLE_FILE_PARTS`."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return any(part in EXAMPLE_FILE_PARTS for part in name.split("."))


# --- Values --------------------------------------------------------------------------------------


# --- Secrets -------------------------------------------------------------------------------------


def names_secret(key: str) -> bool:
    """Whether a key names a secret: its last segment ends in a word of :data:`SECRET_WORDS` or
    a pair of :data:`SECRET_PAIRS`, it is not a shell variable like ``PWD``, and no word of the
    key marks it as a reference to a secret kept elsewhere (``existingSecret``)."""
    segment = last_segment(key)
    if segment in NOT_SECRET_SEGMENTS:
        return False
    parts = words(segment)
    if not parts:
        return False
    if any(word in REFERENCE_WORDS for seg in segments(key) for word in words(seg)):
        return False
    return parts[-1] in SECRET_WORDS or tuple(parts[-2:]) in SECRET_PAIRS


def is_placeholder(text: str) -> bool:
    """Whether a value stands in for a secret rather than being one: empty, a variable
    reference (``${VAR}``, ``$VAR``), a template (``{{ ... }}``), an angle placeholder
    (``<changeme>``), a word of :data:`PLACEHOLDER_VALUES`, a mask (``xxx``, ``***``), or a
    reference to a store (``vault:``, ``env:``, ``file:`` ...)."""
    stripped = text.strip().strip("\"'").strip()
    if not stripped:
        return True
    lowered = stripped.lower()
    if lowered in PLACEHOLDER_VALUES or lowered.startswith(REFERENCE_PREFIXES):
        return True
    return any(pattern.search(stripped) for pattern in PLACEHOLDER_PATTERNS)


def literal_secret(named: NamedSetting) -> str | None:
    """How a secret-named setting's literal value is described, never the value itself
    (``value of 16 characters``, ``binary value of 32 bytes`` for the undecodable data of a
    Kubernetes Secret); ``None`` when the name names no secret, the value is empty, a boolean
    or a placeholder, or the file is a template (:func:`is_example_file`)."""
    if not names_secret(named.name) or is_example_file(named.setting.provenance.path):
        return None
    text = value_text(named.value)
    if text is None:
        return None
    binary = _BINARY.match(text)
    if binary is not None:
        return f"binary value of {binary.group('bytes')} bytes"
    if is_placeholder(text):
        return None
    return length_text(text)


def length_text(text: str) -> str:
    """``value of 16 characters``: how evidence describes a secret without showing it."""
    count = len(text)
    return f"value of {count} character{'s' if count != 1 else ''}"


# --- Cloud face APIs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiEndpoint:
    """A cloud face-recognition endpoint found in a value: the service and where it is, the
    host and path only (never credentials or query strings)."""

    api: CloudFaceApi
    host: str
    path: str

    @property
    def text(self) -> str:
        return f"{self.host}{self.path}"


def cloud_face_api(value: str | int | float | bool | None) -> ApiEndpoint | None:
    """The first cloud face-recognition endpoint of :data:`CLOUD_FACE_APIS` named in a value,
    as a URL (``https://rekognition.us-east-1.amazonaws.com``) or a host name, or ``None``."""
    if not isinstance(value, str):
        return None
    for match in _ENDPOINT.finditer(value):
        host = match.group("host").lower().rstrip(".")
        path = match.group("path") or ""
        for api, pattern in _API_HOSTS:
            if pattern.match(host) and (not api.path or _path_under(path, api.path)):
                return ApiEndpoint(api, host, path)
    return None


def _path_under(path: str, prefix: str) -> bool:
    lowered = path.lower()
    return lowered == prefix or lowered.startswith(prefix.rstrip("/") + "/")


# --- Certificate verification --------------------------------------------------------------------


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


# --- MQTT ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaintextBroker:
    """An MQTT broker reached without TLS: its host, the port (``None`` when not set), and how
    the configuration shows it (``mqtt:// URL``, ``host setting, port 1883, no TLS setting``)."""

    host: str
    port: int | None
    reason: str


def _port(value: str | int | float | bool | None) -> int | None:
    text = value_text(value)
    if text is None or not text.strip().isdigit():
        return None
    return int(text.strip())


def _mqtt_in_key(key: str) -> bool:
    return any("mqtt" in words(seg) for seg in segments(key))


def _host_key_stem(key: str) -> str | None:
    """For a key that holds an MQTT broker's host, the prefix its sibling settings share
    (``mqtt.`` for ``mqtt.host``, ``services.x.environment.MQTT_`` for ``...MQTT_HOST``);
    ``None`` for other keys."""
    parts = segments(key)
    segment = parts[-1]
    segment_words = words(segment)
    if not segment_words or segment_words[-1] not in MQTT_HOST_WORDS:
        return None
    parent = key[: len(key) - len(segment)]
    if "mqtt" in segment_words[:-1]:
        stem = re.match(r"(?i)^(.*?mqtt[^A-Za-z0-9]?)", segment)
        return parent + (stem.group(1) if stem else "")
    if len(segment_words) == 1 and len(parts) > 1 and "mqtt" in words(parts[-2]):
        return parent
    return None


def _tls_on(sibling: NamedSetting, stem: str) -> bool:
    rest = words(sibling.name[len(stem):])
    if not set(rest) & MQTT_TLS_WORDS or set(rest) & MQTT_TLS_NEUTRAL_WORDS:
        return False
    flag = as_bool(sibling.value)
    if flag is not None:
        return flag
    text = value_text(sibling.value)
    return bool(set(rest) & MQTT_TLS_FILE_WORDS) and text is not None and not is_placeholder(text)


def plaintext_mqtt_broker(setting: NamedSetting,
                          others: tuple[NamedSetting, ...]) -> PlaintextBroker | None:
    """The public MQTT broker a setting connects to without TLS, or ``None``.

    A value ``mqtt://host[:port]`` (or ``tcp://`` under a key naming MQTT) with a public host;
    or a key ending in ``mqtt.host``, ``MQTT_HOST``, ``mqtt_broker`` (words of
    :data:`MQTT_HOST_WORDS`) whose value is a public host, when the sibling ``port`` is 1883 or
    absent and no sibling TLS setting is true or names a certificate file. Public means
    :func:`~faceaudit.checklib.keys.is_public_host`: loopback, private addresses, single labels
    and ``.local``, ``.lan``, ``.internal`` names are local. ``others`` are the model's
    :func:`named_settings`, among which the siblings are looked for (in the same file).
    """
    text = value_text(setting.value)
    if text is None:
        return None
    url = _MQTT_URL.match(text.strip())
    if url is not None:
        scheme = url.group("scheme").lower()
        plaintext = scheme in MQTT_PLAINTEXT_SCHEMES or (
            scheme in MQTT_TCP_SCHEMES and _mqtt_in_key(setting.name))
        host = url.group("host").strip("[]")
        if not plaintext or not is_public_host(host):
            return None
        return PlaintextBroker(host, _port(url.group("port")), f"{scheme}:// URL")
    stem = _host_key_stem(setting.name)
    if stem is None:
        return None
    host, port = split_host_port(text)
    if not is_public_host(host):
        return None
    path, lowered = setting.setting.provenance.path, stem.lower()
    siblings = [other for other in others
                if other is not setting and other.setting.provenance.path == path
                and other.name.lower().startswith(lowered)]
    if port is None:
        port = next((_port(s.value) for s in siblings
                     if words(s.name[len(stem):])[-1:] == ("port",)), None)
    if port is not None and port != MQTT_PLAINTEXT_PORT:
        return None
    if any(_tls_on(s, stem) for s in siblings):
        return None
    port_text = f"port {port}" if port is not None else "no port (default 1883)"
    return PlaintextBroker(host, port, f"host setting, {port_text}, no TLS setting")


# =================================================================================================
# --- Retention of facial data in settings (FA306) ------------------------------------------------
# =================================================================================================
#
# A setting keeps facial data for a time when a word part of its key names retention and a word
# part of its key path names facial or recognition data. Its value is read as a number of days,
# or as no limit at all. ``0`` is never read as "no limit": depending on the product it means
# "delete at once", "keep nothing", "off" or "use the default", so it is a bound (of 0 days).

#: Word parts that name retention, anywhere in a key (``retain``, ``FACE_TTL``, ``expiry``).
RETENTION_WORDS: frozenset[str] = frozenset({
    "retain", "retention", "keep", "expire", "expires", "expiry", "expiration", "ttl", "days",
})

#: Pairs of consecutive word parts that name retention (``max_age``, ``maxAge``,
#: ``purge_after``, ``deleteAfter``).
RETENTION_PAIRS: frozenset[tuple[str, str]] = frozenset({
    ("max", "age"), ("purge", "after"), ("delete", "after"),
})

#: Pairs of consecutive word parts that look like retention but are not (``keep_alive``).
NOT_RETENTION_PAIRS: frozenset[tuple[str, str]] = frozenset({
    ("keep", "alive"), ("keep", "aspect"),
})

#: Word parts that name facial or recognition data wherever they are in a key path.
FACIAL_SETTING_WORDS: frozenset[str] = frozenset({
    "face", "faces", "facial", "crop", "crops", "thumbnail", "thumbnails", "enrolment",
    "enrolments", "enrollment", "enrollments", "gallery", "person", "persons", "people",
})

#: Pairs of consecutive word parts naming a face-recognition product, whose settings are about
#: faces (``double_take.purge.matches.retain``, ``services.double-take``).
FACIAL_PRODUCT_PAIRS: frozenset[tuple[str, str]] = frozenset({("double", "take")})

#: Word parts that name facial data only when no word of :data:`NOT_FACIAL_CONTEXT_WORDS` is in
#: the key: a snapshot can be a camera's picture or a disk's, a capture a camera's or a
#: network's, recognition a face's or a licence plate's.
AMBIGUOUS_FACIAL_WORDS: frozenset[str] = frozenset({
    "snapshot", "snapshots", "capture", "captures", "recognition",
})

#: Word parts that make an ambiguous word name something other than facial data
#: (``backup.snapshots.retention_days``, ``pcap.capture.max_age``, ``plate_recognition``).
NOT_FACIAL_CONTEXT_WORDS: frozenset[str] = frozenset({
    "backup", "backups", "volume", "volumes", "disk", "disks", "db", "database", "databases",
    "zfs", "etcd", "ebs", "rds", "slm", "elasticsearch", "opensearch", "repository", "vm",
    "packet", "packets", "pcap", "traffic", "network", "screen", "plate", "plates", "license",
    "licence", "lpr", "alpr", "anpr", "speech", "voice", "text", "ocr", "character",
})

#: Values that mean "no limit", compared in lower case with ``-``, ``_`` and spaces removed.
#: The string ``none`` counts (a retention of "none" is no expiry); a null value does not (the
#: setting is unset). Any negative number counts too (``-1`` is the usual "keep for ever").
UNBOUNDED_VALUES: frozenset[str] = frozenset({
    "forever", "never", "unlimited", "infinite", "infinity", "inf", "none", "permanent",
    "permanently", "indefinite", "indefinitely", "noexpiry", "noexpiration", "nolimit",
})

#: Time units in days, by the word parts (in keys) and suffixes (in values) that name them.
#: A bare ``m`` is minutes, as in Go and Prometheus durations.
DURATION_UNITS: dict[str, float] = {
    "ms": 1 / 86_400_000, "millis": 1 / 86_400_000, "milliseconds": 1 / 86_400_000,
    "s": 1 / 86_400, "sec": 1 / 86_400, "secs": 1 / 86_400, "second": 1 / 86_400,
    "seconds": 1 / 86_400,
    "m": 1 / 1440, "min": 1 / 1440, "mins": 1 / 1440, "minute": 1 / 1440, "minutes": 1 / 1440,
    "h": 1 / 24, "hr": 1 / 24, "hrs": 1 / 24, "hour": 1 / 24, "hours": 1 / 24,
    "d": 1, "day": 1, "days": 1,
    "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7,
    "mo": 30, "month": 30, "months": 30,
    "y": 365, "yr": 365, "yrs": 365, "year": 365, "years": 365,
}

#: Unit words a key must spell out to give its numbers a unit (single letters are not read in
#: keys: ``retention_h`` is too unsure).
_KEY_UNIT_MIN_LENGTH = 2

#: Retention words after which a number with no unit is read as days (Frigate's
#: ``snapshots.retain.default``, ``FACE_RETENTION``). Numbers under the other words (``ttl``,
#: ``max_age``, ``expire``, ``keep``, ``purge_after``) have no unit unless the key or the value
#: gives one: products read them as seconds, hours or days.
DAYS_BY_DEFAULT_WORDS: frozenset[str] = frozenset({"retain", "retention"})

_DURATION = re.compile(r"^(?P<number>[+-]?[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[a-z]+)?$")


def _key_words(key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(words(segment) for segment in segments(key))


def _pairs(parts: tuple[str, ...]) -> set[tuple[str, str]]:
    return set(pairwise(parts))


def names_retention(key: str) -> bool:
    """Whether a key names a retention: a word part of :data:`RETENTION_WORDS` or a pair of
    :data:`RETENTION_PAIRS` in any segment, leaving out pairs of :data:`NOT_RETENTION_PAIRS`
    (``keep_alive``)."""
    for parts in _key_words(key):
        excluded = {word for pair in _pairs(parts) & NOT_RETENTION_PAIRS for word in pair}
        if (set(parts) - excluded) & RETENTION_WORDS or _pairs(parts) & RETENTION_PAIRS:
            return True
    return False


def facial_word(key: str) -> str | None:
    """The word part of a key path that names facial or recognition data, or ``None``.

    A word of :data:`FACIAL_SETTING_WORDS` or a product of :data:`FACIAL_PRODUCT_PAIRS` always
    counts; a word of :data:`AMBIGUOUS_FACIAL_WORDS` (``snapshots``, ``capture``,
    ``recognition``) only when no word of :data:`NOT_FACIAL_CONTEXT_WORDS` is in the key.
    ``events``, ``clips``, ``matches`` and ``images`` are not facial words: Frigate's
    ``record.events.retain`` keeps recordings of any motion; face events and face clips count
    by their facial word (``face_events``, ``snapshots``).
    """
    key_words = _key_words(key)
    all_words = {word for parts in key_words for word in parts}
    for parts in key_words:
        for word in parts:
            if word in FACIAL_SETTING_WORDS:
                return word
        for pair in _pairs(parts) & FACIAL_PRODUCT_PAIRS:
            return "_".join(pair)
    if all_words & NOT_FACIAL_CONTEXT_WORDS:
        return None
    return next((word for parts in key_words for word in parts
                 if word in AMBIGUOUS_FACIAL_WORDS), None)


def names_face_retention(key: str) -> bool:
    """Whether a key sets how long facial data is kept: it :func:`names_retention` and has a
    :func:`facial_word` (``snapshots.retain.default``, ``FACE_IMAGE_TTL_DAYS``)."""
    return names_retention(key) and facial_word(key) is not None


def key_unit_days(key: str) -> float | None:
    """How many days one unit of a key's numbers is: the last unit word of the key
    (``retention_hours`` gives 1/24, ``record.retain.days`` 1), else 1 when a word of
    :data:`DAYS_BY_DEFAULT_WORDS` is in the key, else ``None`` (unknown)."""
    all_words = [word for parts in _key_words(key) for word in parts]
    for word in reversed(all_words):
        if len(word) >= _KEY_UNIT_MIN_LENGTH and word in DURATION_UNITS:
            return DURATION_UNITS[word]
    if set(all_words) & DAYS_BY_DEFAULT_WORDS:
        return 1.0
    return None


@dataclass(frozen=True)
class RetentionValue:
    """A retention setting's value read: no limit (``unbounded``) or a number of ``days``
    (``None`` when the unit is unknown); ``text`` says how it was read."""

    unbounded: bool
    days: float | None
    text: str


def _days_text(days: float) -> str:
    shown = f"{days:.2f}".rstrip("0").rstrip(".")
    return f"{shown} day{'' if shown == '1' else 's'}"


def read_retention(key: str, value: str | int | float | bool | None) -> RetentionValue | None:
    """Read the value of a retention setting, or ``None`` when it is no duration (booleans,
    nulls, modes like ``motion``).

    Negative numbers and the words of :data:`UNBOUNDED_VALUES` are no limit. ``0`` is a bound
    of 0 days, never "no limit". A number takes its unit from the value (``30d``, ``720h``,
    ``90 days``) or else from the key (:func:`key_unit_days`); its days are ``None`` when
    neither gives one.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number, unit, written = float(value), None, f"{value:g}"
    else:
        text = value.strip().strip("\"'").strip().lower()
        if re.sub(r"[\s_-]+", "", text) in UNBOUNDED_VALUES:
            return RetentionValue(True, None, f"{text!r}, no expiry")
        match = _DURATION.match(text)
        if match is None:
            return None
        number, unit, written = float(match.group("number")), match.group("unit"), text
        if unit is not None and unit not in DURATION_UNITS:
            return None
    if number < 0:
        return RetentionValue(True, None, f"{written}, a negative value: no expiry")
    per_unit = DURATION_UNITS[unit] if unit is not None else key_unit_days(key)
    if per_unit is None:
        return RetentionValue(False, None, f"{written}, in a unit the key does not name")
    days = number * per_unit
    if unit is None and per_unit == 1:
        return RetentionValue(False, days, _days_text(days))
    if unit is None:
        written += " (unit from the key)"
    return RetentionValue(False, days, f"{written} = {_days_text(days)}")


@dataclass(frozen=True)
class FaceRetentionSetting:
    """A setting that sets how long facial data is kept, with its value read."""

    named: NamedSetting
    facial_word: str
    value: RetentionValue


def face_retention_settings(model: SystemModel) -> tuple[FaceRetentionSetting, ...]:
    """The model's :func:`named_settings` that :func:`names_face_retention` with a value
    :func:`read_retention` can read, in order; templates of a configuration
    (:func:`is_example_file`) left out."""
    found: list[FaceRetentionSetting] = []
    for named in named_settings(model):
        if is_example_file(named.setting.provenance.path) or not names_face_retention(named.name):
            continue
        value = read_retention(named.name, named.value)
        word = facial_word(named.name)
        if value is not None and word is not None:
            found.append(FaceRetentionSetting(named, word, value))
    return tuple(found)


# --- FA226: weak TLS versions and cipher suites in settings ---------------------------------------

#: Word parts that place a key among TLS settings (``ssl_protocols``, ``Tls.MinimumVersion``).
TLS_KEY_WORDS: frozenset[str] = frozenset({"tls", "ssl"})

#: Word parts that, beside a word of :data:`TLS_KEY_WORDS` in the key's last segment or its
#: parent, make the key set the TLS versions allowed (``tls_min_version``,
#: ``MinimumTLSVersion``, ``sslProtocols``, ``ssl.protocols``).
TLS_VERSION_KEY_WORDS: frozenset[str] = frozenset({
    "version", "versions", "protocol", "protocols", "min", "minimum",
})

#: Word parts that name a list of cipher suites on their own (``ssl_ciphers``, ``CipherSuites``).
CIPHER_KEY_WORDS: frozenset[str] = frozenset({"ciphers", "ciphersuite", "ciphersuites"})

#: Word parts that, after ``cipher``, name a list of cipher suites (``cipher_suites``,
#: ``cipher_list``); a bare ``cipher`` counts only beside a word of :data:`TLS_KEY_WORDS`.
CIPHER_LIST_WORDS: frozenset[str] = frozenset({"suite", "suites", "list", "string"})

#: Word parts that make a TLS key an upper bound or a deny list, not what is allowed
#: (``tls_max_version``, ``disabled_ciphers``, ``excluded_cipher_suites``).
TLS_NOT_ALLOWED_WORDS: frozenset[str] = frozenset({
    "max", "maximum", "disabled", "disable", "excluded", "exclude", "exclusions", "blacklist",
    "blocklist", "denylist", "deny", "denied", "blocked", "banned", "forbidden", "reject",
})

#: Substrings of a cipher-list token (compared in upper case) that enable a weak suite: RC4,
#: DES and 3DES (``DES-CBC3-SHA``), null encryption or authentication (``NULL``, ``aNULL``,
#: ``eNULL``), export grade, MD5, and anonymous Diffie-Hellman (``ADH``, ``AECDH``, ``anon``).
WEAK_CIPHER_PARTS: tuple[str, ...] = (
    "RC4", "DES", "NULL", "EXPORT", "MD5", "ADH", "AECDH", "ANON",
)

#: Prefixes of a cipher-list token (upper case) that name an export-grade suite (``EXP-RC4-MD5``).
WEAK_CIPHER_PREFIXES: tuple[str, ...] = ("EXP-",)

#: Whole cipher-list tokens (upper case) that enable export-grade suites.
WEAK_CIPHER_TOKENS: frozenset[str] = frozenset({"EXP"})

#: Prefixes that take a token out of a list (OpenSSL ``!RC4`` and ``-RC4``, Apache
#: ``-TLSv1``): such tokens disable what they name.
NEGATION_PREFIXES: tuple[str, ...] = ("!", "-")

_LIST_TOKENS = re.compile(r"[\s:,;]+")
_VERSION_TOKENS = re.compile(r"[\s,;]+")


def _tls_key_parts(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The word parts of a key's naming segment and of its parent; a list item
    (``ssl_protocols.0``) is named by the list's key."""
    parts = segments(key)
    if len(parts) >= 2 and parts[-1].isdigit():
        parts = parts[:-1]
    own = words(parts[-1])
    parent = words(parts[-2]) if len(parts) >= 2 else ()
    return own, parent


def names_tls_versions(key: str) -> bool:
    """Whether a key sets the TLS versions allowed: its last segment has a word of
    :data:`TLS_VERSION_KEY_WORDS` and a word of :data:`TLS_KEY_WORDS` is in it or in its
    parent (``ssl_protocols``, ``min_tls_version``, ``Tls.MinimumVersion``), and no word of
    :data:`TLS_NOT_ALLOWED_WORDS` (``tls_max_version``)."""
    own, parent = _tls_key_parts(key)
    found = set(own)
    if not found & TLS_VERSION_KEY_WORDS or found & TLS_NOT_ALLOWED_WORDS:
        return False
    return bool((found | set(parent)) & TLS_KEY_WORDS)


def names_cipher_list(key: str) -> bool:
    """Whether a key sets the cipher suites allowed: its last segment has a word of
    :data:`CIPHER_KEY_WORDS`, or ``cipher`` followed by a word of :data:`CIPHER_LIST_WORDS`, or
    ``cipher`` beside a TLS word in it or its parent; never with a word of
    :data:`TLS_NOT_ALLOWED_WORDS` (``disabled_ciphers``)."""
    own, parent = _tls_key_parts(key)
    if set(own) & TLS_NOT_ALLOWED_WORDS:
        return False
    if set(own) & CIPHER_KEY_WORDS:
        return True
    for first, second in pairwise(own):
        if first == "cipher" and second in CIPHER_LIST_WORDS:
            return True
    return "cipher" in own and bool((set(own) | set(parent)) & TLS_KEY_WORDS)


def _enabled_tokens(text: str, split: re.Pattern[str]) -> list[str]:
    return [token.lstrip("+") for token in split.split(text.strip().strip("\"'"))
            if token and not token.startswith(NEGATION_PREFIXES)]


def weak_tls_versions(value: str | int | float | bool | None) -> tuple[str, ...]:
    """The versions older than :data:`~faceaudit.checklib.transport.MIN_TLS_VERSION` a TLS
    version setting allows, oldest first, read with
    :func:`~faceaudit.checklib.transport.parse_tls`; tokens negated with ``!`` or ``-``
    (``-TLSv1``) are left out."""
    text = value_text(value)
    if text is None:
        return ()
    found: set[str] = set()
    for token in _enabled_tokens(text, _VERSION_TOKENS):
        found.update(parse_tls(token).versions)
    minimum = TLS_VERSIONS.index(MIN_TLS_VERSION)
    return tuple(v for v in TLS_VERSIONS if v in found and TLS_VERSIONS.index(v) < minimum)


def weak_cipher_suites(value: str | int | float | bool | None) -> tuple[str, ...]:
    """The tokens of a cipher list (separated by colons, commas or spaces) that enable a weak
    suite (:data:`WEAK_CIPHER_PARTS`, :data:`WEAK_CIPHER_PREFIXES`,
    :data:`WEAK_CIPHER_TOKENS`), in order; tokens negated with ``!`` or ``-`` (``!RC4``)
    disable and are left out."""
    text = value_text(value)
    if text is None:
        return ()
    weak: list[str] = []
    for token in _enabled_tokens(text, _LIST_TOKENS):
        upper = token.upper()
        is_weak = (any(part in upper for part in WEAK_CIPHER_PARTS)
                   or upper.startswith(WEAK_CIPHER_PREFIXES) or upper in WEAK_CIPHER_TOKENS)
        if is_weak and token not in weak:
            weak.append(token)
    return tuple(weak)


@dataclass(frozen=True)
class WeakTlsSetting:
    """A setting that allows TLS older than 1.2 (``versions``) or weak cipher suites
    (``suites``); exactly one of the two is non-empty."""

    named: NamedSetting
    versions: tuple[str, ...]
    suites: tuple[str, ...]


def weak_tls_settings(model: SystemModel) -> tuple[WeakTlsSetting, ...]:
    """The model's :func:`named_settings` that allow TLS older than 1.2 or a weak cipher suite,
    in order; templates of a configuration (:func:`is_example_file`) left out."""
    found: list[WeakTlsSetting] = []
    for named in named_settings(model):
        if is_example_file(named.setting.provenance.path):
            continue
        if names_tls_versions(named.name):
            versions = weak_tls_versions(named.value)
            if versions:
                found.append(WeakTlsSetting(named, versions, ()))
        elif names_cipher_list(named.name):
            suites = weak_cipher_suites(named.value)
            if suites:
                found.append(WeakTlsSetting(named, (), suites))
    return tuple(found)
