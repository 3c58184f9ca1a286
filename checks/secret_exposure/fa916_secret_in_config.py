"""FA916: a secret written as a literal value in the configuration."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import literal_secret, named_settings, setting_location
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA916",
    slug="secret-in-config",
    title="A password, token or API key is written in the configuration",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.SECRET_EXPOSURE,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51"),
    rationale=(
        "The Measures (Art. 14) and PIPL Art. 51 require technical security measures and "
        "access control for facial data. A password, token or API key written into a "
        "configuration file is readable by everyone who can read the repository, its history, "
        "its images and backups, and opens the databases, brokers and face APIs that hold the "
        "faces. This check reports every setting whose key names a secret (its last part ends "
        "in `password`, `passwd`, `pwd`, `secret`, `token`, `api_key`, `access_key`, "
        "`private_key`, `client_secret` or `credentials`, as in `MQTT_PASSWORD`, "
        "`mqtt.password` or a Kubernetes Secret's `data.DB_PASSWORD`) with a literal value. "
        "Empty values, variable references (`${VAR}`, `$VAR`), templates (`{{ ... }}`), "
        "placeholders (`<changeme>`, `changeme`, `xxx`, `***`) and references to a secret "
        "store (`vault:`, `env:`, `file:`, `secretKeyRef`, `existingSecret`) are not reported, "
        "nor are templates of a configuration (`.env.example`, `config.sample.yml`). Compose "
        "`environment` list items (`- MQTT_PASSWORD=...`) and Kubernetes `env` entries "
        "(`name:` beside `value:`) are read by the variable's name. A password in the user "
        "part of a URL in any setting (a camera's `rtsp://viewer:password@10.0.0.5/`) is "
        "reported too, and Home Assistant's `!secret name` is a reference. The finding shows "
        "the key and the length of the value, never the value."),
    remediation=(
        "Remove the value from the file and from the repository's history, and rotate the "
        "secret: it must be treated as known. Give it to the service at deployment time from "
        "a secret store (Vault, a cloud secret manager, a Kubernetes Secret that is not "
        "committed, Docker secrets with `*_FILE` variables), and leave a reference or a "
        "`${VAR}` placeholder in the configuration."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
mqtt:
  host: mqtt.internal
  user: frigate
  password: S3cure-Frigate-2024
"""),
    good_example=Example("yaml", """
mqtt:
  host: mqtt.internal
  user: frigate
  password: "{FRIGATE_MQTT_PASSWORD}"
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for named in named_settings(model):
        described = literal_secret(named)
        if described is None:
            continue
        setting = named.setting
        yield Hit(
            message=f"{named.label} holds a literal secret in the configuration ({described})",
            locations=(setting_location(setting),),
            evidence=(Evidence("setting", named.label), Evidence("value", described)),
            key=setting.key)


CHECK = Check(meta=META, run=run)
