"""The one table that turns validation errors into plain French for a CPAS's staff."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Mapping
from typing import Any, get_args

from pydantic import BaseModel

# pydantic error type -> French message; {field} is the key, {input} what the editor wrote.
MESSAGES: dict[str, str] = {
    "missing": "champ obligatoire « {field} » manquant : ajoutez « {field}: … ».",
    "extra_forbidden": "clé inconnue « {field} »{suggestion}",
    "string_type": "« {field} » doit être un texte, pas une liste ni un bloc.",
    "string_too_short": "« {field} » est vide : écrivez un texte ou supprimez la ligne.",
    "int_parsing": "« {field} » doit être un nombre entier (reçu « {input} »).",
    "int_type": "« {field} » doit être un nombre entier.",
    "float_parsing": "« {field} » doit être un nombre (reçu « {input} »).",
    "decimal_parsing": "« {field} » doit être un montant ou un nombre, par ex. 12500 ou 12500.50 "
    "(reçu « {input} »).",
    "decimal_type": "« {field} » doit être un montant ou un nombre, par ex. 12500 ou 12500.50.",
    "decimal_max_places": "« {field} » : au plus deux décimales (reçu « {input} »).",
    "decimal_max_digits": "« {field} » : nombre trop grand (reçu « {input} »).",
    "decimal_whole_digits": "« {field} » : nombre trop grand (reçu « {input} »).",
    "string_too_long": "« {field} » est trop long : au plus {max_length} caractères (reçu "
    "{length} caractères).",
    "bool_parsing": "« {field} » doit valoir oui ou non (true / false) (reçu « {input} »).",
    "bool_type": "« {field} » doit valoir oui ou non (true / false).",
    "date_from_datetime_parsing": "« {field} » doit être une date AAAA-MM-JJ (reçu « {input} »).",
    "date_parsing": "« {field} » doit être une date AAAA-MM-JJ (reçu « {input} »).",
    "date_type": "« {field} » doit être une date AAAA-MM-JJ.",
    "list_type": "« {field} » doit être une liste (une ligne « - … » par élément, ou [a, b]).",
    "dict_type": "« {field} » doit être un bloc de clés (« clé: valeur »), pas un texte.",
    "model_type": "« {field} » doit être un bloc de clés (« clé: valeur »), pas un texte.",
    "model_attributes_type": "« {field} » doit être un bloc de clés (« clé: valeur »).",
    "too_short": "« {field} » ne peut pas être vide : ajoutez au moins un élément.",
    "greater_than_equal": "« {field} » doit être au moins {ge} (reçu « {input} »).",
    "less_than_equal": "« {field} » doit être au plus {le} (reçu « {input} »).",
    "string_pattern_mismatch": "« {field} » : code « {input} » invalide ; utilisez des minuscules "
    "sans accents, chiffres et tirets (par ex. « volet-externe »).",
    "literal_error": "« {field} » : valeur inconnue « {input} »{suggestion} — valeurs possibles : "
    "{expected}.",
    "value_error": "« {field} » : {detail}",
}

VALUE_ERRORS = {
    "numero_invalide": "numéro « {input} » invalide : écrivez un nombre (12) ou des nombres "
    "séparés par des points (2.1.13).",
    "code_invalide": "code « {input} » invalide : minuscules sans accents, chiffres et tirets.",
    "couleur_invalide": "couleur « {input} » invalide : écrivez-la en hexadécimal, « # » et six "
    "chiffres ou lettres de a à f (par ex. « #1f4e8c »).",
    "couleur_trop_claire": "couleur « {input} » trop claire : le texte blanc de l’en-tête n’y "
    "atteint pas le contraste de 4,5:1 (WCAG AA) ; choisissez une teinte plus foncée.",
    "logo_invalide": "logo « {input} » : indiquez un fichier .svg, .png, .jpg ou .webp du "
    "dossier data/ (par ex. « logo.svg »), sans « .. » ni adresse internet.",
    "cle_invalide": "clé « {input} » invalide : minuscules sans accents, chiffres et « _ », en "
    "commençant par une lettre (par ex. « public_cible »).",
    "unite_manquante": "une valeur chiffrée demande son unité : ajoutez « unite: … » (par ex. "
    "« % », « personnes », « dossiers »).",
}


def suggestion(word: str, choices: typing.Iterable[str]) -> str:
    """' — vouliez-vous dire « x » ?' when a choice is close to ``word``, else ''."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" — vouliez-vous dire « {close[0]} » ?" if close else ""


def translate(error: Mapping[str, Any], model_fields: typing.Iterable[str] = ()) -> str:
    """French message for one pydantic error (from ``ValidationError.errors()``)."""
    kind = error["type"]
    loc = error.get("loc", ())
    field = next((p for p in reversed(loc) if isinstance(p, str)), "valeur")
    raw_input = error.get("input")
    shown = raw_input if isinstance(raw_input, (str, int, float)) else ""
    ctx = error.get("ctx") or {}
    values: dict[str, Any] = {"field": field, "input": shown, "suggestion": "", "detail": "",
                              "expected": "", **{k: v for k, v in ctx.items() if k in ("ge", "le", "max_length")}}
    if kind == "string_too_long":
        values["length"] = len(raw_input) if isinstance(raw_input, str) else "?"
    if kind == "extra_forbidden":
        values["suggestion"] = (suggestion(field, model_fields)
                                or " : supprimez-la ou corrigez son nom.")
    elif kind == "literal_error":
        expected = _literal_choices(ctx.get("expected", ""))
        values["expected"] = ", ".join(expected)
        values["suggestion"] = suggestion(str(shown), expected).replace(" — ", " ; ", 1)
    elif kind == "value_error":
        detail = str(ctx.get("error", error.get("msg", "")))
        template = VALUE_ERRORS.get(detail)
        values["detail"] = template.format(**values) if template else detail
    template = MESSAGES.get(kind)
    if template is None:
        return f"« {field} » : {error.get('msg', kind)} (reçu « {shown} »)."
    return template.format(**values)


def _literal_choices(expected: str) -> list[str]:
    # pydantic renders the choices as "'a', 'b' or 'c'"
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",") if part.strip()]


def fields_of(model: type[BaseModel], loc: tuple) -> list[str]:
    """Names of the fields allowed at ``loc`` (to suggest a correction for an unknown key)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part) or next(
            (i for i in current.model_fields.values() if i.alias == part), None)
        if info is None:
            return []
        current = _item_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        # the keys editors write: « continue », not the Python name « continue_ »
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _item_model(annotation: Any) -> Any:
    """The BaseModel inside ``list[X]``, ``X | None``, ``Annotated[...]``, if any."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        stack.extend(get_args(current))
    return None
