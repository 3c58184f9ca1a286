"""Retention of facial data in settings (FA306).

A setting keeps facial data for a time when a word part of its key names retention and a word
part of its key path names facial or recognition data. Its value is read as a number of days,
or as no limit at all. ``0`` is never read as "no limit": depending on the product it means
"delete at once", "keep nothing", "off" or "use the default", so it is a bound (of 0 days).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faceaudit.checklib.settings.core import is_example_file, key_pairs, key_words, named_settings
from faceaudit.model import SystemModel
from faceaudit.settingkeys import NamedSetting

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

#: Word parts that name backups and dumps (``BACKUP_KEEP_DAYS``, ``face_db.backup.retention``).
#: Retention settings with one of them are about copies of the data, and are FA307's.
BACKUP_WORDS: frozenset[str] = frozenset({"backup", "backups", "dump", "dumps"})

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


def names_backup(key: str) -> bool:
    """Whether a key is about backups: a word part of :data:`BACKUP_WORDS` anywhere in it."""
    return any(set(parts) & BACKUP_WORDS for parts in key_words(key))


def names_retention(key: str) -> bool:
    """Whether a key names a retention: a word part of :data:`RETENTION_WORDS` or a pair of
    :data:`RETENTION_PAIRS` in any segment, leaving out pairs of :data:`NOT_RETENTION_PAIRS`
    (``keep_alive``)."""
    for parts in key_words(key):
        excluded = {word for pair in key_pairs(parts) & NOT_RETENTION_PAIRS for word in pair}
        if (set(parts) - excluded) & RETENTION_WORDS or key_pairs(parts) & RETENTION_PAIRS:
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
    split = key_words(key)
    all_words = {word for parts in split for word in parts}
    for parts in split:
        for word in parts:
            if word in FACIAL_SETTING_WORDS:
                return word
        for pair in key_pairs(parts) & FACIAL_PRODUCT_PAIRS:
            return "_".join(pair)
    if all_words & NOT_FACIAL_CONTEXT_WORDS:
        return None
    return next((word for parts in split for word in parts
                 if word in AMBIGUOUS_FACIAL_WORDS), None)


def names_face_retention(key: str) -> bool:
    """Whether a key sets how long facial data is kept: it :func:`names_retention` and has a
    :func:`facial_word` (``snapshots.retain.default``, ``FACE_IMAGE_TTL_DAYS``)."""
    return names_retention(key) and facial_word(key) is not None


def key_unit_days(key: str) -> float | None:
    """How many days one unit of a key's numbers is: the last unit word of the key
    (``retention_hours`` gives 1/24, ``record.retain.days`` 1), else 1 when a word of
    :data:`DAYS_BY_DEFAULT_WORDS` is in the key, else ``None`` (unknown)."""
    all_words = [word for parts in key_words(key) for word in parts]
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
        if names_backup(named.name):
            continue  # backups of facial data are FA307's
        value = read_retention(named.name, named.value)
        word = facial_word(named.name)
        if value is not None and word is not None:
            found.append(FaceRetentionSetting(named, word, value))
    return tuple(found)

