"""Secrets written into settings (FA916): secret-named keys, placeholders and references.

A key names a secret by its last word parts (``MQTT_PASSWORD``, ``FACE_API_KEY``); its value is
a secret unless it stands in for one (``${VAR}``, ``changeme``, ``vault:...``). Evidence
describes a secret by its length, never by its value.
"""

from __future__ import annotations

import re

from faceaudit.checklib.settings.core import is_example_file
from faceaudit.settingkeys import NamedSetting, last_segment, segments, value_text, words

#: Word parts that name a secret when they end a key's last segment (``MQTT_PASSWORD``,
#: ``jwtSecret``, ``auth.token``).
SECRET_WORDS: frozenset[str] = frozenset({
    "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "accesskey",
    "secretkey", "privatekey", "clientsecret", "credential", "credentials",
})

#: Pairs of word parts that name a secret when they end a key's last segment (``FACE_API_KEY``,
#: ``aws_secret_access_key``, ``private-key``, ``secretKey``).
SECRET_PAIRS: frozenset[tuple[str, str]] = frozenset({
    ("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"),
    ("client", "secret"), ("signing", "key"), ("encryption", "key"),
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
    # YAML reference tags the config reader keeps: Home Assistant's ``!secret mqtt_password``
    "!secret ", "!env_var ", "!input ", "!vault ",
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
    # the example keys of AWS's documentation (``AKIAIOSFODNN7EXAMPLE``, ``...EXAMPLEKEY``)
    re.compile(r"EXAMPLE(?:KEY)?$"),
)

#: A URL with a password in its user information (``rtsp://admin:pass@192.168.1.10/``,
#: ``mqtt://:pass@broker``), anywhere in a value: the password is the group ``password``.
URL_CREDENTIALS: re.Pattern[str] = re.compile(
    r"\b[a-z][a-z0-9+.-]*://[^\s:/@]*:(?P<password>[^\s/@]+)@(?=[^\s/@]*(?:[/?#\s]|$))",
    re.IGNORECASE)

_BINARY = re.compile(r"^<binary (?P<bytes>[0-9]+) bytes>$")


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


def url_password(text: str) -> str | None:
    """The first password written in the user information of a URL in a value
    (``rtsp://admin:Admin123@192.168.1.73:554/``), placeholders (``{FRIGATE_RTSP_PASSWORD}``,
    ``${PASS}``, ``[password]``) left out; ``None`` when there is none."""
    for match in URL_CREDENTIALS.finditer(text):
        password = match.group("password")
        if not is_placeholder(password):
            return password
    return None


def literal_secret(named: NamedSetting) -> str | None:
    """How a secret-named setting's literal value is described, never the value itself
    (``value of 16 characters``, ``binary value of 32 bytes`` for the undecodable data of a
    Kubernetes Secret, ``password of 8 characters in a URL`` for any setting whose value is a
    URL with a password, such as a camera's ``rtsp://user:password@host/``); ``None`` when the
    name names no secret and no URL holds one, the value is empty, a boolean or a placeholder,
    or the file is a template (:func:`is_example_file`)."""
    if is_example_file(named.setting.provenance.path):
        return None
    text = value_text(named.value)
    if text is None:
        return None
    if not names_secret(named.name):
        password = url_password(text)
        if password is None:
            return None
        count = len(password)
        return f"password of {count} character{'s' if count != 1 else ''} in a URL"
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

