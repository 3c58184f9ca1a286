"""S3 buckets read from Terraform plan and state JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from faceaudit import ScanOptions, scan
from faceaudit.cli import cli
from faceaudit.discover import discover
from faceaudit.model import DataCategory, Setting
from faceaudit.readers import config
from faceaudit.topology.buckets import Bucket, buckets
from faceaudit.topology.terraform import resources

FIXTURES = Path(__file__).parents[1] / "checks" / "fixtures"
AWS = "registry.terraform.io/hashicorp/aws"
FACES = frozenset({DataCategory.FACE_IMAGE})


def read(path: str, text: str) -> tuple[Setting, ...]:
    result = config.read(iter(text.splitlines(keepends=True)), path)
    assert result.errors == ()
    return result.settings


def fixture(relative: str) -> tuple[Setting, ...]:
    path = FIXTURES / relative
    return read(path.name, path.read_text(encoding="utf-8"))


def shape(bucket: Bucket) -> tuple[object, ...]:
    return (bucket.name, bucket.provenance.line, bucket.public,
            bucket.public_at.line if bucket.public_at else None,
            bucket.encryption.at_rest if bucket.encryption else None,
            bucket.encryption.key_management if bucket.encryption else None,
            bucket.retention.days if bucket.retention else None,
            bucket.retention.provenance.line if bucket.retention else None,
            bucket.data)


DEFAULT = "SSE-S3 (AES-256), S3's default encryption"


def resource(address: str, values: dict[str, Any], mode: str = "managed") -> dict[str, Any]:
    kind, name = address.rsplit(".", 2)[-2:]
    return {"address": address, "mode": mode, "type": kind, "name": name.split("[")[0],
            "provider_name": AWS, "values": values}


def plan(root: list[dict[str, Any]], children: list[dict[str, Any]] | None = None,
         configuration: dict[str, Any] | None = None) -> str:
    module: dict[str, Any] = {"resources": root}
    if children:
        module["child_modules"] = children
    document: dict[str, Any] = {"format_version": "1.2", "terraform_version": "1.7.5",
                                "planned_values": {"root_module": module}}
    if configuration is not None:
        document["configuration"] = {"root_module": configuration}
    return json.dumps(document, indent=2)


def policy(statement: object) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statement})


PUBLIC_STATEMENT = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::gate-face-images/*"}


# --- the fixtures ------------------------------------------------------------------------------


def test_plan_links_a_public_policy_by_the_configuration_reference() -> None:
    found = buckets(fixture("FA202/fail/terraform-plan-public-policy/plan.json"))
    assert [shape(b) for b in found] == [
        ("acme-face-enrolment", 23, 'aws_s3_bucket_policy.enrolment_display: policy statement '
         'allows Principal "*" (Statement.0.Principal)', 49, DEFAULT, "S3-managed keys", None,
         None, FACES),
        ("acme-kiosk-assets", 65, "acl = public-read (module.kiosk_assets.aws_s3_bucket_acl."
         "this)", 91, DEFAULT, "S3-managed keys", None, None, frozenset()),
    ]


def test_plan_public_access_block_neutralises_the_policy() -> None:
    found = buckets(fixture("FA202/pass/terraform-plan-access-block/plan.json"))
    assert [(b.name, b.public, b.policy_blocked) for b in found] == [
        ("acme-face-enrolment", None, True), ("acme-kiosk-assets",
                                              "acl = public-read (module.kiosk_assets."
                                              "aws_s3_bucket_acl.this)", False)]


def test_state_file_lifecycle_and_kms_encryption() -> None:
    found = buckets(fixture("FA101/pass/terraform-state-kms/terraform.tfstate"))
    assert [shape(b) for b in found] == [
        ("acme-face-enrolment", 26, None, None, "aws:kms", "AWS KMS (kms_master_key_id)", 30,
         124, FACES)]
    disabled = buckets(fixture("FA301/fail/terraform-state-lifecycle-disabled/terraform.tfstate"))
    assert [shape(b) for b in disabled] == [
        ("acme-face-enrolment", 26, None, None, "AES256", "S3-managed keys", None, None, FACES)]


def test_state_file_resource_addresses() -> None:
    found = resources(fixture("FA301/pass/terraform-state-lifecycle/terraform.tfstate"))
    assert [(r.address, r.module, r.local, r.index) for r in found] == [
        ("module.storage.aws_s3_bucket.enrolment", "module.storage", "aws_s3_bucket.enrolment",
         None),
        ("module.storage.aws_s3_bucket_lifecycle_configuration.enrolment", "module.storage",
         "aws_s3_bucket_lifecycle_configuration.enrolment", None)]


# --- shapes of documents -----------------------------------------------------------------------


def test_state_file_with_provider_v3_inline_blocks() -> None:
    state = {
        "version": 4, "terraform_version": "0.15.5", "serial": 3, "lineage": "x",
        "outputs": {},
        "resources": [
            {"mode": "data", "type": "aws_s3_bucket", "name": "logs", "provider": "aws",
             "instances": [{"attributes": {"bucket": "gate-face-logs", "id": "gate-face-logs"}}]},
            {"mode": "managed", "type": "aws_s3_bucket", "name": "faces", "provider": "aws",
             "instances": [
                 {"index_key": 0, "attributes": {
                     "bucket": "gate-face-images", "acl": "public-read", "policy": None,
                     "server_side_encryption_configuration": [],
                     "lifecycle_rule": [
                         {"enabled": True, "expiration": [{"days": 30}]},
                         {"enabled": False, "expiration": [{"days": 400}]},
                         {"enabled": True, "expiration": [{"days": 90}]},
                         {"enabled": True, "expiration": [{"days": 0, "date": "2030-01-01"}]}]}},
                 {"index_key": 1, "attributes": {
                     "bucket": "gate-face-crops", "acl": "private",
                     "grant": [{"permissions": ["READ"], "type": "Group",
                                "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}],
                     "server_side_encryption_configuration": [{"rule": [{
                         "apply_server_side_encryption_by_default": [{
                             "sse_algorithm": "aws:kms",
                             "kms_master_key_id": "alias/gate"}]}]}]}}]},
        ],
    }
    found = buckets(read("terraform.tfstate", json.dumps(state, indent=1)))
    assert [shape(b) for b in found] == [
        ("gate-face-images", 31, "acl = public-read (aws_s3_bucket.faces[0])", 32, DEFAULT,
         "S3-managed keys", 90, 56, FACES),
        ("gate-face-crops", 75, "ACL grant to AllUsers (aws_s3_bucket.faces[1])", 83,
         "aws:kms", "AWS KMS (kms_master_key_id)", None, None, FACES)]


def test_shown_state_with_child_modules_links_by_bucket_name() -> None:
    state = {
        "format_version": "1.0", "terraform_version": "1.7.5",
        "values": {"root_module": {
            "resources": [resource("aws_s3_account_public_access_block.this", {
                "block_public_acls": True, "ignore_public_acls": False,
                "block_public_policy": False, "restrict_public_buckets": False})],
            "child_modules": [{"address": "module.media", "child_modules": [{
                "address": "module.media.module.faces",
                "resources": [
                    resource("module.media.module.faces.aws_s3_bucket.this",
                             {"bucket": "kiosk-faces", "id": "kiosk-faces"}),
                    resource("module.media.module.faces.aws_s3_bucket_acl.this",
                             {"bucket": "kiosk-faces", "acl": "public-read-write"}),
                    resource("module.media.module.faces.aws_s3_bucket_policy.this",
                             {"bucket": "kiosk-faces",
                              "policy": policy({**PUBLIC_STATEMENT,
                                                "Principal": {"AWS": ["*"]}})}),
                    resource("module.media.module.faces.aws_s3_bucket_lifecycle_configuration"
                             ".this", {"bucket": "kiosk-faces", "rule": [
                                 {"status": "Enabled", "expiration": [{"days": 14}]},
                                 {"status": "Disabled", "expiration": [{"days": 700}]}]}),
                ]}]}]}},
    }
    found = buckets(read("state.json", json.dumps(state, indent=2)))
    # The account's block refuses public ACLs; the policy still makes the bucket public.
    assert [(b.name, b.public, b.retention.days if b.retention else None) for b in found] == [
        ("kiosk-faces", "module.media.module.faces.aws_s3_bucket_policy.this: policy statement "
         'allows Principal "*" (Statement.0.Principal.AWS.0)', 14)]


def test_reference_links_the_instance_with_the_same_index() -> None:
    root = [
        resource("aws_s3_bucket.faces[0]", {"bucket": "site-a-faces"}),
        resource("aws_s3_bucket.faces[1]", {"bucket": "site-b-faces"}),
        resource("aws_s3_bucket_acl.faces[1]", {"acl": "public-read"}),
        resource("aws_s3_bucket_policy.orphan", {"policy": policy([PUBLIC_STATEMENT])}),
    ]
    configuration = {"resources": [
        {"address": "aws_s3_bucket_acl.faces", "expressions": {"bucket": {"references": [
            "aws_s3_bucket.faces[count.index].id", "aws_s3_bucket.faces"]}}},
        {"address": "aws_s3_bucket_policy.orphan", "expressions": {"bucket": {"references": [
            "var.bucket"]}}}]}
    found = buckets(read("tfplan.json", plan(root, configuration=configuration)))
    assert [(b.name, b.public) for b in found] == [
        ("site-a-faces", None), ("site-b-faces", "acl = public-read (aws_s3_bucket_acl.faces[1])")]
    # Without the configuration the ACL's bucket is unknown: it stays unlinked.
    assert [b.public for b in buckets(read("tfplan.json", plan(root)))] == [None, None]


def test_module_reference_is_resolved_inside_its_module() -> None:
    children = [{"address": "module.store", "resources": [
        resource("module.store.aws_s3_bucket.this", {"bucket": "visitor-faces"}),
        resource("module.store.aws_s3_bucket_policy.this",
                 {"policy": policy(PUBLIC_STATEMENT)})]}]
    root = [resource("aws_s3_bucket.this", {"bucket": "visitor-faces-archive"})]
    configuration = {"resources": [], "module_calls": {"store": {"module": {"resources": [
        {"address": "aws_s3_bucket_policy.this", "expressions": {"bucket": {"references": [
            "aws_s3_bucket.this.id", "aws_s3_bucket.this"]}}}]}}}}
    found = buckets(read("plan.json", plan(root, children, configuration)))
    assert [(b.name, b.public is not None) for b in found] == [
        ("visitor-faces-archive", False), ("visitor-faces", True)]


def test_conditions_and_denials_do_not_make_a_bucket_public() -> None:
    for statement in ({**PUBLIC_STATEMENT, "Condition": {"StringEquals": {
                          "aws:SourceVpce": "vpce-1a2b3c4d"}}},
                      {**PUBLIC_STATEMENT, "Effect": "Deny"},
                      {**PUBLIC_STATEMENT, "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}):
        root = [resource("aws_s3_bucket.faces", {"bucket": "gate-face-images"}),
                resource("aws_s3_bucket_policy.faces", {"bucket": "gate-face-images",
                                                         "policy": policy(statement)})]
        assert [b.public for b in buckets(read("plan.json", plan(root)))] == [None]


def test_a_policy_that_is_not_json_is_skipped_with_its_reason() -> None:
    root = [resource("aws_s3_bucket.faces", {"bucket": "gate-face-images",
                                             "policy": "{\"Statement\": [ {"}),
            resource("aws_s3_bucket_policy.faces", {"bucket": "gate-face-images",
                                                    "policy": "[\"*\"]"})]
    found = buckets(read("plan.json", plan(root)))
    assert [(b.public, b.skipped) for b in found] == [(None, [
        "aws_s3_bucket.faces.policy: the policy is not valid JSON; not read",
        "aws_s3_bucket_policy.faces.policy: the policy is not a JSON object; not read"])]


def test_a_bucket_without_a_known_name_is_named_by_its_address() -> None:
    root = [resource("aws_s3_bucket.face_images", {"bucket_prefix": "enrol-", "tags": {}})]
    found = buckets(read("plan.json", plan(root)))
    assert [(b.name, b.provenance.line, b.data) for b in found] == [
        ("aws_s3_bucket.face_images", 8, FACES)]  # the line of its address


def test_other_json_is_not_read_as_terraform() -> None:
    assert buckets(read("config.json", json.dumps(
        {"resources": [{"type": "aws_s3_bucket", "values": {"bucket": "x-faces"}}]}))) == []
    assert buckets(read("plan.json", json.dumps(
        {"format_version": "1.2", "terraform_version": "1.7.5"}))) == []


def test_malformed_plan_is_an_error_record() -> None:
    result = config.read(iter(['{"format_version": "1.2",\n', '"planned_values": {\n']),
                         "plan.json")
    assert result.settings == ()
    assert [(e.reason.split(":")[0], e.line) for e in result.errors] == [("not valid JSON", 3)]


# --- claims and discovery ----------------------------------------------------------------------


@pytest.mark.parametrize(("relative", "head", "claimed"), [
    ("infra/terraform.tfstate", "", True),
    ("infra/prod.tfstate", "", True),
    ("infra/terraform.tfstate.backup", "{\"version\": 4, \"terraform_version\": \"1.7.5\"}",
     False),
    ("ci/prod.tfplan.json", "", True),
    ("ci/tfplan.json", "", True),
    ("ci/plan.json", '{"format_version":"1.2","terraform_version":"1.7.5","planned_values":{',
     True),
    ("ci/plan.json", '{"steps": ["build", "deploy"]}', False),
    ("out/state.json", '{"version": 4, "terraform_version": "1.7.5", "lineage": "x"}', True),
    ("infra/.terraform/terraform.tfstate", "", False),
])
def test_claims(relative: str, head: str, claimed: bool) -> None:
    assert config.claims(relative, head) is claimed


def test_state_files_reach_the_config_reader(tmp_path: Path) -> None:
    (tmp_path / "terraform.tfstate").write_text("{}", encoding="utf-8")
    (tmp_path / "terraform.tfstate.backup").write_text("{}", encoding="utf-8")
    (tmp_path / "ci.tfplan.json").write_text("{}", encoding="utf-8")
    found = discover([tmp_path])
    assert [(c.relative, c.reader) for c in found.candidates] == [
        ("ci.tfplan.json", "config"), ("terraform.tfstate", "config")]
    text = (tmp_path / "terraform.tfstate").read_text(encoding="utf-8")
    assert config.read(iter([text]), "terraform.tfstate").format == "json"


def test_a_secret_in_a_state_is_shown_by_key_and_length_only(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    secret = "Zr8!qT2vLw9#kP4m"
    state = {"version": 4, "terraform_version": "1.7.5", "serial": 1, "lineage": "x",
             "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "faces",
                            "provider": "aws", "instances": [{"attributes": {
                                "identifier": "face-templates", "username": "faceadmin",
                                "password": secret}}]}]}
    (tmp_path / "terraform.tfstate").write_text(json.dumps(state, indent=2), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json"):
        result = CliRunner().invoke(cli, ["scan", ".", "--format", fmt])
        assert "resources.0.instances.0.attributes.password" in result.stdout
        assert "value of 16 characters" in result.stdout
        assert secret not in result.stdout + result.stderr


def test_an_unreadable_policy_is_an_input_error_of_the_scan(tmp_path: Path) -> None:
    root = [resource("aws_s3_bucket.faces", {"bucket": "gate-face-images",
                                             "policy": "{\"Statement\": [ {"})]
    (tmp_path / "plan.json").write_text(plan(root), encoding="utf-8")
    report = scan([tmp_path], ScanOptions(plugins=False))
    assert [(e.path.rsplit("/", 1)[-1], e.reason) for e in report.errors] == [
        ("plan.json", "aws_s3_bucket.faces.policy: the policy is not valid JSON; not read")]
