"""The whole scan of a very large description against PyYAML's C loader merely loading it.

    python benchmarks/bench_large_description.py [--components N] [--flows N] [--repeat R]

Generates a description with 10,000 components and 50,000 flows (about 5 MB of YAML), then times,
in the same run, ``yaml.load(text, Loader=yaml.CSafeLoader)`` and ``faceaudit.scan`` on the file
(reading with line numbers, validation, model, every built-in check, report). The target is a
ratio of at most 1.2.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from faceaudit import ScanOptions, scan

ZONES = ("device", "on-premises", "cloud", "internet")
KINDS = {"device": ("capture-device", "edge-device"),
         "on-premises": ("service", "datastore", "broker"),
         "cloud": ("service", "object-storage", "datastore"),
         "internet": ("external", "cdn", "client-app")}
DATA = ("[face-image]", "[face-template]", "[identity]", "[face-geometry, identity]")


def generate(components: int, flows: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    out = ["faceaudit: 1", "system:", "  name: Generated estate", "  operator: Example Group",
           "  jurisdictions: [CN]", "  purposes: [verification, identification]",
           "  started: 2025-06-01",
           "  subjects: {stored_individuals: 250000, includes_minors_under_14: false,",
           "             threshold_reached: 2025-06-10}",
           "components:"]
    for n in range(components):
        zone = ZONES[n % 4]
        kind = KINDS[zone][n % len(KINDS[zone])]
        out += [f"  - id: c{n}", f"    kind: {kind}", f"    zone: {zone}",
                f"    region: {'CN' if n % 7 else 'US'}"]
        if kind == "capture-device":
            out.append(f"    site: {{place: {'lobby' if n % 11 else 'hotel-room'}, public: true,"
                       f" signage: {'true' if n % 5 else 'false'}}}")
        if kind in ("datastore", "edge-device"):
            out += ["    stores:", "      - name: faces", "        tables:",
                    f"          - name: faces_{n}", "            columns:",
                    "              - {name: person_id, type: uuid}",
                    "              - {name: face_embedding, type: vector(512)}",
                    "              - {name: captured_at, type: timestamptz}"]
            if n % 3:
                out += ["        encryption: {at_rest: aes-256-gcm, key_management: kms}",
                        "        retention: {days: 30, enforced_by: purge job}"]
    out.append("flows:")
    for n in range(flows):
        line = (f"  - {{from: c{rnd.randrange(components)}, to: c{rnd.randrange(components)}, "
                f"data: {DATA[n % 4]}, protocol: {'https' if n % 9 else 'http'}, tls: \"1.3\"")
        if n % 5 == 0:
            line += ", legal_basis: {separate_consent: cloud}"
        out.append(line + "}")
    out += ["consent:", "  - {id: cloud, separate: true, withdrawal: [app-setting]}",
            "alternatives: [id-card]",
            "assessments: [{kind: pia, date: 2025-05-20, kept_until: 2028-06-01}]",
            "filing: {record: GD-2025-0001, date: 2025-07-01}",
            "security: {audit_logging: true, access_control: rbac, authorization: rbac,",
            "           intrusion_detection: true}"]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--components", type=int, default=10_000)
    parser.add_argument("--flows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = generate(args.components, args.flows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "faceaudit.yaml"
        path.write_text(text, encoding="utf-8")
        loads, scans = [], []
        report = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            loads.append(time.perf_counter() - start)
            start = time.perf_counter()
            report = scan([path], ScanOptions(plugins=False))
            scans.append(time.perf_counter() - start)
        assert report is not None
        load, whole = statistics.median(loads), statistics.median(scans)
        print(f"description: {args.components} components, {args.flows} flows, "
              f"{len(text) / 1e6:.1f} MB")
        print(f"checks: {len(report.checks)}, findings: {len(report.findings)}, "
              f"errors: {len(report.errors)}")
        print(f"yaml.load with CSafeLoader: median {load:.2f} s")
        print(f"faceaudit scan:             median {whole:.2f} s")
        print(f"ratio: {whole / load:.2f} (target at most 1.2)")


if __name__ == "__main__":
    main()
