"""The fields a plan declares for its own fiche model (« champs_personnalises » in plan.yml).

A CPAS whose fiche has a row the standard fields lack (« Public cible », « Moyens humains »)
declares it once: key, label, help, nature (texte, markdown, liste, date), where it belongs
(action, sous_action, suivi), internal or not, exported or not, dashboard column or not. Its
values are written under « champs: » of each item. This module checks the declarations and the
values, with located French messages; ``fields.Fields`` then serves them to every output as it
serves the standard fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from . import model
from .fields import CUSTOM_OWNERS, REGISTRY
from .messages import suggestion
from .sanitizing import field_findings

# (path in the YAML document, French message) -> a located problem
Report = Callable[[tuple, str], None]


def check_declarations(meta: model.PlanFile, add: Report) -> list[model.ChampPersonnalise]:
    """The valid declarations; the others are reported (a key used twice, or a key the fiche
    already has)."""
    valid: list[model.ChampPersonnalise] = []
    seen: set[tuple[str, str]] = set()
    for i, declared in enumerate(meta.champs_personnalises):
        path = ("champs_personnalises", i)
        owner = CUSTOM_OWNERS[declared.pour]
        standard = {f.key for f in REGISTRY[owner]}
        if declared.cle in standard:
            add(path + ("cle",), f"« {declared.cle} » est déjà un champ de la fiche "
                f"({_owner_words(declared.pour)}) : écrivez-le directement, ou choisissez une "
                "autre clé.")
        elif (declared.pour, declared.cle) in seen:
            add(path + ("cle",), f"champ « {declared.cle} » déclaré deux fois pour "
                f"{_owner_words(declared.pour)}.")
        else:
            if declared.colonne and declared.pour == "sous_action":
                add(path + ("colonne",), "le tableau de bord n'a pas de colonne par sous-action : "
                    "retirez « colonne: true » (le champ reste sur la fiche).")
            seen.add((declared.pour, declared.cle))
            valid.append(declared)
    return valid


def check_values(values: dict[str, Any], pour: str, declared: list[model.ChampPersonnalise],
                 path: tuple, add: Report) -> None:
    """The « champs: » of one item: every key declared for it, every value of its nature."""
    natures = {d.cle: d.nature for d in declared if d.pour == pour}
    for key, value in values.items():
        where = path + ("champs", key)
        nature = natures.get(key)
        if nature is None:
            known = sorted(natures)
            close = suggestion(key, known)
            add(where, f"champ « {key} » non déclaré pour {_owner_words(pour)}"
                + (f"{close} Sinon, d" if close else " : d")
                + "éclarez-le dans « champs_personnalises » en tête de plan.yml"
                + (f" (champs déclarés : {', '.join(known)})." if known else "."))
        elif nature in ("texte", "markdown", "date") and not isinstance(value, str):
            add(where, f"« {key} » doit être un texte, pas une liste.")
        elif nature == "date" and not _is_date(value):
            add(where, f"« {key} » doit être une date AAAA-MM-JJ (reçu « {value} »).")
        elif nature == "markdown":  # what the sanitiser would remove, as for the standard fields
            for finding in field_findings(value):
                add(where, finding.message)


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _owner_words(pour: str) -> str:
    return {"action": "une action", "sous_action": "une sous-action",
            "suivi": "le suivi d'une action"}[pour]
