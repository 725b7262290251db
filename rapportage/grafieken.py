"""Charts as inline SVG, drawn on the server. They only present figures from the KPI module; each
chart is shown with a data table alongside (the table is the accessible version)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

KLEUREN = ("#0b4f6c", "#b8460b", "#2e7d32", "#6a3d9a")
TEKST = "#1f2933"
_TEKST_B = 7  # the width of a character of a 12 px label, in the viewBox's units


@dataclass
class Reeks:
    naam: str
    waarden: list  # numbers; a hidden figure is its sign (text) and is not drawn


def _getal(w: float | str | None) -> str:
    if w is None:
        return "–"
    if isinstance(w, str):  # a hidden figure (its sign)
        return escape(w)
    return f"{w:g}".replace(".", ",")


def _getallen(waarden: list) -> list[float]:
    """The drawable values: a hidden figure (text) is not drawn."""
    return [0.0 if isinstance(w, str) or w is None else float(w) for w in waarden]


def _kort(label: str, lengte: int = 38) -> str:
    """Chart labels stay on one line; the full label is in the data table alongside."""
    return label if len(label) <= lengte else label[: lengte - 1] + "…"


def staven(
    labels: list[str],
    waarden: list,
    *,
    titel: str,
    doelen: list[float | None] | None = None,
    opmaak=None,
) -> SafeString:
    """Horizontal bars, one per label, with an optional target marker per bar. A hidden figure
    (a text such as "x" instead of a number) is not drawn and labelled with its text."""
    doelen = doelen or [None] * len(waarden)
    teksten = [escape(opmaak(w)) if opmaak else _getal(w) for w in waarden]
    getallen = _getallen(waarden)
    rij_h, links, breedte = 26, 260, 600
    hoogte = rij_h * len(labels) + 10
    maximum = max([*getallen, *(d or 0 for d in doelen), 1])
    # Room on the right for the longest value label (about 7 px per character at 12 px).
    schaal = (breedte - links - _TEKST_B * max(len(t) for t in [*teksten, "0000"]) - 14) / maximum
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" '
        f'class="grafiek" role="img" aria-label="{escape(titel)}" focusable="false">'
        f"<title>{escape(titel)}</title>"
    ]
    for i, (label, w, doel, tekst) in enumerate(
        zip(labels, getallen, doelen, teksten, strict=True)
    ):
        y = 5 + i * rij_h
        lengte = w * schaal
        # The value label starts after the bar and after the target mark, never on top of it.
        x_tekst = links + max(lengte, (doel or 0) * schaal + 2) + 6
        delen.append(
            f'<text x="{links - 8}" y="{y + 17}" text-anchor="end" font-size="12" '
            f'fill="{TEKST}">{escape(_kort(label))}</text>'
            f'<rect x="{links}" y="{y + 4}" width="{lengte:.1f}" height="{rij_h - 8}" '
            f'fill="{KLEUREN[0]}"/>'
            f'<text x="{x_tekst:.1f}" y="{y + 17}" font-size="12" fill="{TEKST}">{tekst}</text>'
        )
        if doel:
            x = links + doel * schaal
            delen.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + rij_h - 1}" '
                f'stroke="{KLEUREN[1]}" stroke-width="3"/>'
            )
    delen.append("</svg>")
    # Every text in the SVG is escaped above; the markup is our own.
    return mark_safe("".join(delen))  # noqa: S308  # nosec B308 B703


def kolommen(labels: list[str], reeksen: list[Reeks], *, titel: str) -> SafeString:
    """Grouped columns per label (months), with a legend."""
    breedte, hoogte, onder, links = 640, 240, 40, 36
    plot_h = hoogte - onder - 30
    maximum = max([1, *(w for r in reeksen for w in _getallen(r.waarden))])
    groep_b = (breedte - links - 10) / max(len(labels), 1)
    staaf_b = max(groep_b * 0.8 / max(len(reeksen), 1), 2)
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" '
        f'class="grafiek" role="img" aria-label="{escape(titel)}" focusable="false">'
        f"<title>{escape(titel)}</title>"
        f'<line x1="{links}" x2="{breedte - 5}" y1="{30 + plot_h}" y2="{30 + plot_h}" '
        f'stroke="{TEKST}"/>'
        f'<text x="{links - 4}" y="34" text-anchor="end" font-size="11" fill="{TEKST}">'
        f"{maximum:g}</text>"
    ]
    for ri, reeks in enumerate(reeksen):
        delen.append(
            f'<rect x="{links + ri * 170}" y="4" width="12" height="12" fill="{KLEUREN[ri]}"/>'
            f'<text x="{links + ri * 170 + 16}" y="14" font-size="12" fill="{TEKST}">'
            f"{escape(reeks.naam)}</text>"
        )
    for i, label in enumerate(labels):
        x0 = links + i * groep_b + groep_b * 0.1
        for ri, reeks in enumerate(reeksen):
            w = reeks.waarden[i]
            x = x0 + ri * staaf_b
            if isinstance(w, str):  # hidden: its sign above the axis, no column
                delen.append(
                    f'<text x="{x + staaf_b / 2:.1f}" y="{26 + plot_h}" text-anchor="middle" '
                    f'font-size="9" fill="{TEKST}">{escape(w)}</text>'
                )
                continue
            h = plot_h * w / maximum
            delen.append(
                f'<rect x="{x:.1f}" y="{30 + plot_h - h:.1f}" '
                f'width="{staaf_b - 1:.1f}" height="{h:.1f}" fill="{KLEUREN[ri]}"/>'
            )
        delen.append(
            f'<text x="{x0 + groep_b * 0.4:.1f}" y="{hoogte - 22}" text-anchor="middle" '
            f'font-size="10" fill="{TEKST}">{escape(label)}</text>'
        )
    delen.append("</svg>")
    # Every text in the SVG is escaped above; the markup is our own.
    return mark_safe("".join(delen))  # noqa: S308  # nosec B308 B703
