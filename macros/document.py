"""The official documents as PDF, from the same data as the site: the PST as the Conseil adopts
it (``pst document``) and an evaluation report (``pst document --evaluation ID``).

Engine: WeasyPrint. It lays out paged HTML/CSS itself (no browser process to start), computes the
table of contents' page numbers (``target-counter``), makes PDF bookmarks from the headings,
embeds the fonts (subsets of the system's DejaVu), fetches nothing from the network (a URL
fetcher that accepts only ``data:`` URLs), and gives the same bytes for the same data (no date
in the file). Checked with WeasyPrint 70.0. Headless Chromium prints well too, but gives
neither page numbers in a table of contents nor bookmarks without a second pass.

Chapters are rendered like the site's (macros, then Markdown), then sanitised with the site's
allow-list: a document is no place for an editor's raw HTML either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import budget, indicators, monitoring
from .plan import EvaluationNode, Plan
from .rendering import environment

TEMPLATE = "document/pst.html.j2"
EVALUATION_TEMPLATE = "document/evaluation.html.j2"


class DocumentError(ValueError):
    """The document cannot be made as asked; the message says why, in French."""


@dataclass
class Document:
    html: str
    title: str


def offline_fetcher() -> Any:
    """WeasyPrint's fetcher, allowed only ``data:`` URLs: no network, no file outside the
    document (a refused resource is left out with a warning, the PDF is still written)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def _chapter_html(plan: Plan, text: str, shown: str) -> Markup:
    """A chapter: its macros rendered with the site's macros and variables (``register``, as
    ``pst check`` does; links relative to the site's root), its Markdown converted, the result
    sanitised."""
    import markdown
    from jinja2 import TemplateError

    from . import register
    from .editorpages import CheckEnvironment, MacroFailure
    from .sanitizing import FIELD_EXTENSIONS, clean

    env = CheckEnvironment({})
    register(env, plan)
    try:
        rendered = env.env.from_string(text).render(**env.variables)
    except (MacroFailure, TemplateError) as exc:
        raise DocumentError(f"{shown} : macro en erreur ({exc}) — lancez « pst check » pour "
                            "la localiser.") from None
    html = markdown.Markdown(extensions=FIELD_EXTENSIONS).convert(rendered)
    return Markup(clean(html))


def _chapters(plan: Plan) -> list[tuple[str, Markup]]:
    out = []
    for chapter in plan.chapters:
        text = chapter.path.read_text(encoding="utf-8")
        # The chapter's first heading is its title in the document's own heading.
        lines = text.splitlines()
        body = "\n".join(lines[1:]) if lines and lines[0].startswith("# ") else text
        out.append((chapter.title or chapter.path.stem,
                    _chapter_html(plan, body, chapter.source.file)))
    return out


def _css_string(value: str) -> Markup:
    """``value`` as a CSS string inside the document's <style> (quotes, backslashes and the
    characters that could end the style element escaped as CSS escapes)."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>&\n\r' else ch for ch in value)
    return Markup(f'"{escaped}"')


def _base_context(plan: Plan, header: str) -> dict[str, Any]:
    from .urls import Links

    return {"plan": plan, "header_right": _css_string(header), "links": Links("", True)}


def plan_document(plan: Plan) -> Document:
    context = {
        **_base_context(plan, plan.titre_court),
        "chapters": _chapters(plan), "adoption_line": adoption_line(plan),
        "rollup": budget.plan_rollup(plan) if budget.has_budget(plan) else None,
    }
    html = environment().get_template(TEMPLATE).render(**context)
    return Document(html, f"{plan.meta.titre} — {plan.institution.nom}")


def find_evaluation(plan: Plan, wanted: str) -> EvaluationNode:
    for evaluation in plan.evaluations:
        names = (evaluation.slug, evaluation.date.isoformat(), Path(evaluation.source.file).stem)
        if wanted in names:
            return evaluation
    known = ", ".join(e.slug for e in plan.evaluations) or "aucune"
    raise DocumentError(f"évaluation « {wanted} » introuvable dans la législature "
                        f"{plan.legislature} — évaluations : {known}.")


def evaluation_document(plan: Plan, evaluation: EvaluationNode) -> Document:
    context = {
        **_base_context(plan, f"{evaluation.titre} — {plan.titre_court}"),
        "evaluation": evaluation,
        "groups": monitoring.by_group(plan, evaluation),
        "oss": monitoring.by_os(plan, evaluation),
        "statuts": monitoring.used_statuts(monitoring.by_group(plan, evaluation)),
        "late": monitoring.late_actions(plan, evaluation),
        "risky": monitoring.at_risk(plan, evaluation),
        "synergies": plan.synergies,
        "indicator_rows": indicators.by_os(plan, evaluation),
        "measured": indicators.evaluation_states(plan, evaluation),
    }
    html = environment().get_template(EVALUATION_TEMPLATE).render(**context)
    return Document(html, f"{evaluation.titre} — {plan.meta.titre}")


def pdf_bytes(document: Document, base: Path | None = None) -> bytes:
    """The PDF of ``document``: A4, fonts embedded, bookmarks from the headings."""
    from weasyprint import HTML

    html = HTML(string=document.html, base_url=str(base or Path.cwd()),
                url_fetcher=offline_fetcher())
    return html.write_pdf(pdf_identifier=b"pst-site", uncompressed_pdf=False) or b""


def adoption_line(plan: Plan) -> str:
    from .rendering import date_fr

    adoption = plan.meta.adoption
    if adoption is None or (adoption.organe is None and adoption.date is None):
        return ""
    parts = ["Adopté"]
    if adoption.organe:
        parts.append(f"par le {adoption.organe}" if not adoption.organe.lower().startswith(
            ("le ", "la ", "l'", "l’")) else f"par {adoption.organe}")
    if isinstance(adoption.date, dt.date):
        parts.append(f"le {date_fr(adoption.date)}")
    return " ".join(parts)
