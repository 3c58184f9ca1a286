"""FA231, FA916, FA225 and FA232 on hand-built models of configuration settings."""

from __future__ import annotations

import pytest

from faceaudit.check import Check, Hit
from faceaudit.checklib.settings import (
    as_bool,
    cloud_face_api,
    is_placeholder,
    names_secret,
    words,
)
from faceaudit.model import Provenance, Setting, SystemModel
from faceaudit.registry import load_registry

CHECKS = {c.id: c for c in load_registry(plugins=False).checks}

Value = str | int | float | bool | None


def _model(*items: tuple[str, Value], path: str = ".env") -> SystemModel:
    return SystemModel(settings=tuple(
        Setting(key, value, Provenance(path, line, key))
        for line, (key, value) in enumerate(items, start=1)))


def _hits(check_id: str, model: SystemModel) -> list[Hit]:
    check: Check = CHECKS[check_id]
    return list(check.run(model))


def _where(hits: list[Hit]) -> list[str]:
    return [f"{h.locations[0].path}:{h.locations[0].line} {h.locations[0].object}" for h in hits]


# --- helpers ---------------------------------------------------------------------------------


def test_words_split_separators_and_camel_case() -> None:
    assert words("MQTT_PASSWORD") == ("mqtt", "password")
    assert words("mqttPassword") == ("mqtt", "password")
    assert words("rejectUnauthorized") == ("reject", "unauthorized")
    assert words("InsecureSkipVerify") == ("insecure", "skip", "verify")
    assert words("sslVerify") == ("ssl", "verify")


@pytest.mark.parametrize("key", [
    "MQTT_PASSWORD", "mqtt.password", "data.DB_PASSWORD", "services.api.environment.FACE_API_KEY",
    "apiKey", "APIKEY", "aws_secret_access_key", "jwtSecret", "auth.token", "client_secret",
    "private-key", "credentials", "DB_PASSWD", "smtp.pwd",
])
def test_secret_keys(key: str) -> None:
    assert names_secret(key)


@pytest.mark.parametrize("key", [
    "PWD", "OLDPWD", "POSTGRES_PASSWORD_FILE", "token_url", "secret_name", "max_tokens",
    "existingSecret", "env.0.valueFrom.secretKeyRef.key", "password_min_length", "api_key_id",
    "keyboard", "monkey", "author",
])
def test_keys_that_do_not_hold_a_secret(key: str) -> None:
    assert not names_secret(key)


@pytest.mark.parametrize("value", [
    "", "  ", "${MQTT_PASSWORD}", "${DB_PASSWORD:-}", "$MQTT_PASSWORD", "%PASSWORD%",
    "{FRIGATE_MQTT_PASSWORD}", "{{ .Values.password }}", "<changeme>", "<your password>",
    "changeme", "CHANGEME", "xxx", "XXXXXXXX", "***", "********", "vault:secret/data/mqtt#pw",
    "env:MQTT_PASSWORD", "file:/run/secrets/mqtt", "your-api-key",
])
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["hunter2", "S3cure-Frigate-2024", "mysecretpassword", "x"])
def test_literals_are_not_placeholders(value: str) -> None:
    assert not is_placeholder(value)


def test_as_bool() -> None:
    assert [as_bool(v) for v in (False, "false", "No", 0, "0", "off")] == [False] * 6
    assert [as_bool(v) for v in (True, "true", "YES", 1, "1", "on")] == [True] * 6
    assert [as_bool(v) for v in (None, "maybe", 2, "none")] == [None] * 4


@pytest.mark.parametrize(("value", "vendor"), [
    ("https://rekognition.us-east-1.amazonaws.com", "AWS Rekognition"),
    ("rekognition.cn-north-1.amazonaws.com.cn", None),
    ("https://myface.cognitiveservices.azure.com/face/v1.0/detect", "Azure AI Face"),
    ("https://myface.cognitiveservices.azure.com/text/analytics/v3.1", None),
    ("https://westeurope.api.cognitive.microsoft.com/face/v1.0", "Azure AI Face"),
    ("https://vision.googleapis.com/v1/images:annotate", "Google Cloud Vision"),
    ("https://api-cn.faceplusplus.com/facepp/v3/detect", "Face++ (Megvii)"),
    ("api-us.faceplusplus.com", "Face++ (Megvii)"),
    ("https://aip.baidubce.com/rest/2.0/face/v3/search", "Baidu AI Cloud face recognition"),
    ("https://aip.baidubce.com/rest/2.0/ocr/v1/general", None),
    ("iai.tencentcloudapi.com", "Tencent Cloud face recognition"),
    ("https://facebody.cn-shanghai.aliyuncs.com", "Alibaba Cloud face recognition"),
    ("https://api.luxand.cloud/photo/search", "Luxand.cloud"),
    ("https://api.kairos.com/recognize", "Kairos"),
    ("https://notrekognition.us-east-1.amazonaws.com.evil.example", None),
    ("https://s3.us-east-1.amazonaws.com", None),
])
def test_cloud_face_api(value: str, vendor: str | None) -> None:
    found = cloud_face_api(value)
    assert (found.api.vendor if found else None) == vendor


# --- FA231 -------------------------------------------------------------------------------------


def test_fa231_reports_each_setting_naming_a_face_api() -> None:
    model = _model(
        ("FACE_API_ENDPOINT", "https://user:pw@rekognition.ap-east-1.amazonaws.com/?a=b"),
        ("OTHER", "https://example.com"),
        ("services.api.environment.FACEPP_URL", "https://api-cn.faceplusplus.com/facepp/v3/search"),
        ("FLAG", True),
    )
    hits = _hits("FA231", model)
    assert _where(hits) == [".env:1 FACE_API_ENDPOINT",
                            ".env:3 services.api.environment.FACEPP_URL"]
    assert "AWS Rekognition" in hits[0].message
    assert "rekognition.ap-east-1.amazonaws.com" in hits[0].message
    assert "Face++ (Megvii)" in hits[1].message
    assert [h.key for h in hits] == ["FACE_API_ENDPOINT", "services.api.environment.FACEPP_URL"]
    assert all("pw" not in e.value for e in hits[0].evidence)


def test_fa231_is_silent_on_local_matchers() -> None:
    assert _hits("FA231", _model(("FACE_API", "http://matcher.internal:8080"))) == []


# --- FA916 -------------------------------------------------------------------------------------

SECRET = "S3cure-Frigate-2024"


def test_fa916_reports_literal_secrets_without_their_value() -> None:
    model = _model(
        ("MQTT_PASSWORD", SECRET),
        ("MQTT_USER", "frigate"),
        ("mqtt.password", "{FRIGATE_MQTT_PASSWORD}"),
        ("data.DB_PASSWORD", "pgpass-0001"),
        ("services.api.environment.FACE_API_KEY", "${FACE_API_KEY}"),
        ("redis.password", 123456),
        ("auth.token", ""),
        ("auth.enabled_token", False),
    )
    hits = _hits("FA916", model)
    assert _where(hits) == [".env:1 MQTT_PASSWORD", ".env:4 data.DB_PASSWORD",
                            ".env:6 redis.password"]
    assert hits[0].message == ("MQTT_PASSWORD holds a literal secret in the configuration "
                               "(value of 19 characters)")
    assert [h.key for h in hits] == ["MQTT_PASSWORD", "data.DB_PASSWORD", "redis.password"]
    assert ("value", "value of 11 characters") in [(e.label, e.value) for e in hits[1].evidence]
    for hit, secret in zip(hits, (SECRET, "pgpass-0001", "123456"), strict=True):
        texts = [hit.message, hit.key, *(e.value for e in hit.evidence),
                 *(loc.object for loc in hit.locations)]
        assert all(secret not in text for text in texts)


# --- FA225 -------------------------------------------------------------------------------------


def test_fa225_reports_settings_that_turn_verification_off() -> None:
    model = _model(
        ("VERIFY_SSL", "false"),
        ("mqtt.tls_insecure", True),
        ("client.rejectUnauthorized", False),
        ("NODE_TLS_REJECT_UNAUTHORIZED", "0"),
        ("PYTHONHTTPSVERIFY", 0),
        ("tls.insecure_skip_verify", "yes"),
        ("http.sslVerify", "no"),
        ("requests.verify", False),
        # Not reported:
        ("face.verify", False),
        ("verify_ssl", True),
        ("mqtt.tls_insecure_x", True),
        ("insecure", False),
        ("GIT_SSL_NO_VERIFY", "false"),
        ("no_verify_ssl", False),
        ("check_hostname", "maybe"),
    )
    hits = _hits("FA225", model)
    assert _where(hits) == [
        ".env:1 VERIFY_SSL", ".env:2 mqtt.tls_insecure", ".env:3 client.rejectUnauthorized",
        ".env:4 NODE_TLS_REJECT_UNAUTHORIZED", ".env:5 PYTHONHTTPSVERIFY",
        ".env:6 tls.insecure_skip_verify", ".env:7 http.sslVerify", ".env:8 requests.verify",
    ]
    assert hits[0].message == ("VERIFY_SSL turns TLS certificate verification off "
                               "(verify_ssl is false)")
    assert "tls_insecure is true" in hits[1].message
    assert "reject_unauthorized is false" in hits[3].message
    assert [h.key for h in hits][:2] == ["VERIFY_SSL", "mqtt.tls_insecure"]


# --- FA232 -------------------------------------------------------------------------------------


def test_fa232_mqtt_urls() -> None:
    model = _model(
        ("MQTT_URL", "mqtt://broker.example.com:1883"),
        ("MQTT_URL_TLS", "mqtts://broker.example.com:8883"),
        ("MQTT_URL_LOCAL", "mqtt://mosquitto:1883"),
        ("MQTT_URL_PRIVATE", "mqtt://192.168.1.10"),
        ("mqtt.uri", "tcp://93.184.216.34:1883"),
        ("db.uri", "tcp://93.184.216.34:5432"),
    )
    hits = _hits("FA232", model)
    assert _where(hits) == [".env:1 MQTT_URL", ".env:5 mqtt.uri"]
    assert "broker.example.com" in hits[0].message
    assert "mqtt:// URL" in hits[0].message
    assert "93.184.216.34" in hits[1].message


def test_fa232_host_settings_with_siblings() -> None:
    plain = _model(("mqtt.host", "mqtt.example.com"), ("mqtt.port", 1883), ("mqtt.user", "f"),
                   path="config.yml")
    hits = _hits("FA232", plain)
    assert _where(hits) == ["config.yml:1 mqtt.host"]
    assert hits[0].message == ("mqtt.host connects to the MQTT broker mqtt.example.com without "
                               "TLS (host setting, port 1883, no TLS setting)")
    assert _where(_hits("FA232", _model(("MQTT_HOST", "8.8.8.8")))) == [".env:1 MQTT_HOST"]
    assert _where(_hits("FA232", _model(("services.x.environment.MQTT_BROKER", "mq.example.com"),
                                        ("services.x.environment.MQTT_PORT", "1883")))) == [
        ".env:1 services.x.environment.MQTT_BROKER"]
    quiet = [
        _model(("mqtt.host", "mqtt.example.com"), ("mqtt.port", 8883)),
        _model(("mqtt.host", "mqtt.example.com"), ("mqtt.tls_ca_certs", "/config/ca.crt")),
        _model(("MQTT_HOST", "mqtt.example.com"), ("MQTT_TLS", "true")),
        _model(("mqtt.host", "mosquitto")),
        _model(("mqtt.host", "broker.lan")),
        _model(("mqtt.host", "10.0.0.5")),
        _model(("mqtt.host", "127.0.0.1")),
        _model(("mqtt.host", "${MQTT_HOST}")),
        _model(("mqtt.host", "mqtt.example.com:8883")),
        _model(("db.host", "db.example.com")),
    ]
    for model in quiet:
        assert _hits("FA232", model) == [], model.settings


def test_fa916_names_list_and_name_value_variables() -> None:
    model = _model(
        ("services.api.environment.0", f"MQTT_PASSWORD={SECRET}"),
        ("services.api.environment.1", "MQTT_USER=frigate"),
        ("spec.containers.0.env.0.name", "DB_PASSWORD"),
        ("spec.containers.0.env.0.value", "pgpass-0001"),
        ("spec.containers.0.env.1.name", "DB_USER"),
        ("spec.containers.0.env.1.value", "face"),
        ("data.KEYSTORE_PASSWORD", "<binary 32 bytes>"),
        path="deploy.yaml")
    hits = _hits("FA916", model)
    assert _where(hits) == ["deploy.yaml:1 services.api.environment.0",
                            "deploy.yaml:4 spec.containers.0.env.0.value",
                            "deploy.yaml:7 data.KEYSTORE_PASSWORD"]
    assert hits[0].message == ("services.api.environment.0 (MQTT_PASSWORD) holds a literal "
                               "secret in the configuration (value of 19 characters)")
    assert "binary value of 32 bytes" in hits[2].message
    assert all(SECRET not in e.value for e in hits[0].evidence)


def test_fa916_skips_configuration_templates() -> None:
    for path in (".env.example", "config/settings.sample.yml", "app.dist.ini"):
        assert _hits("FA916", _model(("MQTT_PASSWORD", SECRET), path=path)) == []


def test_fa225_and_fa232_read_list_environment() -> None:
    model = _model(("services.web.environment.0", "NODE_TLS_REJECT_UNAUTHORIZED=0"),
                   ("services.web.environment.1", "MQTT_HOST=mqtt.example.com"),
                   ("services.web.environment.2", "MQTT_PORT=1883"),
                   path="docker-compose.yml")
    assert _where(_hits("FA225", model)) == ["docker-compose.yml:1 services.web.environment.0"]
    assert _where(_hits("FA232", model)) == ["docker-compose.yml:2 services.web.environment.1"]
    tls = _model(("services.web.environment.0", "MQTT_HOST=mqtt.example.com"),
                 ("services.web.environment.1", "MQTT_PORT=8883"))
    assert _hits("FA232", tls) == []


# --- real-world shapes --------------------------------------------------------------------------


def test_passwords_in_urls_are_secrets_shown_by_length_only() -> None:
    model = _model(("CAMERA_URL", "rtsp://viewer:Gate-Cam-77@10.1.2.3:554/stream1"),
                   ("go2rtc.streams.door.0", "ffmpeg:rtsp://admin:pw9@10.1.2.4/ch1#video=copy"),
                   ("cameras.yard.path", "rtsp://{FRIGATE_RTSP_USER}:{FRIGATE_RTSP_PASSWORD}@h/"),
                   ("REDIS_URL", "redis://default:${REDIS_PASSWORD}@redis:6379"),
                   ("SITE", "https://user@example.org/path"),
                   path="config.yml")
    hits = _hits("FA916", model)
    assert _where(hits) == ["config.yml:1 CAMERA_URL", "config.yml:2 go2rtc.streams.door.0"]
    assert [h.message for h in hits] == [
        "CAMERA_URL holds a literal secret in the configuration "
        "(password of 11 characters in a URL)",
        "go2rtc.streams.door.0 holds a literal secret in the configuration "
        "(password of 3 characters in a URL)"]
    assert all("Gate-Cam-77" not in repr(h) and "pw9" not in repr(h) for h in hits)


def test_reference_tags_and_documentation_keys_are_not_secrets() -> None:
    model = _model(("mqtt.password", "!secret mqtt_password"),
                   ("image_processing.0.api_key", "!secret deepstack_key"),
                   ("data.accesskey", "AKIAIOSFODNN7EXAMPLE"),
                   ("data.secretkey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                   ("data.secretkey", "d3JvbmctYnV0LXJlYWw"), path="minio.yaml")
    assert _where(_hits("FA916", model)) == ["minio.yaml:5 data.secretkey"]


def test_double_take_rekognition_detector_is_a_cloud_face_api() -> None:
    model = _model(("detectors.rekognition.aws_region", "eu-west-1"),
                   ("detectors.rekognition.collection_id", "double-take"),
                   ("detectors.compreface.region", "eu-west-1"),
                   ("backups.region", "us-east-1"), path="config.yml")
    hits = _hits("FA231", model)
    assert _where(hits) == ["config.yml:1 detectors.rekognition.aws_region"]
    assert hits[0].evidence[1].value == "rekognition.eu-west-1.amazonaws.com"
