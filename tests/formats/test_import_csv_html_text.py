"""CSV/TSV, HTML and plain-text/zip import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers.importing import ARABIC, EMOJI, FLAG, HARD, ZWJ, run, zip_bytes
from helpers.optional import needs

from desktop.core.errors import InputError
from desktop.formats.records import ColumnMap
from desktop.store import open_project

CSV = ("id,headline,body,outlet,url\r\n"
       f'a1,Truce {FLAG},"{HARD.replace(chr(34), chr(34) * 2)}",AFP,https://x.org/1\r\n'
       f'a2,Second,"Line one\r\nline two {ZWJ}",Reuters,\r\n')


def test_csv_default_mapping(tmp_path: Path, project_path: Path) -> None:
    src = tmp_path / "news.csv"
    src.write_bytes(CSV.encode("utf-8"))
    report = run(project_path, src)
    assert report.documents_added == 2
    with open_project(project_path) as project:
        a1 = project.documents.get("a1")
        assert a1.title == f"Truce {FLAG}"
        assert a1.text == HARD.replace("\r\n", "\n")
        assert a1.meta == {"outlet": "AFP", "url": "https://x.org/1"}
        assert project.documents.get("a2").text == f"Line one\nline two {ZWJ}"


def test_tsv_explicit_columns(tmp_path: Path, project_path: Path) -> None:
    src = tmp_path / "news.tsv"
    src.write_text("key\tname\tcontent_col\tsite\n"
                   f"k9\t{ARABIC}\tA text {EMOJI}.\tSite\n", encoding="utf-8")
    run(project_path, src, columns=ColumnMap(text="content_col", title="2", id="key",
                                             meta=("site",)))
    with open_project(project_path) as project:
        doc = project.documents.get("k9")
        assert (doc.title, doc.text, dict(doc.meta)) == (ARABIC, f"A text {EMOJI}.",
                                                         {"site": "Site"})


def test_csv_bad_row_names_physical_line_and_column(tmp_path: Path,
                                                    project_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(CSV + 'a3,Empty,"   ",AFP,\r\n', encoding="utf-8", newline="")
    with pytest.raises(InputError) as err:
        run(project_path, src)
    assert err.value.line == 7  # quoted CRLFs: a1 spans lines 2-4, a2 lines 5-6
    assert err.value.field == "column 'body'"
    with open_project(project_path) as project:
        assert project.stats()["documents"] == 0


def test_csv_ragged_row_and_unknown_column(tmp_path: Path, project_path: Path) -> None:
    src = tmp_path / "r.csv"
    src.write_text("id,text\n1,hello\n2,world,extra\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        run(project_path, src)
    assert (err.value.line, err.value.field) == (3, "row")
    with pytest.raises(InputError) as err2:
        run(project_path, src, columns=ColumnMap(text="nope"))
    assert err2.value.field == "--text-col"


HTML = f"""<!doctype html><html><head><title>Macron talks truce | Le Monde</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Le Monde">
<meta property="og:url" content="https://lemonde.fr/a/1">
<meta property="article:published_time" content="2020-10-09T17:44:00Z">
<script>document.write("INJECTED SCRIPT TEXT")</script></head>
<body><nav>Menu Home Sports</nav><article><h1>Macron talks truce</h1>
<p>"We are moving towards a truce tonight or tomorrow but it's still fragile," President
Emmanuel Macron's office said in a statement to AFP. {EMOJI} The talks continue in Paris with
many participants from across the region and beyond.</p>
<p>Officials said the talks would resume on Monday, according to a spokesperson who asked not
to be named because of the sensitivity of the negotiations.</p></article>
<footer>Copyright notice</footer></body></html>"""


@needs("trafilatura")
def test_html_main_text_and_metadata(tmp_path: Path, project_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_text(HTML, encoding="utf-8")
    run(project_path, src)
    with open_project(project_path) as project:
        (doc_id,) = project.documents.ids()
        doc = project.documents.get(doc_id)
        assert doc.title == "Macron talks truce"
        assert "President\nEmmanuel" in doc.text or "President Emmanuel" in doc.text
        assert EMOJI in doc.text
        assert "INJECTED" not in doc.text
        assert "Menu" not in doc.text
        assert doc.meta["outlet"] == "Le Monde"
        assert doc.meta["author"] == "Jane Doe"
        assert doc.meta["url"] == "https://lemonde.fr/a/1"
        assert doc.meta["published"].startswith("2020-10-09")


@needs("trafilatura")
def test_html_without_article_text_is_an_error(tmp_path: Path, project_path: Path) -> None:
    src = tmp_path / "empty.htm"
    src.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(InputError) as err:
        run(project_path, src)
    assert err.value.file == str(src)


@needs("trafilatura")
def test_text_folder_and_zip_with_every_format(tmp_path: Path, project_path: Path) -> None:
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(HARD.encode("utf-8"))
    (folder / "sub" / "b.md").write_text(f"# Heading {FLAG}\n\nBody.", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG")
    archive = tmp_path / "in.zip"
    archive.write_bytes(zip_bytes({"z/c.txt": "Zipped text.\r\n", "z/page.html": HTML,
                                   "z/table.csv": CSV, "z/.hidden.txt": "no",
                                   "__MACOSX/z/._c.txt": "junk"}))
    report = run(project_path, folder, archive)
    # the CSV's first row has the same text as a.txt: not duplicated
    assert (report.documents_added, report.documents_known) == (2 + 1 + 1 + 1, 1)
    again = run(project_path, archive)
    assert (again.documents_added, again.documents_known) == (0, 4)
    with open_project(project_path) as project:
        titles = {project.documents.get(i).title for i in project.documents.ids()}
        assert f"Heading {FLAG}" in titles
        assert "Zipped text." in titles


@pytest.mark.parametrize("member", ["../evil.txt", "/abs/evil.txt"])
def test_zip_rejects_unsafe_member_names(tmp_path: Path, project_path: Path,
                                         member: str) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ok.txt", "fine")
        zf.writestr(zipfile.ZipInfo(member), "bad")
    with pytest.raises(InputError, match="unsafe member name"):
        run(project_path, archive)
    with open_project(project_path) as project:
        assert project.stats()["documents"] == 0


def test_corrupt_zip(tmp_path: Path, project_path: Path) -> None:
    archive = tmp_path / "broken.zip"
    archive.write_bytes(zip_bytes({"a.txt": "x" * 1000})[:60])
    with pytest.raises(InputError) as err:
        run(project_path, archive)
    assert err.value.file == str(archive)
