"""The taint analysis of one module: sources, propagation through each construct, sinks."""

from __future__ import annotations

import ast
import textwrap

import pytest

from faceaudit.pysource.module import FaceFact, analyse


def facts(source: str) -> list[FaceFact]:
    found = analyse(ast.parse(textwrap.dedent(source))).facts.values()
    return sorted(found, key=lambda f: (f.line, f.category))


def shape(source: str) -> list[tuple[str, int, str | None, tuple[str, ...]]]:
    return [(f.category, f.line, f.source, f.steps) for f in facts(source)]


def test_assignment_attribute_subscript_and_return_through_a_helper() -> None:
    assert shape("""
        import face_recognition
        import requests

        def encode(path):
            image = face_recognition.load_image_file(path)
            found = face_recognition.face_encodings(image)
            return found[0]

        def send(path):
            vector = encode(path)
            requests.post("https://api.example.com/faces", data=vector.tobytes(), timeout=5)
        """) == [("network", 12, "face_recognition.face_encodings() (line 7)",
                  ("7: found = face_recognition.face_encodings(image)",
                   "8: return found[0]", "11: returned by encode()",
                   "11: vector = encode(path)"))]


def test_tuple_unpacking_containers_append_extend_and_comprehension() -> None:
    assert shape("""
        import logging
        import face_recognition

        def run(frame):
            boxes, other = face_recognition.face_locations(frame), 1
            rows = []
            rows.append(boxes)
            more = []
            more.extend([b for b in rows])
            table = {"boxes": more}
            logging.info("%s", table)
        """) == [("log", 12, "face_recognition.face_locations() (line 6)",
                  ("6: boxes = face_recognition.face_locations(frame)",
                   "8: rows.append(boxes)", "10: for b in rows",
                   "10: more.extend([b for b in rows])", "11: table = {'boxes': more}"))]


def test_fstrings_json_base64_and_tolist_carry_the_data() -> None:
    found = shape("""
        import base64, json
        import face_recognition

        def run(image):
            enc = face_recognition.face_encodings(image)[0]
            text = json.dumps(enc.tolist())
            blob = base64.b64encode(enc.tobytes())
            print(f"template {text}")
            print(blob)
        """)
    assert [(c, line) for c, line, _, _ in found] == [("log", 9), ("log", 10)]
    assert found[0][3] == ("6: enc = face_recognition.face_encodings(image)[0]",
                           "7: text = json.dumps(enc.tolist())")


def test_a_tainted_argument_taints_the_parameter_and_the_sink_inside_the_callee() -> None:
    found = facts("""
        import pickle
        from deepface import DeepFace

        def save(vectors, path):
            with open(path, "wb") as handle:
                pickle.dump(vectors, handle)

        def index(photo):
            vectors = DeepFace.represent(img_path=photo)
            save(vectors, "index.pkl")
        """)
    assert [(f.category, f.line, f.function, f.source, f.steps) for f in found] == [
        ("storage", 7, "save", "deepface.DeepFace.represent() (line 10)",
         ("10: vectors = DeepFace.represent(img_path=photo)", "11: passed to save() as vectors"))]


def test_encryption_on_the_path_clears_storage_and_logs_but_not_the_network() -> None:
    found = shape("""
        import face_recognition, requests
        from cryptography.fernet import Fernet

        def run(image, key):
            enc = face_recognition.face_encodings(image)[0]
            token = Fernet(key).encrypt(enc.tobytes())
            open("faces.bin", "ab").write(token)
            print(token)
            requests.put("https://vault.example.com/t", data=token, timeout=5)
        """)
    assert [(c, line) for c, line, _, _ in found] == [("network", 10)]


def test_loopback_and_private_hosts_are_not_network_findings() -> None:
    assert facts("""
        import face_recognition, requests
        import paho.mqtt.client as mqtt

        LOCAL = "http://127.0.0.1:8000/match"

        def run(image):
            enc = face_recognition.face_encodings(image)[0].tolist()
            requests.post(LOCAL, json=enc, timeout=5)
            requests.post("http://10.1.2.3/match", json=enc, timeout=5)
            requests.post("http://localhost/match", json=enc, timeout=5)
            client = mqtt.Client()
            client.connect("192.168.0.9", 1883)
            client.publish("faces", str(enc))
        """) == []


@pytest.mark.parametrize(("code", "host", "scheme"), [
    ('s3 = boto3.client("s3")\n    s3.put_object(Bucket="b", Key="k", Body=crop)',
     "s3.amazonaws.com", "https"),
    ('rek = boto3.client("rekognition", region_name="ap-east-1")\n'
     '    rek.index_faces(CollectionId="c", Image={"Bytes": crop})',
     "rekognition.ap-east-1.amazonaws.com", "https"),
    ('c = mqtt.Client()\n    c.tls_set()\n    c.connect("broker.example.com", 8883)\n'
     '    c.publish("t", crop.tobytes())', "broker.example.com", "mqtts"),
    ('bucket = storage.Client().bucket("faces")\n'
     '    bucket.blob("x.jpg").upload_from_string(crop.tobytes())',
     "storage.googleapis.com", "https"),
    ('svc = BlobServiceClient(account_url="https://acme.blob.core.windows.net")\n'
     '    svc.get_blob_client("c", "b").upload_blob(crop.tobytes())',
     "acme.blob.core.windows.net", "https"),
])
def test_cloud_sdks_name_their_hosts(code: str, host: str, scheme: str) -> None:
    source = ("import boto3, cv2\nimport paho.mqtt.client as mqtt\n"
              "from google.cloud import storage\nfrom azure.storage.blob import BlobServiceClient\n"
              "cascade = cv2.CascadeClassifier('haarcascade_frontalface_default.xml')\n"
              "def run(frame):\n"
              "    for (x, y, w, h) in cascade.detectMultiScale(frame):\n"
              "        crop = frame[y:y + h, x:x + w]\n"
              f"    {code}\n")
    (found,) = facts(source)
    assert (found.category, found.host, found.scheme) == ("network", host, scheme)
    assert found.source == "cascade.detectMultiScale() (line 7)"
    assert found.steps[:2] == ("7: for (x, y, w, h) in cascade.detectMultiScale(frame)",
                               "8: face crop frame[y:y + h, x:x + w]")


def test_insightface_embeddings_and_camera_frames_fed_to_face_functions() -> None:
    found = facts("""
        import cv2, numpy as np
        from insightface.app import FaceAnalysis

        app = FaceAnalysis()

        def run():
            camera = cv2.VideoCapture(0)
            ok, frame = camera.read()
            faces = app.get(frame)
            np.save("emb.npy", faces[0].normed_embedding)
            cv2.imwrite("frame.jpg", frame)
        """)
    assert [(f.category, f.line, f.source, sorted(d.value for d in f.data)) for f in found] == [
        ("storage", 11, "app.get() (line 10)", ["face-template"]),
        ("storage", 12, "camera.read() (line 9)", ["face-image"])]


def test_self_attributes_carry_data_between_methods() -> None:
    found = facts("""
        import logging
        import dlib

        facerec = dlib.face_recognition_model_v1("model.dat")
        log = logging.getLogger(__name__)

        class Gallery:
            def add(self, frame, shape):
                self.last = facerec.compute_face_descriptor(frame, shape)

            def report(self):
                log.warning("last descriptor %s", list(self.last))
        """)
    assert [(f.category, f.line, f.function, f.source) for f in found] == [
        ("log", 13, "Gallery.report", "facerec.compute_face_descriptor() (line 10)")]


def test_a_module_that_never_speaks_of_faces_is_not_analysed() -> None:
    assert facts("import requests\nrequests.post('https://x.example.com', data=b'1')\n") == []


def test_names_unpacked_from_zip_take_the_taint_of_their_own_sequence() -> None:
    # Drawing loops unpack face boxes and the names matched to them side by side; the names
    # stay clean, so logging them is not logging faces, while logging a box is.
    assert shape("""
        import logging
        import face_recognition

        def annotate(frame, labels):
            boxes = face_recognition.face_locations(frame)
            seen = []
            for (top, right, bottom, left), who in zip(boxes, labels):
                seen.append(who)
            for index, (area, who) in enumerate(zip(boxes, labels)):
                seen.append(who)
            logging.info("seen %s", seen)
            for box, who in zip(boxes, labels):
                logging.debug("box %s", box)
        """) == [("log", 14, "face_recognition.face_locations() (line 6)",
                  ("6: boxes = face_recognition.face_locations(frame)",
                   "13: for (box, who) in zip(boxes, labels)"))]


def test_data_sent_through_a_module_or_client_does_not_taint_it_or_the_response() -> None:
    # ``requests.put`` and ``session.put`` send the data; they do not put it into the module
    # or the session (as ``queue.put`` would), so later calls and the responses stay clean.
    assert facts("""
        import face_recognition
        import requests

        def sync(image):
            vector = face_recognition.face_encodings(image)[0]
            reply = requests.put("http://localhost:8080/faces", json={"v": vector.tolist()},
                                 timeout=5)
            print(reply.status_code)
            health = requests.get("http://localhost:8080/health", timeout=5)
            print(health.text)
            session = requests.Session()
            answer = session.put("http://127.0.0.1:8080/faces", data=vector.tobytes())
            print(answer.text, session.get("http://127.0.0.1:8080/health").text)
        """) == []


def test_a_model_fitted_on_templates_holds_them_but_its_predictions_do_not() -> None:
    found = shape("""
        import pickle
        import face_recognition
        from sklearn.neighbors import KNeighborsClassifier
        from sklearn.svm import SVC

        def train(images, labels):
            vectors = [face_recognition.face_encodings(i)[0] for i in images]
            knn = KNeighborsClassifier(n_neighbors=3)
            knn.fit(vectors, labels)
            print(knn.predict(vectors[:1]), knn.kneighbors(vectors[:1]))
            with open("knn.clf", "wb") as handle:
                pickle.dump(knn, handle)
            svm = SVC().fit(vectors, labels)
            with open("svm.clf", "wb") as handle:
                pickle.dump(svm, handle)
        """)
    assert [(c, line) for c, line, _, _ in found] == [("storage", 13), ("storage", 16)]
    assert found[0][3][-1] == "10: knn.fit(vectors, labels)"


def test_module_functions_run_by_map_pools_executors_and_threads() -> None:
    assert [(f.category, f.line, f.function, f.steps[-1]) for f in facts("""
        import pickle
        import threading
        from multiprocessing import Pool
        import face_recognition
        import requests

        def encode(path):
            return face_recognition.face_encodings(face_recognition.load_image_file(path))[0]

        def upload(vector):
            requests.post("https://faces.example.com/v1", data=vector.tobytes(), timeout=5)

        def build(paths, executor):
            with Pool(4) as pool:
                vectors = pool.map(encode, paths)
            with open("db.pkl", "wb") as handle:
                pickle.dump(vectors, handle)
            again = list(map(encode, paths))
            threading.Thread(target=upload, args=(again[0],)).start()
            future = executor.submit(encode, paths[0])
            print(future.result())
        """)] == [
        ("network", 12, "upload", "20: passed to upload() as vector"),
        ("storage", 18, "build", "16: vectors = pool.map(encode, paths)"),
        ("log", 22, "build", "21: future = executor.submit(encode, paths[0])"),
    ]


def test_tensors_and_means_of_templates_carry_them() -> None:
    assert [(f.category, f.line) for f in facts("""
        import numpy as np
        import torch
        from insightface.app import FaceAnalysis

        analyser = FaceAnalysis(name="buffalo_l")

        def embed(images):
            vectors = [torch.from_numpy(analyser.get(i)[0].normed_embedding) for i in images]
            torch.save(torch.stack(vectors), "embeds.pt")
            np.save("mean.npy", np.mean([v.numpy() for v in vectors], axis=0))
        """)] == [("storage", 10), ("storage", 11)]


def test_encryption_inside_the_module_s_own_functions_stays_on_the_caller_s_path() -> None:
    # The template is encrypted by a helper (returned, or stored by the helper itself), or by
    # a module function whose name says it encrypts; only the plain helper's result is stored
    # unencrypted.
    assert [(f.category, f.line) for f in facts("""
        import face_recognition
        from cryptography.fernet import Fernet

        box = Fernet(Fernet.generate_key())

        def sealed(vector):
            return box.encrypt(vector.tobytes())

        def store_sealed(cursor, vector):
            cursor.execute("INSERT INTO faces VALUES (?)", (box.encrypt(vector.tobytes()),))

        def encrypt_template(data):
            return bytes(b ^ 0x5A for b in data)

        def plain(vector):
            return vector.tobytes()

        def keep(path, cursor):
            vector = face_recognition.face_encodings(face_recognition.load_image_file(path))[0]
            cursor.execute("INSERT INTO faces VALUES (?)", (sealed(vector),))
            store_sealed(cursor, vector)
            cursor.execute("INSERT INTO faces VALUES (?)", (encrypt_template(vector.tobytes()),))
            cursor.execute("INSERT INTO faces VALUES (?)", (plain(vector),))
        """) if f.category != "consent"] == [("storage", 24)]


def test_network_sinks_say_when_certificate_verification_is_off() -> None:
    found = facts("""
        import ssl
        import urllib.request
        import face_recognition
        import requests

        def send(path):
            enc = face_recognition.face_encodings(face_recognition.load_image_file(path))[0]
            requests.post("https://a.example.com/f", json=enc.tolist(), verify=False)
            requests.post("https://b.example.com/f", json=enc.tolist(), verify=True)
            urllib.request.urlopen("https://c.example.com/f", data=enc.tobytes(),
                                   context=ssl._create_unverified_context())
        """)
    assert [(f.line, f.host, f.unverified) for f in found] == [
        (9, "a.example.com", "verify=False"),
        (10, "b.example.com", None),
        (11, "c.example.com", "context=ssl._create_unverified_context()")]
