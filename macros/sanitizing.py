"""What editors write in Markdown reaches the agents' browsers only through an allow-list.

Two kinds of editor text become HTML: the Markdown fields of the data (descriptions,
introductions, comments…) and the chapters (``data/<législature>/pages/*.md``) and hand-written
pages of ``docs/``. Python-Markdown passes raw HTML through and ``attr_list`` lets ``{: … }`` set
any attribute, so its output is never trusted: it goes through Ammonia (``nh3``), a maintained
sanitiser, with the allow-list below (tags, attributes, URL schemes). Markup the generator writes
itself (templates, macros) is trusted and kept out of the sanitiser (see ``stash``).

The sanitiser silently drops what it refuses; ``findings`` names the same things beforehand so
``pst check`` reports them as located errors and nothing disappears unnoticed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3

# Python-Markdown extensions of a Markdown field: the site's (mkdocs.yml) without ``toc``, whose
# anchors belong to the page's own headings.
FIELD_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "tables",
                    "pymdownx.details", "pymdownx.superfences"]

TAGS = frozenset(nh3.ALLOWED_TAGS) | {"section", "tfoot", "figure", "figcaption"}
# Ammonia removes these with their content (the rest of a refused tag keeps its text).
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "template", "iframe", "object", "embed",
                                "noscript", "textarea", "select", "svg", "math", "title"})
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "data-search-exclude"})
ATTRIBUTES: dict[str, set[str]] = {
    "*": set(GENERIC_ATTRIBUTES),
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": set(), "q": {"cite"}, "blockquote": {"cite"}, "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"}, "time": {"datetime"}, "details": {"open"},
    "ol": {"start", "type", "reversed"}, "li": {"value"},
    "th": {"colspan", "rowspan", "scope", "align", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    "col": {"span"}, "colgroup": {"span"},
    # the placeholder of a trusted block of the generator (see stash)
    "div": {"data-pst-bloc"}, "span": {"data-pst-bloc"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})  # what Markdown tables write in ``style``


def clean(fragment: str) -> str:
    """``fragment`` with everything outside the allow-list removed."""
    return _cleaner().clean(fragment)


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """One sanitiser for the whole build: building it from the allow-list costs more than
    cleaning a field (half the time of the fields of a 16,200-action plan, measured)."""
    return nh3.Cleaner(tags=set(TAGS), clean_content_tags=set(CLEAN_CONTENT_TAGS),
                       attributes=ATTRIBUTES, url_schemes=set(URL_SCHEMES),
                       filter_style_properties=set(STYLE_PROPERTIES), link_rel=None,
                       strip_comments=True, attribute_filter=_attribute_filter)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.startswith("__"):
        return None  # the theme's own elements (__search, __drawer…): not to be shadowed
    return value


@lru_cache(maxsize=1)
def _field_markdown() -> markdown.Markdown:
    """One converter for every field (building one costs more than converting a field). Raw
    HTML in a field is shown as text, as the data's documentation promises: Markdown's HTML
    block and inline HTML readers are removed, so ``<`` and ``&`` are escaped like any text."""
    converter = markdown.Markdown(extensions=FIELD_EXTENSIONS)
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def field_html(text: str) -> str:
    """HTML of a Markdown field as Python-Markdown writes it (not sanitised yet)."""
    converter = _field_markdown()
    try:
        return converter.convert(text)
    finally:
        converter.reset()


def safe_field_html(text: str) -> str:
    """HTML of a Markdown field, sanitised, as one block without blank lines: the page is
    Markdown again, and a blank line (possible inside a code block) would end the HTML block
    there. ``&#10;`` is the same line break to the browser."""
    return re.sub(r"\n(?=[ \t]*\n)", "&#10;", clean(field_html(text)).strip())


# --- findings: what the sanitiser would remove, named for the editor ------------------------

@dataclass(frozen=True)
class Finding:
    message: str
    needle: str  # text to look for in the source to locate the finding


# Characters without which a field's Markdown produces neither a URL nor an attribute (raw
# HTML is text in fields): most fields are checked without being converted.
_FIELD_TRIGGERS = ("](", "]:", "{", "<", "![")


def field_findings(text: str) -> list[Finding]:
    """What the sanitiser would remove from a Markdown field."""
    if not any(trigger in text for trigger in _FIELD_TRIGGERS):
        return []
    return findings(field_html(text))


def chapter_findings(text: str) -> list[Finding]:
    """What the sanitiser would remove from a chapter (its raw HTML is interpreted). Its macro
    calls are left out: they are rendered before Markdown, and their output is ours."""
    converter = _chapter_markdown()
    try:
        return findings(converter.convert(without_jinja(text)))
    finally:
        converter.reset()


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def without_jinja(text: str) -> str:
    """``text`` with its Jinja tags blanked out (same length and lines: offsets stay right)."""
    return _JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


@lru_cache(maxsize=1)
def _chapter_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=FIELD_EXTENSIONS)


def findings(fragment: str) -> list[Finding]:
    finder = _Finder()
    finder.feed(fragment)
    finder.close()
    return finder.found


_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")  # removed from anywhere in a URL by browsers


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (None for a relative URL): the WHATWG URL
    parser strips leading and trailing C0 controls and spaces, and tabs and newlines inside."""
    url = _TAB_OR_NEWLINE.sub("", html.unescape(url)).strip("\x00\x01\x02\x03\x04\x05\x06\x07"
                                                              "\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
                                                              "\x13\x14\x15\x16\x17\x18\x19\x1a"
                                                              "\x1b\x1c\x1d\x1e\x1f ")
    match = _SCHEME.match(url.lower())
    return match.group(1) if match else None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _Finder(HTMLParser):
    """Walks the HTML Markdown produced and applies the allow-list of ``clean``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.found.append(Finding(
                f"balise HTML « <{tag}> » refusée — retirez-la (permis : mise en forme, listes, "
                "tableaux, liens, images du site).", f"<{tag}"))
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed or name == "data-pst-bloc":
                hint = ("un attribut d'événement exécute du code" if name.startswith("on")
                        else "seuls id, class et title sont permis")
                self.found.append(Finding(f"attribut « {name} » refusé ({hint}) — retirez-le.",
                                          name))
            elif name == "style" and not _only_text_align(value):
                self.found.append(Finding("attribut « style » refusé — retirez-le.", "style"))
            elif name in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in URL_SCHEMES:
                    self.found.append(Finding(
                        f"image « {_short(value)} » refusée — utilisez une image copiée dans le "
                        "site (docs/assets/)." if tag == "img" else
                        f"lien « {_short(value)} » refusé — utilisez un lien http(s) ou une page "
                        "du site.", value))
            elif name == "id" and value.startswith("__"):
                self.found.append(Finding(f"identifiant « {value} » refusé (réservé au thème) — "
                                          "choisissez un autre nom.", value))

    handle_startendtag = handle_starttag


def _only_text_align(style: str) -> bool:
    declarations = [d.strip() for d in style.split(";") if d.strip()]
    return all(d.split(":", 1)[0].strip().lower() in STYLE_PROPERTIES and "(" not in d
               for d in declarations)


def locate(text: str, start: int, needle: str) -> int:
    """Offset of ``needle`` in ``text`` at or after ``start`` (case-insensitive), else ``start``."""
    if needle:
        found = text.lower().find(needle.lower(), start)
        if found == -1 and ":" in needle:  # the URL as written may differ; its scheme not
            found = text.lower().find(needle.split(":", 1)[0].strip().lower(), start)
        if found != -1:
            return found
    return start


def line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
