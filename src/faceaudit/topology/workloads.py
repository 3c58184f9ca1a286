"""The programs a deployment runs: Compose services and Kubernetes workloads, read from settings.

A Compose file gives one workload per ``services.<name>``; a Kubernetes manifest one per
Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job or CronJob (its first container's image,
the environment of all its containers). A workload is *public* when a Kubernetes Service of type
LoadBalancer or NodePort, or an Ingress, routes to it, or when Compose publishes a port on every
interface (``"8080:80"``, not ``"127.0.0.1:8080:80"``). The folders a Compose service mounts
(``./config:/config``) say which configuration files are that service's own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from faceaudit.classify import word_parts
from faceaudit.model import Provenance, Setting
from faceaudit.settingkeys import NamedSetting, name_settings, value_text

#: Kubernetes kinds that run containers, with the key path to their pod spec.
WORKLOAD_KINDS: dict[str, str] = {
    "Deployment": "spec.template.spec.",
    "StatefulSet": "spec.template.spec.",
    "DaemonSet": "spec.template.spec.",
    "ReplicaSet": "spec.template.spec.",
    "Job": "spec.template.spec.",
    "CronJob": "spec.jobTemplate.spec.template.spec.",
    "Pod": "spec.",
}

#: Container images of face-recognition software, matched against the image's name (registry
#: and tag left out) by word parts: the product is named when all its words appear in order.
FACE_PRODUCTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Double Take", ("double", "take")),
    ("CompreFace", ("compreface",)),
    ("DeepStack", ("deepstack",)),
    ("CodeProject.AI", ("codeproject", "ai")),
    ("Facebox", ("facebox",)),
    ("InsightFace", ("insightface",)),
    ("DeepFace", ("deepface",)),
    ("face recognition service", ("face",)),
    ("face recognition service", ("faces",)),
)

#: Images of camera recorders whose MQTT messages carry snapshots (``frigate/<camera>/<label>/
#: snapshot``); the snapshots are facial data when the recorder recognises faces.
RECORDER_PRODUCTS: tuple[tuple[str, tuple[str, ...]], ...] = (("Frigate", ("frigate",)),)

_PUBLIC_SERVICE_TYPES = frozenset({"LoadBalancer", "NodePort"})
_DOC = re.compile(r"^(doc[0-9]+\.)")


@dataclass
class Workload:
    """One program a deployment runs."""

    name: str
    kind: str  # compose | Deployment | StatefulSet | ...
    provenance: Provenance
    image: str | None = None
    env: list[NamedSetting] = field(default_factory=list)
    public: str | None = None  # why it is reachable from outside, in words
    mounts: list[str] = field(default_factory=list)  # folders it mounts, relative to the scan
    labels: dict[str, str] = field(default_factory=dict)
    config_maps: list[str] = field(default_factory=list)  # ConfigMaps and Secrets it mounts

    @property
    def product(self) -> str | None:
        """The face-recognition product the image is, or ``None``."""
        return _product(self.image, FACE_PRODUCTS)

    @property
    def recorder(self) -> str | None:
        return _product(self.image, RECORDER_PRODUCTS)


def image_name(image: str) -> str:
    """``ghcr.io/blakeblackshear/frigate:0.14.1`` gives ``blakeblackshear/frigate``."""
    text = image.split("@", 1)[0]
    last = text.rsplit("/", 1)
    if ":" in last[-1]:
        text = text[: len(text) - len(last[-1])] + last[-1].split(":", 1)[0]
    parts = text.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    return "/".join(parts)


def _product(image: str | None, table: Sequence[tuple[str, tuple[str, ...]]]) -> str | None:
    if not image:
        return None
    parts = word_parts(image_name(image))
    for product, wanted in table:
        size = len(wanted)
        if any(parts[i:i + size] == wanted for i in range(len(parts) - size + 1)):
            return product
    return None


def _by_file(settings: Iterable[Setting]) -> dict[str, list[Setting]]:
    files: dict[str, list[Setting]] = {}
    for setting in settings:
        files.setdefault(setting.provenance.path, []).append(setting)
    return files


def _documents(settings: list[Setting]) -> dict[str, dict[str, Setting]]:
    """The settings of each YAML document of a file, by key without the ``doc<n>.`` prefix."""
    docs: dict[str, dict[str, Setting]] = {}
    for setting in settings:
        match = _DOC.match(setting.key)
        prefix = match.group(1) if match else ""
        docs.setdefault(prefix, {})[setting.key[len(prefix):]] = setting
    return docs


def _text(keys: dict[str, Setting], key: str) -> str | None:
    setting = keys.get(key)
    return None if setting is None else value_text(setting.value)


def _compose(path: str, keys: dict[str, Setting], folder: str) -> list[Workload]:
    found: dict[str, Workload] = {}
    for key, setting in keys.items():
        parts = key.split(".")
        if len(parts) < 3 or parts[0] != "services":
            continue
        name = parts[1]
        workload = found.get(name)
        if workload is None:
            workload = found[name] = Workload(name, "compose",
                                              Provenance(path, setting.provenance.line,
                                                         f"services.{name}"))
        field_name = parts[2]
        text = value_text(setting.value)
        if field_name == "image" and len(parts) == 3:
            workload.image = text
        elif field_name == "ports" and text is not None and workload.public is None:
            published = _published(text, keys, parts)
            if published:
                workload.public = f"port {published} published on every interface"
        elif field_name == "volumes" and text is not None:
            source = text.split(":", 1)[0]
            if source.startswith((".", "/")) and ":" in text:
                workload.mounts.append(posixpath.normpath(posixpath.join(folder, source)))
    named = name_settings([s for s in keys.values() if s.key.split(".")[2:3] in (
        ["environment"], ["env"])])
    for item in named:
        found[item.setting.key.split(".")[1]].env.append(item)
    return list(found.values())


def _published(text: str, keys: dict[str, Setting], parts: list[str]) -> str | None:
    """The host port a Compose ports entry publishes on every interface, or ``None``."""
    if len(parts) == 5 and parts[4] in ("published", "target", "host_ip", "protocol", "mode"):
        base = ".".join(parts[:4])
        host_ip = _text(keys, base + ".host_ip")
        published = _text(keys, base + ".published")
        if parts[4] != "published" or published is None:
            return None
        return published if host_ip in (None, "0.0.0.0", "::") else None
    pieces = text.split(":")
    if len(pieces) == 2:
        return pieces[0]
    if len(pieces) == 3 and pieces[0] in ("", "0.0.0.0"):
        return pieces[1]
    return None


def _kubernetes(path: str, documents: dict[str, dict[str, Setting]]) -> list[Workload]:
    workloads: list[Workload] = []
    routes: list[tuple[str, str]] = []  # (service name, why public)
    services: dict[str, dict[str, str]] = {}  # service name -> selector
    for keys in documents.values():
        kind = _text(keys, "kind")
        name = _text(keys, "metadata.name")
        if kind is None or name is None:
            continue
        if kind in WORKLOAD_KINDS:
            workloads.append(_workload(path, kind, name, keys))
        elif kind == "Service":
            selector = {k.removeprefix("spec.selector."): v for k, s in keys.items()
                        if k.startswith("spec.selector.") and (v := value_text(s.value))}
            services[name] = selector
            kind_of_service = _text(keys, "spec.type")
            if kind_of_service in _PUBLIC_SERVICE_TYPES:
                routes.append((name, f"Service {name} of type {kind_of_service}"))
        elif kind == "Ingress":
            for key, setting in keys.items():
                if key.endswith(("backend.service.name", "backend.serviceName")):
                    target = value_text(setting.value)
                    if target:
                        routes.append((target, f"Ingress {name}"))
    for service, why in routes:
        selector = services.get(service, {})
        for workload in workloads:
            chosen = (selector and all(workload.labels.get(k) == v for k, v in selector.items())
                      ) or (not selector and workload.name == service)
            if chosen and workload.public is None:
                workload.public = why
    return workloads


def _workload(path: str, kind: str, name: str, keys: dict[str, Setting]) -> Workload:
    spec = WORKLOAD_KINDS[kind]
    head = keys.get("metadata.name")
    workload = Workload(name, kind, Provenance(path, head.provenance.line if head else None,
                                               f"{kind}/{name}"))
    workload.image = _text(keys, spec + "containers.0.image")
    template = spec.removesuffix("spec.") + "metadata.labels."
    workload.labels = {k[len(template):]: v for k, s in keys.items()
                       if k.startswith(template) and (v := value_text(s.value))}
    volumes = spec + "volumes."
    workload.config_maps = [text for k, s in keys.items() if k.startswith(volumes)
                            and k.endswith((".configMap.name", ".secret.secretName"))
                            and (text := value_text(s.value))]
    env = [s for k, s in keys.items()
           if k.startswith(spec + "containers.") and ".env." in k]
    workload.env = [_unindexed(n) for n in name_settings(env)
                     if not n.setting.key.endswith(".name")]
    return workload


def _unindexed(named: NamedSetting) -> NamedSetting:
    """A Kubernetes ``env.<n>.<NAME>`` named ``env.<NAME>``, so the variables of a container
    are siblings as in a Compose file."""
    parts = named.name.split(".")
    if len(parts) >= 3 and parts[-3] == "env" and parts[-2].isdigit():
        return NamedSetting(named.setting, ".".join((*parts[:-2], parts[-1])), named.value)
    return named


def workloads(settings: Sequence[Setting]) -> list[Workload]:
    """Every workload the settings show, in file order."""
    found: list[Workload] = []
    for path, file_settings in _by_file(settings).items():
        documents = _documents(file_settings)
        if any(_text(keys, "kind") for keys in documents.values()):
            found.extend(_kubernetes(path, documents))
            continue
        keys = documents.get("", {})
        if any(key.startswith("services.") and key.endswith(".image") for key in keys):
            found.extend(_compose(path, keys, posixpath.dirname(path)))
    return found


def owner(path: str, candidates: Sequence[Workload],
          config_map: str | None = None) -> Workload | None:
    """The workload a configuration file belongs to: the Kubernetes workload that mounts the
    ConfigMap keeping it, or the Compose service that mounts the folder it is in."""
    if config_map is not None:
        return next((w for w in candidates if config_map in w.config_maps), None)
    best: Workload | None = None
    best_length = -1
    for workload in candidates:
        if workload.kind != "compose":
            continue
        for mount in workload.mounts:
            inside = mount in (".", "") or path == mount or path.startswith(mount + "/")
            if inside and len(mount) > best_length:
                best, best_length = workload, len(mount)
    return best
