"""Macros that editors call in any Markdown page (documented on "Référence des macros").

Each macro returns Markdown/HTML built by the same templates as the generated pages. A wrong
number or argument stops the build with a French message (``on_error_fail: true``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from .plan import Plan, natural_key
from .rendering import render_macro
from .urls import Links

COMPONENTS = "components/components.j2"
KINDS = {"action": "action", "os": "os", "oo": "oo", "dps": "dps", "engagement": "dps"}
COUNTABLE = ("actions", "os", "oo", "engagements", "engagements_non_couverts", "groupes")


class MacroError(ValueError):
    """A macro called with a wrong argument; the message says how to fix the call."""


class Components:
    """The macros, bound to the plan of the build and to the page being rendered."""

    def __init__(self, plan: Plan, page_url: Callable[[], str], use_directory_urls: bool = True):
        self.plan = plan
        self._page_url = page_url  # callable: the URL of the page being rendered
        self.use_directory_urls = use_directory_urls

    @property
    def links(self) -> Links:
        return Links(self._page_url(), self.use_directory_urls)

    def _find(self, kind: str, numero: object) -> Any:  # the node of that kind (Plan.find)
        key = KINDS.get(kind)
        if key is None:
            raise MacroError(f"type « {kind} » inconnu : utilisez action, os, oo ou dps.")
        node = self.plan.find(key, numero)
        if node is None:
            raise MacroError(f"{kind} « {numero} » introuvable dans le {self.plan.titre_court}.")
        return node

    # --- macros -------------------------------------------------------------------------------

    def vue_ensemble(self) -> Markup:
        """Cards of the objectives (by group), with their counts."""
        from . import monitoring

        return Markup(render_macro(COMPONENTS, "overview", self.links, self.plan,
                                   monitoring.rollups_by_os(self.plan)))

    def accueil(self) -> Markup:
        """Links to the main views of the plan (dashboard, flags, DPS, chapters)."""
        from . import urls

        targets = {"dashboard": urls.DASHBOARD, "coverage": urls.DPS_COVERAGE,
                   "flags": {d.code: urls.flag_page(d.code) for d in self.plan.drapeaux}}
        return Markup(render_macro(COMPONENTS, "home_links", self.links, self.plan, targets))

    def etat_du_plan(self) -> Markup:
        """The state of the plan at the latest evaluation (nothing if there is none yet)."""
        from . import monitoring

        latest = self.plan.latest_evaluation
        if latest is None:
            return Markup("")
        whole = monitoring.tally("", self.plan.actions, latest)
        return Markup(render_macro(COMPONENTS, "plan_state", self.links, self.plan, latest, whole))

    def actions_drapeaux(self) -> Markup:
        """One table per flag of the plan (e.g. the priority actions)."""
        return Markup(render_macro(COMPONENTS, "flag_tables", self.links, self.plan))

    def tableau_actions(self, os: object = None, oo: object = None, groupe: object = None,
                        drapeau: str | None = None, colonnes: Iterable[str] | None = None,
                        titre: str = "") -> Markup:
        """Table of actions, filtered by OS, OO, group and/or flag."""
        actions = self.plan.actions
        if os is not None:
            actions = [a for a in actions if a in self._find("os", os).actions]
        if oo is not None:
            actions = [a for a in actions if a in self._find("oo", oo).actions]
        if groupe is not None:
            group = self.plan.find("groupe", groupe)
            if group is None:
                codes = ", ".join(g.code for g in self.plan.groupes) or "aucun"
                raise MacroError(f"groupe « {groupe} » inconnu (codes : {codes}).")
            actions = [a for a in actions if a in group.actions]
        if drapeau is not None:
            if self.plan.flag(drapeau) is None:
                codes = ", ".join(d.code for d in self.plan.drapeaux) or "aucun"
                raise MacroError(f"drapeau « {drapeau} » inconnu (codes : {codes}).")
            actions = [a for a in actions if a.has_flag(drapeau)]
        columns = tuple(colonnes) if colonnes else ("numero", "titre", "os", "oo", "drapeaux")
        allowed = {"numero", "titre", "os", "oo", "groupe", "service", "echeance", "drapeaux", "dps",
                   "statut", "sante", "avancement"}
        unknown = [c for c in columns if c not in allowed]
        if unknown:
            raise MacroError(f"colonne(s) inconnue(s) {', '.join(unknown)} ; possibles : "
                             f"{', '.join(sorted(allowed))}.")
        actions = sorted(actions, key=lambda a: natural_key(a.numero))
        return Markup(render_macro(COMPONENTS, "action_table", self.links, actions, columns,
                                   titre, self.plan.latest_evaluation))

    def lien(self, kind: str, numero: object, titre: bool = True) -> Markup:
        """Link to an item by number, showing its number and title."""
        node = self._find(kind, numero)
        if kind in ("dps", "engagement"):
            text = f"{node.ref} {node.titre}" if titre else node.ref
            return Markup('<a href="{}">{}</a>').format(self.links.to(node), text)
        return Markup(render_macro(COMPONENTS, "item_link", self.links, node, True)) if titre else \
            Markup('<a href="{}">{}</a>').format(self.links.to(node), node.label)

    def lien_action(self, numero: object, titre: bool = True) -> Markup:
        return self.lien("action", numero, titre)

    def lien_os(self, numero: object, titre: bool = True) -> Markup:
        return self.lien("os", numero, titre)

    def lien_oo(self, numero: object, titre: bool = True) -> Markup:
        return self.lien("oo", numero, titre)

    def lien_dps(self, numero: object, titre: bool = True) -> Markup:
        return self.lien("dps", numero, titre)

    def nombre(self, quoi: str = "actions", drapeau: str | None = None) -> int:
        """Counts: actions, os, oo, groupes, engagements, engagements_non_couverts."""
        if quoi not in COUNTABLE:
            raise MacroError(f"nombre(« {quoi} ») : possibles : {', '.join(COUNTABLE)}.")
        if quoi == "actions":
            if drapeau is not None:
                if self.plan.flag(drapeau) is None:
                    raise MacroError(f"drapeau « {drapeau} » inconnu.")
                return len(self.plan.flagged(drapeau))
            return len(self.plan.actions)
        if quoi == "os":
            return len(self.plan.objectifs)
        if quoi == "oo":
            return len(self.plan.oos)
        if quoi == "groupes":
            return len(self.plan.groupes)
        leaves = self.plan.dps.leaves if self.plan.dps else []
        if quoi == "engagements":
            return len(leaves)
        return len([e for e in leaves if not e.covered])

    def engagements_dps(self, kind: str, numero: object) -> Markup:
        """List of the DPS commitments an OS, OO or action carries out."""
        node = self._find(kind, numero)
        if kind in ("dps", "engagement"):
            raise MacroError("engagements_dps s'applique à une action, un os ou un oo.")
        return Markup(render_macro(COMPONENTS, "dps_list", self.links, node.dps,
                                   "Aucun engagement de la DPS relié."))

    def swot(self) -> Markup:
        """The SWOT analysis of the plan (data/<legislature>/swot.yml), in four lists."""
        if self.plan.swot is None:
            raise MacroError("swot() : ce plan n'a pas de fichier swot.yml.")
        note = ""
        if self.plan.swot.note:
            from .rendering import markdown_field

            note = "\n\n" + str(markdown_field(self.plan.swot.note)) + "\n\n"
        return Markup(render_macro(COMPONENTS, "swot_table", self.links, self.plan.swot) + note)

    MACROS = ("etat_du_plan", "swot", "accueil", "actions_drapeaux", "vue_ensemble",
              "tableau_actions", "lien", "lien_action", "lien_os", "lien_oo", "lien_dps", "nombre",
              "engagements_dps")
