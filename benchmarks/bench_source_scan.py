"""faceaudit's Python source scan against plain bandit on the same generated tree.

    python benchmarks/bench_source_scan.py [--lines N] [--repeat R]

Generates a tree of about 50,000 lines of Python in a temporary folder: service modules (HTTP
handlers, data classes, SQL helpers, hashing, retries, logging) with one module in eight doing
face work (face_recognition encodings sent to an API, dlib descriptors published over MQTT,
OpenCV crops uploaded to S3, DeepFace embeddings pickled). It then times, in-process:

- plain bandit the way ``bandit -r`` runs it: ``BanditManager`` with the default profile and
  the files found by its own recursive discovery, faceaudit's B9xx tests excluded so that only
  bandit's stock tests run;
- faceaudit's source scan (``faceaudit.pysource.scan_sources``) over the same files: faceaudit's
  tests plus the stock tests it reports, the files hashed, results turned into code findings.

It prints the best time of each over the repeats and their ratio (the target is at most 1.5x).
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from bandit.core.config import BanditConfig  # type: ignore[import-untyped]
from bandit.core.manager import BanditManager  # type: ignore[import-untyped]

from faceaudit.pysource import SourceFile, scan_sources
from faceaudit.pysource.plugins import TESTS

SERVICE = '''"""Service module {n}: orders, retries and reports."""

import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass

import requests

log = logging.getLogger(__name__)
API = "https://api.example-{n}.com/v1"


@dataclass
class Order{n}:
    id: int
    customer: str
    total: float
    items: list[str]

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.items).encode()).hexdigest()


class Repository{n}:
    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)

    def save(self, order: Order{n}) -> None:
        self.conn.execute("INSERT INTO orders VALUES (?, ?, ?)",
                          (order.id, order.customer, order.total))
        self.conn.commit()

    def load(self, order_id: int) -> Order{n} | None:
        row = self.conn.execute("SELECT id, customer, total FROM orders WHERE id = ?",
                                (order_id,)).fetchone()
        if row is None:
            return None
        return Order{n}(row[0], row[1], row[2], [])
'''

HANDLER = '''

def handler_{n}_{k}(repo: Repository{n}, payload: dict) -> dict:
    """Handle one request."""
    order = Order{n}(int(payload["id"]), str(payload["customer"]), float(payload["total"]),
                     list(payload.get("items", [])))
    for attempt in range(3):
        try:
            response = requests.post(f"{{API}}/orders", json={{"id": order.id}}, timeout=10)
            response.raise_for_status()
            break
        except requests.RequestException as exc:
            log.warning("attempt %d failed: %s", attempt, exc)
    else:
        return {{"ok": False}}
    repo.save(order)
    totals = [order.total * rate for rate in (0.9, 1.0, 1.1)]
    summary = {{"id": order.id, "digest": order.digest(), "totals": totals}}
    log.info("order %s saved", order.id)
    return summary
'''

FACE = '''"""Face module {n}."""

import json
import logging
import pickle

import boto3
import cv2
import dlib
import face_recognition
import paho.mqtt.client as mqtt
import requests
from deepface import DeepFace

log = logging.getLogger(__name__)
cascade = cv2.CascadeClassifier("haarcascade_frontalface_default.xml")
facerec = dlib.face_recognition_model_v1("model.dat")
s3 = boto3.client("s3")


def encode_{n}(path):
    image = face_recognition.load_image_file(path)
    return face_recognition.face_encodings(image)[0]


def check_in_{n}(employee, path):
    encoding = encode_{n}(path)
    requests.post("https://hr.example.com/checkin",
                  json={{"employee": employee, "face": encoding.tolist()}}, timeout=10)


def publish_{n}(frame, shape):
    client = mqtt.Client()
    client.connect("broker.example.com", 8883)
    descriptor = facerec.compute_face_descriptor(frame, shape)
    client.publish("faces", json.dumps(list(descriptor)))


def crops_{n}(frame, camera):
    for index, (x, y, w, h) in enumerate(cascade.detectMultiScale(frame)):
        crop = frame[y:y + h, x:x + w]
        path = f"/tmp/{{camera}}-{{index}}.jpg"
        cv2.imwrite(path, crop)
        s3.upload_file(path, "crops", path)


def index_{n}(photos):
    index = {{}}
    for photo in photos:
        index[photo] = DeepFace.represent(img_path=photo)
        log.debug("indexed %s", index[photo])
    with open("index.pkl", "wb") as handle:
        pickle.dump(index, handle)
'''


def generate(root: Path, lines: int) -> int:
    written, n = 0, 0
    while written < lines:
        package = root / f"pkg{n // 20}"
        package.mkdir(exist_ok=True)
        if n % 8 == 7:
            text = FACE.format(n=n)
        else:
            text = SERVICE.format(n=n) + "".join(HANDLER.format(n=n, k=k) for k in range(6))
        (package / f"module{n}.py").write_text(text, encoding="utf-8")
        written += text.count("\n")
        n += 1
    return written


def plain_bandit(root: Path) -> float:
    start = time.perf_counter()
    profile = {"include": set(), "exclude": {t[0] for t in TESTS}}
    manager = BanditManager(BanditConfig(), "file", quiet=True, profile=profile)
    manager.discover_files([str(root)], True)
    manager.run_tests()
    manager.get_issue_list()
    return time.perf_counter() - start


def faceaudit_scan(root: Path) -> tuple[float, int]:
    start = time.perf_counter()
    files = [SourceFile(p, p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    found = scan_sources(files)
    return time.perf_counter() - start, len(found.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("bandit").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        lines = generate(root, args.lines)
        files = len(list(root.rglob("*.py")))
        bandit_times = []
        faceaudit_times = []
        findings = 0
        for _ in range(args.repeat):
            bandit_times.append(plain_bandit(root))
            elapsed, findings = faceaudit_scan(root)
            faceaudit_times.append(elapsed)
    plain, ours = min(bandit_times), min(faceaudit_times)
    print(f"tree: {lines} lines in {files} files")
    print(f"plain bandit (default profile, stock tests): {plain:.2f} s")
    print(f"faceaudit source scan ({findings} code findings): {ours:.2f} s")
    print(f"ratio: {ours / plain:.2f}x (target: at most 1.5x)")


if __name__ == "__main__":
    main()
