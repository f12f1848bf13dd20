"""Guard for intranets without internet: no page may load a resource from another origin.

Links (``<a href>``) to other sites are fine; what a browser fetches by itself (scripts, styles,
fonts, images, frames, media) must come from the site.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "link": ("href",),  # stylesheets, icons, preloads, fonts
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "embed": ("src",),
    "object": ("data",),
}
_LINK_RELS_NOT_FETCHED = {"canonical", "alternate", "author", "license", "me", "edit"}
_CSS_URL = re.compile(r"url\(\s*['\"]?((?:[a-z]+:)?//[^'\")]+)", re.I)
_CSS_IMPORT = re.compile(r"@import\s+['\"]((?:[a-z]+:)?//[^'\"]+)", re.I)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "style":
            self._in_style = True
        if tag == "link" and set((values.get("rel") or "").lower().split()) & _LINK_RELS_NOT_FETCHED:
            return
        for attr in _FETCHED.get(tag, ()):
            value = values.get(attr) or ""
            for candidate in value.split(","):
                candidate = candidate.strip().split(" ")[0]
                if _EXTERNAL.match(candidate):
                    self.found.append(candidate)
        style = values.get("style") or ""
        self.found.extend(_CSS_URL.findall(style))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found.extend(_CSS_URL.findall(data))
            self.found.extend(_CSS_IMPORT.findall(data))


def external_resources(html: str) -> list[str]:
    """URLs on another origin that a browser would fetch while loading ``html``."""
    collector = _Collector()
    collector.feed(html)
    return collector.found


def external_resources_in_css(css: str) -> list[str]:
    return _CSS_URL.findall(css) + _CSS_IMPORT.findall(css)
