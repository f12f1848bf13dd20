"""The PST PDF of the demo opens in Chromium's own PDF viewer (issue 15).

What this proves. Debian's Chromium, launched as every browser test launches it, opens the
demo's PST PDF in its built-in viewer: the chrome-extension frame of
mhjfbmdgcfjbbpaeojofohoefgiehjai with its PDFium plugin, not a download and not a print preview.
Playwright passes ``--headless``: since Chromium 132 that is the full browser without windows
(the "new" headless mode; the old separate implementation is now chrome-headless-shell). The PDF
is made by the code of ``pst document`` and opened twice: served over HTTP at export/pst.pdf, as
in a site that ``pst publish`` made, and as a file:// URL. The tests then check that:
- the viewer's toolbar shows the file's title and its number of pages;
- the viewer's outline lists the file's top-level bookmarks, and clicking one goes to the page
  that the bookmark points to. The expected values are read from the file by pdfminer.six, a
  reader that shares no code with PDFium;
- PDFium paints page 1. In a screenshot, the plugin's area holds the cover's coloured,
  anti-aliased ink. A blank one-page PDF measured the same way has none, so the measure can fail.

What this does not prove. Only page 1 is looked at, and only by colour counts: the output is not
compared with a reference image. It does not prove that every page renders correctly, nor that
the viewer's text selection, search, printing or download work. Headed Chromium with a GPU,
Google Chrome, Edge, Firefox (pdf.js) and desktop readers are not covered. The viewer's
elements (Lit components in shadow roots, such as viewer-toolbar and viewer-bookmark) are
Chromium's internal UI, not an API: a Chromium update may rename them. This test then fails
and must be adjusted; it does not pass without checking anything.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from typing import NamedTuple

import pytest
from playwright.sync_api import expect

from conftest import ROOT  # tests/conftest.py

from .support import SiteServer

VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"
PLAN_BOOKMARK = "Le plan : objectifs et actions"  # a top-level heading of the PST, deep in it
PAGE_LENGTH = "viewer-page-selector #pagelength"
PAGE_NUMBER = "viewer-page-selector #pageSelector"


@pytest.fixture(scope="module")
def pdf_folder(demo_plan, tmp_path_factory):
    """The demo's PST PDF at export/pst.pdf (where pst publish puts it) and a blank one-page PDF."""
    from weasyprint import HTML

    from macros import document

    folder = tmp_path_factory.mktemp("pdf-viewer")
    (folder / "export").mkdir()
    (folder / "export" / "pst.pdf").write_bytes(
        document.pdf_bytes(document.plan_document(demo_plan), ROOT / "data"))
    (folder / "blank.pdf").write_bytes(HTML(string="<p></p>").write_pdf())
    return folder


@pytest.fixture(scope="module")
def pdf_server(pdf_folder):
    with SiteServer(pdf_folder) as server:
        yield server.url


@pytest.fixture(scope="module")
def expected(pdf_folder) -> dict:
    """What the PST PDF says about itself, according to pdfminer.six: title, number of pages,
    top-level bookmarks and the page (from 1) that each of them points to."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    with (pdf_folder / "export" / "pst.pdf").open("rb") as handle:
        pdf = PDFDocument(PDFParser(handle))
        page_numbers = {page.pageid: number for number, page in
                        enumerate(PDFPage.create_pages(pdf), start=1)}
        bookmarks = [(title, page_numbers[dest[0].objid])
                     for level, title, dest, *_ in pdf.get_outlines() if level == 1]
        return {"title": decode_text(pdf.info[0]["Title"]),
                "pages": resolve1(pdf.catalog["Pages"])["Count"], "bookmarks": bookmarks}


@pytest.fixture
def tab(browser):
    """A page of its own context; unlike conftest's `page`, it needs no demo site."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def open_in_viewer(page, url: str):
    """Go to a PDF's URL; return the frame of Chromium's PDF viewer once it shows a number of
    pages (the plugin has parsed the file by then)."""
    response = page.goto(url)
    if url.startswith("http"):
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        viewer = next((f for f in page.frames if f.url.startswith(VIEWER)), None)
        if viewer is not None:
            expect(viewer.locator(PAGE_LENGTH)).to_have_text(re.compile(r"^[1-9][0-9]*$"),
                                                             timeout=20_000)
            return viewer
        page.wait_for_timeout(100)
    pytest.fail(f"Chromium did not open {url} in its PDF viewer; frames: "
                f"{[f.url for f in page.frames]}", pytrace=False)


class Ink(NamedTuple):
    """A screenshot of the area where PDFium draws the pages, in three counts."""

    paper: int  # white pixels: the page's sheet
    coloured: int  # pixels whose channels differ by more than 40: neither grey nor white
    colours: int  # distinct colours (anti-aliased text makes hundreds)


def ink(page, viewer) -> Ink:
    """The viewer's own grey background and a blank page have no coloured pixel and about a dozen
    colours; the cover of the PST has a navy title, an amber notice and anti-aliased text."""
    from PIL import Image

    box = viewer.locator("#plugin").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300, f"no room for the pages: {box}"
    image = Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")
    colours = image.getcolors(image.width * image.height) or []
    return Ink(paper=sum(count for count, rgb in colours if min(rgb) >= 250),
               coloured=sum(count for count, rgb in colours if max(rgb) - min(rgb) > 40),
               colours=len(colours))


def painted(page, viewer, done: Callable[[Ink], bool], timeout: float = 15) -> Ink:
    """ink() once `done` says PDFium has painted, or its last value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        measure = ink(page, viewer)
        if done(measure) or time.monotonic() > deadline:
            return measure
        page.wait_for_timeout(200)


def cover_drawn(measure: Ink) -> bool:
    return measure.paper >= 100_000 and measure.coloured >= 2000 and measure.colours >= 200


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_the_viewer_opens_the_pst_and_paints_its_first_page(tab, pdf_server, pdf_folder,
                                                            expected, scheme):
    url = (f"{pdf_server}/export/pst.pdf" if scheme == "http"
           else (pdf_folder / "export" / "pst.pdf").as_uri())
    viewer = open_in_viewer(tab, url)

    assert expected["title"].startswith("Programme stratégique transversal 2019-2024")
    assert expected["pages"] > 40  # the whole plan, not a cover alone
    assert viewer.locator("viewer-toolbar #title").inner_text() == expected["title"]
    assert viewer.locator(PAGE_LENGTH).inner_text() == str(expected["pages"])
    assert viewer.locator(PAGE_NUMBER).input_value() == "1"
    measure = painted(tab, viewer, cover_drawn)
    assert cover_drawn(measure), f"page 1 is not drawn in the viewer: {measure}"


def test_the_viewer_outline_goes_to_the_bookmarked_page(tab, pdf_server, expected):
    viewer = open_in_viewer(tab, f"{pdf_server}/export/pst.pdf")
    # The sidebar opens on the thumbnails; its second tab is the outline (labels are localised).
    viewer.locator("viewer-pdf-sidenav [role=tab][iron-icon='pdf:list-alt']").click()
    titles = viewer.locator("viewer-document-outline viewer-bookmark[depth='0'] #title")
    titles.first.wait_for()
    assert titles.all_inner_texts() == [title for title, _ in expected["bookmarks"]]

    titles.filter(has_text=PLAN_BOOKMARK).click()

    target = dict(expected["bookmarks"])[PLAN_BOOKMARK]
    assert target > 10  # far from page 1: the viewer really moved
    expect(viewer.locator(PAGE_NUMBER)).to_have_value(str(target), timeout=10_000)


def test_a_blank_pdf_measures_as_blank(tab, pdf_server):
    """The control of the paint measure: the same viewer and measure on an empty page."""
    viewer = open_in_viewer(tab, f"{pdf_server}/blank.pdf")
    assert viewer.locator(PAGE_LENGTH).inner_text() == "1"
    measure = painted(tab, viewer, lambda m: m.paper >= 100_000)  # the white sheet is drawn
    assert measure.paper >= 100_000, f"the blank page's sheet is not drawn: {measure}"
    tab.wait_for_timeout(500)  # anything else PDFium would draw on it
    # Under load the viewer may still show its loading bar for a moment: the blank page must
    # settle to no colour at all (the PST's cover never does: it has ink).
    measure = painted(tab, viewer, lambda m: m.coloured == 0 and m.colours < 50)
    assert measure.coloured == 0 and measure.colours < 50, measure
    assert not cover_drawn(measure)
