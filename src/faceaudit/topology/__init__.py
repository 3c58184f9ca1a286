"""Components and flows that configuration and source code show.

A description says what a system is meant to be; configuration and code say what it does. This
package reads a model's settings and code findings and adds what they show:

- the MQTT brokers a program publishes facial data to (``mqtt:<host>``), with a flow whose
  protocol and TLS are what the configuration shows, from the Compose service or Kubernetes
  workload that publishes (``service:<name>``, public when a LoadBalancer, NodePort or Ingress
  routes to it or Compose publishes a port on every interface), or from the configuration
  file when no workload is known to own it (``config:<file>``);
- the object-storage buckets that hold facial data (``bucket:<name>``), public or not,
  encrypted or not, with their lifecycle expiry as retention;
- the hosts code sends facial data to (``host:<host>``), with a flow from ``code:<file>`` that
  carries the path the data took through the code.

What the description already declares is not added again: a broker, host or bucket a described
component is reached at (``endpoints``) or named by becomes that component, and a flow into it
the description already carries facial data on is not repeated. Derived flows have no legal
basis: configuration and code cannot show one.
"""

from __future__ import annotations

from dataclasses import replace

from faceaudit.errors import ErrorRecord
from faceaudit.hosts import is_public_host, reached_at
from faceaudit.model import (
    CodeFinding,
    Component,
    ComponentKind,
    DataCategory,
    Flow,
    Provenance,
    Setting,
    Store,
    SystemModel,
    Zone,
)
from faceaudit.settingkeys import NamedSetting, name_settings
from faceaudit.topology.buckets import Bucket, buckets, facial_name
from faceaudit.topology.groups import ConfigGroup, config_groups
from faceaudit.topology.mqtt import Broker, brokers, facial_publishing, retained
from faceaudit.topology.workloads import Workload, owner, workloads

#: Schemes of code sinks that carry data in plaintext.
PLAINTEXT_SCHEMES = frozenset({"http", "mqtt", "ws", "ftp", "smtp", "tcp"})


class _Builder:
    def __init__(self, model: SystemModel) -> None:
        self.model = model
        self.described = model.system is not None
        self.components: dict[str, Component] = {}
        self.flows: list[Flow] = []
        self.unread: list[ErrorRecord] = []
        self._declared_into = {f.target for f in model.facial_flows()}

    def existing(self, host: str) -> Component | None:
        """The described component reached at ``host`` or named by it."""
        for component in self.model.components:
            if component.id == host or reached_at(host, component.endpoints):
                return component
        return None

    def component(self, component: Component) -> str:
        self.components.setdefault(component.id, component)
        return component.id

    def source(self, ident: str, provenance: Provenance, exposure: str | None = None) -> str:
        return self.component(Component(ident, ComponentKind.SERVICE, Zone.ON_PREMISES, None,
                                        None, (), provenance, public=True if exposure else None,
                                        exposure=exposure))

    def flow(self, source: str, host: str, kind: ComponentKind, flow: Flow) -> None:
        found = self.existing(host)
        if found is not None:
            if found.id in self._declared_into:
                return  # the description declares facial data going there
            target = found.id
        else:
            prefix = "mqtt" if kind is ComponentKind.BROKER else "host"
            zone = Zone.INTERNET if is_public_host(host) else Zone.ON_PREMISES
            target = self.component(Component(f"{prefix}:{host}", kind, zone, None, None, (),
                                              flow.provenance, endpoints=(host,)))
        self.flows.append(replace(flow, source=source, target=target))

    def model_with(self) -> SystemModel:
        if not self.components and not self.flows and not self.unread:
            return self.model
        known = {c.id for c in self.model.components}
        added = tuple(c for c in self.components.values() if c.id not in known)
        return replace(self.model, components=self.model.components + added,
                       flows=self.model.flows + tuple(self.flows),
                       unread=self.model.unread + tuple(self.unread))


def _mqtt_flow(builder: _Builder, source: str, found: Broker,
               publishing: tuple[frozenset[DataCategory], str], kept: str | None) -> None:
    data, why = publishing
    protocol = {True: "mqtts", False: "mqtt", None: None}[found.tls]
    tls = {True: "tls", False: "none", None: None}[found.tls]
    trace = (f"{found.provenance.path}:{found.provenance.line}: {found.setting.label} "
             f"names the broker ({found.reason})", why, *((kept,) if kept else ()))
    builder.flow(source, found.host, ComponentKind.BROKER, Flow(
        source, found.host, data, protocol, tls, None, None, found.provenance, trace=trace))


def _publishers(builder: _Builder, groups: list[ConfigGroup], found: list[Workload]) -> None:
    workload_files = {w.provenance.path for w in found}
    owned: dict[int, list[ConfigGroup]] = {}
    loose: list[ConfigGroup] = []
    for group in groups:
        if group.ident in workload_files:
            continue  # a Compose file or manifest: its workloads speak for it
        holder = owner(group.path, found, group.config_map)
        if holder is None:
            loose.append(group)
        else:
            owned.setdefault(id(holder), []).append(group)
    for workload in found:
        mine = owned.get(id(workload), [])
        publishing = facial_publishing(workload.env, workload.product, workload.recorder)
        for group in mine:
            publishing = publishing or facial_publishing(group.settings, workload.product,
                                                         workload.recorder)
        targets = brokers(workload.env) + [b for g in mine for b in brokers(g.settings)]
        if publishing is None or not targets:
            continue
        kept = retained(workload.env) or next(
            (note for g in mine if (note := retained(g.settings))), None)
        source = builder.source(f"service:{workload.name}", workload.provenance,
                                workload.public)
        for target in targets:
            _mqtt_flow(builder, source, target, publishing, kept)
    for group in loose:
        publishing = facial_publishing(group.settings, None, None)
        targets = brokers(group.settings)
        if publishing is None or not targets:
            continue
        source = builder.source(f"config:{group.ident}", Provenance(group.path, 1, None))
        for target in targets:
            _mqtt_flow(builder, source, target, publishing, retained(group.settings))


def _facial_bucket_names(settings: list[NamedSetting]) -> set[str]:
    """Buckets a setting names as holding faces (``FACE_BUCKET=media``, ``faces.s3.bucket``)."""
    names: set[str] = set()
    for item in settings:
        if not isinstance(item.value, str) or "bucket" not in item.name.lower():
            continue
        if facial_name(item.name.replace(".", "_")):
            names.add(item.value.strip())
    return names


def _bucket_component(bucket: Bucket) -> Component:
    store = Store(None, bucket.data, (), bucket.encryption, bucket.retention,
                  bucket.provenance)
    zone = Zone.CLOUD if bucket.platform == "s3" else Zone.ON_PREMISES
    return Component(f"bucket:{bucket.name}", ComponentKind.OBJECT_STORAGE, zone, None, None,
                     (store,), bucket.public_at or bucket.provenance,
                     public=bucket.public is not None, exposure=bucket.public)


def _buckets(builder: _Builder, groups: list[ConfigGroup]) -> None:
    facial = _facial_bucket_names([item for group in groups for item in group.settings])
    for group in groups:
        for bucket in buckets([Setting(n.name, n.value, n.setting.provenance)
                               for n in group.settings]):
            builder.unread.extend(
                ErrorRecord(bucket.provenance.path, reason, bucket.provenance.line)
                for reason in bucket.skipped)
            if bucket.name in facial and not bucket.data:
                bucket.data = frozenset({DataCategory.FACE_IMAGE})
            if not bucket.data or builder.existing(bucket.name) is not None:
                continue
            builder.component(_bucket_component(bucket))


def _code(builder: _Builder, findings: tuple[CodeFinding, ...]) -> None:
    for finding in findings:
        if finding.category != "network" or not finding.host \
                or not is_public_host(finding.host):
            continue
        path = finding.provenance.path
        source = builder.source(f"code:{path}", Provenance(path, 1, None))
        scheme = (finding.scheme or "").lower() or None
        tls = None if scheme is None else ("none" if scheme in PLAINTEXT_SCHEMES else "tls")
        data = finding.data or frozenset({DataCategory.FACE_IMAGE})
        steps = finding.steps
        if finding.tls_verify is False:
            steps += (f"{finding.provenance.line}: {finding.sink or 'the call'} does not verify "
                      "the server's certificate",)
        builder.flow(source, finding.host, ComponentKind.EXTERNAL, Flow(
            source, finding.host, data, scheme, tls, None, None, finding.provenance,
            tls_verify=finding.tls_verify, trace=steps))


def derive(model: SystemModel) -> SystemModel:
    """The model with the components and flows its configuration and code show."""
    if not model.settings and not model.code:
        return model
    builder = _Builder(model)
    if model.settings:
        named = list(name_settings(model.settings))
        groups = config_groups(named)
        _publishers(builder, groups, workloads(model.settings))
        _buckets(builder, groups)
    _code(builder, model.code)
    return builder.model_with()
