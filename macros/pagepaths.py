"""Every file of the site has one owner: who claims which path, and the collisions.

The generator writes pages for items whose paths come from editors' text (service names, codes,
file names) next to fixed pages (the dashboard, the indexes) and hand-written pages of docs/.
Two of them landing on one output file would silently replace each other; here each claim is
listed once, and a collision is a problem located at the later claimant, naming the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import budget, theme, urls
from .errors import Problem
from .plan import Plan, Source
from .searchnumbers import NUMBERS_JSON

# Longest path segment written for a claim (file systems refuse names above 255 bytes; slugs
# are ASCII and MkDocs adds at most "/index.html"). Service names are shortened to fit
# (``urls.page_slug``); codes and file names are the editor's identifiers: refused when longer.
MAX_SEGMENT = 100

FIXED = {
    urls.PLAN_INDEX: "l'accueil du plan (page générée)",
    urls.DASHBOARD: "le tableau de bord (page générée)",
    urls.PRINT: "la version imprimable (page générée)",
    urls.SERVICES_INDEX: "l'index des services (page générée)",
    urls.DPS_INDEX: "l'accueil de la DPS (page générée)",
    urls.DPS_COVERAGE: "la couverture de la DPS (page générée)",
    urls.EVALUATIONS_INDEX: "l'index des évaluations (page générée)",
    urls.COMPARISON: "la comparaison des évaluations (page générée)",
    urls.EXPORT_JSON: "l'export pst.json (fichier généré)",
    urls.EXPORT_CSV: "l'export tableau-de-bord.csv (fichier généré)",
    urls.EXPORT_XLSX: "l'export tableau-de-bord.xlsx (fichier généré)",
    urls.EXPORT_ECOMPTES: "l'export pst-ecomptes.xml (fichier généré)",
    urls.BUDGET: "le budget du plan (page générée)",
    urls.EXPORT_PDF: "le PDF du plan (fichier généré par pst publish)",
    NUMBERS_JSON: "l'index des numéros de la recherche (fichier généré)",
}


@dataclass(frozen=True)
class Claim:
    src_uri: str  # where MkDocs reads the page (its output file follows from it)
    owner: str  # who claims it, in French: « le service « Index » »
    where: Source | None = None  # where the editor wrote it (None: a fixed page)
    fix: str = ""  # what to change, in French

    def problem(self, message: str) -> Problem:
        where = self.where or Source("", 1)
        return Problem(where.file, where.line, where.column, "", message)


def destination(src_uri: str) -> str:
    """The output file of ``src_uri`` (directory URLs, MkDocs' default), compared without case:
    intranet shares and Windows/macOS checkouts do not tell « Index » from « index »."""
    url = urls.url_of(src_uri, True)
    return (url + "index.html" if url.endswith("/") or url == "" else url).casefold()


def plan_claims(plan: Plan) -> list[Claim]:
    """Every path the generator writes for ``plan``, in the order of ``pages.plan_pages`` (which
    a test keeps in step), then chapters and exports. ``urls.assign_pages`` must have run."""
    out = [Claim(urls.PLAN_INDEX, FIXED[urls.PLAN_INDEX]),
           Claim(urls.DASHBOARD, FIXED[urls.DASHBOARD])]
    out += [Claim(urls.flag_page(f.code), f"le drapeau « {f.code} »", plan.flag_sources.get(f.code),
                  "changez son code") for f in plan.drapeaux]
    word = plan.libelle_groupe
    out += [Claim(g.page, f"le {word} « {g.code} »", g.source, "changez son code")
            for g in plan.groupes]
    # Former addresses of group pages: a redirect is written there (``generated``).
    groups = {g.page: g for g in plan.groupes}
    out += [Claim(f"{old.rsplit('/', 1)[0]}/index.html",
                  f"l'ancienne adresse du {word} « {groups[new].code} » (redirection)",
                  groups[new].source, "changez son code")
            for old, new in urls.former_group_pages(plan).items() if new in groups]
    out += [Claim(o.page, f"l'OS {o.numero}", o.source, "changez son numéro") for o in plan.objectifs]
    out += [Claim(o.page, f"l'OO {o.key}", o.source, "changez son numéro") for o in plan.oos]
    out += [Claim(a.page, f"l'action {a.numero}", a.source, "changez son numéro")
            for a in plan.actions]
    out.append(Claim(urls.PRINT, FIXED[urls.PRINT]))
    if budget.has_budget(plan):
        out.append(Claim(urls.BUDGET, FIXED[urls.BUDGET]))
    if plan.services:
        out.append(Claim(urls.SERVICES_INDEX, FIXED[urls.SERVICES_INDEX]))
        out += [Claim(s.page, f"le service « {s.name} »", s.source,
                      "renommez le service (dans toutes les actions qui le citent)")
                for s in plan.services]
    if plan.dps:
        out.append(Claim(urls.DPS_INDEX, FIXED[urls.DPS_INDEX]))
        out += [Claim(p.page, f"la partie de la DPS « {p.code} »", p.source, "changez son code")
                for p in plan.dps.parts]
        out.append(Claim(urls.DPS_COVERAGE, FIXED[urls.DPS_COVERAGE]))
    if plan.evaluations:
        out.append(Claim(urls.EVALUATIONS_INDEX, FIXED[urls.EVALUATIONS_INDEX]))
        out += [Claim(e.page, f"l'évaluation {e.source.file}", Source(e.source.file, 1, 1),
                      "renommez le fichier") for e in plan.evaluations]
        if len(plan.evaluations) > 1:
            out.append(Claim(urls.COMPARISON, FIXED[urls.COMPARISON]))
    out += [Claim(c.src_uri, f"le chapitre {c.source.file}", c.listed, "renommez le fichier")
            for c in plan.chapters]
    # The eComptes export is claimed even when this plan has none: the path stays reserved.
    out += [Claim(uri, FIXED[uri]) for uri in (urls.EXPORT_JSON, urls.EXPORT_CSV, urls.EXPORT_XLSX,
                                               urls.EXPORT_ECOMPTES, NUMBERS_JSON, urls.EXPORT_PDF)]
    # PDFs of the evaluations (pst publish adds them): reserved like the plan's.
    out += [Claim(urls.evaluation_pdf(e.slug), f"le PDF de l'évaluation {e.source.file}",
                  Source(e.source.file, 1, 1), "renommez le fichier") for e in plan.evaluations]
    logo = theme.logo_path(plan.institution)
    if logo:
        out.append(Claim(logo, "le logo de l'institution (institution.yml)"))
    return out


def docs_claims(src_uris: list[str], docs_dir: str) -> list[Claim]:
    """Hand-written files of docs/ (``docs_dir`` as shown, e.g. « docs »)."""
    return [Claim(uri, f"la page {docs_dir}/{uri}", Source(f"{docs_dir}/{uri}", 1, 1),
                  "renommez-la ou déplacez-la") for uri in src_uris]


def collisions(claims: list[Claim]) -> list[Problem]:
    """A problem for each claim whose output file is already claimed, and for each path segment
    too long for a file system."""
    problems = []
    owners: dict[str, Claim] = {}
    for claim in claims:
        longest = max(claim.src_uri.split("/"), key=len)
        if len(longest) > MAX_SEGMENT and claim.where is not None:
            problems.append(claim.problem(
                f"{claim.owner} donnerait un nom de fichier de {len(longest)} caractères (au plus "
                f"{MAX_SEGMENT}) : {claim.fix or 'raccourcissez-le'}."))
            continue
        dest = destination(claim.src_uri)
        first = owners.setdefault(dest, claim)
        if first is claim:
            continue
        located = claim if claim.where is not None else first
        other = first if located is claim else claim
        where = f" ({other.where.file}:{other.where.line})" if other.where else ""
        url = urls.url_of(claim.src_uri, True) or "/"
        problems.append(located.problem(
            f"{located.owner} aurait l'adresse « {url} », déjà prise par {other.owner}{where} : "
            f"l'une des deux pages remplacerait l'autre ; {located.fix}."))
    return problems
