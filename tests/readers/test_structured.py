"""Tests for faceaudit.readers.structured: safe YAML/JSON loading with a line per JSON pointer."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from faceaudit.errors import InputError
from faceaudit.readers.structured import (
    MAX_NODES,
    Document,
    join_pointer,
    load_document,
    load_json,
    load_yaml_documents,
    pointer_escape,
)


def _yaml(text: str) -> Document:
    return load_document(textwrap.dedent(text).lstrip("\n"), "sys.yaml")


def _input_error(text: str, path: str = "sys.yaml") -> InputError:
    with pytest.raises(InputError) as info:
        load_document(textwrap.dedent(text).lstrip("\n"), path)
    return info.value


# A child process loads the document so that a regression which hangs fails the test instead of
# stalling the whole run.
_LOADER = """
import sys
from faceaudit.errors import InputError
from faceaudit.readers.structured import load_document
try:
    load_document(sys.stdin.read(), "bomb.yaml")
except InputError as exc:
    print(f"InputError|{exc.record.line}|{exc.record.reason}")
else:
    print("loaded")
"""


def _load_in_child(text: str, timeout: float = 15.0) -> str:
    try:
        done = subprocess.run([sys.executable, "-c", _LOADER], input=text, capture_output=True,
                              text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading the document did not finish within {timeout} s")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


# --- pointers ---------------------------------------------------------------------------------


def test_pointer_tokens_are_escaped_per_rfc_6901() -> None:
    assert pointer_escape("a/b~c") == "a~1b~0c"
    assert pointer_escape(3) == "3"
    assert join_pointer("", "x") == "/x"
    assert join_pointer("/a", "b/c") == "/a/b~1c"


def test_keys_with_slash_and_tilde_get_escaped_pointers() -> None:
    doc = _yaml("""
        a/b: 1
        c~d: 2
        """)
    assert doc.value == {"a/b": 1, "c~d": 2}
    assert doc.lines == {"": 1, "/a~1b": 1, "/c~0d": 2}


# --- anchors, aliases and merge keys ---------------------------------------------------------


def test_alias_repeats_the_anchored_value_and_lines_point_at_the_anchor() -> None:
    doc = _yaml("""
        a: &x {k: 1}
        b: *x
        """)
    assert doc.value == {"a": {"k": 1}, "b": {"k": 1}}
    assert doc.lines["/b"] == 2
    # The aliased mapping's keys live on the anchor's line.
    assert doc.lines["/b/k"] == 1


def test_merge_key_copies_keys_and_explicit_key_wins() -> None:
    doc = _yaml("""
        base: &base
          a: 1
          b: 2
        x:
          <<: *base
          b: 3
          c: 4
        """)
    assert doc.value == {"base": {"a": 1, "b": 2}, "x": {"a": 1, "b": 3, "c": 4}}
    assert doc.lines["/x"] == 4
    assert doc.lines["/x/a"] == 2  # merged: the line where the value is written
    assert doc.lines["/x/b"] == 6  # explicit override: its own line
    assert doc.lines["/x/c"] == 7
    assert "<<" not in doc.value["x"]


def test_explicit_key_before_the_merge_key_also_wins() -> None:
    doc = _yaml("""
        base: &base {a: 1, b: 2}
        x:
          b: 9
          <<: *base
        """)
    assert doc.value["x"] == {"a": 1, "b": 9}
    assert doc.lines["/x/b"] == 3


def test_list_of_merges_earlier_sources_take_precedence() -> None:
    doc = _yaml("""
        one: &one {a: 1, b: 1}
        two: &two {b: 2, c: 2}
        m:
          <<: [*one, *two]
          d: 4
        """)
    assert doc.value["m"] == {"a": 1, "b": 1, "c": 2, "d": 4}
    assert doc.lines["/m/b"] == 1
    assert doc.lines["/m/c"] == 2
    assert doc.lines["/m/d"] == 5


def test_merge_of_a_scalar_is_an_input_error() -> None:
    error = _input_error("""
        a: 1
        x:
          <<: 5
        """)
    assert error.record.reason == "merge key '<<' needs a mapping or a list of them"
    assert error.record.line == 3
    assert error.record.path == "sys.yaml"


# --- duplicate keys ---------------------------------------------------------------------------


def test_duplicate_top_level_key_is_rejected_with_line_and_pointer() -> None:
    error = _input_error("""
        a: 1
        b: 2
        a: 3
        """)
    assert error.record.reason == "duplicate key 'a'"
    assert error.record.line == 3
    assert error.record.pointer == "/a"


def test_duplicate_nested_key_is_rejected_at_the_second_occurrence() -> None:
    error = _input_error("""
        items:
          - name: x
            kind: a
            kind: b
        """)
    assert error.record.reason == "duplicate key 'kind'"
    assert error.record.line == 4
    assert error.record.pointer == "/items/0/kind"


def test_key_given_by_a_merge_and_explicitly_is_not_a_duplicate() -> None:
    doc = _yaml("""
        base: &b {a: 1}
        x: {<<: *b, a: 2}
        """)
    assert doc.value["x"] == {"a": 2}


def test_keys_that_differ_only_in_case_are_distinct() -> None:
    doc = _yaml("""
        a: 1
        A: 2
        """)
    assert doc.value == {"a": 1, "A": 2}


# --- alias bombs ------------------------------------------------------------------------------


def test_billion_laughs_is_rejected_quickly() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    result = _load_in_child("\n".join(rows) + "\n")
    # The error points at the alias whose expansion crosses the limit.
    assert result == (f"InputError|6|document expands to more than {MAX_NODES} nodes "
                      "(aliases or merge keys nested too deeply?)")


def test_merge_key_alias_bomb_is_rejected_quickly() -> None:
    # Each level merges the previous one nine times: 9**9 merges although the value is tiny.
    rows = ["l0: &l0 {a: 1}"]
    for level in range(1, 10):
        rows.append(f"l{level}: &l{level} {{<<: [" + ", ".join([f"*l{level - 1}"] * 9) + "]}")
    result = _load_in_child("\n".join(rows) + "\n")
    assert result.startswith("InputError|"), result


def test_deep_nesting_is_rejected() -> None:
    text = "a: " + "[" * 250 + "]" * 250 + "\n"
    with pytest.raises(InputError) as info:
        load_document(text, "deep.yaml")
    assert info.value.record.reason == "document nests more than 200 levels deep"
    assert info.value.record.line == 1


# --- tags, scalars ----------------------------------------------------------------------------


def test_python_tags_construct_nothing_and_come_back_as_plain_data(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def fake_system(command: str) -> int:
        calls.append(command)
        return 0

    monkeypatch.setattr(os, "system", fake_system)
    doc = _yaml("""
        x: !!python/object/apply:os.system ["echo hi"]
        y: !!python/name:os.system
        z: !!python/object/new:builtins.dict {a: 1}
        """)
    assert calls == []
    assert doc.value == {"x": ["echo hi"], "y": "", "z": {"a": 1}}


def test_unknown_application_tags_are_read_as_strings() -> None:
    doc = _yaml("""
        a: !vault 1234
        b: !custom yes
        """)
    assert doc.value == {"a": "1234", "b": "yes"}


def test_dates_and_timestamps_become_iso_strings() -> None:
    doc = _yaml("""
        d: 2025-05-20
        t: 2001-12-14 21:59:43.10 -5
        """)
    assert doc.value == {"d": "2025-05-20", "t": "2001-12-14T21:59:43.100000-05:00"}


def test_core_scalars_keep_their_types() -> None:
    doc = _yaml("""
        i: 12
        f: 1.5
        b: true
        n: null
        s: "12"
        bin: !!binary aGVsbG8=
        """)
    assert doc.value == {"i": 12, "f": 1.5, "b": True, "n": None, "s": "12",
                         "bin": "aGVsbG8="}


def test_non_string_keys_are_stringified_like_json_does() -> None:
    doc = _yaml("""
        true: a
        1: b
        1.5: c
        2025-01-01: d
        """)
    assert doc.value == {"true": "a", "1": "b", "1.5": "c", "2025-01-01": "d"}


def test_null_key_is_spelled_null_like_json_dumps_does() -> None:
    # json.dumps({None: 1}) == '{"null": 1}'; the reader spells true/false that way too.
    doc = _yaml("""
        ~: a
        """)
    assert doc.value == {"null": "a"}


@pytest.mark.parametrize(("text", "reason"), [
    ("d: 2025-13-01\n", "'2025-13-01' is not a valid date or timestamp"),  # month 13
    ("d: 2025-02-30\n", "'2025-02-30' is not a valid date or timestamp"),  # no such day
    ("i: !!int abc\n", "'abc' is not a valid int"),
    ("f: !!float abc\n", "'abc' is not a valid float"),
    ("b: !!bool maybe\n", "'maybe' is not a valid bool"),
    ("t: !!timestamp nope\n", "'nope' is not a valid date or timestamp"),
])
def test_scalar_that_cannot_be_constructed_is_an_input_error(text: str, reason: str) -> None:
    error = _input_error(text)
    assert error.record.line == 1
    assert error.record.reason == reason


def test_complex_key_is_an_input_error() -> None:
    error = _input_error("""
        ? [1, 2]
        : x
        """)
    assert error.record.reason == "mapping keys must be scalars"
    assert error.record.line == 1


# --- malformed YAML, documents ----------------------------------------------------------------


def test_malformed_yaml_names_the_line() -> None:
    error = _input_error("""
        a: [1, 2
        b: 3
        """)
    assert error.record.path == "sys.yaml"
    assert error.record.line == 2
    # libyaml and the pure-Python parser word it differently; both name what was expected.
    assert error.record.reason.startswith("not valid YAML: ")
    assert "expected ',' or ']'" in error.record.reason


def test_bad_indentation_names_the_line() -> None:
    error = _input_error("""
        a:
          b: 1
         c: 2
        """)
    assert error.record.line == 3
    assert error.record.reason.startswith("not valid YAML: ")


def test_more_than_one_document_is_an_error() -> None:
    error = _input_error("""
        a: 1
        ---
        b: 2
        """)
    assert error.record.reason == "expected one YAML document, found 2"
    assert error.record.path == "sys.yaml"


def test_load_yaml_documents_returns_every_document_with_its_own_lines() -> None:
    docs = load_yaml_documents("a: 1\n---\nb: 2\nc: 3\n", "multi.yaml")
    assert [d.value for d in docs] == [{"a": 1}, {"b": 2, "c": 3}]
    assert docs[1].lines == {"": 3, "/b": 3, "/c": 4}
    assert {d.path for d in docs} == {"multi.yaml"}


def test_empty_yaml_is_a_document_without_value() -> None:
    doc = load_document("", "empty.yaml")
    assert doc.value is None
    assert doc.lines == {}


# --- JSON -------------------------------------------------------------------------------------


def test_json_is_chosen_by_name_and_gets_lines_for_pointers() -> None:
    text = '{\n  "a": {\n    "b": [1,\n      2]\n  },\n  "x/y": true\n}\n'
    doc = load_document(text, "System.JSON")
    assert doc.value == {"a": {"b": [1, 2]}, "x/y": True}
    assert doc.lines == {"": 1, "/a": 2, "/a/b": 3, "/a/b/0": 3, "/a/b/1": 4, "/x~1y": 6}


def test_tab_indented_json_still_gets_lines() -> None:
    # Tabs are common JSON indentation (Go's MarshalIndent, many editors).
    text = '{\n\t"a": {\n\t\t"b": 1\n\t}\n}\n'
    doc = load_json(text, "sys.json")
    assert doc.value == {"a": {"b": 1}}
    assert doc.lines == {"": 1, "/a": 2, "/a/b": 3}


def test_invalid_json_is_an_input_error_with_the_json_line() -> None:
    error = _input_error('{\n  "a": 1,\n  "b": \n}\n', "sys.json")
    assert error.record.path == "sys.json"
    assert error.record.line == 4
    assert error.record.reason == "not valid JSON: Expecting value"


def test_json_is_not_parsed_as_yaml() -> None:
    # Valid YAML, invalid JSON: a .json file must be judged as JSON.
    error = _input_error("a: 1\n", "sys.json")
    assert error.record.reason == "not valid JSON: Expecting value"
    assert error.record.line == 1


# --- Document.line_of -------------------------------------------------------------------------


def test_line_of_returns_exact_line_or_nearest_ancestor() -> None:
    doc = Document("d.yaml", {}, {"": 1, "/a": 2, "/a/b": 3})
    assert doc.line_of("/a/b") == 3
    assert doc.line_of("/a/b/c/0") == 3
    assert doc.line_of("/a/zz") == 2
    assert doc.line_of("/other") == 1
    assert doc.line_of("") == 1


def test_line_of_without_any_lines_is_none() -> None:
    doc = Document("d.yaml", None, {})
    assert doc.line_of("/a/b") is None
    assert doc.line_of("") is None
