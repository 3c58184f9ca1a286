"""Time a scan of generated system descriptions and print the figures.

    python benchmarks/bench_scan.py [--sites N] [--repeat R]

Each generated site has a camera, an edge box, a store and a link to a cloud service; a share of
the sites also forward templates through a broker to an external vendor, so every check has work.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from faceaudit import ScanOptions, scan


def generate(sites: int) -> str:
    lines = ["faceaudit: 1", "system: {name: Generated estate, jurisdictions: [CN]}",
             "components:",
             "  - {id: cloud-match, kind: service, zone: cloud, region: CN}",
             "  - {id: bus, kind: broker, zone: on-premises}",
             "  - {id: vendor, kind: external, zone: internet, region: US}"]
    flows = ["flows:", "  - {from: bus, to: vendor, data: [face-template], protocol: https}"]
    for n in range(sites):
        lines += [
            f"  - {{id: cam-{n}, kind: capture-device, zone: device}}",
            f"  - id: edge-{n}",
            "    kind: edge-device",
            "    zone: on-premises",
            "    stores:",
            "      - tables:",
            f"          - name: faces_{n}",
            "            columns:",
            "              - {name: person_id, type: uuid}",
            "              - {name: face_embedding, type: vector(512)}",
            "              - {name: full_name, type: text}",
            ("        encryption: {at_rest: aes-256-gcm, key_management: kms}" if n % 3
             else "        encryption: {at_rest: none}"),
        ]
        flows.append(f"  - {{from: cam-{n}, to: edge-{n}, data: [face-image], protocol: rtsp}}")
        flows.append(f"  - {{from: edge-{n}, to: cloud-match, data: [face-template], "
                     "protocol: https}")
        if n % 10 == 0:
            flows.append(f"  - {{from: edge-{n}, to: bus, data: [face-template], protocol: mqtt}}")
    return "\n".join(lines + flows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "faceaudit.yaml"
        text = generate(args.sites)
        path.write_text(text, encoding="utf-8")
        times = []
        report = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            report = scan([path], ScanOptions(plugins=False))
            times.append(time.perf_counter() - start)
        assert report is not None
        print(f"description: {args.sites} sites, {len(text.splitlines())} lines, "
              f"{len(text) // 1024} KiB")
        print(f"findings: {len(report.findings)}, errors: {len(report.errors)}")
        print(f"scan time: median {statistics.median(times):.3f} s, "
              f"best {min(times):.3f} s over {args.repeat} runs")


if __name__ == "__main__":
    main()
