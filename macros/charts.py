"""Build-time SVG charts (no JavaScript): geometry here, markup in templates/charts/.

Readable without colour: every segment carries its number, each series has its own pattern,
and each chart has a text alternative (<title>, <desc>) and a data table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import monitoring
from .rendering import render

WIDTH = 680
LABEL_WIDTH = 90
BAR_WIDTH = WIDTH - LABEL_WIDTH - 50
ROW = 26
GAP = 10

# One look per statut / per series: a colour (AA contrast with its label) and a pattern.
STATUT_STYLES = {
    "en création": ("#e0e0e0", "dots", "#000000"),
    "à programmer": ("#cfd8dc", "none", "#000000"),
    "en cours": ("#90caf9", "hatch", "#000000"),
    "finalisé": ("#2e7d32", "none", "#ffffff"),
    "annulé": ("#6d4c41", "cross", "#ffffff"),
}
SERIES_STYLES = [("#9fa8da", "hatch", "#000000"), ("#283593", "none", "#ffffff"),
                 ("#00838f", "dots", "#ffffff"), ("#6a1b9a", "cross", "#ffffff")]


@dataclass
class Segment:
    x: float
    width: float
    value: int
    label: str
    style: tuple


@dataclass
class Row:
    label: str
    y: float
    segments: list[Segment] = field(default_factory=list)


def statut_chart(chart_id: str, tallies: list[monitoring.Tally], title: str) -> str:
    statuts = monitoring.used_statuts(tallies)
    rows = []
    for i, t in enumerate(tallies):
        row = Row(label=t.label, y=i * (ROW + GAP))
        x = 0.0
        for statut in statuts:
            count = t.statuts[statut]
            if not count or not t.evaluated:
                continue
            width = BAR_WIDTH * count / t.evaluated
            row.segments.append(Segment(x, width, count, statut, STATUT_STYLES[statut]))
            x += width
        rows.append(row)
    desc = "; ".join(f"{t.label} : " + ", ".join(f"{t.statuts[s]} {s}" for s in statuts
                                                     if t.statuts[s]) for t in tallies)
    legend = [(s, STATUT_STYLES[s]) for s in statuts]
    return render("charts/bars.svg.j2", chart_id=chart_id, title=title, desc=desc, rows=rows,
                  legend=legend, width=WIDTH, label_width=LABEL_WIDTH, row=ROW, gap=GAP,
                  styles=[STATUT_STYLES[s] for s in statuts], unit="")


def progress_chart(chart_id: str, labels: list[str], series: list[tuple[str, list[int | None]]],
                   title: str) -> str:
    """Grouped bars: mean avancement (%) per row label, one bar per series (evaluation)."""
    bar = ROW // max(1, len(series)) if len(series) > 1 else ROW
    bar = max(bar, 10)
    rows = []
    for i, label in enumerate(labels):
        row = Row(label=label, y=i * (bar * len(series) + GAP))
        for k, (_, values) in enumerate(series):
            value = values[i]
            if value is None:
                continue
            style = SERIES_STYLES[k % len(SERIES_STYLES)]
            row.segments.append(Segment(0, BAR_WIDTH * value / 100, value, f"{value} %", style))
        rows.append(row)
    desc = "; ".join(f"{label} : " + ", ".join(f"{name} {values[i]} %" for name, values in series
                                                if values[i] is not None)
                     for i, label in enumerate(labels))
    legend = [(name, SERIES_STYLES[k % len(SERIES_STYLES)]) for k, (name, _) in enumerate(series)]
    return render("charts/progress.svg.j2", chart_id=chart_id, title=title, desc=desc, rows=rows,
                  legend=legend, width=WIDTH, label_width=LABEL_WIDTH, bar=bar, gap=GAP,
                  n=len(series), styles=[s for _, s in legend])
