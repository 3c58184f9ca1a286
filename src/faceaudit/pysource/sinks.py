"""Which calls are sinks of facial data: network, storage without encryption, logs."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from faceaudit.pysource import catalog as cat
from faceaudit.pysource.catalog import Kind
from faceaudit.pysource.kinds import Resolve, mqtt_publish_host, request_host, verification_off

NETWORK = "network"
STORAGE = "storage"
LOG = "log"


@dataclass(frozen=True)
class SinkSpec:
    category: str
    what: str  # the call as findings name it, e.g. ``requests.post()``
    host: str | None = None
    scheme: str | None = None
    receiver: bool = False  # the receiver's data is what is stored (``image.save(path)``)
    unverified: str | None = None  # how a network call turns certificate verification off


@dataclass(frozen=True)
class CallShape:
    """What a call is, as far as sinks care."""

    node: ast.Call
    name: str | None  # qualified name of the called function, when it is a dotted name
    method: str | None  # the attribute called, for ``x.m(...)``
    receiver: str | None  # the receiver's dotted name, for ``x.m(...)``
    kind: Kind | None  # the receiver's kind (or the called object's, for ``detector(img)``)
    label: str


def _network(shape: CallShape, resolve: Resolve) -> SinkSpec | None:
    kind, method, name = shape.kind, shape.method, shape.name
    if name in cat.NETWORK_FUNCTIONS:
        if cat.NETWORK_FUNCTIONS[name] == "mqtt":
            host, scheme = mqtt_publish_host(shape.node, resolve)
        else:
            host, scheme = request_host(kind, None if name is None
                                        else name.rsplit(".", 1)[-1], shape.node, resolve)
        return SinkSpec(NETWORK, shape.label, host, scheme,
                        unverified=verification_off(shape.node))
    if kind is None or method is None:
        return None
    if kind.name == "aws":
        methods = cat.AWS_METHODS.get(kind.detail or "", frozenset())
        if method in methods or (kind.detail is None and any(method in m for m in
                                                             cat.AWS_METHODS.values())):
            return SinkSpec(NETWORK, shape.label, kind.host, kind.scheme)
        return None
    if kind.name == "grpc" or kind.name not in cat.NETWORK_METHODS:
        return None
    allowed = cat.NETWORK_METHODS[kind.name]
    if allowed is not None and method not in allowed:
        return None
    if kind.name == "http":
        host, scheme = request_host(kind, method, shape.node, resolve)
        return SinkSpec(NETWORK, shape.label, host, scheme,
                        unverified=verification_off(shape.node))
    return SinkSpec(NETWORK, shape.label, kind.host, kind.scheme)


def _storage(shape: CallShape) -> SinkSpec | None:
    kind, method, name = shape.kind, shape.method, shape.name
    if name in cat.STORAGE_FUNCTIONS:
        if name == "yaml.dump" and len(shape.node.args) < 2:
            return None
        return SinkSpec(STORAGE, shape.label)
    if method is None:
        return None
    if method in cat.STORING_RECEIVER:
        return SinkSpec(STORAGE, shape.label, receiver=True)
    if method in cat.STORAGE_METHODS:
        return SinkSpec(STORAGE, shape.label)
    receiver = shape.receiver or ""
    if method in cat.SESSION_METHODS and "session" in receiver.lower():
        return SinkSpec(STORAGE, shape.label)
    if method in cat.MANAGER_METHODS and receiver.endswith(".objects"):
        return SinkSpec(STORAGE, shape.label)
    if kind is not None and ((kind.name == "redis" and method in cat.REDIS_METHODS)
                             or (kind.name == "file-w" and method in cat.FILE_WRITES)):
        return SinkSpec(STORAGE, shape.label)
    return None


def _log(shape: CallShape) -> SinkSpec | None:
    if shape.name in cat.LOG_FUNCTIONS:
        return SinkSpec(LOG, shape.label)
    if shape.method not in cat.LOG_LEVELS:
        return None
    receiver = (shape.receiver or "").rsplit(".", 1)[-1]
    if (shape.kind is not None and shape.kind.name == "logger") or receiver in cat.LOGGER_NAMES \
            or (shape.name or "").startswith("logging."):
        return SinkSpec(LOG, shape.label)
    return None


def classify(shape: CallShape, resolve: Resolve) -> SinkSpec | None:
    """The sink a call is, or None."""
    return _network(shape, resolve) or _storage(shape) or _log(shape)
