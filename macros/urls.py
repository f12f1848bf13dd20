"""Where each item of the plan is published, and links between pages: the site's one URL scheme.

Generated pages live under their own prefixes (``plan/``, ``dps/``, ``presentation/``,
``evaluations/``, ``services/``, ``export/``) so they never clash with hand-written pages in
``docs/``. ``loading.load_plan`` assigns every item its page; nothing else writes a page path.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .plan import Node, Plan

PLAN_INDEX = "plan/index.md"
DASHBOARD = "plan/tableau-de-bord.md"
DPS_INDEX = "dps/index.md"
DPS_COVERAGE = "dps/couverture.md"
EXPORT_JSON = "export/pst.json"
EXPORT_CSV = "export/tableau-de-bord.csv"
EXPORT_XLSX = "export/tableau-de-bord.xlsx"
EXPORT_ECOMPTES = "export/pst-ecomptes.xml"
EXPORT_PDF = "export/pst.pdf"


def evaluation_pdf(slug: str) -> str:
    return f"export/evaluation-{slug}.pdf"
EVALUATIONS_INDEX = "evaluations/index.md"
SERVICES_INDEX = "services/index.md"
PRINT = "plan/version-imprimable.md"
BUDGET = "plan/budget.md"
COMPARISON = "evaluations/comparaison.md"


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def action_page(numero: str) -> str:
    """An action's page, in this legislature's version of the site or in another one's."""
    return f"plan/action-{slugify(numero)}.md"


def oo_page(key: str) -> str:
    """An OO's page, in this legislature's version of the site or in another one's."""
    return f"plan/oo-{slugify(key)}.md"


def service_page(name: str) -> str:
    return f"services/{page_slug(name, 'service')}.md"


def evaluation_page(slug: str) -> str:
    return f"evaluations/{slug}.md"


def chapter_page(name: str) -> str:
    """A chapter of the plan's document (``data/<legislature>/pages/<name>``)."""
    return f"presentation/{name}"


def assign_pages(plan: Plan) -> None:
    """Set ``page`` (the src_uri of its page, or page#anchor) on every item of the plan.

    Services get theirs when ``Plan.link_services`` makes them (again after a profile)."""
    for group in plan.groupes:
        group.page = group_page(plan, group.code)
    for os_ in plan.objectifs:
        os_.page = f"plan/os-{slugify(os_.numero)}.md"
    for oo in plan.oos:
        oo.page = oo_page(oo.key)
    for action in plan.actions:
        action.page = action_page(action.numero)
    for evaluation in plan.evaluations:
        evaluation.page = evaluation_page(evaluation.slug)
    if plan.dps:
        plan.dps.page = DPS_INDEX
        for part in plan.dps.parts:
            part.page = f"dps/{slugify(part.code)}.md"
            for eng in part.walk():
                eng.page = f"{part.page}#{eng.anchor}"


def group_page(plan: Plan, code: str) -> str:
    """plan/volet-externe/, plan/domaine-1/ (a code that already starts with the group word is
    not prefixed twice: « domaine-domaine-1 » was the 2013-2018 archive's address)."""
    word, slug = slugify(plan.libelle_groupe) or "groupe", slugify(code)
    return f"plan/{slug if slug.startswith(f'{word}-') else f'{word}-{slug}'}/index.md"


def former_group_pages(plan: Plan) -> dict[str, str]:
    """Addresses group pages had before ``group_page`` -> their page now (kept as redirects)."""
    word = slugify(plan.libelle_groupe) or "groupe"
    former = {f"plan/{word}-{slugify(g.code)}/index.md": g.page for g in plan.groupes}
    return {old: new for old, new in former.items() if old != new}


def redirect_html(target_url: str, title: str) -> str:
    """A page that sends its visitor on (old addresses of moved pages), without JavaScript."""
    from html import escape

    url, title = escape(target_url), escape(title)
    return ('<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">'
            f'<title>{title}</title><meta http-equiv="refresh" content="0; url={url}">'
            f'<link rel="canonical" href="{url}"></head>\n<body><p>Cette page a changé '
            f'd’adresse : <a href="{url}">{title}</a>.</p></body></html>\n')


# Longest slug of a name (services): longer ones are cut at a word and made unique by a short
# hash of the full name. A service name is prose an editor may write at length; a file name
# above 255 bytes would stop the build (« File name too long »).
MAX_NAME_SLUG = 80


def page_slug(name: str, empty: str) -> str:
    slug = slugify(name) or empty
    if len(slug) <= MAX_NAME_SLUG:
        return slug
    cut = slug[:MAX_NAME_SLUG - 9].rsplit("-", 1)[0] or slug[:MAX_NAME_SLUG - 9]
    return f"{cut}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"


def flag_page(code: str) -> str:
    return f"plan/drapeaux/{slugify(code)}.md"


# What the dashboard's filters read in its address (tableau.js), for each kind of node.
_DASHBOARD_FILTERS = {"groupe": ("groupe", "code"), "os": ("os", "numero"), "oo": ("oo", "key"),
                      "service": ("service", "name")}


def dashboard_query(node: Any) -> str:
    """« groupe=externe », « oo=12 »…: the dashboard filtered to the actions of ``node``
    (a group, an OS, an OO or a service); "" for the whole plan."""
    from urllib.parse import urlencode

    if node is None or node.kind not in _DASHBOARD_FILTERS:
        return ""
    name, attribute = _DASHBOARD_FILTERS[node.kind]
    return urlencode({name: getattr(node, attribute)})


def url_of(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives to a page written at ``src_uri`` (anchors kept)."""
    path, _, anchor = src_uri.partition("#")
    if path.endswith(".md"):
        stem = path[:-3]
        if posixpath.basename(stem) in ("index", "README"):
            url = posixpath.dirname(stem)
            url = f"{url}/" if url else ""
        elif use_directory_urls:
            url = f"{stem}/"
        else:
            url = f"{stem}.html"
    else:
        url = path
    return f"{url}#{anchor}" if anchor else url


class Links:
    """Relative links from one page (URLs as MkDocs computes them)."""

    def __init__(self, page_url: str, use_directory_urls: bool = True):
        # Imported here: ``pst check`` loads this module (the plan's pages) but needs no MkDocs.
        from mkdocs.utils import get_relative_url

        self.page_url = page_url
        self.use_directory_urls = use_directory_urls
        self._relative = get_relative_url

    def to(self, target: str | Node) -> str:
        src = target if isinstance(target, str) else target.page
        url = url_of(src, self.use_directory_urls)
        path, _, anchor = url.partition("#")
        rel = self._relative(path or ".", self.page_url or ".")
        if (path == "" or path.endswith("/")) and not rel.endswith("/"):
            rel += "/"
        return f"{rel}#{anchor}" if anchor else rel
