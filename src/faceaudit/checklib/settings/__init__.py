"""Helpers for the checks on configuration settings.

A :class:`~faceaudit.model.Setting` is one scalar value of a configuration file under a dotted key
(``mqtt.host``, ``services.api.environment.FACE_API_KEY``, ``data.DB_PASSWORD``). Each module of
this package answers one family of questions about settings, and keeps its vocabularies as data
tables at its top, so they can be read and extended in one place; a key or value the tables do
not know is never reported:

- :mod:`.core`: settings with their names and locations, key word parts, configuration templates;
- :mod:`.secrets`: secret-named keys, placeholders and references (FA916);
- :mod:`.cloudapis`: endpoints of cloud face-recognition APIs (FA231, FA233);
- :mod:`.verification`: TLS certificate verification turned off (FA225);
- :mod:`.mqtt`: MQTT brokers reached without TLS (FA232);
- :mod:`.retention`: how long settings keep facial data (FA306);
- :mod:`.tls`: weak TLS versions and cipher suites (FA226).

Generic key and value helpers live in :mod:`faceaudit.settingkeys` and host helpers in
:mod:`faceaudit.hosts`; the ones checks use are re-exported here.
"""

from __future__ import annotations

from faceaudit.checklib.settings.cloudapis import (
    CLOUD_FACE_APIS,
    CLOUD_FACE_SECTIONS,
    ApiEndpoint,
    CloudFaceApi,
    cloud_face_api,
    section_face_api,
    setting_face_api,
)
from faceaudit.checklib.settings.core import (
    EXAMPLE_FILE_PARTS,
    all_key_words,
    is_example_file,
    key_pairs,
    key_words,
    named_settings,
    setting_location,
)
from faceaudit.checklib.settings.mqtt import (
    MQTT_PLAINTEXT_PORT,
    PlaintextBroker,
    plaintext_mqtt_broker,
)
from faceaudit.checklib.settings.retention import (
    AMBIGUOUS_FACIAL_WORDS,
    DAYS_BY_DEFAULT_WORDS,
    DURATION_UNITS,
    FACIAL_PRODUCT_PAIRS,
    FACIAL_SETTING_WORDS,
    NOT_FACIAL_CONTEXT_WORDS,
    NOT_RETENTION_PAIRS,
    RETENTION_PAIRS,
    RETENTION_WORDS,
    UNBOUNDED_VALUES,
    FaceRetentionSetting,
    RetentionValue,
    face_retention_settings,
    facial_word,
    key_unit_days,
    names_face_retention,
    names_retention,
    read_retention,
)
from faceaudit.checklib.settings.secrets import (
    NOT_SECRET_SEGMENTS,
    PLACEHOLDER_PATTERNS,
    PLACEHOLDER_VALUES,
    REFERENCE_PREFIXES,
    REFERENCE_WORDS,
    SECRET_PAIRS,
    SECRET_WORDS,
    URL_CREDENTIALS,
    is_placeholder,
    length_text,
    literal_secret,
    names_secret,
    url_password,
)
from faceaudit.checklib.settings.tls import (
    CIPHER_KEY_WORDS,
    CIPHER_LIST_WORDS,
    NEGATION_PREFIXES,
    TLS_KEY_WORDS,
    TLS_NOT_ALLOWED_WORDS,
    TLS_VERSION_KEY_WORDS,
    WEAK_CIPHER_PARTS,
    WEAK_CIPHER_PREFIXES,
    WEAK_CIPHER_TOKENS,
    WeakTlsSetting,
    names_cipher_list,
    names_tls_versions,
    weak_cipher_suites,
    weak_tls_settings,
    weak_tls_versions,
)
from faceaudit.checklib.settings.verification import (
    CONTEXTUAL_VERIFY_KEYS,
    INSECURE_KEYS,
    TLS_CONTEXT_WORDS,
    VERIFY_KEYS,
    verification_off,
)
from faceaudit.settingkeys import (
    NamedSetting,
    as_bool,
    last_segment,
    normalised,
    segments,
    value_text,
    words,
)

__all__ = [
    "AMBIGUOUS_FACIAL_WORDS",
    "CIPHER_KEY_WORDS",
    "CIPHER_LIST_WORDS",
    "CLOUD_FACE_APIS",
    "CLOUD_FACE_SECTIONS",
    "CONTEXTUAL_VERIFY_KEYS",
    "DAYS_BY_DEFAULT_WORDS",
    "DURATION_UNITS",
    "EXAMPLE_FILE_PARTS",
    "FACIAL_PRODUCT_PAIRS",
    "FACIAL_SETTING_WORDS",
    "INSECURE_KEYS",
    "MQTT_PLAINTEXT_PORT",
    "NEGATION_PREFIXES",
    "NOT_FACIAL_CONTEXT_WORDS",
    "NOT_RETENTION_PAIRS",
    "NOT_SECRET_SEGMENTS",
    "PLACEHOLDER_PATTERNS",
    "PLACEHOLDER_VALUES",
    "REFERENCE_PREFIXES",
    "REFERENCE_WORDS",
    "RETENTION_PAIRS",
    "RETENTION_WORDS",
    "SECRET_PAIRS",
    "SECRET_WORDS",
    "TLS_CONTEXT_WORDS",
    "TLS_KEY_WORDS",
    "TLS_NOT_ALLOWED_WORDS",
    "TLS_VERSION_KEY_WORDS",
    "UNBOUNDED_VALUES",
    "URL_CREDENTIALS",
    "VERIFY_KEYS",
    "WEAK_CIPHER_PARTS",
    "WEAK_CIPHER_PREFIXES",
    "WEAK_CIPHER_TOKENS",
    "ApiEndpoint",
    "CloudFaceApi",
    "FaceRetentionSetting",
    "NamedSetting",
    "PlaintextBroker",
    "RetentionValue",
    "WeakTlsSetting",
    "all_key_words",
    "as_bool",
    "cloud_face_api",
    "face_retention_settings",
    "facial_word",
    "is_example_file",
    "is_placeholder",
    "key_pairs",
    "key_unit_days",
    "key_words",
    "last_segment",
    "length_text",
    "literal_secret",
    "named_settings",
    "names_cipher_list",
    "names_face_retention",
    "names_retention",
    "names_secret",
    "names_tls_versions",
    "normalised",
    "plaintext_mqtt_broker",
    "read_retention",
    "section_face_api",
    "segments",
    "setting_face_api",
    "setting_location",
    "url_password",
    "value_text",
    "verification_off",
    "weak_cipher_suites",
    "weak_tls_settings",
    "weak_tls_versions",
    "words",
]
