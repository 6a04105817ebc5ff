"""The codebook: the default file and errors that name the key (checking annotations
against it: tests/core/test_validate.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.codebook import Codebook, load_codebook, name_problem, parse_codebook
from desktop.core.errors import CodebookError, InputError
from desktop.resources import default_codebook_path

MINIMAL = """
[codebook]
name = "Mini"
version = "2"

[[labels]]
name = "CLAIM"
key = "c"
color = "#AABBCC"
  [[labels.attributes]]
  name = "form"
  values = ["direct", "indirect"]
  default = "direct"

[[labels]]
name = "SOURCE"
key = "s"

[[frames]]
name = "attribution"
  [[frames.roles]]
  name = "content"
  labels = ["CLAIM"]
  min = 1
  max = 1
  [[frames.roles]]
  name = "source"
  labels = ["SOURCE"]

[[relations]]
name = "about"
head = ["CLAIM"]
tail = ["SOURCE"]
"""


@pytest.fixture(scope="module")
def default() -> Codebook:
    return load_codebook(default_codebook_path())


def test_default_codebook_labels_and_keys(default: Codebook) -> None:
    assert [(x.name, x.key) for x in default.labels] == [
        ("ACTOR", "1"), ("CLAIM", "2"), ("SOURCE", "3"), ("CUE", "4")]
    for key, name in zip("1234", ("ACTOR", "CLAIM", "SOURCE", "CUE"), strict=True):
        found = default.label_for_key(key)
        assert found is not None
        assert found.name == name
    assert all(x.color.startswith("#") and len(x.color) == 7 for x in default.labels)
    assert default.label_for_key("9") is None


def test_default_codebook_frames_relations_and_source(default: Codebook) -> None:
    ftype = default.frame_type("attribution")
    assert ftype is not None
    assert [r.name for r in ftype.roles] == ["content", "source", "cue"]
    content = ftype.role("content")
    assert content is not None
    assert (content.labels, content.min, content.max) == (("CLAIM",), 1, 1)
    about = default.relation_type("about")
    assert about is not None
    assert (about.head, about.tail) == (("CLAIM",), ("ACTOR",))
    claim = default.label("CLAIM")
    assert claim is not None
    form = claim.attribute("form")
    assert form is not None
    assert form.default == "direct"
    assert "direct" in form.values
    assert default.source == default_codebook_path().read_text(encoding="utf-8")
    assert parse_codebook(default.source) == default


def test_minimal_codebook_parses() -> None:
    cb = parse_codebook(MINIMAL)
    assert (cb.name, cb.version) == ("Mini", "2")
    assert cb.labels[0].color == "#aabbcc"  # normalised to lower case
    assert cb.labels[1].color == "#888888"  # default colour
    assert cb.actor_kinds == ("person", "organisation", "state", "group", "other")


def _with(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


BAD = [
    pytest.param(_with('color = "#AABBCC"', 'color = "red"'), "labels[0].color", id="colour"),
    pytest.param(_with('color = "#AABBCC"', "color = 3"), "labels[0].color", id="colour-type"),
    pytest.param(_with('name = "CLAIM"\nkey', 'name = " "\nkey'), "labels[0].name",
                 id="label-name-blank"),
    pytest.param(_with('key = "c"', 'key = "cc"'), "labels[0].key", id="key-length"),
    pytest.param(_with('name = "SOURCE"', 'name = "CLAIM"'), "labels[1].name",
                 id="duplicate-name"),
    pytest.param(_with('key = "s"', 'key = "c"'), "labels[1].key", id="duplicate-key"),
    pytest.param(_with('values = ["direct", "indirect"]\n  default = "direct"',
                       'values = ["direct", "indirect"]\n  default = "other"'),
                 "labels[0].attributes[0].default", id="attribute-default"),
    pytest.param(_with('values = ["direct", "indirect"]', 'values = "direct"'),
                 "labels[0].attributes[0].values", id="attribute-values"),
    pytest.param(_with('name = "form"', 'name = "form\\tform"'),
                 "labels[0].attributes[0].name", id="attribute-name-control"),
    pytest.param(_with('name = "CLAIM"\nkey = "c"', 'name = "CLAIM"\nkey = "c"\n'
                       'keep_quotes = "yes"'), "labels[0].keep_quotes", id="boolean"),
    pytest.param(_with('labels = ["CLAIM"]', 'labels = ["NOPE"]'),
                 "frames[0].roles[0].labels", id="role-unknown-label"),
    pytest.param(_with('labels = ["CLAIM"]', 'labels = "CLAIM"'),
                 "frames[0].roles[0].labels", id="role-labels-type"),
    pytest.param(_with('labels = ["CLAIM"]', "labels = []"),
                 "frames[0].roles[0].labels", id="role-no-labels"),
    pytest.param(_with('  name = "content"\n  labels = ["CLAIM"]\n', '  name = "content"\n'),
                 "frames[0].roles[0].labels", id="role-labels-missing"),
    pytest.param(_with("max = 1", "max = 0"), "frames[0].roles[0].max", id="role-max"),
    pytest.param(_with("min = 1", "min = -1"), "frames[0].roles[0].min", id="role-min"),
    pytest.param(_with('name = "source"', 'name = "content"'), "frames[0].roles[1].name",
                 id="duplicate-role"),
    pytest.param(_with('head = ["CLAIM"]', 'head = ["NOPE"]'), "relations[0].head",
                 id="relation-head"),
    pytest.param(_with('tail = ["SOURCE"]', "tail = [1]"), "relations[0].tail",
                 id="relation-tail"),
    pytest.param(_with('name = "Mini"', "name = 5"), "codebook.name", id="codebook-name"),
    pytest.param(MINIMAL + '\n[actors]\nkinds = "person"\n', "actors.kinds", id="kinds"),
    pytest.param('labels = "x"\n', "labels", id="labels-not-tables"),
    pytest.param('[codebook]\nname = "x"\n', "labels", id="no-labels"),
    pytest.param('codebook = "x"\n[[labels]]\nname = "A"\n', "codebook", id="codebook-table"),
]


@pytest.mark.parametrize(("toml", "key"), BAD)
def test_bad_codebook_names_the_key(toml: str, key: str) -> None:
    with pytest.raises(CodebookError) as info:
        parse_codebook(toml, source_name="mine.toml")
    assert info.value.field == key
    message = str(info.value)
    assert f"'{key}'" in message
    assert "mine.toml" in message
    assert "\n" not in message


def test_duplicate_key_names_the_right_label_when_some_have_no_key() -> None:
    toml = ('[[labels]]\nname = "A"\n[[labels]]\nname = "B"\nkey = "x"\n'
            '[[labels]]\nname = "C"\nkey = "x"\n')
    with pytest.raises(CodebookError) as info:
        parse_codebook(toml)
    assert info.value.field == "labels[2].key"


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[[labels]]\nname = "A\n', encoding="utf-8")
    with pytest.raises(CodebookError, match="not valid TOML") as info:
        load_codebook(path)
    assert "broken.toml" in str(info.value)


def test_unreadable_codebook_files(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="cannot read"):
        load_codebook(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'[[labels]]\nname = "caf\xe9"\n')
    with pytest.raises(CodebookError, match=r"latin1\.toml"):
        load_codebook(bad)


def test_codebook_error_is_an_input_error() -> None:
    with pytest.raises(InputError):
        parse_codebook("")


def test_unknown_key_is_an_error_naming_it() -> None:
    from desktop.core.codebook import parse_codebook
    from desktop.core.errors import CodebookError

    raw = '[[labels]]\nname = "ACTOR"\ncolour = "#ff0000"\n'
    with pytest.raises(CodebookError) as err:
        parse_codebook(raw, source_name="cb.toml")
    assert "labels[0].colour" in str(err.value)
    assert "unknown key" in str(err.value)


REAL_NAMES = ["Label 1", "商品名称", "_gt_N", "Person Name", "Org-1", "Giver-Arg", "ＡＢＣ",
              "1st", "a:b", "emoji 👩‍👩‍👧"]
"""Names real projects use: Label Studio's default, a Chinese doccano project, brat's
escape for '>' and others that the ASCII-only rule used to refuse."""


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_project_names_are_kept_exactly(name: str) -> None:
    from desktop.core.codebook_toml import extend, to_toml

    assert name_problem(name) is None
    cb = extend(parse_codebook(MINIMAL), labels=[name],
                label_attrs={name: {name: [name]}},
                frame_roles={name: {name: [name]}},
                relations={name: ([name], [name])})
    label = cb.label(name)
    assert label is not None
    assert label.attributes[0].name == name
    assert cb.frame_type(name) is not None
    assert cb.relation_type(name) is not None
    assert parse_codebook(to_toml(cb)) == cb


@pytest.mark.parametrize("name", ["", "   ", "a\tb", "a\nb", "nul\x00", "bell\x07",
                                  "line\u2028sep", "\ud800"])
def test_blank_names_and_control_characters_are_refused(name: str) -> None:
    assert name_problem(name) is not None
