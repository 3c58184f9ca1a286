"""Host names and addresses: public or local, and where a URL or ``host:port`` points.

Used by the readers that turn configuration and code into components and flows, and by the
checks. A host is *public* when it can be reached on the internet: a global IP address, or a
DNS name with a dot that is not ``localhost``, has no private-use suffix and is not a
placeholder (``mqtt.your.domain.tld``). Single-label names (``mosquitto``, ``db``: Compose service
names, Kubernetes short names) are local.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# Host names that never resolve on the public internet.
NON_PUBLIC_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
NON_PUBLIC_SUFFIXES = (".local", ".internal", ".lan", ".localhost", ".localdomain",
                       ".home.arpa", ".intranet", ".corp", ".test", ".invalid",
                       ".svc", ".svc.cluster.local", ".cluster.local")
# Last labels of host names written as placeholders.
PLACEHOLDER_TLDS = frozenset({"tld", "domain"})
# Labels of host names written as placeholders.
PLACEHOLDER_LABELS = frozenset({
    "yourdomain", "yourhost", "yourhostname", "yourserver", "yoursite", "yourcompany",
    "yourbroker", "yourname", "yourip", "yourdns", "yourorg",
})
_HOST_NAME = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$")
_URL = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?:[^@/\s]*@)?(?P<host>\[[0-9a-f:.]+\]|[^:/\s?#]+)"
    r"(?::(?P<port>[0-9]{1,5}))?(?P<path>/[^\s?#]*)?(?:[?#].*)?$",
    re.IGNORECASE | re.DOTALL)


def is_public_host(host: str) -> bool:
    """Whether a host name or IP address is reachable on the public internet: a global IP
    address, or a DNS name with a dot that is not ``localhost`` and does not end in a
    private-use suffix (``.local``, ``.internal``, ``.lan``, ``.svc``, ...)."""
    text = host.strip().lower().rstrip(".").strip("[]")
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        pass
    else:
        return address.is_global and not address.is_private and not address.is_loopback
    if text in NON_PUBLIC_NAMES or text.endswith(NON_PUBLIC_SUFFIXES) or is_placeholder_host(text):
        return False
    return _HOST_NAME.match(text) is not None


def is_placeholder_host(host: str) -> bool:
    """Whether a host name stands in for one in documentation and templates rather than naming
    one: it ends in ``.tld`` or ``.domain``, or a label is ``your``, starts with
    ``your-`` or is a word of :data:`PLACEHOLDER_LABELS` (``mqtt.your.domain.tld``,
    ``yourdomain.com``, ``your-broker.net``)."""
    labels = host.strip().lower().rstrip(".").split(".")
    if labels[-1] in PLACEHOLDER_TLDS:
        return True
    return any(label == "your" or label.startswith(("your-", "your_"))
               or label in PLACEHOLDER_LABELS for label in labels)


def port_number(text: str | None) -> int | None:
    """A TCP port written as text, or ``None`` when it is not one."""
    if text is None:
        return None
    stripped = text.strip()
    if not stripped.isdigit() or len(stripped) > 5:
        return None
    number = int(stripped)
    return number if 0 < number < 65536 else None


def split_host_port(text: str) -> tuple[str, int | None]:
    """``host:port`` (or ``[v6]:port``) split; the port is ``None`` when absent or not one."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, port_number(rest[1:]) if rest.startswith(":") else None
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, port_number(port)
    return text, None


@dataclass(frozen=True)
class Url:
    """A URL's parts that matter for where data goes: never its credentials or query."""

    scheme: str  # lower case
    host: str  # lower case, without brackets
    port: int | None
    path: str

    @property
    def public(self) -> bool:
        return is_public_host(self.host)

    @property
    def text(self) -> str:
        """The URL without credentials, query or fragment."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = f":{self.port}" if self.port is not None else ""
        return f"{self.scheme}://{host}{port}{self.path}"


def parse_url(text: str) -> Url | None:
    """A ``scheme://host[:port][/path]`` value, or ``None`` when the text is not one."""
    match = _URL.match(text.strip())
    if match is None:
        return None
    port_text = match.group("port")
    port = port_number(port_text) if port_text else None
    if port_text and port is None:
        return None
    return Url(match.group("scheme").lower(), match.group("host").strip("[]").lower().rstrip("."),
               port, match.group("path") or "")


def endpoint_host(endpoint: str) -> str:
    """The host of an endpoint written as a URL or as a bare ``host[:port]``, lower case."""
    text = endpoint.strip().lower()
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    return host.rstrip(".")


def reached_at(host: str, endpoints: Iterable[str]) -> bool:
    """Whether ``host`` is one of ``endpoints`` or a name under one (``eu.api.example.com``
    under ``api.example.com``)."""
    wanted = host.strip().lower().rstrip(".")
    for endpoint in endpoints:
        declared = endpoint_host(endpoint)
        if declared and (wanted == declared or wanted.endswith("." + declared)):
            return True
    return False
