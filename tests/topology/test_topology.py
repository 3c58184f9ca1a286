"""What configuration and code add to the model: workloads, brokers, buckets, code flows."""

from __future__ import annotations

import textwrap

import pytest

from faceaudit.model import (
    CodeFinding,
    Component,
    ComponentKind,
    DataCategory,
    Flow,
    LegalBasis,
    Provenance,
    Setting,
    Subjects,
    SystemInfo,
    SystemModel,
    Zone,
)
from faceaudit.readers.config import read
from faceaudit.settingkeys import name_settings
from faceaudit.topology import derive
from faceaudit.topology.buckets import buckets
from faceaudit.topology.connections import connections
from faceaudit.topology.groups import config_groups
from faceaudit.topology.mqtt import brokers, facial_publishing
from faceaudit.topology.workloads import image_name, owner, workloads


def settings(path: str, text: str) -> tuple[Setting, ...]:
    result = read(iter(textwrap.dedent(text).splitlines(keepends=True)), path)
    assert result.errors == ()
    return result.settings


def flows(model: SystemModel) -> list[tuple[str, str, str | None, str | None, int | None]]:
    return [(f.source, f.target, f.protocol, f.tls, f.provenance.line) for f in model.flows]


def described(*components: Component, flows: tuple[Flow, ...] = ()) -> SystemModel:
    info = SystemInfo("Gate", None, ("CN",), (), Subjects(None, None), Provenance("d.yaml", 1))
    return SystemModel(system=info, components=components, flows=flows)


# --- workloads ---------------------------------------------------------------------------------

COMPOSE = """\
services:
  frigate:
    image: ghcr.io/blakeblackshear/frigate:0.16.0
    ports:
      - "8971:8971"
      - "127.0.0.1:5000:5000"
    volumes:
      - ./config:/config
  matcher:
    image: registry.example.com:5000/acme/face-matcher@sha256:abcd
    ports:
      - target: 80
        published: 8080
        host_ip: 127.0.0.1
    environment:
      - MQTT_HOST=mqtt.example.com
      - MQTT_PORT=8883
"""


def test_compose_services_with_image_exposure_mounts_and_environment() -> None:
    found = workloads(settings("deploy/docker-compose.yml", COMPOSE))
    assert [(w.name, w.image, w.public, w.mounts) for w in found] == [
        ("frigate", "ghcr.io/blakeblackshear/frigate:0.16.0",
         "port 8971 published on every interface", ["deploy/config"]),
        ("matcher", "registry.example.com:5000/acme/face-matcher@sha256:abcd", None, []),
    ]
    assert found[0].recorder == "Frigate" and found[0].product is None
    assert found[1].product == "face recognition service"
    assert [(e.name, e.value) for e in found[1].env] == [
        ("services.matcher.environment.MQTT_HOST", "mqtt.example.com"),
        ("services.matcher.environment.MQTT_PORT", "8883")]
    assert owner("deploy/config/config.yml", found) is found[0]
    assert owner("deploy/other/config.yml", found) is None


@pytest.mark.parametrize(("image", "name"), [
    ("ghcr.io/blakeblackshear/frigate:0.16.0", "blakeblackshear/frigate"),
    ("exadel/compreface-api:1.2.0", "exadel/compreface-api"),
    ("localhost:5000/gate@sha256:00", "gate"),
    ("redis", "redis"),
])
def test_image_name_drops_registry_tag_and_digest(image: str, name: str) -> None:
    assert image_name(image) == name


MANIFESTS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: gate}
spec:
  template:
    metadata:
      labels: {app: gate}
    spec:
      containers:
        - name: gate
          image: acme/face-gate:1.0
          env:
            - {name: MQTT_HOST, value: broker.example.com}
            - {name: MQTT_PORT, value: "1883"}
      volumes:
        - name: cfg
          configMap: {name: gate-config}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  template:
    metadata:
      labels: {app: worker}
    spec:
      containers: [{name: w, image: acme/worker:1}]
---
apiVersion: v1
kind: Service
metadata: {name: gate-svc}
spec:
  selector: {app: gate}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: public}
spec:
  rules:
    - http:
        paths:
          - backend: {service: {name: gate-svc, port: {number: 80}}}
"""


def test_kubernetes_workloads_exposed_through_an_ingress_by_selector() -> None:
    found = workloads(settings("k8s/all.yaml", MANIFESTS))
    assert [(w.name, w.kind, w.public, w.config_maps) for w in found] == [
        ("gate", "Deployment", "Ingress public", ["gate-config"]),
        ("worker", "Deployment", None, []),
    ]
    assert [(e.name, e.value) for e in found[0].env] == [
        ("doc0.spec.template.spec.containers.0.env.MQTT_HOST", "broker.example.com"),
        ("doc0.spec.template.spec.containers.0.env.MQTT_PORT", "1883")]
    assert owner("k8s/all.yaml", found, "gate-config") is found[0]


# --- brokers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("mqtt:\n  host: broker.example.com\n", ("broker.example.com", None, False)),
    ("mqtt:\n  host: broker.example.com\n  port: 8883\n", ("broker.example.com", 8883, True)),
    ("mqtt:\n  host: broker.example.com\n  port: 1883\n  tls_ca_certs: /config/ca.pem\n",
     ("broker.example.com", 1883, True)),
    ("mqtt:\n  host: broker.example.com\n  port: 1884\n", ("broker.example.com", 1884, None)),
    ("MQTT_URL: mqtts://user:pw@broker.example.com:8883\n", ("broker.example.com", 8883, True)),
    ("broker_url: mqtt://10.0.0.5\n", ("10.0.0.5", None, False)),
    ("mqtt:\n  server: tcp://broker.example.com:1883\n", ("broker.example.com", 1883, False)),
])
def test_broker_host_port_and_tls(text: str, expected: tuple[str, int | None, bool]) -> None:
    found = brokers(name_settings(settings("config.yml", text)))
    assert [(b.host, b.port, b.tls) for b in found] == [expected]


@pytest.mark.parametrize("text", [
    "mqtt:\n  host: ${MQTT_HOST}\n",
    "mqtt:\n  host: '{FRIGATE_MQTT_HOST}'\n",
    "database:\n  host: db.example.com\n",
    "server: tcp://db.example.com:5432\n",
])
def test_not_a_broker(text: str) -> None:
    assert brokers(name_settings(settings("config.yml", text))) == []


def test_facial_publishing_needs_a_statement_of_faces() -> None:
    frigate = name_settings(settings("config.yml", """\
        mqtt: {host: broker.example.com}
        face_recognition: {enabled: true}
        cameras: {door: {detect: {width: 1280}}}
        """))
    published = facial_publishing(frigate, None, None)
    assert published is not None and published[0] == {DataCategory.FACE_IMAGE,
                                                       DataCategory.IDENTITY}
    plain = name_settings(settings("config.yml", """\
        mqtt: {host: broker.example.com}
        face_recognition: {enabled: false}
        cameras: {door: {detect: {width: 1280}}}
        """))
    assert facial_publishing(plain, None, None) is None
    switch = name_settings(settings(".env", "MQTT_HOST=b.example.com\nMQTT_PUBLISH_FACES=1\n"))
    assert facial_publishing(switch, None, None) == (
        frozenset({DataCategory.FACE_IMAGE}), ".env:2: MQTT_PUBLISH_FACES publishes faces")


# --- buckets -----------------------------------------------------------------------------------


def test_cloudformation_bucket_public_by_policy_unless_blocked() -> None:
    template = """\
        Resources:
          Faces:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: gate-face-images
              LifecycleConfiguration:
                Rules:
                  - {Status: Disabled, ExpirationInDays: 7}
                  - {Status: Enabled, ExpirationInDays: 90}
          FacesPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: {Ref: Faces}
              PolicyDocument:
                Statement:
                  - {Effect: Allow, Principal: {AWS: "*"}, Action: "s3:GetObject"}
        """
    found = buckets(settings("template.yaml", template))
    assert [(b.name, b.public, b.public_at.line if b.public_at else None,
             b.retention.days if b.retention else None, b.data) for b in found] == [
        ("gate-face-images", 'policy statement allows Principal "*" (Resources.FacesPolicy.'
         "Properties.PolicyDocument.Statement.0.Principal.AWS)", 16, 90,
         frozenset({DataCategory.FACE_IMAGE}))]
    assert found[0].encryption is not None
    assert found[0].encryption.at_rest == "SSE-S3 (AES-256), S3's default encryption"
    blocked = template.replace(
        "              BucketName: gate-face-images\n",
        "              BucketName: gate-face-images\n"
        "              PublicAccessBlockConfiguration: {RestrictPublicBuckets: true}\n")
    assert [b.public for b in buckets(settings("template.yaml", blocked))] == [None]


def test_policy_document_with_a_condition_is_not_public() -> None:
    policy = """\
        {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::visitor-faces/*",
          "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}
        """
    assert buckets(settings("policy.json", policy)) == []


def test_minio_buckets_and_their_policy() -> None:
    found = buckets(settings("values.yaml", """\
        buckets:
          - {name: face-crops, policy: download}
          - {name: reports, policy: none}
        """))
    assert [(b.name, b.platform, b.public, b.encryption, sorted(b.data)) for b in found] == [
        ("face-crops", "minio", "policy: download", None, [DataCategory.FACE_IMAGE]),
        ("reports", "minio", None, None, [])]


def test_minio_buckets_of_an_umbrella_chart_and_default_buckets() -> None:
    found = buckets(settings("values.yaml", """\
        minio:
          rootUser: admin
          defaultBuckets: "face-crops, logs"
          buckets:
            - {name: face-crops, policy: download}
        other:
          buckets:
            - {name: faces-elsewhere, policy: public}
        """))
    assert [(b.name, b.public, b.provenance.line, sorted(b.data)) for b in found] == [
        ("face-crops", "policy: download", 5, [DataCategory.FACE_IMAGE]),
        ("logs", None, 3, [])]


# --- groups and embedded files -----------------------------------------------------------------


def test_a_config_file_inside_a_config_map_is_a_group_of_its_own() -> None:
    found = config_groups(name_settings(settings("k8s/cm.yaml", """\
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: gate-config}
        data:
          LOG_LEVEL: info
          config.yml: |
            mqtt:
              host: broker.example.com
        """)))
    assert [(g.ident, g.config_map, [(s.name, s.setting.provenance.line) for s in g.settings])
            for g in found][1] == (
        "k8s/cm.yaml#gate-config/config.yml", "gate-config", [("mqtt.host", 8)])

def test_a_configuration_inline_in_helm_values_is_a_group_of_its_own() -> None:
    found = config_groups(name_settings(settings("charts/nvr/values.yaml", """\
        image: {tag: "0.14"}
        config: |
          mqtt:
            host: broker.example.com
          face_recognition:
            enabled: true
        """)))
    assert [(g.ident, [(s.name, s.setting.provenance.line) for s in g.settings])
            for g in found] == [
        ("charts/nvr/values.yaml", [("image.tag", 1), ("config", 2)]),
        ("charts/nvr/values.yaml#config", [("mqtt.host", 4), ("face_recognition.enabled", 6)])]


def test_a_frigate_configuration_inline_in_helm_values_publishes_faces() -> None:
    model = derive(SystemModel(settings=settings("charts/nvr/values.yaml", """\
        config: |
          mqtt:
            host: broker.example.com
          face_recognition:
            enabled: true
          cameras:
            door: {detect: {fps: 5}}
        """)))
    assert flows(model) == [("config:charts/nvr/values.yaml#config", "mqtt:broker.example.com",
                             "mqtt", "none", 3)]


# --- derive ------------------------------------------------------------------------------------


def test_a_compose_service_publishing_faces_gets_a_flow_to_its_broker() -> None:
    model = SystemModel(settings=settings("docker-compose.yml", COMPOSE.replace(
        "MQTT_PORT=8883", "MQTT_PORT=1883") + "      - MQTT_PUBLISH_FACES=true\n"))
    derived = derive(model)
    assert flows(derived) == [("service:matcher", "mqtt:mqtt.example.com", "mqtt", "none", 16)]
    broker = derived.component("mqtt:mqtt.example.com")
    assert broker is not None and (broker.kind, broker.zone) == (ComponentKind.BROKER,
                                                                 Zone.INTERNET)
    assert derived.flows[0].trace == (
        "docker-compose.yml:16: services.matcher.environment.0 (MQTT_HOST) names the broker "
        "(host setting, port 1883, no TLS setting)",
        "docker-compose.yml:18: services.matcher.environment.2 (MQTT_PUBLISH_FACES) "
        "publishes faces")


def test_without_facial_publishing_nothing_is_added() -> None:
    model = SystemModel(settings=settings("docker-compose.yml", COMPOSE))
    assert derive(model) is model


def test_a_declared_facial_flow_to_the_broker_is_not_repeated() -> None:
    text = "mqtt: {host: broker.example.com, publish_faces: true}\n"
    broker = Component("ops", ComponentKind.BROKER, Zone.CLOUD, None, None, (),
                       Provenance("d.yaml", 5), endpoints=("broker.example.com",))
    nvr = Component("nvr", ComponentKind.SERVICE, Zone.ON_PREMISES, None, None, (),
                    Provenance("d.yaml", 4))
    declared = Flow("nvr", "ops", frozenset({DataCategory.FACE_IMAGE}), "mqtts", "1.2",
                    LegalBasis(None, "law", Provenance("d.yaml", 9)), None,
                    Provenance("d.yaml", 8))
    model = described(nvr, broker, flows=(declared,))
    model = SystemModel(system=model.system, components=model.components, flows=model.flows,
                        settings=settings("config.yml", text))
    assert flows(derive(model)) == [("nvr", "ops", "mqtts", "1.2", 8)]
    undeclared = SystemModel(system=model.system, components=model.components,
                             settings=model.settings)
    assert flows(derive(undeclared)) == [("config:config.yml", "ops", "mqtt", "none", 1)]


def test_code_findings_to_public_hosts_become_flows_with_their_trace() -> None:
    def finding(host: str, scheme: str, line: int) -> CodeFinding:
        return CodeFinding("B950", "face_data_sent", "network", "m", "HIGH", "HIGH",
                           Provenance("app/sync.py", line, "upload"), host=host, scheme=scheme,
                           data=frozenset({DataCategory.FACE_TEMPLATE}),
                           steps=("12: enc = face_encodings(img)", f"{line}: requests.post"))
    model = SystemModel(code=(finding("hr.example.com", "http", 20),
                              finding("127.0.0.1", "http", 25),
                              finding("10.1.2.3", "https", 30)))
    derived = derive(model)
    assert flows(derived) == [("code:app/sync.py", "host:hr.example.com", "http", "none", 20)]
    assert derived.flows[0].trace == ("12: enc = face_encodings(img)", "20: requests.post")
    assert derived.flows[0].data == {DataCategory.FACE_TEMPLATE}


def test_connections_list_brokers_and_urls_with_tls() -> None:
    named = name_settings(settings("config.yml", """\
        mqtt: {host: broker.example.com, port: 1883}
        detector: {url: "http://matcher.example.com:8080/api"}
        portal: {url: "https://portal.example.com"}
        """))
    assert [(c.host, c.port, c.tls, c.reason) for c in connections(named)] == [
        ("broker.example.com", 1883, False, "host setting, port 1883, no TLS setting"),
        ("matcher.example.com", 8080, False, "http:// URL"),
        ("portal.example.com", None, True, "https:// URL")]


def test_retained_messages_are_shown_on_the_flow() -> None:
    model = SystemModel(settings=settings("config.yml", """\
        mqtt:
          host: broker.example.com
          retain: true
          publish_faces: true
        """))
    assert derive(model).flows[0].trace == (
        "config.yml:2: mqtt.host names the broker (host setting, no port (default 1883), no TLS "
        "setting)",
        "config.yml:4: mqtt.publish_faces publishes faces",
        "config.yml:3: mqtt.retain asks the broker to keep the last message of each topic for "
        "every new subscriber")


def test_a_code_flow_that_skips_certificate_verification_says_so() -> None:
    finding = CodeFinding("B901", "face_data_sent", "network", "m", "HIGH", "HIGH",
                          Provenance("app/sync.py", 31, "upload"), sink="requests.post()",
                          host="hr.example.com", scheme="https", tls_verify=False,
                          data=frozenset({DataCategory.FACE_TEMPLATE}),
                          steps=("12: enc = face_encodings(img)",))
    flow = derive(SystemModel(code=(finding,))).flows[0]
    assert (flow.tls, flow.tls_verify) == ("tls", False)
    assert flow.trace == ("12: enc = face_encodings(img)",
                          "31: requests.post() does not verify the server's certificate")
