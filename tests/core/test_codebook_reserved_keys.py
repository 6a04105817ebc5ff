"""Label keys that built-in commands use are refused when a codebook is loaded (defect: they
were accepted and then silently disabled both the label and the command)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.foundation import run_cli

from desktop.core.codebook import RESERVED_KEYS, parse_codebook
from desktop.core.errors import CodebookError

BOOK = """
[codebook]
name = "Keys"

[[labels]]
name = "CLAIM"
key = "1"

[[labels]]
name = "SOURCE"
key = "{key}"
"""


@pytest.mark.parametrize("key", [*RESERVED_KEYS, "a", "r", "f"])
def test_a_reserved_key_is_refused_naming_it(key: str) -> None:
    with pytest.raises(CodebookError) as err:
        parse_codebook(BOOK.format(key=key), source_name="keys.toml")
    message = str(err.value)
    assert err.value.field == "labels[1].key"
    assert f"{key!r} is the key of the built-in command" in message
    assert RESERVED_KEYS[key.upper()] in message


def test_other_keys_are_fine() -> None:
    book = parse_codebook(BOOK.format(key="s"))
    assert [label.key for label in book.labels] == ["1", "s"]


def test_a_stored_codebook_with_a_reserved_key_keeps_the_label_without_the_key() -> None:
    book = parse_codebook(BOOK.format(key="A"), drop_reserved_keys=True)
    assert [label.key for label in book.labels] == ["1", ""]


def test_init_with_such_a_codebook_fails_cleanly(tmp_path: Path) -> None:
    codebook = tmp_path / "keys.toml"
    codebook.write_text(BOOK.format(key="]"), encoding="utf-8")
    result = run_cli("init", tmp_path / "p.claimdesk", "--codebook", codebook)
    assert result.code == 2
    assert "labels[1].key" in result.err
    assert "']' is the key of the built-in command" in result.err
    assert not (tmp_path / "p.claimdesk").exists()


def test_deeply_nested_toml_is_an_error_not_a_crash() -> None:
    with pytest.raises(CodebookError, match="nested too deeply"):
        parse_codebook("x = " + "[" * 100_000 + "]" * 100_000)
