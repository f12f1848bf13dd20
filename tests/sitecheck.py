"""Helpers that read a built site: every internal link, every id, as a browser would resolve them."""

from __future__ import annotations

import posixpath
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.version_refs: list[str] = []  # links into another version (legislature)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and "pst-version-link" in (values.get("class") or "").split():
            self.version_refs.append(values.get("href", ""))
            return
        for attr in ("href", "src"):
            if tag in ("a", "link", "script", "img") and values.get(attr):
                self.refs.append(values[attr])


def parse(html: str) -> _Refs:
    refs = _Refs()
    refs.feed(html)
    return refs


def broken_links(site: Path) -> list[str]:
    """'page -> target' for every internal link whose file or #anchor does not exist.

    Links into another version are checked on a mike deployment (``version_links``)."""
    pages = {p.relative_to(site).as_posix(): parse(p.read_text(encoding="utf-8"))
             for p in site.rglob("*.html")}
    broken = []
    for page, refs in pages.items():
        if page == "404.html":  # served at any depth: its links are absolute (site_url) by design
            continue
        base = posixpath.dirname(page)
        for ref in refs.refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//") or ref.startswith(("mailto:", "tel:")):
                continue
            path = unquote(parts.path)
            if path:
                target = posixpath.normpath(posixpath.join(base, path))
                if path.endswith("/") or (site / target).is_dir():
                    target = posixpath.join(target, "index.html")
            else:
                target = page
            if not (site / target).is_file():
                broken.append(f"{page} -> {ref}")
            elif parts.fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page} -> {ref} (ancre)")
    return broken


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def article(html: str) -> str:
    start = html.index('<article class="md-content__inner')
    return html[start:html.index("</article>", start)]


def version_links(site: Path) -> list[tuple[str, str]]:
    """(page, href) of every link into another version of the site."""
    return [(p.relative_to(site).as_posix(), ref) for p in site.rglob("*.html")
            for ref in parse(p.read_text(encoding="utf-8")).version_refs]
