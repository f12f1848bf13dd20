"""Jinja environment that turns page specs and macro calls into Markdown (with HTML blocks).

Every value from the data is escaped: ``md`` for text inside Markdown (HTML and Markdown
punctuation), autoescape for text inside HTML blocks, ``markdown`` for the Markdown fields of
the data (rendered to HTML here, raw HTML shown as text, then sanitised: see ``sanitizing``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from . import budget, french, indicators
from .budget import format_amount, format_number
from .fields import FIELDS
from .sanitizing import safe_field_html
from .urls import Links

if TYPE_CHECKING:
    from jinja2.runtime import Context

    from .plan import CrossLink, Node

TEMPLATES = Path(__file__).parent / "templates"

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~])")
_BULLET_START = re.compile(r"^(\s*)([-+>])(\s)")
_NUMBER_START = re.compile(r"^(\s*)(\d+)([.)])(\s)")


def md_inline(text: object) -> Markup:
    """Text shown literally inside Markdown: no HTML, no emphasis, no links.

    Quotes stay as they are (harmless in Markdown text, never used inside an attribute): as
    entities, a heading's « L&#39;usager » reached the table of contents escaped twice."""
    escaped = str(escape(str(text))).replace("&#39;", "'").replace("&#34;", '"')
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    escaped = _BULLET_START.sub(r"\1\\\2\3", escaped)
    escaped = _NUMBER_START.sub(r"\1\2\\\3\4", escaped)
    return Markup(escaped.replace("\n", " "))


def markdown_field(text: object, lead: str = "") -> Markup:
    """A Markdown field of the data as one sanitised HTML block (the page's Markdown passes it
    through unchanged): Markdown syntax works, raw HTML is displayed as text.

    ``lead`` (trusted HTML, e.g. a bold label) starts the field's first paragraph.
    """
    if text is None:
        return Markup("")
    html = safe_field_html(str(text))
    if lead:
        html = html[3:] if html.startswith("<p>") else "</p>" + html
        html = f"<p>{lead}{html}"
    return Markup(html)


def format_value(value: object) -> str:
    """An indicator's value: numbers in French (12,5 ; 1 250), text as it is."""
    if isinstance(value, Decimal):
        return format_number(value)
    return "" if value is None else str(value)


def date_fr(value: dt.date | None) -> str:
    if value is None:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def yaml_string(value: object) -> Markup:
    """A front-matter value, HTML-escaped: the theme prints page titles without escaping them.

    JSON strings are valid YAML.
    """
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


@pass_context
def href(context: Context, target: str | Node) -> str:
    links: Links = context["links"]
    return links.to(target)


@pass_context
def cross(context: Context, link: CrossLink) -> str:
    """Link to a page of another legislature: each is published as a sibling version (mike)."""
    links: Links = context["links"]
    version_root = links.to("index.md")  # "../../" from plan/action-8/
    from .urls import url_of

    return f"{version_root}../{link.legislature}/{url_of(link.page, links.use_directory_urls)}"


@pass_context
def dashboard_link(context: Context, node: object = None) -> str:
    """The tableau de bord, filtered to the actions of ``node`` (none: all of them)."""
    from .urls import DASHBOARD, dashboard_query

    query = dashboard_query(node)
    return href(context, DASHBOARD) + (f"?{query}" if query else "")


@lru_cache(maxsize=1)
def bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between builds (Jinja's per-user folder in the system's temporary
    directory, checked against each template's source): compiling the ~75 templates of a page
    (ours and Material's) took a sixth of a build of the demo. None when that folder is unusable."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # pragma: no cover - read-only or foreign temporary folder
        return None


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=bytecode_cache(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(plural=french.plural, agree=french.agree)
    env.filters.update(md=md_inline, markdown=markdown_field, date_fr=date_fr,
                       yaml_string=yaml_string, href=href, cross=cross, montant=format_amount,
                       valeur=format_value)
    env.tests["flagged"] = lambda action, code: action.has_flag(code)
    env.tests["filled"] = FIELDS.filled
    # The field registry: labels, vocabularies and where each field is shown (fields.py).
    env.globals["fields"] = FIELDS
    env.globals["dashboard_link"] = dashboard_link
    # Budget and indicator figures, computed by the domain modules where a template shows them.
    env.globals["figures"] = SimpleNamespace(
        states=indicators.states, totals=budget.totals, source_labels=budget.source_labels,
        evaluation_states=indicators.evaluation_states, indicators_by_os=indicators.by_os)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def render_macro(template: str, macro: str, links: Links, *args: Any, **kwargs: Any) -> str:
    """Call one macro of a template module (used by the macros editors call in Markdown)."""
    module = environment().get_template(template).make_module({"links": links})
    return str(getattr(module, macro)(*args, **kwargs))
