"""Find by number: the map from « 7 », « OO 12 », « OS 3 » to the item's page, for the search.

Material's search (lunr) ranks words, not numbers: « 7 » found action 79 first. The site ships
this small map (``search/numeros.json``, read by ``assets/recherche.js`` when a query looks like
a number) so that the item bearing that number comes first; other queries are left to Material.
"""

from __future__ import annotations

import json

from . import urls
from .plan import Node, Plan

NUMBERS_JSON = "search/numeros.json"
TITLE_SIZE = 120  # characters of a title kept in the map: it is read whole at the first query


def numbers_map(plan: Plan, use_directory_urls: bool = True) -> dict:
    """{"action": {"7": [title, url]}, "os": {…}, "oo": {…}}, URLs relative to the site root."""
    def entry(node: Node, title: str) -> list[str]:
        if len(title) > TITLE_SIZE:
            title = title[:TITLE_SIZE - 1].rstrip() + "…"
        return [title, urls.url_of(node.page, use_directory_urls)]

    return {
        "action": {a.numero.lower(): entry(a, f"{a.label} — {a.titre}") for a in plan.actions},
        "oo": {oo.key.lower(): entry(oo, f"{oo.label} — {oo.titre}") for oo in plan.oos},
        "os": {o.numero.lower(): entry(o, f"{o.label} — {o.titre}") for o in plan.objectifs},
    }


def numbers_json(plan: Plan, use_directory_urls: bool = True) -> str:
    return json.dumps(numbers_map(plan, use_directory_urls), ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True)
