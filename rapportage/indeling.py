"""The layout of the reports, declared once: which sections, tiles, charts, tables and rows the
dashboard, the monthly report (PDF and XLSX) and the verantwoording (PDF and XLSX) show, with
every Dutch label, caption and column header. ``rapportage.inhoud`` applies it to a document's
context; the templates and the XLSX writer only loop over the result.

Values are *paths* into the document's context (``"v.aanmeldingen"``): ``v`` is the output of
``documenten.weergave`` (small numbers already suppressed), ``begroting`` the budget overview,
``conversie`` the conversion block the document reports on. Labels may hold ``{path}`` fields,
with ``:euro``, ``:getal`` or a date format as spec and ``!l`` for lower case.

Adding a figure: compute it in ``rapportage.kpi``, give it a displayed value in ``weergave``
(where its suppression is decided) and declare it here; nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Document(StrEnum):
    DASHBOARD = "dashboard"
    MAANDRAPPORTAGE = "maandrapportage"
    VERANTWOORDING = "verantwoording"


ALLE = frozenset(Document)
RAPPORTEN = frozenset({Document.MAANDRAPPORTAGE, Document.VERANTWOORDING})
DASHBOARD = frozenset({Document.DASHBOARD})
MAAND = frozenset({Document.MAANDRAPPORTAGE})
NIET_VERANTWOORDING = frozenset({Document.DASHBOARD, Document.MAANDRAPPORTAGE})


class Soort(StrEnum):
    """What a value is, which decides how it is shown (and written to the XLSX)."""

    TEKST = "tekst"
    AANTAL = "aantal"
    PERCENTAGE = "percentage"
    BEDRAG = "bedrag"
    DAGEN = "dagen"
    MAAND = "maand"


class Onderdrukking(StrEnum):
    """Which small numbers ``weergave`` suppresses in a table's rows."""

    NOOIT = "nooit"  # targets, norms and amounts: never suppressed
    TOTAAL = "totaal"  # below the threshold in the verantwoording (pilot-wide totals)
    UITSPLITSING = "uitsplitsing"  # also in the monthly report: a breakdown may point to a person


@dataclass(frozen=True)
class Kolom:
    kop: str
    soort: Soort = Soort.AANTAL

    @property
    def numeriek(self) -> bool:
        return self.soort not in (Soort.TEKST, Soort.MAAND)


@dataclass(frozen=True)
class Regel:
    """One fixed row: a label (the row header) and one context path per value column ("" for
    an empty cell)."""

    label: str
    waarden: tuple[str, ...]
    documenten: frozenset[Document] = ALLE


@dataclass(frozen=True)
class Herhaling:
    """A row per item of the list at ``bron``: ``velden`` are the item's keys, one per column
    (the row-header columns first); ``label`` formats the first one (``{label}``)."""

    bron: str
    velden: tuple[str, ...]
    label: str = "{label}"


@dataclass(frozen=True)
class Grafiek:
    """A chart shown above its table (the table is its accessible version)."""

    sleutel: str  # key in the context's ``grafieken``
    titel: str  # the SVG's title and accessible name
    bijschrift: str  # figcaption in the PDFs
    breed: bool = False  # drawn over the full width on the dashboard (columns per month)


@dataclass(frozen=True)
class Tabel:
    sleutel: str
    titel: str  # caption (PDF, dashboard) and section heading (XLSX)
    kolommen: tuple[Kolom, ...]  # the row-header column(s) first
    rijen: tuple[Regel | Herhaling, ...]
    totaal: Regel | None = None  # the table's footer
    leeg: str = ""  # shown when the table has no rows
    kopkolommen: int = 1  # leading columns that describe the row (a total's label spans them)
    documenten: frozenset[Document] = ALLE
    onderdrukking: Onderdrukking = Onderdrukking.TOTAAL
    definitie: str | None = None  # heading in ``kpi.DEFINITIES`` that explains the figures
    grafiek: Grafiek | None = None
    toelichting: str = ""  # a note under the table

    def __post_init__(self) -> None:
        breedte = len(self.kolommen)
        for rij in (*self.rijen, *([self.totaal] if self.totaal else [])):
            n = (
                len(rij.velden)
                if isinstance(rij, Herhaling)
                else self.kopkolommen + len(rij.waarden)
            )
            if n != breedte:
                raise ValueError(f"{self.sleutel}: a row has {n} cells for {breedte} columns")


@dataclass(frozen=True)
class Tegel:
    """A headline figure (dashboard and monthly report); its figures are also in a table."""

    sleutel: str
    waarde: str
    soort: Soort
    label: str
    toelichting: str
    anders: str = ""  # the note when a figure it names is missing
    documenten: frozenset[Document] = NIET_VERANTWOORDING


@dataclass(frozen=True)
class Sectie:
    sleutel: str
    titel: str
    documenten: frozenset[Document]
    blad: str  # the XLSX sheet
    tabellen: tuple[Tabel, ...]
    tegels: tuple[Tegel, ...] = ()
    toelichting: str = ""  # a note under the heading
    breed: bool = False  # full width on the dashboard

    def zichtbaar(self, document: Document) -> bool:
        return document in self.documenten


AANTAL = Kolom("Aantal")
BEDRAG = Soort.BEDRAG
PCT = Kolom("Percentage", Soort.PERCENTAGE)


def _lijst(sleutel: str, titel: str, kop: str, bron: str, **extra) -> Tabel:
    """A two-column breakdown: label and count per item of ``bron``."""
    waarde = extra.pop("waarde_kop", "Aantal")
    return Tabel(
        sleutel,
        titel,
        (Kolom(kop, Soort.TEKST), Kolom(waarde)),
        (Herhaling(bron, ("label", "aantal")), *extra.pop("rijen", ())),
        **extra,
    )


KERNCIJFERS = Sectie(
    "kerncijfers",
    "Kerncijfers tegen de doelen",
    ALLE,
    "Kerncijfers",
    tegels=(
        Tegel(
            "aanmeldingen",
            "v.aanmeldingen",
            Soort.AANTAL,
            "aanmeldingen in de periode",
            "{v.aanmeldingen_afgewezen} afgewezen",
        ),
        Tegel(
            "orientatie_gestart",
            "v.orientatie_gestart",
            Soort.AANTAL,
            "gestart met oriëntatie",
            "jaardoel {k.orientatie_jaar.jaar}: {k.orientatie_jaar.doel} "
            "({k.orientatie_jaar.aantal} = {k.orientatie_jaar.procent:procent})",
            anders="{zonder_doel}",
        ),
        Tegel(
            "orientatie_totaal",
            "v.orientatie_totaal",
            Soort.AANTAL,
            "inwoners in oriëntatie sinds de start",
            "doel {v.orientatie_doel_totaal}",
            anders="{zonder_doel}",
        ),
        Tegel(
            "conversie",
            "conversie.procent",
            Soort.PERCENTAGE,
            "conversie naar vervolgtraject",
            "doel {conversie.doel}% ({conversie.vervolg} van {conversie.afgerond} afgeronde "
            "oriëntaties, {conversie.lopend} lopend)",
            anders="{conversie.vervolg} van {conversie.afgerond} afgeronde oriëntaties, "
            "{conversie.lopend} lopend; {zonder_doel}",
        ),
        Tegel(
            "vervolgtrajecten",
            "v.vervolgtrajecten",
            Soort.AANTAL,
            "vervolgtrajecten afgesproken",
            "{v.tekortsectoren} in zorg, logistiek of techniek",
        ),
        Tegel(
            "overdrachten",
            "v.overdrachten_totaal",
            Soort.AANTAL,
            "warme overdrachten",
            "mediane bevestiging {v.bevestiging_mediaan_dagen:getal} dagen · "
            "{v.nazorg_lopend} inwoners in nazorg",
        ),
    ),
    tabellen=(
        Tabel(
            "kerncijfers",
            "Kerncijfers in de periode",
            (Kolom("Kerncijfer", Soort.TEKST), AANTAL),
            (
                Regel("Aanmeldingen door de gebiedsteams", ("v.aanmeldingen",)),
                Regel("Afgewezen", ("v.aanmeldingen_afgewezen",)),
                Regel("Inwoner niet bereikbaar", ("v.aanmeldingen_onbereikbaar",)),
                Regel("Toestemming ingetrokken (in enige stap)", ("v.aanmeldingen_ingetrokken",)),
                Regel("Waarvan nadat het traject begon", ("v.aanmeldingen_ingetrokken_na_start",)),
                Regel("Kennismakingsgesprekken", ("v.gesprekken",)),
                Regel("Gestart met oriëntatie", ("v.orientatie_gestart",)),
                Regel("Vervolgtrajecten afgesproken", ("v.vervolgtrajecten",)),
                Regel("Waarvan in tekortsectoren", ("v.tekortsectoren",)),
                Regel(
                    "Aanmeldingen van inwoners zonder uitkering (verborgen potentieel)",
                    ("v.aanmeldingen_nugger",),
                ),
                Regel("Overdrachten", ("v.overdrachten_totaal",)),
                Regel("Nazorg lopend (einde periode)", ("v.nazorg_lopend",)),
                Regel("Nazorg afgerond", ("v.nazorg_afgerond",)),
            ),
            documenten=RAPPORTEN,
            definitie="Aanmeldingen",
        ),
    ),
)

ORIENTATIE = Sectie(
    "orientatie",
    "Oriëntatietrajecten per jaar",
    ALLE,
    "Kerncijfers",
    tabellen=(
        Tabel(
            "orientatie_per_jaar",
            "Inwoners in een oriëntatietraject tegen de doelen",
            (
                Kolom("Jaar", Soort.TEKST),
                Kolom("Inwoners"),
                Kolom("Doel (inwoners)"),
                PCT,
                Kolom("Trajecten"),
            ),
            (
                Herhaling(
                    "v.orientatie_per_jaar", ("jaar", "aantal", "doel", "procent", "trajecten")
                ),
            ),
            totaal=Regel(
                "{totaal_label}",
                (
                    "v.orientatie_totaal",
                    "v.orientatie_doel_totaal",
                    "v.orientatie_totaal_procent",
                    "v.orientatie_totaal_trajecten",
                ),
            ),
            toelichting="Een inwoner die in twee jaren met oriëntatie begon, telt in beide jaren "
            "en één keer in het totaal.",
            definitie="Oriëntatietrajecten",
            grafiek=Grafiek(
                "orientatie",
                "Inwoners in een oriëntatietraject per jaar, tegen het jaardoel",
                "Staaf: gerealiseerd; streep: jaardoel. De cijfers staan in de tabel hieronder.",
            ),
        ),
        Tabel(
            "conversie",
            "Conversie oriëntatie → vervolgtraject{conversie_periode}",
            (Kolom("Oriëntatietrajecten", Soort.TEKST), AANTAL),
            (
                Regel("Gestart", ("conversie.gestart",)),
                Regel("Vervolgtraject afgesproken", ("conversie.vervolg",)),
                Regel("Beëindigd zonder vervolgtraject", ("conversie.beeindigd",)),
                Regel("Nog in oriëntatie", ("conversie.lopend",)),
                Regel("Conversie (doel {conversie.doel}%)", ("conversie.procent",)),
            ),
            documenten=RAPPORTEN,
            definitie="Conversie oriëntatie → vervolgtraject",
        ),
    ),
)

KLANTREIS = Sectie(
    "klantreis",
    "De klantreis",
    ALLE,
    "Klantreis",
    tabellen=(
        Tabel(
            "trechter",
            "Instroom per stap",
            (Kolom("Stap", Soort.TEKST), Kolom("Trajecten")),
            (
                Herhaling("v.trechter", ("label", "aantal")),
                Regel("Beëindigd (in enige stap)", ("v.beeindigd",)),
            ),
            definitie="Instroom per stap (trechter)",
            grafiek=Grafiek(
                "trechter",
                "Instroom per stap van de klantreis",
                "Aantal trajecten dat in de periode in elke stap kwam; de cijfers staan in de "
                "tabel hieronder.",
            ),
        ),
        Tabel(
            "uitstroom",
            "Beëindigde trajecten naar reden",
            (Kolom("Reden", Soort.TEKST), Kolom("Trajecten")),
            (Herhaling("v.beeindigd_per_reden", ("label", "aantal")),),
            totaal=Regel("Beëindigd", ("v.beeindigd",)),
            definitie="Uitstroom",
        ),
        _lijst(
            "routes",
            "Routes van de afgesproken vervolgtrajecten",
            "Route",
            "v.routes",
            definitie="Routes en tekortsectoren",
        ),
        _lijst(
            "sectoren",
            "Bijdrage aan de tekortsectoren",
            "Sector",
            "v.sectoren",
            waarde_kop="Vervolgtrajecten",
            rijen=(Regel("Ingeschreven als Nugger", ("v.nugger_ingeschreven",)),),
            definitie="Routes en tekortsectoren",
        ),
        Tabel(
            "reactietijden",
            "Reactietijden tegen de normen van de pilot",
            (
                Kolom("Stap", Soort.TEKST),
                Kolom("Norm (werkdagen)"),
                Kolom("Gemeten"),
                Kolom("Binnen de norm"),
                PCT,
            ),
            (
                Herhaling("v.reactietijden", ("stap", "norm", "gemeten", "binnen", "procent")),
                Regel(
                    "Doorlooptijd tot vervolgtraject (streef {v.doorlooptijd.streef_dagen} dagen)",
                    (
                        "",
                        "v.doorlooptijd.aantal",
                        "v.doorlooptijd.binnen",
                        "v.doorlooptijd.procent",
                    ),
                    documenten=DASHBOARD,
                ),
            ),
            definitie="Reactietijden",
        ),
        Tabel(
            "tijd_per_stap",
            "Mediane tijd per stap en doorlooptijd",
            (Kolom("Stap", Soort.TEKST), Kolom("Trajecten"), Kolom("Mediaan (dagen)", Soort.DAGEN)),
            (
                Herhaling("v.tijd_per_stap", ("stap", "aantal", "mediaan_dagen")),
                Regel(
                    "Doorlooptijd tot vervolgtraject (streef {v.doorlooptijd.streef_dagen} dagen)",
                    ("v.doorlooptijd.aantal", "v.doorlooptijd.mediaan_dagen"),
                ),
            ),
            definitie="Tijd per stap en doorlooptijd",
        ),
        Tabel(
            "ladder",
            "Participatieladder: trede aan het einde tegen de start",
            (Kolom("Beweging", Soort.TEKST), Kolom("Inwoners")),
            (
                Regel("Gemeten", ("v.ladder.aantal",)),
                Regel("Gestegen", ("v.ladder.omhoog",)),
                Regel("Gelijk gebleven", ("v.ladder.gelijk",)),
                Regel("Gedaald", ("v.ladder.omlaag",)),
                Regel("Gemiddelde verandering (treden)", ("v.ladder.gemiddeld",)),
            ),
            definitie="Participatieladder",
        ),
    ),
)

ONTWIKKELING = Sectie(
    "ontwikkeling",
    "Ontwikkeling per maand",
    NIET_VERANTWOORDING,
    "Aanmeldingen",
    breed=True,
    tabellen=(
        Tabel(
            "per_maand",
            "Aanmeldingen, start oriëntatie en vervolgtrajecten per maand",
            (
                Kolom("Maand", Soort.MAAND),
                Kolom("Aanmeldingen"),
                Kolom("Start oriëntatie"),
                Kolom("Vervolgtraject"),
            ),
            (Herhaling("per_maand", ("maand", "aanmeldingen", "orientatie", "vervolgtraject")),),
            grafiek=Grafiek(
                "trend",
                "Aanmeldingen, start oriëntatie en vervolgtrajecten per maand",
                "Per maand; de cijfers staan in de tabel hieronder.",
                breed=True,
            ),
        ),
    ),
)

AANMELDINGEN = Sectie(
    "aanmeldingen",
    "Aanmeldingen per gebiedsteam, doelgroep en dorp",
    MAAND,
    "Aanmeldingen",
    toelichting="In de uitsplitsingen (gebiedsteam, doelgroep, dorp, route, sector, organisatie, "
    "aanbieder, reden, maand) staan aantallen onder {drempel_uitsplitsing} als ‘x’, en ook de "
    "cijfers waaruit zo'n aantal te herleiden zou zijn: in een klein dorp kunnen ze naar een "
    "persoon wijzen.",
    tabellen=tuple(
        _lijst(
            f"per_{sleutel}",
            f"Aanmeldingen per {naam}",
            kop,
            f"v.per_{sleutel}",
            leeg="Geen aanmeldingen.",
            onderdrukking=Onderdrukking.UITSPLITSING,
            definitie="Aanmeldingen",
        )
        for sleutel, naam, kop in (
            ("gebiedsteam", "gebiedsteam", "Gebiedsteam"),
            ("doelgroep", "doelgroep", "Doelgroep"),
            ("dorp", "dorp of woonplaats", "Dorp"),
        )
    ),
)

SAMENWERKING = Sectie(
    "samenwerking",
    "Samenwerking: warme overdrachten en nazorg",
    ALLE,
    "Samenwerking",
    tabellen=(
        Tabel(
            "overdrachten",
            "Overdrachten per ontvangende organisatie",
            (
                Kolom("Organisatie", Soort.TEKST),
                Kolom("Overdrachten"),
                Kolom("Bevestigd"),
                Kolom("Mediane bevestigingstijd (dagen)", Soort.DAGEN),
            ),
            (Herhaling("v.overdrachten", ("label", "aantal", "bevestigd", "mediaan_dagen")),),
            totaal=Regel(
                "Totaal",
                (
                    "v.overdrachten_totaal",
                    "v.overdrachten_bevestigd",
                    "v.bevestiging_mediaan_dagen",
                ),
            ),
            leeg="Geen overdrachten in deze periode.",
            onderdrukking=Onderdrukking.UITSPLITSING,
            definitie="Overdrachten",
        ),
        Tabel(
            "nazorg",
            "Nazorg",
            (Kolom("Nazorg", Soort.TEKST), Kolom("Inwoners")),
            (
                Regel("Lopend aan het einde van de periode", ("v.nazorg_lopend",)),
                Regel("Afgerond in de periode", ("v.nazorg_afgerond",)),
                Herhaling("v.nazorg_uitkomsten", ("label", "aantal"), "– uitkomst: {label!l}"),
            ),
            definitie="Nazorg",
        ),
    ),
)

INSTRUMENTEN = Sectie(
    "instrumenten",
    "Ingezette instrumenten",
    ALLE,
    "Samenwerking",
    breed=True,
    tabellen=(
        Tabel(
            "instrumenten",
            "Instrumenten per categorie en aanbieder, met geplande of werkelijke kosten",
            (
                Kolom("Categorie", Soort.TEKST),
                Kolom("Aanbieder", Soort.TEKST),
                AANTAL,
                Kolom("Kosten (gepland of werkelijk)", BEDRAG),
            ),
            (Herhaling("v.instrumenten", ("categorie", "aanbieder", "aantal", "kosten")),),
            totaal=Regel("Totaal", ("v.instrumenten_aantal", "v.instrumenten_kosten")),
            leeg="Geen instrumenten ingezet in deze periode.",
            kopkolommen=2,
            onderdrukking=Onderdrukking.UITSPLITSING,
            definitie="Instrumenten en kosten (werkelijk, anders gepland)",
        ),
    ),
)

BEGROTING = Sectie(
    "begroting",
    "Begroting en realisatie",
    ALLE,
    "Begroting",
    breed=True,
    tabellen=(
        Tabel(
            "begroting",
            "Begroting en realisatie {begroting.periode.label} (realisatie tot en met "
            "{begroting.tot:%d-%m-%Y})",
            (
                Kolom("Post", Soort.TEKST),
                Kolom("Begroot", BEDRAG),
                Kolom("Gerealiseerd (alleen werkelijke kosten)", BEDRAG),
                Kolom("Resterend", BEDRAG),
                Kolom("Prognose einde periode", BEDRAG),
            ),
            (
                Herhaling(
                    "begroting.rijen", ("label", "begroot", "gerealiseerd", "resterend", "prognose")
                ),
            ),
            totaal=Regel(
                "Totaal",
                (
                    "begroting.begroot",
                    "begroting.gerealiseerd",
                    "begroting.resterend",
                    "begroting.prognose",
                ),
            ),
            leeg="Geen begroting vastgelegd.",
            onderdrukking=Onderdrukking.NOOIT,
            definitie="Begroting: gerealiseerd (alleen werkelijke kosten)",
            grafiek=Grafiek(
                "begroting",
                "Realisatie per begrotingspost (streep: begroot)",
                "Staaf: gerealiseerd tot en met {begroting.tot:%d-%m-%Y}; streep: begroot.",
            ),
            toelichting="Realisatie: alleen werkelijke kosten, dus de werkelijke kosten van "
            "ingezette instrumenten (post trainingen; geplande kosten tellen niet mee) plus "
            "handmatig vastgelegde uitgaven. Prognose: de realisatie tot nu toe, lineair "
            "doorgetrokken tot het einde van de periode. Subsidie: {begroting.subsidie:euro}.",
        ),
        Tabel(
            "subsidie",
            "Tegen de subsidie (de hele pilot, realisatie tot en met "
            "{begroting.tegen_subsidie.tot:%d-%m-%Y})",
            (Kolom("Onderdeel", Soort.TEKST), Kolom("Bedrag", BEDRAG)),
            (
                Regel(
                    "Subsidie van {pilot.subsidieverstrekker} (instelling van de pilot)",
                    ("begroting.tegen_subsidie.subsidie",),
                ),
                Regel(
                    "Begroot over alle jaren ({begroting.tegen_subsidie.jaren})",
                    ("begroting.tegen_subsidie.begroot",),
                ),
                Regel("Begroot boven de subsidie", ("begroting.tegen_subsidie.boven",)),
                Regel("Gerealiseerd sinds de start", ("begroting.tegen_subsidie.gerealiseerd",)),
                Regel("Resterend van de subsidie", ("begroting.tegen_subsidie.resterend",)),
            ),
            onderdrukking=Onderdrukking.NOOIT,
            definitie="Begroting en subsidie",
            toelichting="{begroting.tegen_subsidie.signaal}",
        ),
        Tabel(
            "besteed",
            "Besteed van de begroting",
            (Kolom("Periode", Soort.TEKST), PCT),
            (Regel("{begroting.periode.label}", ("begroting.procent",)),),
            documenten=DASHBOARD,
            onderdrukking=Onderdrukking.NOOIT,
        ),
    ),
)

SECTIES: tuple[Sectie, ...] = (
    KERNCIJFERS,
    ORIENTATIE,
    KLANTREIS,
    ONTWIKKELING,
    AANMELDINGEN,
    SAMENWERKING,
    INSTRUMENTEN,
    BEGROTING,
)


def tabellen(document: Document | None = None) -> list[Tabel]:
    """Every declared table, or those ``document`` shows (its section and the table in it)."""
    return [
        t
        for s in SECTIES
        for t in s.tabellen
        if document is None or (s.zichtbaar(document) and document in t.documenten)
    ]


def tabel(sleutel: str) -> Tabel:
    return next(t for t in tabellen() if t.sleutel == sleutel)


def grafiek(sleutel: str) -> Grafiek:
    return next(t.grafiek for t in tabellen() if t.grafiek and t.grafiek.sleutel == sleutel)
