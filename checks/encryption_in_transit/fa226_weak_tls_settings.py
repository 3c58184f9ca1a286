"""FA226: a setting allows TLS older than 1.2 or weak cipher suites."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import Check, CheckMeta, Concern, Confidence, Evidence, Example, Hit, Severity
from faceaudit.checklib.settings import setting_location, weak_tls_settings
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA226",
    slug="weak-tls-settings",
    title="A setting allows TLS older than 1.2 or weak cipher suites",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    concern=Concern.ENCRYPTION_IN_TRANSIT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14), PIPL Art. 51 and GB/T 35273 6.3(a) require facial data to be "
        "protected in transit. SSL 2 and 3 and TLS 1.0 and 1.1 have known attacks and are "
        "deprecated (RFC 8996), and RC4, DES and 3DES, NULL, export-grade, MD5 and anonymous "
        "suites give no real protection: a server that still offers them can be downgraded to "
        "them. This check reads every configuration setting and reports those that set the "
        "TLS versions allowed (`ssl_protocols`, `tls_min_version`, `MinimumTLSVersion`, "
        "`sslProtocols`, `protocols` under an `ssl` or `tls` key) to include a version older "
        "than 1.2, and cipher lists (`ssl_ciphers`, `ciphers`, `cipher_suites`, "
        "`CipherSuites`) that enable a weak suite. Tokens negated with `!` or `-` (`!RC4`) "
        "disable what they name and are not reported; templates (`.env.example`) are skipped."),
    remediation=(
        "Allow TLS 1.2 and 1.3 only (`ssl_protocols TLSv1.2 TLSv1.3`, `MinimumVersion: 1.2`) "
        "and remove weak suites from cipher lists, or exclude them explicitly "
        "(`HIGH:!aNULL:!MD5:!RC4:!3DES`); prefer the TLS library's modern defaults."),
    added="0.1.0",
    reads=("settings",),
    bad_example=Example("yaml", """
ssl:
  protocols: TLSv1 TLSv1.1 TLSv1.2
  ciphers: HIGH:RC4-SHA:!aNULL
"""),
    good_example=Example("yaml", """
ssl:
  protocols: TLSv1.2 TLSv1.3
  ciphers: HIGH:!aNULL:!MD5:!RC4
"""),
)


def _version_text(version: str) -> str:
    return {"ssl2": "SSL 2", "ssl3": "SSL 3"}.get(version, f"TLS {version}")


def run(model: SystemModel) -> Iterator[Hit]:
    for weak in weak_tls_settings(model):
        named = weak.named
        setting = named.setting
        if weak.versions:
            shown = ", ".join(_version_text(v) for v in weak.versions)
            message = f"{named.label} allows {shown}, older than TLS 1.2"
            evidence = Evidence("weak versions", shown)
        else:
            shown = ", ".join(weak.suites)
            message = f"{named.label} enables weak cipher suites ({shown})"
            evidence = Evidence("weak suites", shown)
        yield Hit(
            message=message,
            locations=(setting_location(setting),),
            evidence=(Evidence("setting", named.label), evidence),
            key=setting.key)


CHECK = Check(meta=META, run=run)
