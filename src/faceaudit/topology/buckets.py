"""Object-storage buckets a configuration defines, and who may read them.

Read from settings of four shapes:

- CloudFormation and SAM templates: ``Resources.<name>.Type: AWS::S3::Bucket`` with its
  ``BucketName``, ``AccessControl`` (``PublicRead``, ``PublicReadWrite``), ``BucketEncryption``
  and ``LifecycleConfiguration`` rules (``ExpirationInDays``), and ``AWS::S3::BucketPolicy``
  resources;
- bucket policy documents (``Statement`` lists) in JSON or YAML: a statement that allows
  ``Principal: "*"`` (or ``Principal.AWS: "*"``) to read ``arn:aws:s3:::<bucket>/...`` makes the
  bucket public, unless a ``Condition`` narrows it;
- Terraform plan and state JSON: ``aws_s3_bucket`` resources and the resources that configure
  them (see :mod:`faceaudit.topology.terraform`);
- MinIO chart values: ``buckets[].name`` with ``policy: public`` or ``download``, also under an
  umbrella chart's ``minio:`` section or Bitnami's ``provisioning:``, and Bitnami's
  ``defaultBuckets: "a,b"`` (private buckets).

A bucket holds facial data when its name says so (``face-images``, ``visitor-faces``). S3 has
encrypted new objects with S3-managed keys (SSE-S3) by default since January 2023, so an S3
bucket without ``BucketEncryption`` is recorded as encrypted that way; a MinIO bucket without
encryption settings is recorded without encryption.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from faceaudit.classify import classify
from faceaudit.model import DataCategory, Encryption, Provenance, Retention, Setting
from faceaudit.settingkeys import as_bool, value_text

S3_DEFAULT_ENCRYPTION = "SSE-S3 (AES-256), S3's default encryption"
PUBLIC_ACLS = frozenset({"publicread", "publicreadwrite", "public-read", "public-read-write"})
PUBLIC_MINIO_POLICIES = frozenset({"public", "download"})
_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::(?P<bucket>[a-z0-9][a-z0-9.-]{1,62})(?:/.*)?$")
_STATEMENT = re.compile(r"^(?P<base>(?:.*\.)?Statement\.[0-9]+)\.(?P<rest>.+)$")


@dataclass
class Bucket:
    name: str
    provenance: Provenance
    platform: str  # s3 | minio
    public: str | None = None  # why anyone can read it, in words
    public_at: Provenance | None = None
    encryption: Encryption | None = None
    retention: Retention | None = None
    data: frozenset[DataCategory] = field(default_factory=frozenset)
    policy_blocked: bool = False  # a public access block refuses public policies
    skipped: list[str] = field(default_factory=list)  # what was not read, and why


def _true(keys: dict[str, Setting], key: str) -> bool:
    found = keys.get(key)
    return found is not None and as_bool(found.value) is True


def facial_name(name: str) -> frozenset[DataCategory]:
    """The facial data a bucket (or a key naming one) holds by its name: files, so images."""
    found = classify(name)
    facial = found.categories & {DataCategory.FACE_IMAGE, DataCategory.FACE_TEMPLATE,
                                 DataCategory.FACE_GEOMETRY}
    if facial == {DataCategory.FACE_TEMPLATE} and found.confidence == "low":
        return frozenset({DataCategory.FACE_IMAGE})
    return frozenset(facial)


def _group(settings: Sequence[Setting], prefix: str) -> dict[str, Setting]:
    return {s.key[len(prefix):]: s for s in settings if s.key.startswith(prefix)}


def _cloudformation(settings: Sequence[Setting]) -> list[Bucket]:
    resources: dict[str, dict[str, Setting]] = {}
    for setting in settings:
        parts = setting.key.split(".", 2)
        if len(parts) == 3 and parts[0] == "Resources":
            resources.setdefault(parts[1], {})[parts[2]] = setting
    buckets: dict[str, Bucket] = {}
    for logical, keys in resources.items():
        kind = keys.get("Type")
        if kind is None or kind.value != "AWS::S3::Bucket":
            continue
        named = keys.get("Properties.BucketName")
        name = value_text(named.value) if named is not None else None
        bucket = Bucket(name or logical, kind.provenance, "s3")
        acl = keys.get("Properties.AccessControl")
        block = "Properties.PublicAccessBlockConfiguration."
        if _true(keys, block + "BlockPublicPolicy") or _true(keys, block + "RestrictPublicBuckets"):
            bucket.policy_blocked = True
        if acl is not None and str(acl.value).lower() in PUBLIC_ACLS and not (
                _true(keys, block + "BlockPublicAcls") or _true(keys, block + "IgnorePublicAcls")):
            bucket.public, bucket.public_at = f"AccessControl: {acl.value}", acl.provenance
        bucket.encryption = _encryption(keys, kind.provenance)
        bucket.retention = _lifecycle(keys, "Properties.LifecycleConfiguration.Rules.",
                                      "ExpirationInDays")
        buckets[logical] = bucket
    for keys in resources.values():
        kind = keys.get("Type")
        if kind is None or kind.value != "AWS::S3::BucketPolicy":
            continue
        ref = keys.get("Properties.Bucket.Ref") or keys.get("Properties.Bucket")
        target = buckets.get(str(ref.value)) if ref is not None else None
        if target is None and ref is not None:
            target = next((b for b in buckets.values() if b.name == ref.value), None)
        statement = public_statement(_group(list(keys.values()), ""))
        if target is not None and statement is not None and target.public is None \
                and not target.policy_blocked:
            target.public, target.public_at = statement
    return list(buckets.values())


def _encryption(keys: dict[str, Setting], where: Provenance) -> Encryption:
    prefix = "Properties.BucketEncryption.ServerSideEncryptionConfiguration.0."
    algorithm = keys.get(prefix + "ServerSideEncryptionByDefault.SSEAlgorithm")
    if algorithm is None:
        return Encryption(S3_DEFAULT_ENCRYPTION, "S3-managed keys", False, where)
    text = str(algorithm.value)
    kms = keys.get(prefix + "ServerSideEncryptionByDefault.KMSMasterKeyID")
    management = "AWS KMS" if "kms" in text.lower() else "S3-managed keys"
    if kms is not None:
        management += f" ({kms.key.rsplit('.', 1)[-1]})"
    return Encryption(text, management, False, algorithm.provenance)


def _lifecycle(keys: dict[str, Setting], prefix: str, days_key: str) -> Retention | None:
    rules: dict[str, dict[str, Setting]] = {}
    for key, setting in keys.items():
        if key.startswith(prefix):
            number, _, rest = key[len(prefix):].partition(".")
            rules.setdefault(number, {})[rest] = setting
    best: Retention | None = None
    for rule in rules.values():
        status = rule.get("Status")
        days = rule.get(days_key) or rule.get("Expiration.Days")
        if days is None or (status is not None and str(status.value) != "Enabled"):
            continue
        count = days.value if isinstance(days.value, int) else None
        if count is None and isinstance(days.value, str) and days.value.isdigit():
            count = int(days.value)
        if count is not None and (best is None or (best.days or 0) < count):
            best = Retention(count, "S3 lifecycle rule", "collection", days.provenance)
    return best


def public_statement(keys: dict[str, Setting]) -> tuple[str, Provenance] | None:
    statements: dict[str, dict[str, Setting]] = {}
    for key, setting in keys.items():
        match = _STATEMENT.match(key)
        if match:
            statements.setdefault(match.group("base"), {})[match.group("rest")] = setting
    for fields in statements.values():
        effect = fields.get("Effect")
        principal = fields.get("Principal") or fields.get("Principal.AWS") \
            or fields.get("Principal.AWS.0")
        if effect is None or effect.value != "Allow" or principal is None:
            continue
        if principal.value != "*" or any(k.startswith("Condition.") for k in fields):
            continue
        return f"policy statement allows Principal \"*\" ({principal.key})", principal.provenance
    return None


def _policy_documents(settings: Sequence[Setting]) -> list[Bucket]:
    """Buckets made public by a bare bucket policy document (not a CloudFormation one)."""
    if any(s.key.startswith("Resources.") for s in settings):
        return []
    keys = {s.key: s for s in settings}
    public = public_statement(keys)
    if public is None:
        return []
    found: dict[str, Bucket] = {}
    for setting in settings:
        match = _STATEMENT.match(setting.key)
        text = value_text(setting.value)
        if match is None or text is None or not match.group("rest").startswith("Resource"):
            continue
        arn = _ARN.match(text.strip())
        if arn is None:
            continue
        name = arn.group("bucket")
        if name not in found:
            found[name] = Bucket(name, setting.provenance, "s3", public[0], public[1],
                                 Encryption(S3_DEFAULT_ENCRYPTION, "S3-managed keys", False,
                                            setting.provenance))
    return list(found.values())


#: Sections of chart values that keep MinIO's bucket list: the MinIO chart's own values
#: (no section), an umbrella chart's ``minio`` subchart, and Bitnami's ``provisioning``.
MINIO_SECTIONS = frozenset({(), ("minio",), ("provisioning",), ("minio", "provisioning")})


def _minio(settings: Sequence[Setting]) -> list[Bucket]:
    entries: dict[tuple[str, ...], dict[str, Setting]] = {}
    listed: list[tuple[str, Setting]] = []
    for setting in settings:
        parts = tuple(setting.key.split("."))
        if (len(parts) >= 3 and parts[-3] == "buckets" and parts[-2].isdigit()
                and parts[:-3] in MINIO_SECTIONS):
            entries.setdefault(parts[:-1], {})[parts[-1]] = setting
        elif parts[-1] == "defaultBuckets" and parts[:-1] in MINIO_SECTIONS:
            text = value_text(setting.value) or ""
            listed.extend((name.strip(), setting) for name in re.split(r"[,;\s]+", text)
                          if name.strip())
    found: list[Bucket] = []
    for fields in entries.values():
        named = fields.get("name")
        name = value_text(named.value) if named is not None else None
        if named is None or not name:
            continue
        bucket = Bucket(name, named.provenance, "minio")
        policy = fields.get("policy")
        if policy is not None and str(policy.value).lower() in PUBLIC_MINIO_POLICIES:
            bucket.public, bucket.public_at = f"policy: {policy.value}", policy.provenance
        found.append(bucket)
    # Bitnami's ``defaultBuckets: "a,b"`` creates private buckets; one listed in ``buckets``
    # too is that entry.
    names = {bucket.name for bucket in found}
    for name, setting in listed:
        if name not in names and "${" not in name and "{{" not in name:
            names.add(name)
            found.append(Bucket(name, setting.provenance, "minio"))
    return found


def buckets(settings: Sequence[Setting]) -> list[Bucket]:
    """Every bucket the settings of one file define, with the facial data its name shows."""
    from faceaudit.topology.terraform import terraform_buckets  # it builds on this module

    found = (_cloudformation(settings) + _policy_documents(settings) + _minio(settings)
             + terraform_buckets(settings))
    for bucket in found:
        bucket.data = facial_name(bucket.name)
    return found
