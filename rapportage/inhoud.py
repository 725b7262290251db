"""The report layout (``rapportage.indeling``) applied to one document's context: sections with
their tiles, charts and tables, every label formatted and every cell resolved. The dashboard and
PDF templates render ``Cel.tekst``; the XLSX writer writes ``Cel.xlsx``. Nothing here computes
or suppresses a figure: the values come from the context (``weergave`` and the budget overview).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from rapportage.indeling import (
    SECTIES,
    Document,
    Herhaling,
    Kolom,
    Regel,
    Sectie,
    Soort,
    Tabel,
    Tegel,
)
from rapportage.templatetags.rapportage_tags import procent, toon
from werkcoach.templatetags.opmaak import euro, getal


class Ontbreekt(LookupError):
    """A label names a figure the context does not have (``None``)."""


def waarde(bron: Any, pad: str) -> Any:
    """The value at a dotted path: ``"v.doorlooptijd.aantal"``; ``None`` if a step is ``None``."""
    for deel in pad.split("."):
        if bron is None:
            return None
        bron = bron[deel] if isinstance(bron, Mapping) else getattr(bron, deel)
    return bron


class _Opmaak(string.Formatter):
    """``str.format`` over a context: ``{path}``, ``{path:euro}``, ``{path:%d-%m-%Y}``,
    ``{path!l}`` (lower case)."""

    FILTERS = {"euro": euro, "getal": getal, "procent": procent}

    def __init__(self, context: Mapping[str, Any]):
        self.context = context

    def get_field(self, field_name, args, kwargs):
        return waarde(self.context, field_name), field_name

    def convert_field(self, value, conversion):
        if conversion == "l":
            return str(value).lower()
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        if value is None:
            raise Ontbreekt(format_spec)
        if format_spec in self.FILTERS:
            return self.FILTERS[format_spec](value)
        return super().format_field(value, format_spec)


def opmaak(tekst: str, context: Mapping[str, Any]) -> str:
    return _Opmaak(context).format(tekst)


@dataclass(frozen=True)
class Cel:
    waarde: Any
    soort: Soort
    leeg: bool = False

    @property
    def numeriek(self) -> bool:
        return Kolom("", self.soort).numeriek

    @property
    def tekst(self) -> str:
        """As the dashboard and the PDFs show it."""
        w, soort = self.waarde, self.soort
        if self.leeg:
            return ""
        if soort == Soort.BEDRAG:
            return w if isinstance(w, str) else euro(w)  # text: a hidden amount
        if soort == Soort.MAAND:
            return f"{w:%m-%Y}"
        if soort == Soort.PERCENTAGE and not isinstance(w, str):
            return procent(w)
        if soort == Soort.TEKST:
            return "" if w is None else str(w)
        return toon(w)

    @property
    def xlsx(self) -> Any:
        """As the XLSX holds it: numbers and amounts as numbers, the rest as the PDF's text."""
        if self.leeg:
            return None
        if self.soort in (Soort.MAAND, Soort.PERCENTAGE):
            return self.tekst
        return self.waarde


@dataclass(frozen=True)
class TabelRij:
    label: str
    span: int  # the columns the row header spans
    cellen: tuple[Cel, ...]


@dataclass(frozen=True)
class TabelInhoud:
    tabel: Tabel
    titel: str
    rijen: tuple[TabelRij, ...]
    totaal: TabelRij | None
    grafiek: SafeString | None
    bijschrift: str
    toelichting: str

    @property
    def sleutel(self) -> str:
        return self.tabel.sleutel

    @property
    def kolommen(self) -> tuple[Kolom, ...]:
        return self.tabel.kolommen


@dataclass(frozen=True)
class TegelInhoud:
    sleutel: str
    cel: Cel
    label: str
    toelichting: str


@dataclass(frozen=True)
class SectieInhoud:
    sectie: Sectie
    titel: str
    toelichting: str
    tegels: tuple[TegelInhoud, ...]
    tabellen: tuple[TabelInhoud, ...]

    @property
    def sleutel(self) -> str:
        return self.sectie.sleutel


def _herhaling(tabel: Tabel, h: Herhaling, context: Mapping[str, Any]) -> list[TabelRij]:
    uit = []
    for item in waarde(context, h.bron):
        kop = Cel(item[h.velden[0]], tabel.kolommen[0].soort).tekst  # a month as 01-2024
        label = opmaak(h.label, {"label": kop})
        cellen = tuple(
            Cel(item[veld], kolom.soort)
            for veld, kolom in zip(h.velden[1:], tabel.kolommen[1:], strict=True)
        )
        uit.append(TabelRij(label, 1, cellen))
    return uit


def _regel(tabel: Tabel, r: Regel, context: Mapping[str, Any]) -> TabelRij:
    kolommen = tabel.kolommen[tabel.kopkolommen :]
    cellen = tuple(
        Cel(waarde(context, pad) if pad else None, kolom.soort, leeg=not pad)
        for pad, kolom in zip(r.waarden, kolommen, strict=True)
    )
    return TabelRij(opmaak(r.label, context), tabel.kopkolommen, cellen)


def tabel_inhoud(tabel: Tabel, document: Document, context: Mapping[str, Any]) -> TabelInhoud:
    rijen: list[TabelRij] = []
    for r in tabel.rijen:
        if isinstance(r, Herhaling):
            rijen += _herhaling(tabel, r, context)
        elif document in r.documenten:
            rijen.append(_regel(tabel, r, context))
    g = tabel.grafiek
    return TabelInhoud(
        tabel=tabel,
        titel=opmaak(tabel.titel, context),
        rijen=tuple(rijen),
        totaal=_regel(tabel, tabel.totaal, context) if tabel.totaal else None,
        grafiek=context["grafieken"][g.sleutel] if g else None,
        bijschrift=opmaak(g.bijschrift, context) if g else "",
        toelichting=opmaak(tabel.toelichting, context),
    )


def _tegel(tegel: Tegel, context: Mapping[str, Any]) -> TegelInhoud:
    try:
        toelichting = opmaak(tegel.toelichting, context)
    except Ontbreekt:
        toelichting = opmaak(tegel.anders, context)
    cel = Cel(waarde(context, tegel.waarde), tegel.soort)
    return TegelInhoud(tegel.sleutel, cel, tegel.label, toelichting)


def inhoud(document: Document, context: Mapping[str, Any]) -> list[SectieInhoud]:
    """The sections of ``document``, in the declared order, with what it shows of each."""
    uit = []
    for sectie in SECTIES:
        if not sectie.zichtbaar(document):
            continue
        uit.append(
            SectieInhoud(
                sectie=sectie,
                titel=opmaak(sectie.titel, context),
                toelichting=opmaak(sectie.toelichting, context),
                tegels=tuple(_tegel(t, context) for t in sectie.tegels if document in t.documenten),
                tabellen=tuple(
                    tabel_inhoud(t, document, context)
                    for t in sectie.tabellen
                    if document in t.documenten
                ),
            )
        )
    return uit
