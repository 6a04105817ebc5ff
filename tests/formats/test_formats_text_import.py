"""Plain text and Markdown import: one document per file, title and id from the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.foundation import ARABIC, EMOJI, FLAG

from desktop.core.errors import InputError
from desktop.core.offsets import sha256_text
from desktop.formats.importing import import_paths
from desktop.store import Project


def test_txt_and_md_files(project: Project, tmp_path: Path) -> None:
    (tmp_path / "ceasefire-talks.txt").write_bytes(
        f"Talks resume {FLAG}\r\n\r\nEnvoys said {EMOJI} progress.\r\n".encode())
    (tmp_path / "aid.md").write_text(f"\n# Aid convoys {ARABIC}\n\nBody text.\n",
                                     encoding="utf-8")
    report = import_paths(project, [tmp_path / "ceasefire-talks.txt", tmp_path / "aid.md"])
    assert report.documents_added == 2
    talks = project.documents.get("ceasefire-talks")
    assert talks.title == f"Talks resume {FLAG}"
    assert talks.text == f"Talks resume {FLAG}\n\nEnvoys said {EMOJI} progress.\n"
    assert talks.sha256 == sha256_text(talks.text)
    assert talks.meta == {"filename": "ceasefire-talks.txt"}
    aid = project.documents.get("aid")
    assert aid.title == f"Aid convoys {ARABIC}"  # '# ' stripped
    assert aid.text.startswith("\n# Aid convoys")  # the text itself is kept as is


def test_folder_import_is_recursive_and_skips_other_files(project: Project,
                                                          tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("Alpha\nbody", encoding="utf-8")
    (root / "b" / "b.md").write_text("## Beta\nbody", encoding="utf-8")
    (root / "b" / "deeper" / "a.txt").write_text("Another alpha\nbody", encoding="utf-8")
    (root / "b" / "picture.png").write_bytes(b"\x89PNG\r\n")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    report = import_paths(project, [root])
    assert report.documents_added == 3
    assert project.documents.ids() == ["a", "b", "a-2"]
    assert [project.documents.get(i).title for i in project.documents.ids()] == [
        "Alpha", "Beta", "Another alpha"]
    again = import_paths(project, [root])
    assert (again.documents_added, again.documents_known) == (0, 3)


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (b"line one\nline two \xff\n", "not valid UTF-8"),
])
def test_bad_text_files(project: Project, tmp_path: Path, content: bytes,
                        expected: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=expected) as info:
        import_paths(project, [path])
    assert "bad.txt" in str(info.value)
    assert project.documents.count() == 0


def test_invalid_utf8_names_the_line(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"line one\nline two \xff\n")
    with pytest.raises(InputError) as info:
        import_paths(project, [path])
    assert info.value.line == 2


def test_unknown_file_and_missing_path(project: Project, tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(InputError, match="cannot tell the format"):
        import_paths(project, [tmp_path / "x.docx"])
    with pytest.raises(InputError, match="no such file"):
        import_paths(project, [tmp_path / "missing.txt"])
