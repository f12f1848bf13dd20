"""The review report of an import: in the terminal and as a Markdown file next to the data.

Counts per level, numbering gaps and duplicates, lines not placed (with their line or page),
fields recognised, repairs made, and what the user should check before publishing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import DpsResult, ImportResult

if TYPE_CHECKING:
    from .writing import Written

FIELD_NAMES = {"qui": "Qui", "echeance": "Échéance (date)", "estimation_budgetaire": "Budget",
               "indicateurs": "Indicateurs", "partenaires": "Partenaires",
               "commentaires": "Autres (échéance en clair…) en commentaires"}


def _sections(result: ImportResult | DpsResult) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = []
    head = [f"Document : {result.source}",
            f"Lecture choisie : {result.layout_description or result.layout}",
            f"Durée de l'import : {result.seconds:.2f} s"]
    if isinstance(result, DpsResult):
        parts = result.dps["parties"]
        counts = [f"{result.summary()}"] + [
            f"{p['type']} {p['numero']} « {p['titre']} » : {_count(p.get('engagements', []))} "
            "engagement(s)" for p in parts]
        sections += [("Import", head), ("Trouvé", counts)]
        checks = ["comparez les numéros et les titres des engagements au document ;",
                  "ajoutez l'introduction et le volet budgétaire s'ils manquent."]
    else:
        n_os, n_oo, n_actions = result.counts()
        subs = sum(len(a.get("sous_actions", [])) for o in result.plan["objectifs_strategiques"]
                   for oo in o.get("objectifs_operationnels", []) for a in oo.get("actions", []))
        for name, size in result.alternatives:
            head.append(f"Autre lecture essayée : {name} ({size[2]} OS, {size[1]} OO, "
                        f"{size[0]} actions), moins plausible")
        counts = [f"objectifs stratégiques : {n_os}", f"objectifs opérationnels : {n_oo}",
                  f"actions : {n_actions}", f"sous-actions : {subs}"]
        for flag in result.plan.get("drapeaux", []):
            flagged = sum(1 for o in result.plan["objectifs_strategiques"]
                          for oo in o.get("objectifs_operationnels", []) for a in oo.get("actions", [])
                          if flag["code"] in a.get("drapeaux", []))
            counts.append(f"drapeau « {flag['libelle']} » : {flagged} action(s)")
        sections += [("Import", head), ("Trouvé", counts)]
        sections.append(("Numérotation", result.numbering or ["aucun trou ni doublon."]))
        if result.merged_oos:
            sections.append(("OO listés deux fois (résumé puis détail), fusionnés",
                             [f"OO {', '.join(result.merged_oos)}"]))
        fields = [f"{FIELD_NAMES.get(name, name)} : {count}"
                  for name, count in sorted(result.fields_seen.items())]
        sections.append(("Champs des sous-actions reconnus", fields or ["aucun."]))
        checks = ["comparez les titres et les numéros au document original ;"]
        if result.numbering:
            checks.append("vérifiez les trous et doublons de numérotation ci-dessus ;")
        if any("(titre absent)" in str(o) for o in result.plan["objectifs_strategiques"]):
            checks.append("complétez les titres « (titre absent) » ;")
        if result.institution is None:
            checks.append("vérifiez le nom de l'institution dans institution.yml ;")
        checks.append("complétez les fiches action (service, échéance, engagements de la DPS).")
    if result.notes:
        sections.append(("Réparations et doutes", result.notes))
    unplaced = [f"{line.where()} : {line.text}" for line in result.unplaced]
    sections.append((f"Lignes non placées ({len(unplaced)})",
                     unplaced or ["toutes les lignes de la liste ont été placées."]))
    if result.unplaced:
        checks.insert(0, f"reprenez à la main les {len(result.unplaced)} ligne(s) non placée(s) ;")
    sections.append(("À vérifier", checks))
    return sections


def _count(items: list[dict[str, Any]]) -> int:
    return sum(1 + _count(item.get("engagements", [])) for item in items)


def report_text(result: ImportResult | DpsResult, written: Written | None = None) -> str:
    lines = []
    for title, items in _sections(result):
        lines.append(f"{title} :")
        lines += [f"  - {item}" for item in items]
    if written is not None:
        lines.append("Écrit : " + ", ".join(str(path) for path in written.files))
        if written.report is not None:
            lines.append(f"Rapport : {written.report}")
    return "\n".join(lines)


def report_markdown(result: ImportResult | DpsResult, written: Written | None = None) -> str:
    lines = [f"# Rapport d'import — {result.source}", ""]
    for title, items in _sections(result):
        lines += [f"## {title}", ""] + [f"- {_md(item)}" for item in items] + [""]
    if written is not None:
        lines += ["## Fichiers écrits", ""] + [f"- `{path}`" for path in written.files] + [""]
        lines += ["Ensuite : `pst check " + str(written.data_dir) + "` puis, depuis le site, "
                  "`pst build`.", ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_")
