"""FA225: a setting turns TLS certificate verification off."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import named_settings, setting_location, verification_off
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA225",
    slug="tls-verification-disabled",
    title="A setting turns TLS certificate verification off",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    concern=Concern.ENCRYPTION_IN_TRANSIT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14), PIPL Art. 51 and GB/T 35273 6.3(a) require facial data to be "
        "protected in transit. TLS without certificate verification encrypts to whoever "
        "answers: anyone who can intercept the connection presents their own certificate and "
        "reads the images, templates and credentials sent over it. This check reads every "
        "configuration setting and reports those that turn verification off: `verify_ssl`, "
        "`ssl_verify`, `tls_verify`, `verify_tls`, `sslVerify`, `check_hostname`, "
        "`verify_certs`, `rejectUnauthorized`, `NODE_TLS_REJECT_UNAUTHORIZED` or "
        "`PYTHONHTTPSVERIFY` set to false or 0, and `insecure`, `insecure_skip_verify`, "
        "`tls_insecure`, `skip_tls_verify` or `ssl_no_verify` set to true. A bare `verify` "
        "counts only under a key that names a connection (`requests.verify`, "
        "`http.client.verify`), since face and e-mail verification use the word too."),
    remediation=(
        "Remove the setting, or set it back to verify. Where the server uses a private CA, "
        "give the client that CA (`ca_certs`, `tls_ca_certs`, `NODE_EXTRA_CA_CERTS`, "
        "`REQUESTS_CA_BUNDLE`) instead of turning verification off."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
mqtt:
  host: broker.example.com
  port: 8883
  tls_ca_certs: /config/ca.crt
  tls_insecure: true
"""),
    good_example=Example("yaml", """
mqtt:
  host: broker.example.com
  port: 8883
  tls_ca_certs: /config/ca.crt
  tls_insecure: false
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for named in named_settings(model):
        reason = verification_off(named)
        if reason is None:
            continue
        setting = named.setting
        yield Hit(
            message=f"{named.label} turns TLS certificate verification off ({reason})",
            locations=(setting_location(setting),),
            evidence=(Evidence("setting", named.label), Evidence("reason", reason)),
            key=setting.key)


CHECK = Check(meta=META, run=run)
