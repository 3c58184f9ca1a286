"""What the source scan knows about face libraries, clients, sinks and encryption: data only."""

from __future__ import annotations

from dataclasses import dataclass

from faceaudit.model import DataCategory

IMAGE = DataCategory.FACE_IMAGE
TEMPLATE = DataCategory.FACE_TEMPLATE
GEOMETRY = DataCategory.FACE_GEOMETRY


@dataclass(frozen=True)
class Kind:
    """What an object of the analysed code is: a client, a file, a face model, ..."""

    name: str
    host: str | None = None
    scheme: str | None = None
    detail: str | None = None  # the AWS service, a file's path, a module class's name


#: Calls that return facial data, by the qualified name of the function.
FACE_FUNCTIONS: dict[str, DataCategory] = {
    "face_recognition.face_encodings": TEMPLATE,
    "face_recognition.face_locations": GEOMETRY,
    "face_recognition.face_landmarks": GEOMETRY,
    "face_recognition.batch_face_locations": GEOMETRY,
    "face_recognition.load_image_file": IMAGE,
    "deepface.DeepFace.represent": TEMPLATE,
    "deepface.DeepFace.extract_faces": IMAGE,
    "dlib.get_face_chip": IMAGE,
    "dlib.get_face_chips": IMAGE,
}

#: Methods that return facial data whatever their receiver (their names are the libraries').
FACE_METHODS: dict[str, DataCategory] = {
    "compute_face_descriptor": TEMPLATE,
    "detectMultiScale": GEOMETRY,
    "detectMultiScale2": GEOMETRY,
    "detectMultiScale3": GEOMETRY,
}

#: Calls on (or of) face models that return facial data, by the model's kind.
FACE_MODEL_CALLS: dict[tuple[str, str], DataCategory] = {
    ("insightface", "get"): GEOMETRY,
    ("cascade", "detectMultiScale"): GEOMETRY,
    ("dlib-detector", "__call__"): GEOMETRY,
    ("dlib-shape", "__call__"): GEOMETRY,
}

#: Attributes of face objects that hold a template.
TEMPLATE_ATTRIBUTES = frozenset({"embedding", "normed_embedding"})
#: Attributes that describe a value rather than carry it.
META_ATTRIBUTES = frozenset({"shape", "size", "dtype", "ndim", "nbytes", "itemsize"})

#: Calls that read an image from disk or a camera; the image is a face image when its name says
#: so or when it is passed to a face function.
IMAGE_READS = frozenset({"cv2.imread", "PIL.Image.open", "imageio.imread", "imageio.v3.imread",
                         "skimage.io.imread"})

#: Constructors of the objects the scan follows, by qualified name.
CONSTRUCTORS: dict[str, str] = {
    "requests.Session": "http", "requests.session": "http",
    "httpx.Client": "http", "httpx.AsyncClient": "http",
    "aiohttp.ClientSession": "http",
    "urllib.request.Request": "http-request",
    "http.client.HTTPSConnection": "http-conn", "http.client.HTTPConnection": "http-conn",
    "boto3.client": "aws", "boto3.resource": "aws", "boto3.Session": "aws-session",
    "boto3.session.Session": "aws-session",
    "google.cloud.storage.Client": "gcs",
    "google.cloud.vision.ImageAnnotatorClient": "vision",
    "google.cloud.vision_v1.ImageAnnotatorClient": "vision",
    "firebase_admin.storage.bucket": "firebase",
    "azure.cognitiveservices.vision.face.FaceClient": "azure-face",
    "azure.ai.vision.face.FaceClient": "azure-face",
    "azure.ai.vision.face.FaceAdministrationClient": "azure-face",
    "azure.storage.blob.BlobServiceClient": "azure-blob",
    "azure.storage.blob.BlobClient": "azure-blob",
    "azure.storage.blob.ContainerClient": "azure-blob",
    "azure.storage.blob.BlobServiceClient.from_connection_string": "azure-blob",
    "azure.storage.blob.BlobClient.from_connection_string": "azure-blob",
    "azure.storage.blob.ContainerClient.from_connection_string": "azure-blob",
    "paho.mqtt.client.Client": "mqtt",
    "websockets.connect": "ws", "websockets.client.connect": "ws",
    "websockets.sync.client.connect": "ws", "websocket.create_connection": "ws",
    "smtplib.SMTP": "smtp", "smtplib.SMTP_SSL": "smtp",
    "grpc.insecure_channel": "grpc", "grpc.secure_channel": "grpc",
    "grpc.aio.insecure_channel": "grpc", "grpc.aio.secure_channel": "grpc",
    "logging.getLogger": "logger", "structlog.get_logger": "logger",
    "insightface.app.FaceAnalysis": "insightface",
    "cv2.CascadeClassifier": "cascade", "cv2.VideoCapture": "camera",
    "dlib.get_frontal_face_detector": "dlib-detector",
    "dlib.cnn_face_detection_model_v1": "dlib-detector",
    "dlib.shape_predictor": "dlib-shape",
    "dlib.face_recognition_model_v1": "dlib-facerec",
    "redis.Redis": "redis", "redis.StrictRedis": "redis", "redis.from_url": "redis",
    "pymongo.MongoClient": "mongo",
}

#: Methods that make a new object of a kind from one of another (or the same) kind.
DERIVED: dict[tuple[str, str], str] = {
    ("gcs", "bucket"): "gcs", ("gcs", "get_bucket"): "gcs", ("gcs", "lookup_bucket"): "gcs",
    ("gcs", "blob"): "gcs", ("gcs", "get_blob"): "gcs",
    ("firebase", "blob"): "firebase", ("firebase", "get_blob"): "firebase",
    ("azure-blob", "get_blob_client"): "azure-blob",
    ("azure-blob", "get_container_client"): "azure-blob",
    ("aws-session", "client"): "aws", ("aws-session", "resource"): "aws",
    ("aws", "Bucket"): "aws", ("aws", "Object"): "aws",
}

#: Kinds whose attributes are objects of the same kind (``face_client.face``, ``db.faces``).
INHERITED_BY_ATTRIBUTES = frozenset({"azure-face", "mongo", "vision", "aws", "gcs", "firebase"})

#: Hosts implied by a cloud SDK.
SDK_HOSTS: dict[str, str] = {
    "gcs": "storage.googleapis.com",
    "vision": "vision.googleapis.com",
    "firebase": "firebasestorage.googleapis.com",
}
DEFAULT_AWS_REGION = "us-east-1"

#: Network sinks: methods of clients, by kind (``None``: every method).
NETWORK_METHODS: dict[str, frozenset[str] | None] = {
    "http": frozenset({"get", "post", "put", "patch", "delete", "request", "head", "options",
                       "stream", "send"}),
    "http-conn": frozenset({"request", "send"}),
    "gcs": frozenset({"upload_from_string", "upload_from_file", "upload_from_filename"}),
    "firebase": frozenset({"upload_from_string", "upload_from_file", "upload_from_filename"}),
    "vision": None,
    "azure-face": None,
    "azure-blob": frozenset({"upload_blob", "stage_block", "append_block"}),
    "mqtt": frozenset({"publish"}),
    "ws": frozenset({"send"}),
    "smtp": frozenset({"send_message", "sendmail"}),
    "grpc-stub": None,
}

#: AWS services and the calls of theirs that carry data to AWS.
AWS_METHODS: dict[str, frozenset[str]] = {
    "s3": frozenset({"put_object", "upload_file", "upload_fileobj", "put"}),
    "rekognition": frozenset({"index_faces", "search_faces_by_image", "compare_faces",
                              "detect_faces", "recognize_celebrities"}),
}

#: Functions that send data over the network, by qualified name.
NETWORK_FUNCTIONS: dict[str, str] = {
    **{f"requests.{m}": "http" for m in ("get", "post", "put", "patch", "delete", "request",
                                         "head", "options")},
    **{f"httpx.{m}": "http" for m in ("get", "post", "put", "patch", "delete", "request",
                                      "head", "options", "stream")},
    "urllib.request.urlopen": "http",
    "paho.mqtt.publish.single": "mqtt",
    "paho.mqtt.publish.multiple": "mqtt",
}

#: Functions that store their arguments, by qualified name.
STORAGE_FUNCTIONS = frozenset({
    "pickle.dump", "joblib.dump", "numpy.save", "numpy.savez", "numpy.savez_compressed",
    "numpy.savetxt", "torch.save", "cv2.imwrite", "json.dump", "marshal.dump",
    "imageio.imwrite", "imageio.v3.imwrite", "skimage.io.imsave", "yaml.dump",
})
#: Methods that store their arguments whatever their receiver.
STORAGE_METHODS = frozenset({"write_bytes", "write_text", "execute", "executemany",
                             "insert_one", "insert_many", "replace_one", "update_one",
                             "update_many"})
#: Methods that store their receiver (a PIL image, an ORM object, an array).
STORING_RECEIVER = frozenset({"save", "tofile"})
#: Methods of ORM sessions that store their arguments.
SESSION_METHODS = frozenset({"add", "add_all", "merge", "bulk_save_objects"})
#: Methods of Django managers (``Model.objects``) that store their arguments.
MANAGER_METHODS = frozenset({"create", "bulk_create", "get_or_create", "update_or_create"})
REDIS_METHODS = frozenset({"set", "hset", "hmset", "mset", "lpush", "rpush", "sadd", "setex"})
FILE_WRITES = frozenset({"write", "writelines"})

LOG_LEVELS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical",
                        "fatal", "log", "msg"})
LOGGER_NAMES = frozenset({"logger", "log", "_logger", "_log", "LOGGER", "LOG", "logging"})
LOG_FUNCTIONS = frozenset({"print", "pprint.pprint", "sys.stdout.write", "sys.stderr.write"})

#: Calls whose result is their arguments' data in another form.
PASS_THROUGH = frozenset({
    "list", "tuple", "dict", "set", "frozenset", "sorted", "reversed", "enumerate", "zip",
    "str", "repr", "bytes", "bytearray", "memoryview", "iter", "next", "map", "filter",
    "json.dumps", "pickle.dumps", "marshal.dumps", "base64.b64encode", "base64.urlsafe_b64encode",
    "base64.encodebytes", "base64.b64decode", "copy.copy", "copy.deepcopy", "io.BytesIO",
    "numpy.array", "numpy.asarray", "numpy.stack", "numpy.vstack", "numpy.hstack",
    "numpy.concatenate", "numpy.copy", "numpy.frombuffer", "cv2.imencode", "cv2.cvtColor",
    "cv2.resize", "PIL.Image.fromarray", "yaml.dump", "yaml.safe_dump", "msgpack.packb",
    "orjson.dumps", "ujson.dumps", "numpy.mean", "numpy.average", "numpy.squeeze",
    "numpy.expand_dims", "numpy.ravel", "numpy.reshape", "numpy.ascontiguousarray",
    "sklearn.preprocessing.normalize", "torch.from_numpy", "torch.tensor", "torch.as_tensor",
    "torch.cat", "torch.stack",
})
#: Methods of a tainted value whose result holds no facial data (a trained model's labels,
#: neighbour indices and scores included).
NON_DATA_METHODS = frozenset({"count", "index", "__len__", "keys", "startswith", "endswith",
                              "isdigit", "close", "release", "predict", "predict_proba",
                              "predict_log_proba", "fit_predict", "kneighbors", "score",
                              "decision_function"})
#: Methods that train a model on their arguments: the model keeps them (a k-NN classifier
#: keeps every template it was fitted on), so the model and the call's result hold them.
TRAINING_METHODS = frozenset({"fit", "partial_fit"})
#: Methods that run a function over values (``pool.map(encode, paths)``): the module's own
#: function named as their first argument is applied to the others.
MAPPING_METHODS = frozenset({"map", "map_async", "imap", "imap_unordered", "starmap",
                             "starmap_async", "submit", "apply", "apply_async"})
#: Methods that put their arguments into their receiver.
MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "setdefault",
                      "appendleft", "extendleft", "put", "put_nowait", "attach",
                      "add_attachment", "set_content", "set_payload", "write", "writelines"})

#: Calls that compare faces; their results decide a face match.
FACE_COMPARISONS = frozenset({
    "face_recognition.compare_faces", "face_recognition.face_distance",
    "deepface.DeepFace.verify", "deepface.DeepFace.find", "numpy.linalg.norm", "numpy.dot",
    "scipy.spatial.distance.cosine", "scipy.spatial.distance.euclidean",
    "sklearn.metrics.pairwise.cosine_similarity",
})
FACE_COMPARISON_METHODS = frozenset({"compare_faces", "search_faces_by_image", "search_faces",
                                     "verify_face_to_face", "verify_face_to_person",
                                     "face_distance"})


def is_encryption(name: str) -> bool:
    """Whether a call's name says it encrypts (``encrypt``, ``encrypt_and_digest``, ``seal``)."""
    last = name.rsplit(".", 1)[-1].lower()
    return "encrypt" in last or last in {"seal", "seal_box"}
