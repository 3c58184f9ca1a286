"""S3 buckets of Terraform plan and state JSON, read from their settings.

Three documents are read, as the configuration reader flattens them:

- a plan as ``terraform show -json plan.tfplan`` writes it: the resources of
  ``planned_values.root_module`` and, recursively, of its ``child_modules``;
- a state as ``terraform show -json`` writes it: the same under ``values.root_module``;
- a state file itself (``terraform.tfstate``, version 4): ``resources[].instances[].attributes``.

Each resource has an address, a type and its values. Buckets are ``aws_s3_bucket`` resources,
with the AWS provider v3 blocks kept inline (``acl``, ``policy``,
``server_side_encryption_configuration``, ``lifecycle_rule``); the resources that configure a
bucket since provider v4 (``aws_s3_bucket_acl``, ``aws_s3_bucket_policy``,
``aws_s3_bucket_public_access_block``, ``aws_s3_bucket_server_side_encryption_configuration``,
``aws_s3_bucket_lifecycle_configuration``) are linked to theirs by their ``bucket`` value (the
bucket's name), or, when a plan leaves it unknown, by the reference to the bucket resource that
the plan's ``configuration`` records (``aws_s3_bucket.faces.id``); else they stay unlinked.
``aws_s3_account_public_access_block`` applies to every bucket of the document.

A bucket policy is a JSON string: it is parsed with the safe JSON loader and judged as a policy
document is (a statement allowing ``Principal: "*"`` with no ``Condition`` makes the bucket
public). A policy that is not JSON is not read; the bucket keeps the reason in ``skipped``,
which the topology reports as an input error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from faceaudit.errors import InputError
from faceaudit.model import Encryption, Provenance, Retention, Setting
from faceaudit.readers.structured import load_json
from faceaudit.settingkeys import as_bool, value_text
from faceaudit.topology.buckets import (
    PUBLIC_ACLS,
    S3_DEFAULT_ENCRYPTION,
    Bucket,
    public_statement,
)

BUCKET = "aws_s3_bucket"
ACL = "aws_s3_bucket_acl"
POLICY = "aws_s3_bucket_policy"
ACCESS_BLOCK = "aws_s3_bucket_public_access_block"
ACCOUNT_BLOCK = "aws_s3_account_public_access_block"
ENCRYPTION = "aws_s3_bucket_server_side_encryption_configuration"
LIFECYCLE = "aws_s3_bucket_lifecycle_configuration"
SATELLITES = frozenset({ACL, POLICY, ACCESS_BLOCK, ENCRYPTION, LIFECYCLE})
#: The grantee of an ACL grant to anyone.
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"

_SHOWN = re.compile(r"^(?P<module>(?:child_modules\.[0-9]+\.)*)resources\.(?P<number>[0-9]+)"
                    r"\.(?P<rest>.+)$")
_STATE = re.compile(r"^resources\.(?P<number>[0-9]+)\.(?:instances\.(?P<instance>[0-9]+)\.)?"
                    r"(?P<rest>.+)$")
_CONFIGURED = re.compile(r"^(?P<calls>(?:module_calls\.[^.]+\.module\.)*)resources\."
                         r"(?P<number>[0-9]+)\.(?P<rest>.+)$")
_INSTANCE_KEY = re.compile(r"\[[^\]]*\]")
_BUCKET_REFERENCE = re.compile(r"^aws_s3_bucket\.(?P<name>[A-Za-z_][A-Za-z0-9_-]*)"
                               r"(?P<index>\[[^\]]*\])?(?:\.|$)")
_ADDRESS = re.compile(r"^(?P<module>(?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*)"
                      r"(?P<type>[A-Za-z0-9_]+)\.(?P<name>[A-Za-z0-9_-]+)(?P<index>\[[^\]]*\])?$")


@dataclass
class Resource:
    """One managed resource instance of a plan or state."""

    address: str  # module.storage.aws_s3_bucket.faces[0]
    type: str
    anchor: Setting  # the setting that places the resource (its address or type)
    values: dict[str, Setting] = field(default_factory=dict)

    @property
    def module(self) -> str:
        """The module path without instance keys (``module.storage``), ``""`` for the root."""
        match = _ADDRESS.match(self.address)
        return _INSTANCE_KEY.sub("", match.group("module")).rstrip(".") if match else ""

    @property
    def local(self) -> str:
        """The address inside its module, without instance key (``aws_s3_bucket.faces``)."""
        match = _ADDRESS.match(self.address)
        return f"{match.group('type')}.{match.group('name')}" if match else self.address

    @property
    def index(self) -> str | None:
        match = _ADDRESS.match(self.address)
        return match.group("index") if match else None

    def text(self, key: str) -> str | None:
        found = self.values.get(key)
        return value_text(found.value) if found is not None else None

    def true(self, key: str) -> bool:
        found = self.values.get(key)
        return found is not None and as_bool(found.value) is True


def is_terraform(settings: Sequence[Setting]) -> bool:
    keys = {s.key for s in settings[:200]}
    return ("format_version" in keys or "terraform_version" in keys) and any(
        s.key.startswith(("planned_values.", "values.root_module.", "resources."))
        for s in settings)


def _shown(settings: Sequence[Setting], base: str) -> list[Resource]:
    """The resources of ``<base>.resources`` and its child modules (``terraform show -json``)."""
    fields: dict[tuple[str, str], dict[str, Setting]] = {}
    for setting in settings:
        if not setting.key.startswith(base):
            continue
        match = _SHOWN.match(setting.key[len(base):])
        if match is not None:
            place = (match.group("module"), match.group("number"))
            fields.setdefault(place, {})[match.group("rest")] = setting
    found: list[Resource] = []
    for keys in fields.values():
        address, kind = keys.get("address"), keys.get("type")
        mode = keys.get("mode")
        if address is None or kind is None or not isinstance(address.value, str) \
                or (mode is not None and mode.value != "managed"):
            continue
        resource = Resource(address.value, str(kind.value), address)
        resource.values = {key[len("values."):]: setting for key, setting in keys.items()
                           if key.startswith("values.")}
        found.append(resource)
    return found


def _index_key(setting: Setting | None) -> str:
    if setting is None or setting.value is None:
        return ""
    if isinstance(setting.value, int) and not isinstance(setting.value, bool):
        return f"[{setting.value}]"
    return f"[\"{setting.value}\"]"


def _state_file(settings: Sequence[Setting]) -> list[Resource]:
    """The resources of a state file (version 4): ``resources[].instances[].attributes``."""
    tops: dict[str, dict[str, Setting]] = {}
    instances: dict[tuple[str, str], dict[str, Setting]] = {}
    for setting in settings:
        match = _STATE.match(setting.key)
        if match is None:
            continue
        if match.group("instance") is None:
            tops.setdefault(match.group("number"), {})[match.group("rest")] = setting
        else:
            place = (match.group("number"), match.group("instance"))
            instances.setdefault(place, {})[match.group("rest")] = setting
    found: list[Resource] = []
    for (number, _instance), keys in instances.items():
        top = tops.get(number, {})
        kind, name, mode = top.get("type"), top.get("name"), top.get("mode")
        if kind is None or name is None or (mode is not None and mode.value != "managed"):
            continue
        module = top.get("module")
        prefix = f"{module.value}." if module is not None and module.value else ""
        address = f"{prefix}{kind.value}.{name.value}{_index_key(keys.get('index_key'))}"
        resource = Resource(address, str(kind.value), kind)
        resource.values = {key[len("attributes."):]: setting for key, setting in keys.items()
                           if key.startswith("attributes.")}
        found.append(resource)
    return found


def _references(settings: Sequence[Setting]) -> dict[tuple[str, str], list[str]]:
    """What each configured resource's ``bucket`` argument refers to, by (module path, local
    address), from a plan's ``configuration``."""
    base = "configuration.root_module."
    fields: dict[tuple[str, str], dict[str, Setting]] = {}
    for setting in settings:
        if not setting.key.startswith(base):
            continue
        match = _CONFIGURED.match(setting.key[len(base):])
        if match is not None:
            calls = match.group("calls")
            module = ".".join(f"module.{part.split('.')[1]}"
                              for part in re.findall(r"module_calls\.[^.]+\.module\.", calls))
            fields.setdefault((module, match.group("number")), {})[match.group("rest")] = setting
    found: dict[tuple[str, str], list[str]] = {}
    for (module, _number), keys in fields.items():
        address = keys.get("address")
        if address is None or not isinstance(address.value, str):
            continue
        refs = [str(setting.value) for key, setting in sorted(
                    keys.items(), key=lambda item: _natural(item[0]))
                if key.startswith("expressions.bucket.references.")]
        found[(module, address.value)] = refs
    return found


def _natural(key: str) -> list[int | str]:
    return [int(part) if part.isdigit() else part for part in key.split(".")]


def resources(settings: Sequence[Setting]) -> list[Resource]:
    """The managed resources of a plan, a shown state or a state file; none for other files."""
    if any(s.key.startswith("planned_values.root_module.") for s in settings):
        return _shown(settings, "planned_values.root_module.")
    if any(s.key.startswith("values.root_module.") for s in settings):
        return _shown(settings, "values.root_module.")
    version = next((s for s in settings if s.key == "version"), None)
    if version is not None and version.value == 4 and any(
            s.key == "terraform_version" for s in settings):
        return _state_file(settings)
    return []


# --- reading a bucket's settings ----------------------------------------------------------------


def _flat(value: Any, base: str = "") -> Iterator[tuple[str, Any]]:
    stack: list[tuple[str, Any]] = [(base, value)]
    while stack:
        key, item = stack.pop()
        if isinstance(item, dict):
            stack.extend(reversed([(f"{key}.{k}" if key else str(k), v)
                                   for k, v in item.items()]))
        elif isinstance(item, list):
            stack.extend(reversed([(f"{key}.{n}" if key else str(n), v)
                                   for n, v in enumerate(item)]))
        elif key:
            yield key, item


def policy_public(resource: Resource,
                  path: str) -> tuple[tuple[str, Provenance] | None, str | None]:
    """Whether the policy a resource gives as a JSON string lets anyone read: the reason and
    where, and why the policy could not be read (None when it was or there is none)."""
    policy = resource.values.get("policy")
    if policy is None:
        return None, None
    label = f"{resource.address}.policy"
    text = value_text(policy.value)
    if not text or not text.strip():
        return None, None
    try:
        document = load_json(text, path).value
    except (InputError, RecursionError):
        return None, f"{label}: the policy is not valid JSON; not read"
    if not isinstance(document, dict):
        return None, f"{label}: the policy is not a JSON object; not read"
    statements = document.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    keys = {key: Setting(key, item, policy.provenance)
            for key, item in _flat(statements, "Statement")}
    return public_statement(keys), None


def _rules(values: dict[str, Setting], prefix: str) -> dict[str, dict[str, Setting]]:
    rules: dict[str, dict[str, Setting]] = {}
    for key, setting in values.items():
        if key.startswith(prefix):
            number, _, rest = key[len(prefix):].partition(".")
            if number.isdigit():
                rules.setdefault(number, {})[rest] = setting
    return rules


def _days(setting: Setting | None) -> int | None:
    if setting is None:
        return None
    value = setting.value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def _expiry(resource: Resource) -> Retention | None:
    """The longest enabled expiry of a bucket's inline ``lifecycle_rule`` blocks (provider
    v3) or of a lifecycle configuration's ``rule`` blocks."""
    best: Retention | None = None
    inline = resource.type == BUCKET
    for rule in _rules(resource.values, "lifecycle_rule." if inline else "rule.").values():
        if inline:
            enabled = "enabled" not in rule or as_bool(rule["enabled"].value) is True
        else:
            status = rule.get("status")
            enabled = status is None or str(status.value) == "Enabled"
        days = _days(rule.get("expiration.0.days"))
        if enabled and days is not None and (best is None or (best.days or 0) < days):
            best = Retention(days, "S3 lifecycle rule", "collection",
                             rule["expiration.0.days"].provenance)
    return best


def _encryption(resource: Resource) -> Encryption | None:
    prefix = "server_side_encryption_configuration.0.rule.0." if resource.type == BUCKET \
        else "rule.0."
    prefix += "apply_server_side_encryption_by_default.0."
    algorithm = resource.values.get(prefix + "sse_algorithm")
    text = value_text(algorithm.value) if algorithm is not None else None
    if algorithm is None or not text:
        return None
    management = "AWS KMS" if "kms" in text.lower() else "S3-managed keys"
    if resource.text(prefix + "kms_master_key_id"):
        management += " (kms_master_key_id)"
    return Encryption(text, management, False, algorithm.provenance)


def _public_acl(resource: Resource) -> tuple[str, Provenance] | None:
    acl = resource.values.get("acl")
    if acl is not None and str(acl.value).lower() in PUBLIC_ACLS:
        return f"acl = {acl.value} ({resource.address})", acl.provenance
    for key, setting in resource.values.items():
        # inline ``grant`` blocks (v3) and ``access_control_policy.0.grant.N.grantee.0.uri``
        if key.endswith("uri") and "grant." in key and setting.value == ALL_USERS:
            return f"ACL grant to AllUsers ({resource.address})", setting.provenance
    return None


# --- buckets ------------------------------------------------------------------------------------


@dataclass
class _Draft:
    resource: Resource
    bucket: Bucket
    acl: tuple[str, Provenance] | None = None
    policy: tuple[str, Provenance] | None = None
    acls_blocked: bool = False


def _link(satellite: Resource, drafts: list[_Draft],
          references: dict[tuple[str, str], list[str]]) -> _Draft | None:
    """The bucket a satellite resource configures: by its ``bucket`` value, else by the
    reference its configuration makes to a bucket resource of its module."""
    named = satellite.text("bucket")
    if named:
        return next((d for d in drafts if d.bucket.name == named
                     or d.resource.text("id") == named), None)
    for reference in references.get((satellite.module, satellite.local), []):
        match = _BUCKET_REFERENCE.match(reference)
        if match is None:
            continue
        local = f"{BUCKET}.{match.group('name')}"
        candidates = [d for d in drafts if d.resource.module == satellite.module
                      and d.resource.local == local]
        index = match.group("index") or satellite.index
        if len(candidates) > 1:
            candidates = [d for d in candidates if d.resource.index == index]
        if len(candidates) == 1:
            return candidates[0]
    return None


def terraform_buckets(settings: Sequence[Setting]) -> list[Bucket]:
    """The S3 buckets of one Terraform plan or state (see the module's description)."""
    if not is_terraform(settings):
        return []
    found = resources(settings)
    if not found:
        return []
    path = found[0].anchor.provenance.path
    drafts: list[_Draft] = []
    for resource in found:
        if resource.type != BUCKET:
            continue
        named = resource.values.get("bucket") or resource.values.get("id")
        name = value_text(named.value) if named is not None else None
        where = named.provenance if named is not None and name else resource.anchor.provenance
        bucket = Bucket(name or resource.address, where, "s3")
        draft = _Draft(resource, bucket, acl=_public_acl(resource))
        draft.policy, skipped = policy_public(resource, path)
        bucket.skipped.extend([skipped] if skipped else [])
        bucket.encryption = _encryption(resource)
        bucket.retention = _expiry(resource)
        drafts.append(draft)
    references = _references(settings)
    account_acls = account_policies = False
    for resource in found:
        if resource.type == ACCOUNT_BLOCK:
            account_acls |= resource.true("block_public_acls") or resource.true(
                "ignore_public_acls")
            account_policies |= resource.true("block_public_policy") or resource.true(
                "restrict_public_buckets")
        if resource.type not in SATELLITES:
            continue
        target = _link(resource, drafts, references)
        if target is None:
            continue
        bucket = target.bucket
        if resource.type == ACL:
            target.acl = target.acl or _public_acl(resource)
        elif resource.type == POLICY:
            public, skipped = policy_public(resource, path)
            if public is not None:
                target.policy = (f"{resource.address}: {public[0]}", public[1])
            bucket.skipped.extend([skipped] if skipped else [])
        elif resource.type == ACCESS_BLOCK:
            target.acls_blocked |= resource.true("block_public_acls") or resource.true(
                "ignore_public_acls")
            bucket.policy_blocked |= resource.true("block_public_policy") or resource.true(
                "restrict_public_buckets")
        elif resource.type == ENCRYPTION:
            bucket.encryption = _encryption(resource) or bucket.encryption
        elif resource.type == LIFECYCLE:
            expiry = _expiry(resource)
            if expiry is not None and (bucket.retention is None
                                       or (bucket.retention.days or 0) < (expiry.days or 0)):
                bucket.retention = expiry
    for draft in drafts:
        bucket = draft.bucket
        bucket.policy_blocked |= account_policies
        if draft.acl is not None and not (draft.acls_blocked or account_acls):
            bucket.public, bucket.public_at = draft.acl
        elif draft.policy is not None and not bucket.policy_blocked:
            bucket.public, bucket.public_at = draft.policy
        if bucket.encryption is None:
            bucket.encryption = Encryption(S3_DEFAULT_ENCRYPTION, "S3-managed keys", False,
                                           bucket.provenance)
    return [draft.bucket for draft in drafts]
