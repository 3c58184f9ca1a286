"""FA222: facial data carried over a TLS or SSL version older than 1.2."""

from __future__ import annotations

from collections.abc import Iterator

from faceaudit.check import (
    Check,
    CheckMeta,
    Concern,
    Confidence,
    Evidence,
    Example,
    Hit,
    Severity,
)
from faceaudit.checklib import categories_text, flow_location
from faceaudit.checklib.transport import MIN_TLS_VERSION, flow_key, flow_zone, parse_tls
from faceaudit.model import SystemModel

META = CheckMeta(
    id="FA222",
    slug="face-data-old-tls",
    title="Facial data carried over TLS older than 1.2",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    concern=Concern.ENCRYPTION_IN_TRANSIT,
    mandates=("cn-frt-2025:Art.14", "cn-pipl:Art.51", "gbt-35273-2020:6.3(a)"),
    rationale=(
        "The Measures (Art. 14), PIPL Art. 51 and GB/T 35273 6.3(a) require facial data to be "
        "encrypted in transit, and the encryption must hold. SSL 2 and 3 are broken (POODLE), "
        "and TLS 1.0 and 1.1 rest on obsolete constructions (CBC with predictable IVs, "
        "MD5/SHA-1 handshakes) and were deprecated by RFC 8996. The check reads the `tls` of "
        "each flow carrying facial data (`1.0`, `1.1`, `TLSv1`, `tls11`, `ssl3`, `SSLv3`, ...) "
        "and reports it when the oldest version it names is older than 1.2: a range such as "
        "`1.0-1.3` still lets a client or an attacker negotiate down to 1.0. A `tls` value that "
        "names no version (`true`, `required`, `mtls`) or cannot be read is not reported; "
        "`tls: none` is FA221's."),
    remediation=(
        f"Accept TLS {MIN_TLS_VERSION} or later only on both ends (disable older versions in "
        "the server and client configuration), and record the minimum on the flow: "
        "`tls: \"1.2\"` or `tls: \"1.3\"`."),
    added="0.1.0",
    reads=("flows.data", "flows.tls", "components.zone"),
    bad_example=Example("yaml", """
flows:
  - {from: kiosk, to: match-svc, data: [face-image], protocol: https, tls: "1.0"}
"""),
    good_example=Example("yaml", """
flows:
  - {from: kiosk, to: match-svc, data: [face-image], protocol: https, tls: "1.3"}
"""),
)


def run(model: SystemModel) -> Iterator[Hit]:
    for flow in model.facial_flows():
        if flow.tls is None:
            continue
        tls = parse_tls(flow.tls)
        if not tls.below_minimum or tls.lowest is None:
            continue
        version = tls.lowest.upper().replace("SSL", "SSL ") if tls.lowest.startswith("ssl") \
            else f"TLS {tls.lowest}"
        yield Hit(
            message=f"{categories_text(flow.facial)} goes from {flow.label} with tls: "
                    f"{flow.tls}, which allows {version}, older than TLS {MIN_TLS_VERSION}",
            locations=(flow_location(flow),),
            evidence=(Evidence("tls", flow.tls),
                      Evidence("oldest version", version),
                      Evidence("protocol", flow.protocol or "not stated"),
                      Evidence("data", categories_text(flow.facial))),
            data=flow.facial, zone=flow_zone(model, flow), key=flow_key(model, flow))


CHECK = Check(meta=META, run=run)
