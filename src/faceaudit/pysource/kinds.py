"""The kinds of objects the code makes, and the hosts its clients reach.

A host is taken from a literal URL or host argument, from a module constant, or, for SDKs that
imply it, from the service's canonical host (``rekognition.<region>.amazonaws.com``,
``storage.googleapis.com``, ...).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import replace

from faceaudit.hosts import parse_url, port_number, split_host_port
from faceaudit.pysource.catalog import DEFAULT_AWS_REGION, SDK_HOSTS, Kind
from faceaudit.pysource.names import known_prefix

Resolve = Callable[[ast.expr | None], str | None]

_ACCOUNT = re.compile(r"AccountName=([a-z0-9]+)", re.IGNORECASE)


def argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    """A call's argument by position or keyword."""
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    if index < len(call.args) and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return None


def url_parts(text: str | None) -> tuple[str | None, str | None]:
    """The host and scheme of a URL, or of a bare ``host[:port]``; None when unknown.

    Of a string known only in part, the host counts only when the known part goes past it."""
    prefix = known_prefix(text)
    if not prefix:
        return None, None
    if text is not None and "\x00" in text:
        rest = prefix.split("://", 1)[-1]
        if "/" not in rest and ":" not in rest:
            return None, None
    url = parse_url(prefix)
    if url is not None:
        return url.host or None, url.scheme
    if "://" in prefix or "/" in prefix or " " in prefix:
        return None, None
    host, _ = split_host_port(prefix)
    return (host.lower() or None), None


def _aws(call: ast.Call, resolve: Resolve) -> Kind:
    service = resolve(argument(call, 0, "service_name")) or ""
    endpoint = resolve(argument(call, 99, "endpoint_url"))
    if endpoint:
        host, scheme = url_parts(endpoint)
        return Kind("aws", host, scheme or "https", service)
    region = resolve(argument(call, 1, "region_name")) or DEFAULT_AWS_REGION
    if service == "s3":
        return Kind("aws", "s3.amazonaws.com", "https", service)
    if service:
        return Kind("aws", f"{service}.{region}.amazonaws.com", "https", service)
    return Kind("aws", None, "https", None)


def _azure_blob(qualname: str, call: ast.Call, resolve: Resolve) -> Kind:
    if qualname.endswith("from_connection_string"):
        text = resolve(argument(call, 0, "conn_str")) or ""
        match = _ACCOUNT.search(text)
        host = f"{match.group(1).lower()}.blob.core.windows.net" if match else None
        return Kind("azure-blob", host, "https")
    host, scheme = url_parts(resolve(argument(call, 0, "account_url")))
    return Kind("azure-blob", host, scheme or "https")


def _with_url(name: str, call: ast.Call, resolve: Resolve, index: int, keyword: str,
              default_scheme: str | None) -> Kind:
    host, scheme = url_parts(resolve(argument(call, index, keyword)))
    return Kind(name, host, scheme or default_scheme)


def make_kind(name: str, qualname: str, call: ast.Call, resolve: Resolve) -> Kind:
    """The kind of object a constructor call makes, with the host it reaches when known."""
    last = qualname.rsplit(".", 1)[-1]
    if name == "aws":
        return _aws(call, resolve)
    if name == "azure-blob":
        return _azure_blob(qualname, call, resolve)
    if name == "azure-face":
        return _with_url(name, call, resolve, 0, "endpoint", "https")
    if name == "http":
        base = resolve(argument(call, 99, "base_url"))
        if base is None and qualname.startswith("aiohttp"):
            base = resolve(argument(call, 0, "base_url"))
        host, scheme = url_parts(base)
        return Kind(name, host, scheme)
    if name == "http-request":
        return _with_url(name, call, resolve, 0, "url", None)
    if name == "http-conn":
        host, _ = url_parts(resolve(argument(call, 0, "host")))
        return Kind(name, host, "https" if last == "HTTPSConnection" else "http")
    if name == "ws":
        return _with_url(name, call, resolve, 0, "uri" if "websockets" in qualname else "url",
                         None)
    if name == "smtp":
        host, _ = url_parts(resolve(argument(call, 0, "host")))
        return Kind(name, host, "smtps" if last == "SMTP_SSL" else "smtp")
    if name == "grpc":
        host, _ = url_parts(resolve(argument(call, 0, "target")))
        return Kind(name, host, "grpc+tls" if last == "secure_channel" else "grpc")
    if name in SDK_HOSTS:
        return Kind(name, SDK_HOSTS[name], "https")
    if name == "mqtt":
        return Kind(name, None, "mqtt")
    return Kind(name)


def connected(kind: Kind, method: str, call: ast.Call, resolve: Resolve) -> Kind | None:
    """A client's kind after a call that says where it connects or that it uses TLS."""
    if kind.name == "mqtt":
        if method in {"connect", "connect_async"}:
            host, _ = url_parts(resolve(argument(call, 0, "host")))
            port = port_number(resolve(argument(call, 1, "port")) or _number(call, 1, "port"))
            scheme = "mqtts" if port == 8883 or kind.scheme == "mqtts" else kind.scheme
            return replace(kind, host=host or kind.host, scheme=scheme)
        if method in {"tls_set", "tls_set_context"}:
            return replace(kind, scheme="mqtts")
    if kind.name == "smtp":
        if method == "connect":
            host, _ = url_parts(resolve(argument(call, 0, "host")))
            return replace(kind, host=host or kind.host)
        if method == "starttls":
            return replace(kind, scheme="smtp+tls")
    return None


def _number(call: ast.Call, index: int, keyword: str) -> str | None:
    node = argument(call, index, keyword)
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return str(node.value)
    return None


def request_host(kind: Kind | None, method: str | None, call: ast.Call,
                 resolve: Resolve) -> tuple[str | None, str | None]:
    """Where an HTTP call goes: its URL argument, else its client's base URL."""
    index = 1 if method == "request" else 0
    host, scheme = url_parts(resolve(argument(call, index, "url")))
    if host is None and kind is not None:
        return kind.host, kind.scheme
    return host, scheme


#: Calls that make an SSL context which does not verify certificates.
UNVERIFIED_CONTEXTS = frozenset({"ssl._create_unverified_context", "_create_unverified_context"})


def verification_off(call: ast.Call) -> str | None:
    """How an HTTP call turns certificate verification off, in words (``verify=False``,
    ``ssl=False``, ``context=ssl._create_unverified_context()``), or ``None``."""
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg in ("verify", "ssl") and isinstance(value, ast.Constant) \
                and value.value is False:
            return f"{keyword.arg}=False"
        if keyword.arg == "context" and isinstance(value, ast.Call):
            called = value.func
            name = (f"{called.value.id}.{called.attr}" if isinstance(called, ast.Attribute)
                    and isinstance(called.value, ast.Name)
                    else called.id if isinstance(called, ast.Name) else None)
            if name in UNVERIFIED_CONTEXTS:
                return f"context={name}()"
    return None


def mqtt_publish_host(call: ast.Call, resolve: Resolve) -> tuple[str | None, str | None]:
    """Where ``paho.mqtt.publish.single``/``multiple`` connects (paho's default: localhost)."""
    host = resolve(argument(call, 99, "hostname")) or "localhost"
    port = port_number(_number(call, 99, "port"))
    tls = any(k.arg == "tls" for k in call.keywords)
    return host.lower(), "mqtts" if tls or port == 8883 else "mqtt"
