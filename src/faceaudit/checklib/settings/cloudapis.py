"""Endpoints of cloud face-recognition APIs in settings (FA231, FA233).

A value names a cloud face API when it is the URL or host name of one of the services of
:data:`CLOUD_FACE_APIS`; hosts that also serve other APIs must be reached under the face path.
A setting also names one when it gives the region of a section named for the service, as
Double Take's ``detectors.rekognition.aws_region`` does (:data:`CLOUD_FACE_SECTIONS`): the
program calls the service's endpoint in that region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CloudFaceApi:
    """One cloud face-recognition service, recognised by its endpoint.

    ``host`` is a host name pattern in which ``*`` stands for exactly one DNS label (a region, a
    resource name); ``path`` is a path prefix the endpoint must also have, for hosts that serve
    other APIs besides face recognition (``""`` when the host alone is enough).
    """

    vendor: str
    host: str
    path: str = ""


#: The endpoints of cloud face-recognition APIs, in the order they are tried.
CLOUD_FACE_APIS: tuple[CloudFaceApi, ...] = (
    CloudFaceApi("AWS Rekognition", "rekognition.*.amazonaws.com"),
    CloudFaceApi("AWS Rekognition", "rekognition-fips.*.amazonaws.com"),
    CloudFaceApi("Azure AI Face", "*.cognitiveservices.azure.com", "/face"),
    CloudFaceApi("Azure AI Face", "*.api.cognitive.microsoft.com", "/face"),
    CloudFaceApi("Google Cloud Vision", "vision.googleapis.com"),
    CloudFaceApi("Face++ (Megvii)", "api-cn.faceplusplus.com"),
    CloudFaceApi("Face++ (Megvii)", "api-us.faceplusplus.com"),
    CloudFaceApi("Baidu AI Cloud face recognition", "aip.baidubce.com", "/rest/2.0/face"),
    CloudFaceApi("Tencent Cloud face recognition", "iai.tencentcloudapi.com"),
    CloudFaceApi("Tencent Cloud face recognition", "iai.*.tencentcloudapi.com"),
    CloudFaceApi("Alibaba Cloud face recognition", "facebody.*.aliyuncs.com"),
    CloudFaceApi("Luxand.cloud", "api.luxand.cloud"),
    CloudFaceApi("Kairos", "api.kairos.com"),
)

#: Sections of a configuration that configure a cloud face API by region rather than by URL
#: (Double Take's ``detectors.rekognition``), by the section's name: the service and the host
#: pattern, whose ``{region}`` is the value of a region setting of the section (``aws_region``,
#: ``region``).
CLOUD_FACE_SECTIONS: dict[str, tuple[str, str]] = {
    "rekognition": ("AWS Rekognition", "rekognition.{region}.amazonaws.com"),
}

_REGION = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}$")

_ENDPOINT = re.compile(
    r"(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?:[^@/\s]*@)?"
    r"(?P<host>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)"
    r"(?::(?P<port>[0-9]{1,5}))?(?P<path>/[^\s\"'?#]*)?",
    re.IGNORECASE)


def _host_regex(pattern: str) -> re.Pattern[str]:
    parts = (r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?" if part == "*" else re.escape(part)
             for part in pattern.lower().split("."))
    return re.compile(r"\.".join(parts) + r"\Z")


_API_HOSTS: tuple[tuple[CloudFaceApi, re.Pattern[str]], ...] = tuple(
    (api, _host_regex(api.host)) for api in CLOUD_FACE_APIS)


@dataclass(frozen=True)
class ApiEndpoint:
    """A cloud face-recognition endpoint found in a value: the service and where it is, the
    host and path only (never credentials or query strings)."""

    api: CloudFaceApi
    host: str
    path: str

    @property
    def text(self) -> str:
        return f"{self.host}{self.path}"


def cloud_face_api(value: str | int | float | bool | None) -> ApiEndpoint | None:
    """The first cloud face-recognition endpoint of :data:`CLOUD_FACE_APIS` named in a value,
    as a URL (``https://rekognition.us-east-1.amazonaws.com``) or a host name, or ``None``."""
    if not isinstance(value, str):
        return None
    for match in _ENDPOINT.finditer(value):
        host = match.group("host").lower().rstrip(".")
        path = match.group("path") or ""
        for api, pattern in _API_HOSTS:
            if pattern.match(host) and (not api.path or _path_under(path, api.path)):
                return ApiEndpoint(api, host, path)
    return None


def _path_under(path: str, prefix: str) -> bool:
    lowered = path.lower()
    return lowered == prefix or lowered.startswith(prefix.rstrip("/") + "/")


def section_face_api(key: str, value: str | int | float | bool | None) -> ApiEndpoint | None:
    """The cloud face API a setting configures by region (``detectors.rekognition.aws_region:
    us-east-1`` gives AWS Rekognition at ``rekognition.us-east-1.amazonaws.com``), or ``None``:
    the key's last segment must be a region (its last word ``region``), the segment before it a
    section of :data:`CLOUD_FACE_SECTIONS`, and the value a region name."""
    parts = key.split(".")
    if len(parts) < 2 or not isinstance(value, str):
        return None
    section = CLOUD_FACE_SECTIONS.get(parts[-2].lower())
    last = re.split(r"[^a-z0-9]+", parts[-1].lower())
    region = value.strip().lower()
    if section is None or last[-1:] != ["region"] or not _REGION.match(region):
        return None
    vendor, pattern = section
    api = next((known for known in CLOUD_FACE_APIS if known.vendor == vendor), None)
    if api is None:
        return None
    return ApiEndpoint(api, pattern.format(region=region), "")


def setting_face_api(key: str, value: str | int | float | bool | None) -> ApiEndpoint | None:
    """The cloud face API a setting names: by URL or host in its value (:func:`cloud_face_api`)
    or by a region of a section named for the service (:func:`section_face_api`)."""
    return cloud_face_api(value) or section_face_api(key, value)
