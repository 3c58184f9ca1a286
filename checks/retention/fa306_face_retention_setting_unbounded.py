"""FA306: a configuration setting keeps facial data with no limit, or longer than the law allows."""

from __future__ import annotations

import math
from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.retention import RetentionLimit, counting_note, limits_for
from faceaudit.checklib.settings import (
    FaceRetentionSetting,
    face_retention_settings,
    setting_location,
)
from faceaudit.model import DataCategory, SystemModel

META = CheckMeta(
    id="FA306",
    slug="face-retention-setting-unbounded",
    title="A configuration setting keeps facial data with no limit, or longer than the law allows",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.RETENTION,
    mandates=("cn-frt-2025:Art.8", "cn-pipl:Art.19", "cn-pipl:Art.47", "us-il-bipa:15(a)",
              "us-tx-cubi:503.001(c)(3)"),
    rationale=(
        "The Measures (Art. 8) and PIPL Art. 19 limit retention of facial data to the shortest "
        "time the purpose needs, and PIPL Art. 47 requires deletion once it is reached; BIPA "
        "15(a) sets at most three years (1095 days) after the last interaction and Texas CUBI "
        "503.001(c)(3) one year (365 days) after the purpose expires. Whatever the description "
        "says, the configuration decides what the software keeps. This check reads settings "
        "whose key names retention (a word part `retain`, `retention`, `keep`, `expire`, "
        "`expiry`, `ttl`, `days`, or `max_age`, `purge_after`, `delete_after`) and whose key "
        "path names facial data (`face`, `facial`, `crop`, `thumbnail`, `enrolment`, "
        "`gallery`, `person`, `people`, Double Take; `snapshot`, `capture` and `recognition` "
        "only when no word such as `backup`, `volume`, `pcap` or `plate` shows they are about "
        "something else; `events` alone does not count, as Frigate's `record.events.retain` "
        "keeps recordings of any motion), e.g. Frigate's `snapshots.retain.default`, "
        "`face_recognition.retention_days`, `FACE_IMAGE_TTL_DAYS`. It reports a value that "
        "sets no limit: a negative number (`-1`) or `forever`, `never`, `unlimited`, "
        "`infinite`, `none`. `0` is not read as unbounded: products read it as delete at once, "
        "keep nothing, off, or the default. When the system's `jurisdictions` have a limit in "
        "faceaudit's table of retention limits (US-IL, US-TX), it also reports a number of "
        "days above it, citing the article, once per limit exceeded. A number takes its unit "
        "from the value (`30d`, `720h`, `90 days`) or the key (`_days`, `_hours`); with no "
        "unit it is days under `retain` or `retention` and unknown, so not compared, under "
        "`ttl`, `max_age`, `expire` and the rest. The days are counted from capture, the "
        "worst case against a limit counted from a later event. Without a description, or "
        "with no such jurisdiction, only unbounded values are reported. Null values, "
        "booleans, modes (`motion`) and templates of a configuration (`.env.example`) are not "
        "read. A retention setting whose key names a backup or dump is FA307's, not this "
        "check's."),
    remediation=(
        "Set a finite retention no longer than the purpose needs and the law allows, e.g. "
        "Frigate `snapshots: {retain: {default: 30}}` or `FACE_SNAPSHOT_RETENTION_DAYS=365` "
        "for a system in Illinois or Texas, and make sure the product's purge runs; then "
        "record the same period on the store in the description "
        "(`retention: {days: 30, enforced_by: Frigate snapshot cleanup}`)."),
    added="0.1.0",
    # The jurisdictions are read when a description states them, but not declared: without
    # one the check still judges unbounded values, and unknown jurisdictions only mean fewer
    # findings, never more (docs/writing-checks.md, models without a description).
    reads=("settings",),
    bad_example=Example("yaml", """
snapshots:
  enabled: true
  retain:
    default: -1
"""),
    good_example=Example("yaml", """
snapshots:
  enabled: true
  retain:
    default: 30
"""),
)

_DATA = frozenset({DataCategory.FACE_IMAGE})


def _base_evidence(found: FaceRetentionSetting) -> list[Evidence]:
    return [Evidence("setting", found.named.label),
            Evidence("value", found.value.text),
            Evidence("facial data", f"key names {found.facial_word!r}")]


def _limit_evidence(limit: RetentionLimit) -> list[Evidence]:
    return [Evidence("limit", limit.describe()),
            Evidence("article", f"{limit.mandate}: {limit.summary}")]


def run(model: SystemModel) -> Iterator[Hit]:
    limits = limits_for(model.system.jurisdictions) if model.system is not None else ()
    for found in face_retention_settings(model):
        setting, value = found.named.setting, found.value
        location = setting_location(setting)
        key = f"{setting.provenance.path}:{setting.key}"
        if value.unbounded:
            evidence = _base_evidence(found)
            evidence.append(Evidence("reason", "the setting sets no expiry: facial data is "
                                               "kept for ever"))
            for limit in limits:
                evidence += _limit_evidence(limit)
            yield Hit(
                message=(f"{found.named.label} keeps facial data with no limit "
                         f"({value.text})"),
                locations=(location,), evidence=tuple(evidence), data=_DATA, key=key)
            continue
        if value.days is None:
            continue
        for limit in limits:
            if value.days <= limit.max_days:
                continue
            evidence = _base_evidence(found)
            evidence.append(Evidence("reason", f"{value.text} exceeds the {limit.max_days} "
                                               f"days {limit.mandate} allows in "
                                               f"{limit.jurisdiction}"))
            evidence += _limit_evidence(limit)
            note = counting_note(math.ceil(value.days), "collection", limit)
            if note:
                evidence.append(Evidence("counting", note))
            yield Hit(
                message=(f"{found.named.label} keeps facial data {value.text}, longer than "
                         f"the {limit.max_days} days {limit.mandate} allows in "
                         f"{limit.jurisdiction}"),
                locations=(location,), evidence=tuple(evidence), data=_DATA,
                key=f"{key}@{limit.mandate}")


CHECK = Check(meta=META, run=run)
