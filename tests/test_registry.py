"""Tests for faceaudit.registry: loading checks from folders and entry points, selecting them."""

from __future__ import annotations

import textwrap
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import faceaudit.registry as registry_module
from faceaudit.check import (
    Check,
    CheckMeta,
    Concern,
    Confidence,
    Example,
    Hit,
    Severity,
)
from faceaudit.errors import CheckLoadError, UsageError
from faceaudit.model import SystemModel
from faceaudit.registry import (
    ENTRY_POINT_GROUP,
    Registry,
    checks_from_entry_points,
    checks_in_folder,
    load_registry,
)
from faceaudit.resources import builtin_checks_dir


def _meta(check_id: str, slug: str) -> CheckMeta:
    return CheckMeta(
        id=check_id, slug=slug, title=f"Demo {check_id}", severity=Severity.LOW,
        confidence=Confidence.HIGH, concern=Concern.RETENTION, mandates=("cn-pipl:Art.19",),
        rationale="Why it matters.", remediation="What to do.", added="0.1.0",
        reads=("components.stores",), bad_example=Example("yaml", "a: 1"),
        good_example=Example("yaml", "a: 2"))


def _no_hits(model: SystemModel) -> Iterator[Hit]:
    return iter(())


def _check(check_id: str, slug: str, origin: str = "test") -> Check:
    return Check(meta=_meta(check_id, slug), run=_no_hits, origin=origin)


MODULE = """
from faceaudit.check import Check, CheckMeta, Concern, Confidence, Example, Severity

META = CheckMeta(
    id={id!r}, slug={slug!r}, title="Demo", severity=Severity.LOW, confidence=Confidence.HIGH,
    concern=Concern.RETENTION, mandates={mandates!r}, rationale="r", remediation="m",
    added="0.1.0", reads=("components",), bad_example=Example("yaml", "a"),
    good_example=Example("yaml", "b"))


def run(model):
    return iter(())


CHECK = Check(meta=META, run=run)
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def _write_check(path: Path, check_id: str, slug: str,
                 mandates: tuple[str, ...] = ("cn-pipl:Art.19",)) -> Path:
    return _write(path, MODULE.format(id=check_id, slug=slug, mandates=mandates))


# --- built-in checks --------------------------------------------------------------------------


def test_builtin_registry_loads_the_shipped_checks() -> None:
    registry = load_registry(plugins=False)
    by_id = {c.id: c for c in registry.checks}
    assert {"FA101", "FA201", "FA301"} <= set(by_id)
    assert by_id["FA101"].meta.slug == "unencrypted-face-store"
    assert by_id["FA201"].meta.slug == "face-data-leaves-without-basis"
    assert by_id["FA301"].meta.slug == "face-data-no-retention-limit"
    assert {by_id[i].origin for i in ("FA101", "FA201", "FA301")} == {"built-in"}
    assert [c.id for c in registry.checks] == sorted(by_id)
    assert by_id["FA301"].meta.severity is Severity.MEDIUM


def test_builtin_checks_run_on_an_empty_model() -> None:
    for check in checks_in_folder(builtin_checks_dir(), "built-in"):
        assert list(check.run(SystemModel())) == []


# --- checks_in_folder -------------------------------------------------------------------------


def test_folder_with_a_valid_check_module(tmp_path: Path) -> None:
    _write_check(tmp_path / "fa900_demo.py", "FA900", "demo-check")
    (check,) = checks_in_folder(tmp_path, "checks-dir:mine")
    assert check.id == "FA900"
    assert check.meta.slug == "demo-check"
    assert check.origin == "checks-dir:mine"
    assert list(check.run(SystemModel())) == []


def test_folder_loads_nested_modules_in_path_order_and_skips_helpers(tmp_path: Path) -> None:
    _write_check(tmp_path / "b" / "fa902_b.py", "FA902", "check-b")
    _write_check(tmp_path / "a" / "fa901_a.py", "FA901", "check-a")
    _write(tmp_path / "_helpers.py", "raise RuntimeError('helpers are not checks')\n")
    _write(tmp_path / "_private" / "fa903.py", "raise RuntimeError('private folder')\n")
    _write(tmp_path / ".hidden" / "fa904.py", "raise RuntimeError('hidden folder')\n")
    _write(tmp_path / "notes.txt", "not python\n")
    checks = checks_in_folder(tmp_path, "checks-dir:x")
    assert [c.id for c in checks] == ["FA901", "FA902"]


def test_malformed_metadata_names_the_module(tmp_path: Path) -> None:
    path = _write_check(tmp_path / "bad_meta.py", "X1", "bad-meta", mandates=())
    with pytest.raises(CheckLoadError) as info:
        checks_in_folder(tmp_path, "checks-dir:x")
    assert str(info.value) == (f"{path}: check 'X1': id must look like FA123; "
                               "mandates must name at least one article")


def test_bad_mandate_reference_names_the_module(tmp_path: Path) -> None:
    path = _write_check(tmp_path / "bad_ref.py", "FA905", "bad-ref", mandates=("PIPL 19",))
    with pytest.raises(CheckLoadError) as info:
        checks_in_folder(tmp_path, "checks-dir:x")
    assert str(info.value) == (f"{path}: check 'FA905': mandate reference 'PIPL 19' must look "
                               "like framework:article")


def test_module_without_check_names_the_module(tmp_path: Path) -> None:
    path = _write(tmp_path / "no_check.py", "VALUE = 1\n")
    with pytest.raises(CheckLoadError) as info:
        checks_in_folder(tmp_path, "checks-dir:x")
    assert str(info.value) == (f"{path}: does not define "
                               "CHECK = Check(meta=CheckMeta(...), run=...)")


def test_check_that_is_not_a_check_object(tmp_path: Path) -> None:
    path = _write(tmp_path / "wrong_type.py", "CHECK = {'id': 'FA900'}\n")
    with pytest.raises(CheckLoadError, match="does not define CHECK") as info:
        checks_in_folder(tmp_path, "checks-dir:x")
    assert str(info.value).startswith(f"{path}: ")


def test_check_whose_run_is_not_callable(tmp_path: Path) -> None:
    path = _write(tmp_path / "not_callable.py",
                  MODULE.format(id="FA906", slug="x", mandates=("a:1",))
                  .replace("CHECK = Check(meta=META, run=run)",
                           "CHECK = Check(meta=META, run=42)"))
    with pytest.raises(CheckLoadError) as info:
        checks_in_folder(tmp_path, "checks-dir:x")
    assert str(info.value) == f"{path}: CHECK.run is not callable"


def test_module_raising_on_import_names_the_module(tmp_path: Path) -> None:
    path = _write(tmp_path / "boom.py", "raise RuntimeError('boom')\n")
    with pytest.raises(CheckLoadError) as info:
        checks_in_folder(tmp_path, "checks-dir:x")
    assert str(info.value) == f"{path}: failed to load: RuntimeError: boom"
    assert isinstance(info.value.__cause__, RuntimeError)


def test_module_with_a_syntax_error_names_the_module(tmp_path: Path) -> None:
    path = _write(tmp_path / "broken.py", "def (:\n")
    with pytest.raises(CheckLoadError) as info:
        checks_in_folder(tmp_path, "checks-dir:x")
    assert str(info.value).startswith(f"{path}: failed to load: SyntaxError: ")


def test_missing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "nope"
    with pytest.raises(CheckLoadError) as info:
        checks_in_folder(folder, "checks-dir:nope")
    assert str(info.value) == f"{folder}: not a folder of checks"


# --- duplicates -------------------------------------------------------------------------------


def test_duplicate_ids_across_groups_name_both() -> None:
    with pytest.raises(CheckLoadError) as info:
        Registry.build([[_check("FA900", "first-slug", "checks-dir:one")],
                        [_check("FA900", "second-slug", "checks-dir:two")]])
    assert str(info.value) == ("duplicate check id FA900: checks-dir:two (second-slug) and "
                               "checks-dir:one (first-slug)")


def test_user_folder_clashing_with_a_builtin_id(tmp_path: Path) -> None:
    _write_check(tmp_path / "mine.py", "FA101", "my-encryption-check")
    with pytest.raises(CheckLoadError) as info:
        load_registry([tmp_path], plugins=False)
    assert str(info.value) == (f"duplicate check id FA101: checks-dir:{tmp_path} "
                               "(my-encryption-check) and built-in (unencrypted-face-store)")


def test_user_folder_checks_join_the_builtins(tmp_path: Path) -> None:
    _write_check(tmp_path / "mine.py", "FA990", "my-check")
    registry = load_registry([tmp_path], plugins=False)
    ids = [c.id for c in registry.checks]
    assert ids[-1] == "FA990"
    assert {"FA101", "FA201", "FA301"} <= set(ids)
    assert registry.get("my-check").origin == f"checks-dir:{tmp_path}"


# --- selection --------------------------------------------------------------------------------


@pytest.fixture
def registry() -> Registry:
    return Registry.build([[
        _check("FA301", "retention-limit"),
        _check("FA101", "unencrypted-store"),
        _check("FA102", "weak-keys"),
        _check("FA201", "leaves-device"),
    ]])


def _ids(checks: tuple[Check, ...]) -> list[str]:
    return [c.id for c in checks]


def test_build_sorts_by_id(registry: Registry) -> None:
    assert _ids(registry.checks) == ["FA101", "FA102", "FA201", "FA301"]


@pytest.mark.parametrize(("select", "ignore", "expected"), [
    ((), (), ["FA101", "FA102", "FA201", "FA301"]),
    (("FA201",), (), ["FA201"]),
    (("fa201",), (), ["FA201"]),
    ((" FA301 ",), (), ["FA301"]),
    (("weak-keys",), (), ["FA102"]),
    (("FA1",), (), ["FA101", "FA102"]),
    (("FA",), ("FA102",), ["FA101", "FA201", "FA301"]),
    (("FA1", "retention-limit"), (), ["FA101", "FA102", "FA301"]),
    ((), ("FA1",), ["FA201", "FA301"]),
    ((), ("leaves-device", "FA3"), ["FA101", "FA102"]),
])
def test_selected(registry: Registry, select: tuple[str, ...], ignore: tuple[str, ...],
                  expected: list[str]) -> None:
    assert _ids(registry.selected(select, ignore)) == expected


@pytest.mark.parametrize(("select", "ignore", "token"), [
    (("FA9",), (), "FA9"),
    (("no-such-check",), (), "no-such-check"),
    ((), ("FA999",), "FA999"),
    (("FA101",), ("Weak-Keys",), "Weak-Keys"),  # slugs are matched exactly
])
def test_selected_unknown_token_is_a_usage_error(registry: Registry, select: tuple[str, ...],
                                                 ignore: tuple[str, ...], token: str) -> None:
    with pytest.raises(UsageError) as info:
        registry.selected(select, ignore)
    assert str(info.value) == f"--select/--ignore: no check matches {token!r}"
    assert not isinstance(info.value, CheckLoadError)


def test_get_by_id_or_slug(registry: Registry) -> None:
    assert registry.get("fa102").meta.slug == "weak-keys"
    assert registry.get("leaves-device").id == "FA201"
    with pytest.raises(UsageError) as info:
        registry.get("FA999")
    assert str(info.value) == "no check has the id or slug 'FA999'"


# --- entry points -----------------------------------------------------------------------------


@dataclass
class _Dist:
    name: str


@dataclass
class _EntryPoint:
    name: str
    value: str
    loader: Callable[[], object]
    dist: _Dist | None = None

    def load(self) -> object:
        return self.loader()


def _fake_entry_points(monkeypatch: pytest.MonkeyPatch, *points: _EntryPoint) -> list[str]:
    groups: list[str] = []

    def entry_points(*, group: str) -> list[_EntryPoint]:
        groups.append(group)
        return list(points)

    monkeypatch.setattr(registry_module, "entry_points", entry_points)
    return groups


def _raise(exc: Exception) -> Callable[[], object]:
    def loader() -> object:
        raise exc
    return loader


def test_entry_point_plugins_are_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("acme_checks.fa951")
    module.CHECK = _check("FA951", "acme-module")  # type: ignore[attr-defined]
    groups = _fake_entry_points(
        monkeypatch,
        _EntryPoint("zeta", "acme_checks.fa950:CHECK", lambda: _check("FA950", "acme-object"),
                    _Dist("acme-faceaudit")),
        _EntryPoint("alpha", "acme_checks.fa951", lambda: module, None),
    )
    checks = checks_from_entry_points()
    assert groups == [ENTRY_POINT_GROUP]
    assert [(c.id, c.meta.slug, c.origin) for c in checks] == [
        ("FA951", "acme-module", "plugin:?"),
        ("FA950", "acme-object", "plugin:acme-faceaudit"),
    ]


def test_load_registry_includes_plugins_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_entry_points(monkeypatch, _EntryPoint("p", "p:CHECK", lambda: _check("FA950", "p"),
                                                _Dist("p-dist")))
    assert "FA950" in _ids(load_registry(plugins=True).checks)
    assert "FA950" not in _ids(load_registry(plugins=False).checks)


def test_failing_entry_point_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_entry_points(monkeypatch, _EntryPoint(
        "broken", "acme_checks.missing:CHECK",
        _raise(ModuleNotFoundError("No module named 'acme_checks'"))))
    with pytest.raises(CheckLoadError) as info:
        checks_from_entry_points()
    assert str(info.value) == ("entry point broken = acme_checks.missing:CHECK: failed to load: "
                               "ModuleNotFoundError: No module named 'acme_checks'")


def test_entry_point_with_malformed_metadata_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def loader() -> object:
        return _check("X1", "bad")

    _fake_entry_points(monkeypatch, _EntryPoint("bad", "acme.bad:CHECK", loader))
    with pytest.raises(CheckLoadError) as info:
        checks_from_entry_points()
    assert str(info.value) == ("entry point bad = acme.bad:CHECK: check 'X1': "
                               "id must look like FA123")


def test_entry_point_that_is_not_a_check_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_entry_points(monkeypatch, _EntryPoint("odd", "acme.odd:thing", lambda: "a string"))
    with pytest.raises(CheckLoadError) as info:
        checks_from_entry_points()
    assert str(info.value) == ("entry point odd = acme.odd:thing: does not define "
                               "CHECK = Check(meta=CheckMeta(...), run=...)")


def test_plugin_clashing_with_a_builtin_id(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_entry_points(monkeypatch, _EntryPoint(
        "clash", "acme:CHECK", lambda: _check("FA301", "acme-retention"), _Dist("acme")))
    with pytest.raises(CheckLoadError) as info:
        load_registry()
    assert str(info.value) == ("duplicate check id FA301: plugin:acme (acme-retention) and "
                               "built-in (face-data-no-retention-limit)")
