"""The official documents as PDF (pst document): every title of the plan in the text, a table of
contents whose page numbers are right, bookmarks, A4, embedded fonts, the same bytes for the
same data, and an evaluation report that says when its data are illustrative.

The PDFs are read back with poppler's pdftotext / pdfinfo / pdffonts (``make test`` installs
them) and pdfminer.six (bookmarks).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from macros import document

pytestmark = pytest.mark.build


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def pst_pdf(demo_plan, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("document") / "pst.pdf"
    path.write_bytes(document.pdf_bytes(document.plan_document(demo_plan), ROOT / "data"))
    return path


@pytest.fixture(scope="module")
def pages(pst_pdf) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return _run("pdftotext", "-layout", str(pst_pdf), "-").split("\f")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a4_with_embedded_fonts(pst_pdf):
    info = _run("pdfinfo", str(pst_pdf))
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info)
    assert "Programme stratégique transversal 2019-2024 — CPAS de Liège" in info
    fonts = _run("pdffonts", str(pst_pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # "emb" column


def test_every_title_of_the_plan_is_in_the_text(demo_plan, pst_pdf):
    text = flat(_run("pdftotext", str(pst_pdf), "-"))
    missing = [node.titre for node in (*demo_plan.objectifs, *demo_plan.oos, *demo_plan.actions)
               if flat(node.titre) not in text]
    assert not missing, missing[:5]
    for chapter in demo_plan.chapters:
        assert chapter.title in text
    assert "Déclaration de politique sociale" in text and "Annexes" in text


def test_table_of_contents_page_numbers_are_right(demo_plan, pages):
    toc = pages[1]
    assert "Sommaire" in toc
    checked = 0
    for os_ in demo_plan.objectifs:
        entry = re.search(rf"OS {os_.numero} — {re.escape(flat(os_.titre))} ?\.* ?(\d+)", flat(toc))
        assert entry, f"OS {os_.numero} not in the table of contents"
        number = int(entry.group(1))
        heading = re.compile(rf"^\s*OS {os_.numero}\s+{re.escape(os_.titre.split()[0])}", re.M)
        first = next(i for i, page in enumerate(pages) if i > 1 and heading.search(page)) + 1
        assert number == first, (os_.numero, number, first)
        checked += 1
    assert checked == 9


def test_bookmarks_follow_the_headings(pst_pdf, demo_plan):
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    with pst_pdf.open("rb") as handle:
        outline = [(level, title) for level, title, *_ in
                   PDFDocument(PDFParser(handle)).get_outlines()]
    titles = [flat(title) for _, title in outline]
    assert "Sommaire" in titles and "Le plan : objectifs et actions" in titles
    assert f"OS 1 {flat(demo_plan.objectifs[0].titre)}" in titles
    assert any(t.startswith("Action 162 ") for t in titles)
    levels = {title: level for level, title in outline}
    assert levels["Le plan : objectifs et actions"] < levels[
        f"OS 1 {demo_plan.objectifs[0].titre}"]


def test_illustrative_figures_are_said(pages):
    assert "fictifs, à titre d’illustration" in flat(pages[0])


def test_same_data_same_bytes(demo_plan, pst_pdf):
    again = document.pdf_bytes(document.plan_document(demo_plan), ROOT / "data")
    assert again == pst_pdf.read_bytes()


def test_evaluation_report(demo_plan, tmp_path):
    evaluation = document.find_evaluation(demo_plan, "2022-mi-legislature")
    pdf = tmp_path / "evaluation.pdf"
    pdf.write_bytes(document.pdf_bytes(document.evaluation_document(demo_plan, evaluation)))
    text = flat(_run("pdftotext", str(pdf), "-"))
    assert "Évaluation à mi-législature 2022" in text
    assert "Données d’évaluation fictives, à titre d’illustration" in text
    for heading in ("Synthèse", "Par objectif stratégique", "Actions en retard",
                    "Actions en risque ou en blocage", "Indicateurs",
                    "Synergies commune – CPAS"):
        assert heading in text, heading
    assert "Cible atteinte : 1 sur 3 indicateurs chiffrés" in text
    for action in demo_plan.synergies:
        assert flat(action.titre)[:60] in text


def test_unknown_evaluation_is_a_french_error(demo_plan):
    with pytest.raises(document.DocumentError, match="évaluation « 2030 » introuvable"):
        document.find_evaluation(demo_plan, "2030")


def test_nothing_is_fetched_from_the_network():
    html = ('<html><body><h1>x</h1><img src="http://198.51.100.7/x.png">'
            '<link rel="stylesheet" href="https://198.51.100.7/x.css"></body></html>')
    pdf = document.pdf_bytes(document.Document(html, "x"))
    assert pdf.startswith(b"%PDF")
    for url in ("http://198.51.100.7/x.png", "https://198.51.100.7/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            document.offline_fetcher()(url)


def test_css_strings_are_escaped():
    assert str(document._css_string('a"b</style><script>')) == (
        '"a\\22 b\\3c /style\\3e \\3c script\\3e "')


def test_cli(tmp_path):
    out = tmp_path / "eval.pdf"
    result = subprocess.run([sys.executable, "-m", "macros.cli", "document", "--evaluation",
                             "2020-actualisation", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF") and "Écrit :" in result.stdout
    bad = subprocess.run([sys.executable, "-m", "macros.cli", "document", "--evaluation", "x",
                          "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                         timeout=600)
    assert bad.returncode == 1
    assert bad.stderr.startswith("pst document : évaluation « x » introuvable")
    assert "Traceback" not in bad.stderr


def test_a_macro_error_in_a_chapter_is_a_french_error(demo_plan, tmp_path):
    import dataclasses

    chapter = tmp_path / "chapitre.md"
    chapter.write_text("# Chapitre\n\nVoir {{ lien_action(999) }}.\n", encoding="utf-8")
    broken = dataclasses.replace(demo_plan.chapters[0], path=chapter)
    plan = dataclasses.replace(demo_plan, chapters=[broken])
    with pytest.raises(document.DocumentError, match=r"macro en erreur .*lancez « pst check »"):
        document.plan_document(plan)
