"""Guard for intranets without internet: no page may load a resource from another origin.

Links (``<a href>``) to other sites are fine; what a browser fetches by itself (scripts, styles,
fonts, images, frames, media) must come from the site.
"""

from __future__ import annotations

import re

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


# Regular expressions rather than an HTML parser: this runs on every page of every build, and a
# full parse cost about a quarter of the build time (measured with cProfile on the demo).
_TAG = re.compile(r"<(script|img|link|iframe|audio|video|source|embed|object)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.I | re.S)


_TAG_NAME = re.compile(r"[a-zA-Z]+")
_CSS_URL_BEFORE = re.compile(r"url\(\s*['\"]?(?:[a-z]+:)?$", re.I)


def _may_fetch_external(html: str) -> bool:
    """Whether a "//" of the page stands in a fetched tag or a CSS url(): most pages have a
    dozen "//" (links, SVG namespaces, the canonical link) and none of those, so this settles
    them with string searches (the detailed analysis took 2 s on 1,772 pages)."""
    if "@import" in html:
        return True
    pos = html.find("//")
    while pos != -1:
        if _CSS_URL_BEFORE.search(html, max(0, pos - 40), pos):  # in a style, anywhere
            return True
        start = html.rfind("<", 0, pos)
        if start != -1 and html.find(">", start, pos) == -1:  # inside a tag
            name = _TAG_NAME.match(html, start + 1)
            tag = name.group(0).lower() if name else ""
            if tag in _FETCHED and not (
                    tag == "link" and _unfetched_link(_attributes(html[start:html.find(">", pos) + 1]))):
                return True
        pos = html.find("//", pos + 2)
    return False


def _attributes(tag: str) -> dict[str, str]:
    """Attributes of a tag's text, names lower-cased (quoted or bare values)."""
    return {m.group(1).lower(): m.group(2) if m.group(2) is not None else
            (m.group(3) if m.group(3) is not None else m.group(4))
            for m in _ATTR.finditer(tag)}


def _unfetched_link(attrs: dict[str, str]) -> bool:
    """A <link> the browser does not load (canonical, alternate...)."""
    return bool(set((attrs.get("rel") or "").lower().split()) & _LINK_RELS_NOT_FETCHED)


def external_resources(html: str) -> list[str]:
    """URLs on another origin that a browser would fetch while loading ``html``."""
    if not _may_fetch_external(html):
        return []
    found: list[str] = []
    for match in _TAG.finditer(html):
        tag = match.group(1).lower()
        attrs = _attributes(match.group(2))
        if tag == "link" and _unfetched_link(attrs):
            continue
        for attr in _FETCHED[tag]:
            for candidate in (attrs.get(attr) or "").split(","):
                candidate = candidate.strip().split(" ")[0]
                if _EXTERNAL.match(candidate):
                    found.append(candidate)
    for match in _STYLE_ATTR.finditer(html):
        found.extend(_CSS_URL.findall(match.group(1) or match.group(2) or ""))
    for block in _STYLE_BLOCK.findall(html):
        found.extend(external_resources_in_css(block))
    return found


def external_resources_in_css(css: str) -> list[str]:
    return _CSS_URL.findall(css) + _CSS_IMPORT.findall(css)
