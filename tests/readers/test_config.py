"""The configuration reader: claims, every format flattened to (key, value, line), and bad input
turned into error records without raising."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from faceaudit.errors import ErrorRecord
from faceaudit.readers import config

FIXTURES = Path(__file__).parent / "fixtures" / "config"

Row = tuple[str, object, int | None]


def _read(text: str, path: str) -> config.ConfigFile:
    return config.read(iter(text.splitlines(keepends=True)), path)


def _fixture(name: str) -> config.ConfigFile:
    with open(FIXTURES / name, encoding="utf-8") as handle:
        return config.read(iter(handle), name)


def _rows(result: config.ConfigFile) -> list[Row]:
    for setting in result.settings:
        assert setting.provenance.path == result.path
        assert setting.provenance.pointer == setting.key
    return [(s.key, s.value, s.provenance.line) for s in result.settings]


# --- claims -------------------------------------------------------------------------------------


K8S_HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"


@pytest.mark.parametrize(("relative", "head"), [
    (".env", ""),
    ("deploy/.env.production", ""),
    ("services/api.env", ""),
    ("docker-compose.yml", ""),
    ("docker-compose.prod.yaml", ""),
    ("compose.yaml", ""),
    ("manifests/face-api.yaml", K8S_HEAD),
    ("face-api.json", '{\n  "apiVersion": "v1",\n  "kind": "Secret"\n}\n'),
    ("chart/values.yaml", "replicaCount: 1\n"),
    ("values-prod.yml", "replicaCount: 1\n"),
    ("settings.ini", ""),
    ("setup.cfg", ""),
    ("tox.ini", ""),
    ("config.toml", ""),
    ("src/main/resources/application.properties", ""),
    ("src/main/resources/application.yml", "server:\n  port: 8080\n"),
    ("appsettings.Production.json", "{}"),
    ("frigate.yml", "mqtt:\n"),
    ("config/config.yml", "mqtt:\n"),
    ("compreface-settings.yaml", "a: 1\n"),
    ("double-take.yml", "a: 1\n"),
    ("conf/app.json", "{}"),
    ("k8s/service.yaml", "a: 1\n"),
    ("helm/face/Chart.yaml", "name: face\n"),
])
def test_claims(relative: str, head: str) -> None:
    assert config.claims(relative, head)


@pytest.mark.parametrize(("relative", "head"), [
    ("package.json", "{}"),
    ("web/package-lock.json", "{}"),
    ("tsconfig.json", "{}"),
    ("tsconfig.build.json", "{}"),
    ("composer.json", "{}"),
    ("poetry.lock", ""),
    ("Cargo.lock", ""),
    ("pyproject.toml", ""),
    ("Cargo.toml", ""),
    ("yarn.lock", ""),
    ("pnpm-lock.yaml", "lockfileVersion: 9\n"),
    (".github/workflows/ci.yml", "name: ci\n"),
    (".github/workflows/config.yml", "name: ci\n"),
    (".github/ISSUE_TEMPLATE/config.yml", "blank_issues_enabled: false\n"),
    ("node_modules/x/config.json", "{}"),
    (".pre-commit-config.yaml", "repos: []\n"),
    ("mkdocs.yml", "site_name: docs\n"),
    ("data/faces.json", "[]"),
    ("openapi.yaml", "openapi: 3.0.0\n"),
    ("schema.sql", ""),
    ("app.py", ""),
    (".envrc", "export A=1\n"),
    ("charts/face/templates/deployment.yaml",
     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"),
])
def test_does_not_claim(relative: str, head: str) -> None:
    assert not config.claims(relative, head)


def test_module_contract() -> None:
    assert config.NAME == "config"
    assert {".yaml", ".yml", ".json", ".toml", ".ini", ".cfg", ".properties", ".env"} \
        <= config.SUFFIXES
    assert ".env" in config.CONFIG_FILE_NAMES
    assert all(suffix == suffix.lower() and suffix.startswith(".") for suffix in config.SUFFIXES)


# --- formats ------------------------------------------------------------------------------------


def test_frigate() -> None:
    result = _fixture("frigate.yml")
    assert result.format == "yaml"
    assert result.errors == ()
    assert _rows(result) == [
        ("mqtt.enabled", True, 3),
        ("mqtt.host", "mqtt.lan", 4),
        ("mqtt.port", 1883, 5),
        ("mqtt.user", "frigate", 6),
        ("mqtt.password", "s3cret-mqtt", 7),
        ("face_recognition.enabled", True, 10),
        ("face_recognition.model_size", "small", 11),
        ("snapshots.enabled", True, 14),
        ("snapshots.retain.default", 30, 16),
        ("cameras.front_door.ffmpeg.inputs.0.path",
         "rtsp://admin:cam-pass@192.168.1.20:554/stream1", 22),
        ("cameras.front_door.ffmpeg.inputs.0.roles.0", "detect", 24),
        ("cameras.front_door.ffmpeg.inputs.0.roles.1", "record", 25),
        ("cameras.front_door.detect.width", 1280, 27),
    ]


def test_docker_compose_lists_maps_and_merge_keys() -> None:
    result = _fixture("docker-compose.yml")
    assert result.errors == ()
    assert _rows(result) == [
        ("x-common-env.TZ", "Europe/Berlin", 2),
        ("x-common-env.LOG_LEVEL", "info", 3),
        ("services.compreface-api.image", "exadel/compreface-api:1.2.0", 7),
        ("services.compreface-api.environment.POSTGRES_PASSWORD", "postgres", 10),
        ("services.compreface-api.environment.SAVE_IMAGES_TO_DB", "true", 11),
        # merged from the anchor: the lines where the anchor defines them
        ("services.compreface-api.environment.TZ", "Europe/Berlin", 2),
        ("services.compreface-api.environment.LOG_LEVEL", "info", 3),
        ("services.double-take.image", "skrashevich/double-take", 13),
        ("services.double-take.environment.0", "FRIGATE_URL=http://frigate:5000", 15),
        ("services.double-take.environment.1", "DETECTORS_COMPREFACE_KEY=00000000-face-key", 16),
        ("services.double-take.ports.0", "3000:3000", 18),
    ]


def test_kubernetes_multi_document_with_secret() -> None:
    result = _fixture("manifests.yaml")
    assert result.errors == ()
    assert _rows(result) == [
        ("doc0.apiVersion", "apps/v1", 1),
        ("doc0.kind", "Deployment", 2),
        ("doc0.metadata.name", "face-api", 4),
        ("doc0.spec.replicas", 2, 6),
        ("doc0.spec.template.spec.containers.0.name", "api", 10),
        ("doc0.spec.template.spec.containers.0.image", "registry.example/face-api:2.1", 11),
        ("doc0.spec.template.spec.containers.0.env.0.name", "MATCH_THRESHOLD", 13),
        ("doc0.spec.template.spec.containers.0.env.0.value", "0.6", 14),
        ("doc1.apiVersion", "v1", 16),
        ("doc1.kind", "ConfigMap", 17),
        ("doc1.metadata.name", "face-api-config", 19),
        ("doc1.data.RETENTION_DAYS", "90", 21),
        ("doc1.data.STORE_RAW_IMAGES", "false", 22),
        ("doc2.apiVersion", "v1", 24),
        ("doc2.kind", "Secret", 25),
        ("doc2.metadata.name", "face-api-secrets", 27),
        ("doc2.type", "Opaque", 28),
        ("doc2.data.DB_PASSWORD", "password123", 30),  # base64 decoded
        ("doc2.data.SIGNING_KEY", "<binary 3 bytes>", 31),  # decodes to b"\xff\x00\xfe"
        ("doc2.stringData.API_TOKEN", "plain-token", 33),  # as given
    ]


def test_single_document_secret_and_bad_base64() -> None:
    text = ("apiVersion: v1\nkind: Secret\ndata:\n  GOOD: aGVs\n    bG8=\n"
            "  BAD: '!!not-base64'\n  NUMBER: 12\n  NONE:\n")
    result = _read(text, "secret.yaml")
    assert [row for row in _rows(result) if row[0].startswith("data.")] == [
        ("data.GOOD", "hello", 4),  # folded over two lines, whitespace ignored
        ("data.BAD", None, 6),
        ("data.NUMBER", None, 7),
        ("data.NONE", None, 8),
    ]
    assert result.errors == (
        ErrorRecord("secret.yaml", "Secret value data.BAD is not valid base64", 6, "data.BAD"),
        ErrorRecord("secret.yaml", "Secret value data.NUMBER is not base64 text", 7,
                    "data.NUMBER"),
    )


def test_data_outside_a_secret_is_not_decoded() -> None:
    result = _read("kind: ConfigMap\ndata:\n  A: cGFzc3dvcmQxMjM=\n", "k8s/cm.yaml")
    assert _rows(result) == [("kind", "ConfigMap", 1), ("data.A", "cGFzc3dvcmQxMjM=", 3)]


def test_helm_values() -> None:
    result = _fixture("values.yaml")
    assert result.errors == ()
    assert _rows(result) == [  # the empty list ingress.hosts is a container, not a setting
        ("replicaCount", 1, 1),
        ("image.repository", "ghcr.io/example/face-gateway", 3),
        ("image.tag", "1.4.2", 4),
        ("persistence.enabled", True, 6),
        ("persistence.size", "20Gi", 7),
        ("faceStore.encryption", "none", 9),
        ("faceStore.retentionDays", 365, 10),
        ("ingress.enabled", False, 12),
    ]


def test_dotenv() -> None:
    result = _fixture(".env")
    assert result.format == "env"
    assert _rows(result) == [
        ("POSTGRES_USER", "compreface", 2),
        ("POSTGRES_PASSWORD", "pa ss#word", 3),
        ("API_KEY", "abc#123", 4),  # a hash without a space before it is part of the value
        ("UPLOAD_DIR", "/srv/faces", 5),
        ("SINGLE", "no $expansion here", 6),
        ("EMPTY", "", 7),
    ]
    assert result.errors == (ErrorRecord(".env", "not a KEY=VALUE line", 8),)


def test_dotenv_quoted_value_over_lines_and_unclosed_quote() -> None:
    text = 'KEY="line1\\tx\nline2"\nNEXT=1\nBAD="never\nLOST=2\n'
    result = _read(text, "deploy/.env.production")
    assert result.format == "env"
    assert _rows(result) == [("KEY", "line1\tx\nline2", 1), ("NEXT", "1", 3)]
    assert result.errors == (ErrorRecord("deploy/.env.production",
                                         'BAD: the " quote is never closed', 4, "BAD"),)


def test_appsettings_json() -> None:
    result = _fixture("appsettings.json")
    assert result.format == "json"
    assert result.errors == ()
    assert _rows(result) == [
        ("ConnectionStrings.Faces",
         "Server=db;Database=faces;User Id=sa;Password=Face!Pass1;", 3),
        ("FaceRecognition.Provider", "AzureFace", 6),
        ("FaceRecognition.Endpoint", "https://westeurope.api.cognitive.microsoft.com/", 7),
        ("FaceRecognition.RetainTemplates", True, 8),
        ("FaceRecognition.MaxFaces", 5, 9),
        ("FaceRecognition.Threshold", 0.75, 10),
        ("FaceRecognition.Regions.0", "westeurope", 11),
        ("FaceRecognition.Regions.1", "northeurope", 11),
        ("Logging", None, 13),
    ]


def test_toml() -> None:
    result = _fixture("config.toml")
    assert result.format == "toml"
    assert result.errors == ()
    assert _rows(result) == [
        ("title", "face gateway", 1),
        ("server.host", "0.0.0.0", 4),
        ("server.port", 8080, 5),
        ("storage.path", "/var/lib/faces", 8),
        ("storage.retention.days", 30, 9),  # inline table: the line of its key
        ("storage.retention.enforced", False, 9),
        ("storage.buckets.0", "raw", 10),  # an array over lines: the line of its key
        ("storage.buckets.1", "templates", 10),
        ("cameras.0.name", "lobby", 16),
        ("cameras.0.url", "rtsp://lobby.local/stream", 17),
        ("cameras.1.name", "gate", 20),
        ("cameras.1.stream.url", "rtsp://gate.local/stream", 21),
    ]


def test_toml_multiline_string_hides_its_lines_and_dates_are_text() -> None:
    text = 'a = 1\nb = """\nx = 2\n"""\nwhen = 2024-05-01\n[t]\nc = 3\n'
    assert _rows(_read(text, "config.toml")) == [
        ("a", 1, 1), ("b", "x = 2\n", 2), ("when", "2024-05-01", 5), ("t.c", 3, 7)]


def test_ini() -> None:
    result = _fixture("settings.ini")
    assert result.format == "ini"
    assert result.errors == ()
    assert _rows(result) == [
        ("DEFAULT.log_level", "info", 2),  # once, not again in every section
        ("database.host", "db.internal", 5),
        ("database.Password", "hunter2", 6),  # the case of option names is kept
        ("database.dsn", "postgres://%(user)s@db/faces", 7),  # no interpolation
        ("faces.store_images", "yes", 10),
        ("faces.log_level", "debug", 11),  # overrides the default: its own line
        ("faces.notes", "first line\nsecond line", 12),
    ]


def test_ini_bad_lines_are_errors_and_reading_goes_on() -> None:
    result = _read("[s]\na = 1\nthis is bad\nb = 2\n", "app.cfg")
    assert _rows(result) == [("s.a", "1", 2), ("s.b", "2", 4)]
    assert result.errors == (ErrorRecord(
        "app.cfg", "not valid INI: a line that is neither a [section] nor a setting", 3),)


def test_ini_without_a_section() -> None:
    result = _read("a = 1\n[s]\nb = 2\n", "app.ini")
    assert result.settings == ()
    assert result.errors == (ErrorRecord(
        "app.ini", "not valid INI: a setting before the first [section]", 1),)


def test_properties() -> None:
    text = ("# comment\n! also a comment\ndb.user=faces\ndb.password: s3cret\n"
            "key3 v3\nlong = a\\\n   b\\\n   c\nesc\\=key = x\\u0041\nempty\n")
    result = _read(text, "src/main/resources/application.properties")
    assert result.format == "properties"
    assert result.errors == ()
    assert _rows(result) == [
        ("db.user", "faces", 3),
        ("db.password", "s3cret", 4),
        ("key3", "v3", 5),
        ("long", "abc", 6),
        ("esc=key", "xA", 9),
        ("empty", "", 10),
    ]


# --- bad input ----------------------------------------------------------------------------------


def test_malformed_yaml() -> None:
    result = _read("mqtt:\n  host: a\n  port: [1883\nsnapshots: 3\n", "config.yml")
    assert result.settings == ()
    assert [(e.path, e.line) for e in result.errors] == [("config.yml", 4)]
    assert result.errors[0].reason.startswith("not valid YAML")


def test_malformed_document_in_a_stream_leaves_the_others() -> None:
    text = "# manifests\n---\na: 1\n---\nb: [\n---\nc: 3\n"
    result = _read(text, "k8s/all.yaml")
    assert _rows(result) == [("doc0.a", 1, 3), ("doc2.c", 3, 7)]
    assert [(e.line, e.reason.startswith("not valid YAML")) for e in result.errors] == \
        [(6, True)]


def test_malformed_toml() -> None:
    result = _read('a = 1\n[server]\nport = = 2\n', "config.toml")
    assert result.settings == ()
    assert len(result.errors) == 1
    assert result.errors[0].line == 3
    assert result.errors[0].reason.startswith("not valid TOML")


def test_malformed_json() -> None:
    result = _read('{\n  "a": 1,\n  "b": ,\n  "c": 2\n}\n', "appsettings.json")
    assert result.settings == ()
    assert result.errors == (ErrorRecord("appsettings.json", "not valid JSON: Expecting value",
                                         3),)


def test_duplicate_json_key() -> None:
    result = _read('{\n  "a": 1,\n  "a": 2\n}\n', "appsettings.json")
    assert result.settings == ()
    assert [(e.line, e.reason) for e in result.errors] == [(3, "duplicate key 'a'")]


def test_billion_laughs_is_an_error_and_fast() -> None:
    names = "abcdefghij"
    text = "a: &a [" + ", ".join(["lol"] * 10) + "]\n" + "".join(
        f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
        for prev, name in itertools.pairwise(names))
    start = time.perf_counter()
    result = _read(text, "config.yaml")
    assert time.perf_counter() - start < 2
    assert result.settings == ()
    assert len(result.errors) == 1
    assert "expands to more than" in result.errors[0].reason
    assert result.errors[0].line is not None


def test_settings_are_capped() -> None:
    text = "".join(f"K{i}={i}\n" for i in range(config.MAX_SETTINGS + 5))
    result = _read(text, ".env")
    assert len(result.settings) == config.MAX_SETTINGS
    assert result.settings[-1].key == f"K{config.MAX_SETTINGS - 1}"
    assert result.errors == (ErrorRecord(
        ".env", f"more than {config.MAX_SETTINGS} settings; the rest are not read",
        config.MAX_SETTINGS + 1, f"K{config.MAX_SETTINGS}"),)


@pytest.mark.parametrize("name", ["config.yaml", "appsettings.json", "config.toml", "app.ini",
                                  ".env", "app.properties"])
@pytest.mark.parametrize("text", ["", "\n", "\x00\x01", "[[[", "{\n", "a=\"", "---\n---\n",
                                  "- - - -\n", "'"])
def test_never_raises(name: str, text: str) -> None:
    result = _read(text, name)
    assert isinstance(result, config.ConfigFile)
    assert all(error.path == name for error in result.errors)


@pytest.mark.parametrize(("name", "text"), [
    ("appsettings.json", '{"a": ' * 5000 + "1" + "}" * 5000),
    ("config.toml", "a = " + "[" * 5000 + "]" * 5000),
])
def test_deep_nesting_is_an_error(name: str, text: str) -> None:
    result = _read(text, name)
    assert result.settings == ()
    assert len(result.errors) == 1


CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: gate
data:
  LOG_LEVEL: info
  config.yml: |
    mqtt:
      host: broker.example.com
    cameras: [
  app.env: |
    MQTT_PORT=1883
"""


def test_config_map_entries_named_like_files_are_read_as_those_files() -> None:
    result = _read(CONFIG_MAP, "k8s/gate.yaml")
    rows = [row for row in _rows(result) if "/" in row[0]]
    # The broken entry is an error record at its line in the manifest; the next entry is read.
    assert rows == [("data.app.env/MQTT_PORT", "1883", 12)]
    assert [(e.line, e.reason.split(":", 1)[0]) for e in result.errors] == [
        (11, "data.config.yml")]
    fixed = _read(CONFIG_MAP.replace("cameras: [", "cameras: []"), "k8s/gate.yaml")
    assert [row for row in _rows(fixed) if "/" in row[0]] == [
        ("data.config.yml/mqtt.host", "broker.example.com", 9),
        ("data.app.env/MQTT_PORT", "1883", 12)]


@pytest.mark.parametrize(("relative", "head"), [
    ("infra/template.yaml", 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n'),
    ("infra/stack.yml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"),
    ("s3/bucket-policy.json", '{"Statement": [{"Effect": "Allow", "Principal": "*"}]}'),
    ("homeassistant/automations.yaml", "- alias: Door face\n  action: []\n"),
])
def test_claims_cloud_templates_and_policy_documents(relative: str, head: str) -> None:
    assert config.claims(relative, head)


# --- real-world shapes --------------------------------------------------------------------------


def test_home_assistant_reference_tags_keep_their_tag() -> None:
    result = _read("mqtt:\n  broker: core-mosquitto\n  password: !secret broker_pw\n"
                   "automation: !include automations.yaml\nlatitude: !env_var HOME_LAT\n",
                   "configuration.yaml")
    assert result.errors == ()
    assert _rows(result) == [
        ("mqtt.broker", "core-mosquitto", 2),
        ("mqtt.password", "!secret broker_pw", 3),
        ("automation", "automations.yaml", 4),
        ("latitude", "!env_var HOME_LAT", 5),
    ]


def test_cloudformation_short_form_functions_read_as_their_text() -> None:
    result = _read("Resources:\n  Shots:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                   "      BucketName: !Sub ${AWS::StackName}-shots\n"
                   "      Arn: !GetAtt Table.Arn\n", "template.yaml")
    assert result.errors == ()
    assert _rows(result)[1:] == [
        ("Resources.Shots.Properties.BucketName", "${AWS::StackName}-shots", 5),
        ("Resources.Shots.Properties.Arn", "Table.Arn", 6),
    ]


def test_helm_values_keep_a_configuration_inline() -> None:
    text = ("image:\n  tag: 0.14.1\nconfig: |\n  mqtt:\n    host: broker.example.net\n"
            "    port: 1883\n  face_recognition:\n    enabled: true\n"
            "nginxConfig: |\n  server {\n    listen 80;\n  }\n"
            "notes: |\n  mqtt:\n    host: not.read\n")
    result = _read(text, "charts/gate/values.yaml")
    assert result.errors == ()
    assert [row for row in _rows(result) if "/" in row[0]] == [
        ("config/mqtt.host", "broker.example.net", 5),
        ("config/mqtt.port", 1883, 6),
        ("config/face_recognition.enabled", True, 8),
    ]


def test_an_inline_configuration_outside_values_files_is_a_string() -> None:
    result = _read("config: |\n  mqtt:\n    host: broker.example.net\n", "config.yml")
    assert _rows(result) == [("config", "mqtt:\n  host: broker.example.net\n", 1)]
