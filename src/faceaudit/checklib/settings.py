"""Helpers for the checks on configuration settings (FA225, FA231, FA232, FA916).

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

from faceaudit.check import Location
from faceaudit.checklib.keys import is_public_host
from faceaudit.model import Setting, SystemModel

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

#: How configuration files write false and true (compared in lower case).
FALSE_WORDS: frozenset[str] = frozenset({"false", "0", "no", "off"})
TRUE_WORDS: frozenset[str] = frozenset({"true", "1", "yes", "on"})

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

# --- Environment variables in lists ------------------------------------------------------------

#: Key segments whose list items are ``NAME=value`` strings (Compose ``environment: [A=b]``).
ENV_LIST_SEGMENTS: frozenset[str] = frozenset({"environment", "env"})

# -------------------------------------------------------------------------------------------------

_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_ENDPOINT = re.compile(
    r"(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?:[^@/\s]*@)?"
    r"(?P<host>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)"
    r"(?::(?P<port>[0-9]{1,5}))?(?P<path>/[^\s\"'?#]*)?",
    re.IGNORECASE)
_ENV_ASSIGNMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)=(?P<value>.*)$", re.DOTALL)
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


# --- Keys ----------------------------------------------------------------------------------------


def segments(key: str) -> tuple[str, ...]:
    """The segments of a dotted key: ``services.api.environment.X`` gives four."""
    return tuple(key.split("."))


def last_segment(key: str) -> str:
    return key.rsplit(".", 1)[-1]


def words(segment: str) -> tuple[str, ...]:
    """The lower-case word parts of a key segment, separators and camel case split:
    ``MQTT_PASSWORD``, ``mqttPassword`` and ``mqtt-password`` all give ``mqtt``, ``password``."""
    found: list[str] = []
    for chunk in _WORD_SPLIT.split(segment):
        found.extend(part.lower() for part in _CAMEL.findall(chunk))
    return tuple(found)


def normalised(segment: str) -> str:
    """A key segment's word parts joined by ``_``: ``rejectUnauthorized`` gives
    ``reject_unauthorized``, ``VERIFY_SSL`` gives ``verify_ssl``."""
    return "_".join(words(segment))


def setting_location(setting: Setting) -> Location:
    """The ``Location`` of a setting: its file and line, named by its key."""
    return Location.of(setting.provenance, setting.key)


@dataclass(frozen=True)
class NamedSetting:
    """A setting with the name it is known by, for settings whose key does not say it.

    ``name`` is the setting's key, except for a Compose list item ``environment.0`` holding
    ``MQTT_PASSWORD=...`` (named ``environment.MQTT_PASSWORD``, its value what follows ``=``) and
    a Kubernetes ``env.0.value`` beside ``env.0.name: DB_PASSWORD`` (named
    ``env.0.DB_PASSWORD``). Findings still point at ``setting``.
    """

    setting: Setting
    name: str
    value: str | int | float | bool | None

    @property
    def label(self) -> str:
        """How messages name the setting: its key, with the variable's name when the key does
        not end in it (``services.api.environment.0 (MQTT_PASSWORD)``)."""
        if self.name == self.setting.key:
            return self.setting.key
        return f"{self.setting.key} ({last_segment(self.name)})"


def named_settings(model: SystemModel) -> tuple[NamedSetting, ...]:
    """Every setting of the model with its name (see :class:`NamedSetting`), in order."""
    by_key = {(s.provenance.path, s.key): s for s in model.settings}
    named: list[NamedSetting] = []
    for setting in model.settings:
        parts = segments(setting.key)
        value = setting.value
        name = setting.key
        if (len(parts) >= 2 and parts[-1].isdigit() and parts[-2].lower() in ENV_LIST_SEGMENTS
                and isinstance(value, str)
                and (assignment := _ENV_ASSIGNMENT.match(value)) is not None):
            name = ".".join((*parts[:-1], assignment.group("name")))
            value = assignment.group("value")
        elif len(parts) >= 2 and parts[-1] == "value":
            label = by_key.get((setting.provenance.path, ".".join((*parts[:-1], "name"))))
            if label is not None and isinstance(label.value, str) and label.value.strip():
                name = ".".join((*parts[:-1], label.value.strip()))
        named.append(NamedSetting(setting, name, value))
    return tuple(named)


def is_example_file(path: str) -> bool:
    """Whether a file is a template of a configuration (``.env.example``,
    ``config.sample.yml``): a dot-separated part of its name is in :data:`EXAMPLE_FILE_PARTS`."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return any(part in EXAMPLE_FILE_PARTS for part in name.split("."))


# --- Values --------------------------------------------------------------------------------------


def as_bool(value: str | int | float | bool | None) -> bool | None:
    """A setting read as a boolean: ``false``, ``"no"``, ``0`` are ``False``; ``true``,
    ``"yes"``, ``1`` are ``True``; anything else is ``None``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return None if value not in (0, 1) else bool(value)
    if isinstance(value, str):
        text = value.strip().strip("\"'").lower()
        if text in FALSE_WORDS:
            return False
        if text in TRUE_WORDS:
            return True
    return None


def value_text(value: str | int | float | bool | None) -> str | None:
    """A setting's value as text, for values that can hold a secret or a host: strings and
    numbers; ``None`` for booleans and nulls."""
    if value is None or isinstance(value, bool):
        return None
    return value if isinstance(value, str) else str(value)


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


def _split_host_port(text: str) -> tuple[str, int | None]:
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, _port(rest.lstrip(":")) if rest.startswith(":") else None
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, _port(port)
    return text, None


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
    host, port = _split_host_port(text)
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
