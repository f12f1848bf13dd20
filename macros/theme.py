"""The institution's own look (``couleurs`` and ``logo`` of institution.yml) applied to Material:
its custom palette reads CSS variables, written by overrides/main.html from what is set here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import model

LOGO_DIR = "assets/institution"


def _mix(colour: str, other: str, share: float) -> str:
    """``colour`` moved ``share`` of the way towards ``other`` (both #rrggbb)."""
    a = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def palette_variables(couleurs: model.Couleurs | None) -> dict[str, str]:
    """Material's CSS variables for a custom primary and accent colour (empty: theme default)."""
    if couleurs is None:
        return {}
    out: dict[str, str] = {}
    if couleurs.principale:
        main = couleurs.principale
        out.update({"--md-primary-fg-color": main, "--md-primary-fg-color--light": _mix(main, "#ffffff", .25),
                    "--md-primary-fg-color--dark": _mix(main, "#000000", .25),
                    "--md-primary-bg-color": "#ffffff", "--md-primary-bg-color--light": "#ffffffb3",
                    "--pst-accent": main, "--pst-tint": _mix(main, "#ffffff", .9),
                    "--pst-tint-border": _mix(main, "#ffffff", .7)})
    if couleurs.accent:
        accent = couleurs.accent
        out.update({"--md-accent-fg-color": accent, "--md-accent-fg-color--transparent": accent + "1a",
                    "--md-accent-bg-color": "#ffffff", "--md-accent-bg-color--light": "#ffffffb3",
                    "--md-typeset-a-color": accent})  # links: 4.5:1 on white, checked
    return out


def logo_path(institution: model.InstitutionFile) -> str | None:
    """Where the logo is copied in the site (None: Material's default icon)."""
    return f"{LOGO_DIR}/{Path(institution.logo).name}" if institution.logo else None


def apply(config: Any, institution: model.InstitutionFile) -> None:
    """Set the theme's palette, logo and the variables main.html writes, from institution.yml."""
    variables = palette_variables(institution.couleurs)
    config.extra["pst_couleurs"] = variables
    if variables:
        for scheme in config.theme.get("palette") or []:
            if "--md-primary-fg-color" in variables:
                scheme["primary"] = "custom"
            if "--md-accent-fg-color" in variables:
                scheme["accent"] = "custom"
    logo = logo_path(institution)
    if logo:
        config.theme["logo"] = logo
