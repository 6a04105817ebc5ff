"""Resource bounds on import: zip bombs, huge documents and pages, links out of the folder.

Defects: a 1.9 MB zip of compressible members became a 2 GB project at 4.8 GB of memory; a
50 MB document was imported (and froze the window); a 20 MB page took minutes; a folder
import followed a link to /etc/passwd and imported it as an article.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from helpers.foundation import record, run_cli, write_jsonl

from desktop.core.errors import InputError
from desktop.core.limits import Limits, from_environment
from desktop.formats.html import reader as html_reader
from desktop.formats.importing import ImportOptions, import_paths
from desktop.store import Project


def _zip_of_zeros(path: Path, members: int, member_mb: int) -> Path:
    chunk = b"0" * (1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for n in range(members):
            with zf.open(f"article-{n}.txt", "w") as fh:
                for _ in range(member_mb):
                    fh.write(chunk)
    return path


def test_a_zip_that_expands_enormously_is_refused_before_expanding(project: Project,
                                                                   tmp_path: Path) -> None:
    bomb = _zip_of_zeros(tmp_path / "bomb.zip", members=8, member_mb=20)  # 160 MB inside
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(InputError, match="possible zip bomb") as err:
        import_paths(project, [bomb])
    assert "bomb.zip" in str(err.value)
    assert project.documents.count() == 0


def test_the_total_expansion_is_bounded(project: Project, tmp_path: Path) -> None:
    archive = _zip_of_zeros(tmp_path / "big.zip", members=3, member_mb=1)
    small = Limits(max_archive_bytes=2 << 20)
    with pytest.raises(InputError, match="expands to more than 2 MB"):
        import_paths(project, [archive], options=ImportOptions(limits=small))


def test_links_inside_an_archive_are_not_read(project: Project, tmp_path: Path) -> None:
    archive = tmp_path / "links.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("real.txt", "A real article about the talks.\n")
        link = zipfile.ZipInfo("passwd.txt")
        link.external_attr = (0o120777 << 16)  # a symlink entry: its content is a path
        zf.writestr(link, "/etc/passwd")
    report = import_paths(project, [archive])
    assert report.documents_added == 1
    assert [project.documents.get(i).text for i in project.documents.ids()] == [
        "A real article about the talks.\n"]


_BIG_BOMB = textwrap.dedent("""
    import sys
    from pathlib import Path
    from desktop.core.errors import InputError
    from desktop.formats.importing import import_paths
    from desktop.store import open_project
    with open_project(sys.argv[1]) as project:
        try:
            import_paths(project, [Path(sys.argv[2])])
            print("imported")
        except InputError as exc:
            # VmHWM: this process's peak memory (ru_maxrss would count the forking parent's)
            status = Path("/proc/self/status").read_text()
            peak = next(int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM"))
            print("refused", peak // 1024, exc)
""")


@pytest.mark.slow
def test_the_reported_zip_bomb(project_path: Path, tmp_path: Path) -> None:
    """The probe's archive: about 2 MB that expands to 2 GB in members under the per-member
    limit. Refused, reading only the archive's directory (peak memory measured)."""
    bomb = _zip_of_zeros(tmp_path / "bomb.zip", members=20, member_mb=100)
    assert bomb.stat().st_size < 3 << 20
    proc = subprocess.run([sys.executable, "-c", _BIG_BOMB, str(project_path), str(bomb)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    word, peak_mb, *_ = proc.stdout.split()
    assert word == "refused"
    assert int(peak_mb) < 300


def test_a_document_longer_than_the_limit_is_refused(project: Project, tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text("word " * 300_000, encoding="utf-8")  # 1.5 million characters
    with pytest.raises(InputError, match="more than the 1,000,000 a document may have") as e:
        import_paths(project, [long])
    assert e.value.field == "text"
    assert project.documents.count() == 0
    bigger = Limits(max_document_chars=2_000_000)
    report = import_paths(project, [long], options=ImportOptions(limits=bigger))
    assert report.documents_added == 1


def test_a_file_far_beyond_the_limit_is_refused_without_reading_it(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 << 20)  # 50 MB (sparse)
    read: list[Path] = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    with pytest.raises(InputError, match="52,428,800 bytes"):
        import_paths(project, [huge])
    assert read == []


def test_long_jsonl_records_are_refused_by_line_and_skippable(project: Project,
                                                              tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [record("ok", "A short article."),
                                              record("long", "x" * 1_000_001),
                                              record("ok2", "Another short one.")])
    with pytest.raises(InputError) as err:
        import_paths(project, [src])
    assert (err.value.line, err.value.field) == (2, "text")
    report = import_paths(project, [src], skip_bad=True)
    assert report.documents_added == 2
    assert [(b.line, b.field) for b in report.skipped] == [(2, "text")]


def test_a_huge_page_is_refused_before_extraction(project: Project, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><p>" + b"text " * (1_300_000) + b"</p></body></html>")
    called: list[str] = []
    monkeypatch.setattr(html_reader, "extract", lambda raw, name: called.append(name) or {})
    with pytest.raises(InputError, match="more than the 5 MB Claimdesk reads"):
        import_paths(project, [page])
    assert called == []


def test_the_cli_option_and_the_environment(project_path: Path, tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text("word " * 3000, encoding="utf-8")
    refused = run_cli("import", project_path, long, "--max-chars", "10000")
    assert refused.code == 2
    assert "more than the 10,000 a document may have" in refused.err
    assert run_cli("import", project_path, long, "--max-chars", "20000").code == 0
    assert from_environment({"CLAIMDESK_MAX_DOCUMENT_CHARS": "500"}).max_document_chars == 500
    assert from_environment({"CLAIMDESK_MAX_HTML_MB": "2"}).max_html_bytes == 2 << 20
    assert from_environment({"CLAIMDESK_MAX_HTML_MB": "nope"}) == Limits()


# -- links out of the imported folder ---------------------------------------------------------


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("The first article.\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("The second article.\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Not an article: a private file.\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    (folder / "same-as-a.txt").symlink_to(folder / "a.txt")  # inside: fine
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    return folder


def test_links_leaving_the_folder_are_skipped_with_a_warning(project: Project,
                                                             linked: Path) -> None:
    report = import_paths(project, [linked])
    texts = sorted(project.documents.get(i).text for i in project.documents.ids())
    assert texts == ["The first article.\n", "The second article.\n"]
    joined = " ".join(report.warnings)
    for name in ("passwd.txt", "secret.txt", "elsewhere"):
        assert name in joined
    assert "outside" in joined


def test_the_cli_says_what_it_skipped(project_path: Path, linked: Path) -> None:
    result = run_cli("import", project_path, linked)
    assert result.code == 0, result
    assert "passwd.txt: skipped, a link to a file outside" in result.err
    stats = json.loads(run_cli("stats", project_path, "--json").out)
    assert stats["documents"] == 2


def test_a_file_named_directly_may_be_a_link(project: Project, linked: Path) -> None:
    """Naming a file is the user's own choice: only links found inside folders are held
    back."""
    report = import_paths(project, [linked / "same-as-a.txt"])
    assert report.documents_added == 1
    assert os.path.islink(linked / "same-as-a.txt")
