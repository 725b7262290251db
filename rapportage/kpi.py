"""The KPI module: every figure of the pilot is computed here, once, for a scope and a period.

The dashboard, the monthly report (PDF and XLSX) and the RWF verantwoording only present the
result of ``kpis()``. The rules for each figure are in ``DEFINITIES`` (rendered in the reports'
appendix), including how ended trajecten and moves that cross a period boundary count.

General rules:
- The period is explicit, ``[start, eind]`` in whole days (Europe/Amsterdam). No figure depends on
  the moment of computing: events after ``eind`` are ignored, so a past period gives the same
  figures whenever it is computed (as long as the recorded history does not change).
- An event counts in the period in which it happened (the date of the referral, of the move into
  a step, of the handover...). A traject that moved into oriëntatie on 31-01 and into
  vervolgtraject on 01-02 counts as an oriëntatie start in January and as a vervolgtraject in
  February.
- Ending a traject never removes what happened before: a traject ended in oriëntatie still
  counts as an oriëntatie start; it counts against the conversion.
- Scope: the pilot (its gemeente), optionally one gebiedsteam (the team of the referral). Data of
  another gemeente or pilot is never counted.
- The number of queries is constant: everything is aggregated in the database or read as one
  list of values per figure group.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from cases.models import Aanmelding, Doelgroep
from rapportage import reactietijden
from trajecten import klantreis
from trajecten.models import (
    EindeReden,
    Fase,
    Faseovergang,
    Instrument,
    Inzet,
    Nazorgplan,
    Overdracht,
    Participatiemeting,
    Route,
    Sector,
    Traject,
    Vervolgtraject,
)
from werkcoach.models import Gebiedsteam, Pilot
from werkcoach.templatetags.opmaak import euro
from werkcoach.werkdagen import Werkdagkalender, feestdagen_voor

TEKORTSECTOREN = (Sector.ZORG, Sector.LOGISTIEK, Sector.TECHNIEK)
MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
STAPPEN = klantreis.STAPPEN

DEFINITIES: list[tuple[str, str]] = [
    (
        "Periode",
        "Een periode loopt van de eerste tot en met de laatste dag (Nederlandse tijd). Een "
        "gebeurtenis telt in de periode waarin zij plaatsvond; wat na de periode gebeurde telt "
        "niet mee. Zo geeft een afgesloten periode altijd dezelfde cijfers, en tellen de maanden "
        "op tot het jaar en de jaren tot de hele pilot. Een periode die nog loopt is voorlopig: "
        "de cijfers lopen dan tot en met vandaag.",
    ),
    (
        "Aanmeldingen",
        "Aanmeldingen met een aanmelddatum in de periode, van de gemeente van de pilot (en het "
        "gekozen gebiedsteam). Afwijzen, 'inwoner niet bereikbaar' en het intrekken van de "
        "toestemming zijn gebeurtenissen: zij tellen in de periode waarin zij zijn vastgelegd, "
        "ook als de aanmelding uit een eerdere periode komt. Intrekken telt bij elke stap mee, "
        "ook nadat het traject begon (apart getoond).",
    ),
    (
        "Gesprekken",
        "Trajecten waarvan het kennismakingsgesprek in de periode is gehouden.",
    ),
    (
        "Instroom per stap (trechter)",
        "Het aantal trajecten dat in de periode in een stap kwam: gesprek (traject gestart), "
        "oriëntatie, vervolgtraject, overdracht, nazorg. Een traject dat later eindigt blijft "
        "meetellen voor de stappen die het bereikte.",
    ),
    (
        "Uitstroom",
        "Elk beëindigd traject telt één keer, in de periode waarin het eindigde, met de ene "
        "reden die de werkcoach vastlegde (ook 'niet meer bereikbaar' en 'toestemming "
        "ingetrokken'). Aanmeldingen die nooit een traject werden (afgewezen, niet bereikbaar, "
        "toestemming ingetrokken vóór de start) staan bij de aanmeldingen.",
    ),
    (
        "Oriëntatietrajecten",
        "De doelen van de pilot tellen mensen: een inwoner die twee keer met oriëntatie begint "
        "telt één keer. Per kalenderjaar: de inwoners die dat jaar met oriëntatie begonnen; in "
        "totaal: de inwoners die vanaf de start van de pilot tot het einde van de periode met "
        "oriëntatie begonnen (een inwoner die in twee jaren begon telt in beide jaren, maar één "
        "keer in het totaal). Het aantal trajecten staat ernaast.",
    ),
    (
        "Conversie oriëntatie → vervolgtraject",
        "Van de trajecten die in de periode met oriëntatie begonnen: het deel dat vóór het "
        "einde van de periode een vervolgtraject afsprak, gedeeld door de trajecten waarvan de "
        "oriëntatie is afgerond (vervolgtraject afgesproken of beëindigd in oriëntatie). Nog "
        "lopende oriëntaties tellen niet mee in de noemer en worden apart getoond.",
    ),
    (
        "Routes en tekortsectoren",
        "Vervolgtrajecten die in de periode zijn afgesproken (overgang naar de stap "
        "vervolgtraject), naar route en sector. Tekortsectoren: zorg, logistiek en techniek. "
        "Nugger-inschrijvingen: inschrijfdatum als Nugger in de periode.",
    ),
    (
        "Overdrachten",
        "Warme overdrachten met een overdrachtsdatum in de periode, per ontvangende organisatie. "
        "Bevestigingen tellen in de periode waarin zij binnenkwamen, ook van een overdracht uit "
        "een eerdere periode. Bevestigingstijd: van overdracht tot bevestiging, voor de "
        "bevestigingen in de periode.",
    ),
    (
        "Nazorg",
        "Lopend: een nazorgplan dat op de laatste dag van de periode was gestart en nog niet was "
        "afgerond, van een traject dat toen nog liep. Afgerond: afrondingsdatum in de periode.",
    ),
    (
        "Reactietijden",
        "Per stap het deel dat binnen de norm van de pilot (werkdagen, zonder weekenden en "
        "feestdagen) bleef: eerste contact na aanmelding, gesprek na aanmelding, oriëntatie "
        "afgerond (overgang uit oriëntatie) en bevestiging van de overdracht. Elke meting telt "
        "in precies één periode: op de dag van de reactie als die binnen de norm kwam, anders "
        "op de eerste werkdag na de norm (te laat), ook als de reactie later of nooit kwam. "
        "Stopte de aanmelding of het traject vóór het einde van de norm zonder reactie "
        "(afgewezen, ingetrokken, beëindigd), dan was er niets te meten.",
    ),
    (
        "Tijd per stap en doorlooptijd",
        "Mediane tijd in een stap, voor trajecten die de stap in de periode verlieten (ook door "
        "beëindiging). Doorlooptijd: van de start van het traject tot het afgesproken "
        "vervolgtraject, voor vervolgtrajecten afgesproken in de periode, tegen de "
        "streefdoorlooptijd.",
    ),
    (
        "Participatieladder",
        "Trajecten met een eindmeting in de periode en een startmeting: de trede aan het einde "
        "vergeleken met de trede bij de start (de eerste startmeting en de laatste eindmeting).",
    ),
    (
        "Instrumenten en kosten (werkelijk, anders gepland)",
        "Inzet van instrumenten met een startdatum in de periode, per categorie en aanbieder. "
        "Kosten: de werkelijke kosten, of de geplande kosten zolang de werkelijke niet bekend "
        "zijn. Dit bedrag kan dus hoger zijn dan de realisatie in de begroting.",
    ),
    (
        "Begroting: gerealiseerd (alleen werkelijke kosten)",
        "De realisatie van een begrotingspost telt alleen wat werkelijk is uitgegeven: de "
        "werkelijke kosten van ingezette instrumenten (post trainingen, op startdatum; een inzet "
        "met alleen geplande kosten telt nog niet mee) plus de handmatig vastgelegde uitgaven. "
        "Prognose: de realisatie tot nu toe, lineair doorgetrokken tot het einde van de periode.",
    ),
    (
        "Begroting en subsidie",
        "De pilot heeft één subsidie (het bedrag staat in de instellingen van de pilot). De "
        "begrotingen per jaar zijn verdelingen en herzieningen van die ene subsidie; ze worden "
        "samen tegen de subsidie gezet, en waar ze samen hoger zijn dan de subsidie staat dat "
        "er. Wat resteert is de subsidie min alles wat sinds de start van de pilot is "
        "gerealiseerd, niet de begroting min de realisatie. Werkcoach en projectleider zijn "
        "één post: personeel.",
    ),
    (
        "Kleine aantallen",
        "Rapportages die de pilot verlaten tonen een aantal kleiner dan de drempel van de pilot "
        "(standaard 5), maar groter dan 0, als 'x'; de verantwoording aan het RWF doet dat voor "
        "elk aantal, de maandrapportage voor de uitsplitsingen. Daarnaast worden zoveel andere "
        "cijfers als 'x' getoond dat geen verborgen aantal te herleiden is uit een totaal, een "
        "subtotaal, de andere cijfers van dezelfde tabel of van een andere tabel, of een bedrag "
        "(secundaire geheimhouding, zoals het CBS die toepast). Een percentage of mediaan op "
        "basis van een verborgen of klein aantal is '–'. De realisatie tegen de doelen van de "
        "pilot (per jaar en in totaal) wordt altijd getoond.",
    ),
]


@dataclass(frozen=True)
class Periode:
    start: date
    eind: date

    def __post_init__(self):
        if self.eind < self.start:
            raise ValueError("De periode eindigt vóór de start.")

    @classmethod
    def maand(cls, jaar: int, maand: int) -> Periode:
        volgende = date(jaar + maand // 12, maand % 12 + 1, 1)
        return cls(date(jaar, maand, 1), volgende - timedelta(days=1))

    @classmethod
    def jaar(cls, jaar: int) -> Periode:
        return cls(date(jaar, 1, 1), date(jaar, 12, 31))

    @property
    def start_dt(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def eind_dt(self) -> datetime:
        """Exclusive upper bound: midnight after the last day."""
        return timezone.make_aware(datetime.combine(self.eind + timedelta(days=1), time.min))

    @property
    def label(self) -> str:
        return f"{self.start:%d-%m-%Y} t/m {self.eind:%d-%m-%Y}"

    def maanden(self) -> list[date]:
        """The first day of every month that overlaps the period."""
        uit, dag = [], self.start.replace(day=1)
        while dag <= self.eind:
            uit.append(dag)
            dag = date(dag.year + dag.month // 12, dag.month % 12 + 1, 1)
        return uit

    def dagen(self) -> list[date]:
        """Every day of the period."""
        return [self.start + timedelta(days=i) for i in range((self.eind - self.start).days + 1)]


@dataclass
class Rij:
    """One labelled figure in a breakdown."""

    label: str
    aantal: int
    extra: dict = field(default_factory=dict)


@dataclass
class Kpis:
    pilot: Pilot
    periode: Periode
    gebiedsteam: Gebiedsteam | None
    aanmeldingen: int = 0
    aanmeldingen_afgewezen: int = 0
    aanmeldingen_ingetrokken: int = 0
    aanmeldingen_ingetrokken_na_start: int = 0
    aanmeldingen_onbereikbaar: int = 0
    aanmeldingen_nugger: int = 0
    peildatum: date | None = None
    per_gebiedsteam: list[Rij] = field(default_factory=list)
    per_doelgroep: list[Rij] = field(default_factory=list)
    per_dorp: list[Rij] = field(default_factory=list)
    per_maand: list[dict] = field(default_factory=list)
    gesprekken: int = 0
    trechter: list[Rij] = field(default_factory=list)
    beeindigd: int = 0
    beeindigd_per_reden: list[Rij] = field(default_factory=list)
    orientatie_gestart: int = 0
    orientatie_personen: int = 0
    orientatie_per_jaar: list[dict] = field(default_factory=list)
    orientatie_totaal: int = 0
    orientatie_totaal_trajecten: int = 0
    orientatie_doel_totaal: int | None = 0  # None for a gebiedsteam: targets are the gemeente's
    conversie: dict = field(default_factory=dict)
    routes: list[Rij] = field(default_factory=list)
    sectoren: list[Rij] = field(default_factory=list)
    vervolgtrajecten: int = 0
    tekortsectoren: int = 0
    nugger_ingeschreven: int = 0
    overdrachten: list[Rij] = field(default_factory=list)
    overdrachten_totaal: int = 0
    overdrachten_bevestigd: int = 0
    bevestiging_mediaan_dagen: float | None = None
    nazorg_lopend: int = 0
    nazorg_afgerond: int = 0
    nazorg_uitkomsten: list[Rij] = field(default_factory=list)
    reactietijden: list[dict] = field(default_factory=list)
    tijd_per_stap: list[dict] = field(default_factory=list)
    doorlooptijd: dict = field(default_factory=dict)
    ladder: dict = field(default_factory=dict)
    instrumenten: list[dict] = field(default_factory=list)
    instrumenten_aantal: int = 0
    instrumenten_kosten: Decimal = Decimal("0.00")

    @property
    def voorlopig(self) -> bool:
        """The period has not ended yet: the figures run up to ``peildatum`` only."""
        return self.peildatum is not None and self.peildatum < self.periode.eind

    @property
    def orientatie_jaar(self) -> dict | None:
        """The row of the calendar year in which the period ends."""
        for r in self.orientatie_per_jaar:
            if r["jaar"] == self.periode.eind.year:
                return r
        return None


# The dashboard flags a response time when fewer than this share of at least this many
# measurements stayed within the norm.
SIGNAAL_REACTIE_PROCENT = 80
SIGNAAL_REACTIE_MINIMUM = 5


def aandachtspunten(k: Kpis, begroting: dict) -> list[str]:
    """What a manager should act on: a post over (or heading over) its budget, the budgets over
    the grant, a response time far below its norm."""
    uit = []
    for r in begroting["rijen"]:
        if r["begroot"] and r["gerealiseerd"] > r["begroot"]:
            uit.append(
                f"{r['label']}: {euro(r['gerealiseerd'] - r['begroot'])} meer uitgegeven dan "
                f"begroot ({euro(r['begroot'])})."
            )
        elif r["begroot"] and r["prognose"] > r["begroot"]:
            uit.append(
                f"{r['label']}: de prognose ({euro(r['prognose'])}) komt boven de begroting "
                f"({euro(r['begroot'])})."
            )
    if begroting["tegen_subsidie"]["boven"] > 0:
        uit.append(begroting["tegen_subsidie"]["signaal"])
    for r in k.reactietijden:
        if (
            r["gemeten"] >= SIGNAAL_REACTIE_MINIMUM
            and (r["procent"] or 0) < SIGNAAL_REACTIE_PROCENT
        ):
            uit.append(
                f"{r['stap']}: {r['binnen']} van {r['gemeten']} binnen de norm van "
                f"{r['norm']} werkdagen ({procent_tekst(r['procent'])}; gewenst is ten minste "
                f"{SIGNAAL_REACTIE_PROCENT}%)."
            )
    return uit


def procent_tekst(waarde: float | None) -> str:
    return "–" if waarde is None else f"{waarde:.1f}%".replace(".", ",")


DECIMAAL = DecimalField(max_digits=12, decimal_places=2)


def inzet_kosten():
    """The cost of one Inzet in the instruments figures: actual, else planned, else 0."""
    return Coalesce(
        "kosten_werkelijk", "kosten_gepland", Value(Decimal("0")), output_field=DECIMAAL
    )


def inzet_kosten_gerealiseerd():
    """The realised cost of a set of Inzet rows (the budget's realisation): actual costs only."""
    return Coalesce(Sum("kosten_werkelijk"), Value(Decimal("0.00")), output_field=DECIMAAL)


def _procent(deel: int, geheel: int) -> float | None:
    return round(100 * deel / geheel, 1) if geheel else None


def _dagen(van: datetime, tot: datetime) -> float:
    return (tot - van).total_seconds() / 86400


def _maand(waarde) -> date:
    return timezone.localdate(waarde) if isinstance(waarde, datetime) else waarde


def _mediaan(waarden: list[float]) -> float | None:
    return round(statistics.median(waarden), 1) if waarden else None


def _rijen(teller: Counter, labels: dict | None = None) -> list[Rij]:
    labels = labels or {}
    return [
        Rij(labels.get(k, k or "Onbekend"), n)
        for k, n in sorted(teller.items(), key=lambda kv: (-kv[1], str(labels.get(kv[0], kv[0]))))
    ]


def kpis(
    pilot: Pilot,
    periode: Periode,
    gebiedsteam: Gebiedsteam | None = None,
    peildatum: date | None = None,
) -> Kpis:
    """All figures for ``pilot`` (scope gemeente) or one of its gebiedsteams, in ``periode``,
    as recorded up to the period's end, or up to ``peildatum`` (default today) when that is
    earlier: a period that has not ended is reported as far as it went.

    The history is cut into pieces: everything before the first month, then calendar months
    (split where the period starts; in the current month, each day before today). Each piece
    yields one block of building material (counts, the residents and trajecten behind the
    people figures, durations for the medians); a closed month's or past day's block is stored
    once (``rapportage.maandcijfers``) and reused, today is computed live. The figures of the period are the blocks combined: event counts
    summed over the pieces in the period, people counted once over the union, stands (nazorg
    running, the conversion cohort's state) read over all pieces up to the period's end."""
    from rapportage import maandcijfers  # the store sits on top of this module's blocks

    vandaag = timezone.localdate()
    peil = min(periode.eind, peildatum or vandaag)
    k = Kpis(pilot=pilot, periode=periode, gebiedsteam=gebiedsteam, peildatum=peil)
    # What happened after the peildatum never counts, so an interim report made again later
    # gives the same figures. (A period that has not begun is reckoned over its first day.)
    periode = Periode(periode.start, max(peil, periode.start))
    # query: feestdagen, numbered once into a calendar of working days
    feestdagen = feestdagen_voor(pilot.gemeente_id)
    kalender = Werkdagkalender(
        feestdagen,
        van=min(pilot.startdatum, periode.start) - timedelta(days=400),
        tot=max(pilot.einddatum, periode.eind) + timedelta(days=400),
    )
    bron = Bron(pilot, gebiedsteam, kalender)
    delen = stukken(pilot, periode, vandaag=vandaag)
    # query: the stored blocks of the closed months and past days (today is computed live)
    blokken = maandcijfers.blokken(bron, delen, feestdagen=feestdagen, vandaag=vandaag)
    _samenvoegen(k, periode, list(zip(delen, blokken, strict=True)))
    return k


BEGIN = date(2000, 1, 1)  # the first piece holds everything recorded before the first month


def stukken(pilot: Pilot, periode: Periode, vandaag: date | None = None) -> list[Periode]:
    """The pieces from the beginning of the records to the period's end: one before the first
    month (of the pilot or the period), then calendar months, split where the period starts.
    In the month of ``vandaag`` every day before today is a piece of its own (stored once it has
    passed, see ``maandcijfers.gesloten``), so only today is computed live."""
    eerste = min(pilot.startdatum, periode.start).replace(day=1)
    uit = [Periode(BEGIN, eerste - timedelta(days=1))]
    for maand in Periode(eerste, periode.eind).maanden():
        m = Periode.maand(maand.year, maand.month)
        grenzen = [m.start] + ([periode.start] if m.start < periode.start <= m.eind else [])
        for i, van in enumerate(grenzen):
            tot = grenzen[i + 1] - timedelta(days=1) if i + 1 < len(grenzen) else m.eind
            uit.append(Periode(van, min(tot, periode.eind)))
    if vandaag is None:
        return uit
    return [stuk for deel in uit for stuk in _dagen_voor_vandaag(deel, vandaag)]


def _dagen_voor_vandaag(deel: Periode, vandaag: date) -> list[Periode]:
    """``deel`` with the days of the current month before today split off, one piece each."""
    eerste = max(deel.start, vandaag.replace(day=1))
    laatste = min(deel.eind, vandaag - timedelta(days=1))
    if deel.start == BEGIN or eerste > laatste:
        return [deel]
    uit = [Periode(deel.start, eerste - timedelta(days=1))] if deel.start < eerste else []
    uit += [Periode(dag, dag) for dag in Periode(eerste, laatste).dagen()]
    if laatste < deel.eind:
        uit.append(Periode(laatste + timedelta(days=1), deel.eind))
    return uit


@dataclass
class Bron:
    """What a block is computed from: the scope's trajecten and referrals and the calendar."""

    pilot: Pilot
    gebiedsteam: Gebiedsteam | None
    kalender: Werkdagkalender

    @property
    def trajecten(self):
        qs = Traject.objects.filter(pilot=self.pilot).order_by()
        if self.gebiedsteam is not None:
            qs = qs.filter(aanmelding__gebiedsteam=self.gebiedsteam)
        return qs

    @property
    def aanmeldingen(self):
        qs = Aanmelding.objects.filter(gemeente_id=self.pilot.gemeente_id).order_by()
        if self.gebiedsteam is not None:
            qs = qs.filter(gebiedsteam=self.gebiedsteam)
        return qs


def blok(bron: Bron, deel: Periode) -> dict:
    """The building material of one piece, as recorded up to the piece's last day; plain JSON
    (so a closed month can be stored): counts, ids behind the people figures, durations."""
    b: dict = {}
    _aanmeldingen(b, bron.aanmeldingen, deel)
    _afloop(b, bron.aanmeldingen, deel)
    _reacties_op_aanmelding(b, bron, deel)
    _instroom(b, bron.trajecten, deel)
    _gesprekken(b, bron.trajecten, deel)
    _vertrek(b, bron, deel)
    _vervolg(b, bron.trajecten, deel)
    _overdrachten(b, bron, deel)
    _nazorg(b, bron.trajecten, deel)
    _ladder(b, bron.trajecten, deel)
    _instrumenten(b, bron.trajecten, deel)
    return b


def _reactie(stap: str, norm: int, gemeten: int, binnen: int) -> dict:
    return {
        "stap": stap,
        "norm": norm,
        "gemeten": gemeten,
        "binnen": binnen,
        "procent": _procent(binnen, gemeten),
    }


def _tel(doel: dict, sleutel, n: int = 1) -> None:
    doel[sleutel] = doel.get(sleutel, 0) + n


def _aanmeldingen(b: dict, qs, deel: Periode) -> None:
    in_deel = qs.filter(aangemeld_op__gte=deel.start_dt, aangemeld_op__lt=deel.eind_dt)
    # query: referrals in the piece, grouped by team, doelgroep, dorp, benefits
    groepen = in_deel.values(
        "gebiedsteam__naam",
        "inwoner__doelgroep",
        "inwoner__woonplaats",
        "inwoner__uitkeringssituatie",
    ).annotate(n=Count("pk"))
    a: dict = {"totaal": 0, "nugger": 0, "team": {}, "doelgroep": {}, "dorp": {}}
    for g in groepen:
        n = g["n"]
        a["totaal"] += n
        _tel(a["team"], g["gebiedsteam__naam"] or "", n)
        _tel(a["doelgroep"], g["inwoner__doelgroep"] or "", n)
        _tel(a["dorp"], g["inwoner__woonplaats"] or "", n)
        if g["inwoner__uitkeringssituatie"] == "geen":
            a["nugger"] += n
    b["aanmeldingen"] = a


def _afloop(b: dict, qs, deel: Periode) -> None:
    """Declines, unreachable residents and withdrawals are events: each counts on the day it was
    recorded (``behandeld_op``, ``toestemming_ingetrokken_op``), whenever the referral came. A
    referral leaves ``nieuw`` once and for all, so these dated fields are its status history."""
    S = Aanmelding.Status
    behandeld = Q(behandeld_op__gte=deel.start_dt, behandeld_op__lt=deel.eind_dt)
    ingetrokken = Q(
        toestemming_ingetrokken_op__gte=deel.start_dt,
        toestemming_ingetrokken_op__lt=deel.eind_dt,
    )
    # query: declines, unreachable and withdrawals recorded in the piece
    b["afloop"] = qs.filter(behandeld | ingetrokken).aggregate(
        afgewezen=Count("pk", filter=behandeld & Q(status=S.AFGEWEZEN)),
        onbereikbaar=Count("pk", filter=behandeld & Q(status=S.ONBEREIKBAAR)),
        ingetrokken=Count("pk", filter=ingetrokken),
        na_start=Count("pk", filter=ingetrokken & Q(status=S.GEACCEPTEERD)),
    )


def _instroom(b: dict, trajecten, deel: Periode) -> None:
    # query: the moves of the piece, with the traject's resident and the reason of an ending
    moves = Faseovergang.objects.filter(
        traject__in=trajecten, op__gte=deel.start_dt, op__lt=deel.eind_dt
    ).values_list("traject_id", "naar_fase", "traject__einde_reden", "traject__inwoner_id")
    per_fase: dict[str, set] = defaultdict(set)
    redenen: dict[str, int] = {}
    inwoners: set[int] = set()
    for traject_id, naar, reden, inwoner_id in moves:
        if naar == Fase.AFGESLOTEN and traject_id not in per_fase[naar]:
            _tel(redenen, reden or EindeReden.ANDERS)
        per_fase[naar].add(traject_id)
        if naar == Fase.ORIENTATIE:
            inwoners.add(inwoner_id)
    b["instroom"] = {f: len(ids) for f, ids in per_fase.items()}
    b["redenen"] = redenen
    b["orientatie"] = {
        "trajecten": sorted(per_fase[Fase.ORIENTATIE]),
        "inwoners": sorted(inwoners),
    }
    b["conversie"] = {
        "vervolg": sorted(per_fase[Fase.VERVOLGTRAJECT]),
        "einde": sorted(per_fase[Fase.AFGESLOTEN]),
    }


def _gesprekken(b: dict, trajecten, deel: Periode) -> None:
    # query: conversations held in the piece
    b["gesprekken"] = trajecten.filter(
        gesprek_gehouden_op__gte=deel.start_dt, gesprek_gehouden_op__lt=deel.eind_dt
    ).count()


def _vertrek(b: dict, bron: Bron, deel: Periode) -> None:
    norm = bron.pilot.reactietijd_orientatie
    # query: the moves of the piece and those into oriëntatie that may be decided in it, each
    # with its step's duration, the lead time and the day of the next move
    laat = reactietijden.starts_beslist_in(bron.kalender, norm, deel.start, deel.eind)
    bewegingen = _bewegingen(
        bron.trajecten,
        deel.start_dt - reactietijden.marge(norm),
        deel.eind_dt,
        deel.start_dt,
        (laat.start_dt, laat.eind_dt) if laat else (deel.start_dt, deel.start_dt),
    )
    duur: dict[str, list[float]] = defaultdict(list)
    doorloop: list[float] = []
    for van, naar, dagen, sinds_start, _d, _v, in_deel in bewegingen:
        if not in_deel:
            continue
        if van and dagen is not None:
            duur[van].append(round(float(dagen), 4))
        if naar == Fase.VERVOLGTRAJECT:
            doorloop.append(round(float(sinds_start), 4))
    b["duur"] = dict(duur)
    b["doorloop"] = doorloop
    orientaties = [
        reactietijden.meting(
            bron.kalender,
            start=dag,
            norm=norm,
            antwoord=volgende,
            gestopt=None,
            peildatum=deel.eind,
        )
        for _van, naar, _d, _s, dag, volgende, _p in bewegingen
        if naar == Fase.ORIENTATIE
    ]
    b.setdefault("reactie", {})["orientatie"] = reactietijden.tel(
        orientaties, deel.start, deel.eind
    )


def _vervolg(b: dict, trajecten, deel: Periode) -> None:
    # query: vervolgtrajecten agreed in the piece, by route and sector
    groepen = (
        Vervolgtraject.objects.filter(
            traject__in=trajecten,
            traject__overgangen__naar_fase=Fase.VERVOLGTRAJECT,
            traject__overgangen__op__gte=deel.start_dt,
            traject__overgangen__op__lt=deel.eind_dt,
        )
        .values("route", "sector")
        .annotate(n=Count("pk", distinct=True))
    )
    v: dict = {"route": {}, "sector": {}, "totaal": 0}
    for g in groepen:
        _tel(v["route"], g["route"], g["n"])
        _tel(v["sector"], g["sector"] or "", g["n"])
        v["totaal"] += g["n"]
    # query: Nugger registrations in the piece
    v["nugger"] = Vervolgtraject.objects.filter(
        traject__in=trajecten,
        nugger_ingeschreven_op__gte=deel.start,
        nugger_ingeschreven_op__lte=deel.eind,
    ).count()
    b["vervolg"] = v


def _overdrachten(b: dict, bron: Bron, deel: Periode) -> None:
    """Handovers count on the day they were made, confirmations on the day they came: both are
    events, so months add up. The confirmation's response time is measured from the handover."""
    norm = bron.pilot.reactietijd_overdracht_bevestiging
    van = deel.start_dt - reactietijden.marge(norm)
    # query: handovers made in the piece or shortly before it, or confirmed in it
    rijen = Overdracht.objects.filter(
        Q(overgedragen_op__gte=van, overgedragen_op__lt=deel.eind_dt)
        | Q(bevestigd_op__gte=deel.start_dt, bevestigd_op__lt=deel.eind_dt),
        traject__in=bron.trajecten,
    ).values_list(
        "naar_organisatie__naam",
        "overgedragen_op",
        "bevestigd_op",
        TruncDate("overgedragen_op"),
        TruncDate("bevestigd_op"),
        TruncDate("traject__beeindigd_op"),
    )
    per_org: dict[str, list] = {}
    metingen = []
    for org, over, bevestigd, dag_over, dag_bevestigd, dag_einde in rijen:
        r = per_org.setdefault(org, [0, 0, []])
        if deel.start <= dag_over <= deel.eind:
            r[0] += 1
        if dag_bevestigd is not None and deel.start <= dag_bevestigd <= deel.eind:
            r[1] += 1
            r[2].append(round(_dagen(over, bevestigd), 4))
        metingen.append(
            reactietijden.meting(
                bron.kalender,
                start=dag_over,
                norm=norm,
                antwoord=dag_bevestigd,
                gestopt=dag_einde,
                peildatum=deel.eind,
            )
        )
    b["overdrachten"] = {org: r for org, r in per_org.items() if r[0] or r[1]}
    b.setdefault("reactie", {})["overdracht"] = reactietijden.tel(metingen, deel.start, deel.eind)


def _dag(waarde: datetime | None) -> date | None:
    return None if waarde is None else timezone.localdate(waarde)


def _eerste(*dagen: date | None) -> date | None:
    bekend = [d for d in dagen if d is not None]
    return min(bekend) if bekend else None


def _reacties_op_aanmelding(b: dict, bron: Bron, deel: Periode) -> None:
    """First contact and gesprek, each measured from the referral (see reactietijden)."""
    pilot, kalender = bron.pilot, bron.kalender
    S = Aanmelding.Status
    gesloten = (S.AFGEWEZEN, S.ONBEREIKBAAR, S.INGETROKKEN)
    norm_contact, norm_gesprek = pilot.reactietijd_eerste_contact, pilot.reactietijd_gesprek
    van = deel.start_dt - reactietijden.marge(max(norm_contact, norm_gesprek))
    # query: referrals whose measurements may be decided in the piece, their moments as local
    # days (computed in the database)
    rijen = (
        bron.aanmeldingen.filter(aangemeld_op__gte=van, aangemeld_op__lt=deel.eind_dt)
        .annotate(
            d_aangemeld=TruncDate("aangemeld_op"),
            d_eerste=TruncDate("eerste_contact_op"),
            d_behandeld=TruncDate("behandeld_op"),
            d_ingetrokken=TruncDate("toestemming_ingetrokken_op"),
            d_gehouden=TruncDate("traject__gesprek_gehouden_op"),
            d_beeindigd=TruncDate("traject__beeindigd_op"),
        )
        .order_by()
        .values_list(
            "d_aangemeld",
            "d_eerste",
            "status",
            "d_behandeld",
            "d_ingetrokken",
            "d_gehouden",
            "d_beeindigd",
        )
    )
    contact: list[reactietijden.Meting | None] = []
    gesprek: list[reactietijden.Meting | None] = []
    for start, eerste, status, behandeld, ingetrokken, gehouden, beeindigd in rijen:
        gestopt = _eerste(behandeld if status in gesloten else None, ingetrokken, beeindigd)
        for metingen, norm, antwoord in (
            (contact, norm_contact, _eerste(eerste, gehouden)),
            (gesprek, norm_gesprek, gehouden),
        ):
            metingen.append(
                reactietijden.meting(
                    kalender,
                    start=start,
                    norm=norm,
                    antwoord=antwoord,
                    gestopt=gestopt,
                    peildatum=deel.eind,
                )
            )
    r = b.setdefault("reactie", {})
    r["contact"] = reactietijden.tel(contact, deel.start, deel.eind)
    r["gesprek"] = reactietijden.tel(gesprek, deel.start, deel.eind)


def _nazorg(b: dict, trajecten, deel: Periode) -> None:
    """A plan runs from its start up to (not including) the day it was completed or its traject
    ended: the piece records its starts and stops, so the plans running on any day are the
    starts minus the stops up to that day."""
    plannen = Nazorgplan.objects.filter(traject__in=trajecten).values_list(
        "pk", "startdatum", "afgerond_op", "uitkomst", "traject__beeindigd_op"
    )
    # query: nazorg plans that started, stopped or were completed in the piece (a union, so
    # each part uses its own date index)
    rijen = (
        plannen.filter(startdatum__gte=deel.start, startdatum__lte=deel.eind)
        .union(plannen.filter(afgerond_op__gte=deel.start, afgerond_op__lte=deel.eind))
        .union(
            plannen.filter(
                traject__beeindigd_op__gte=deel.start_dt, traject__beeindigd_op__lt=deel.eind_dt
            )
        )
    )
    n: dict = {"start": 0, "stop": 0, "afgerond": {}}
    for _pk, start, afgerond, uitkomst, beeindigd in rijen:
        stop = _eerste(afgerond, _dag(beeindigd))
        if stop is None or start < stop:
            n["start"] += deel.start <= start <= deel.eind
            n["stop"] += stop is not None and deel.start <= stop <= deel.eind
        if afgerond is not None and deel.start <= afgerond <= deel.eind:
            _tel(n["afgerond"], uitkomst or "")
    b["nazorg"] = n


def _ladder(b: dict, trajecten, deel: Periode) -> None:
    """The piece's start measurements (the first per traject) and end measurements (the last
    per traject), so that a period pairs the last end in it with the first start before it."""
    M = Participatiemeting.Moment
    # query: the measurements of the piece
    metingen = (
        Participatiemeting.objects.filter(
            traject__in=trajecten, datum__gte=deel.start, datum__lte=deel.eind
        )
        .order_by("traject_id", "datum", "pk")
        .values_list("traject_id", "moment", "trede", "datum", "pk")
    )
    start: dict[str, list] = {}
    einde: dict[str, list] = {}
    for traject_id, moment, trede, datum, pk in metingen:
        rij = [datum.isoformat(), pk, trede]
        if moment == M.START:
            start.setdefault(str(traject_id), rij)
        elif moment == M.EINDE:
            einde[str(traject_id)] = rij
    b["ladder"] = {"start": start, "einde": einde}


def _instrumenten(b: dict, trajecten, deel: Periode) -> None:
    # query: instruments deployed in the piece, by category and provider, with costs
    groepen = (
        Inzet.objects.filter(
            traject__in=trajecten,
            startdatum__gte=deel.start,
            startdatum__lte=deel.eind,
        )
        .values("instrument__categorie", "instrument__aanbieder__naam")
        .annotate(n=Count("pk"), kosten=Sum(inzet_kosten()))
        .order_by("instrument__categorie", "instrument__aanbieder__naam")
    )
    b["instrumenten"] = [
        [
            g["instrument__categorie"],
            g["instrument__aanbieder__naam"],
            g["n"],
            str(Decimal(g["kosten"] or 0).quantize(Decimal("0.01"))),
        ]
        for g in groepen
    ]


def _samenvoegen(k: Kpis, periode: Periode, delen: list[tuple[Periode, dict]]) -> None:
    """The period's figures from the blocks: events summed over the pieces in the period,
    people once over their union, stands over every piece up to the period's end."""
    binnen = [b for d, b in delen if d.start >= periode.start]
    _som_aanmeldingen(k, periode, [(d, b) for d, b in delen if d.start >= periode.start])
    _som_stappen(k, binnen)
    _som_orientatie(k, periode, delen)
    _som_vervolg(k, binnen)
    _som_overdrachten(k, binnen)
    _som_nazorg(k, binnen, [b for _d, b in delen])
    _som_ladder(k, periode, delen)
    _som_instrumenten(k, binnen)
    _som_reacties(k, binnen)


def _optellen(blokken: list[dict], *pad: str) -> Counter:
    totaal: Counter = Counter()
    for b in blokken:
        waarde = b
        for stap in pad:
            waarde = waarde.get(stap, {})
        totaal.update(waarde)
    return totaal


def _som_aanmeldingen(k: Kpis, periode: Periode, delen: list[tuple[Periode, dict]]) -> None:
    blokken = [b for _d, b in delen]
    k.aanmeldingen = sum(b["aanmeldingen"]["totaal"] for b in blokken)
    k.aanmeldingen_nugger = sum(b["aanmeldingen"]["nugger"] for b in blokken)
    k.per_gebiedsteam = _rijen(_optellen(blokken, "aanmeldingen", "team"))
    k.per_doelgroep = _rijen(
        _optellen(blokken, "aanmeldingen", "doelgroep"), dict(Doelgroep.choices)
    )
    k.per_dorp = _rijen(_optellen(blokken, "aanmeldingen", "dorp"))
    afloop = _optellen(blokken, "afloop")
    k.aanmeldingen_afgewezen = afloop["afgewezen"]
    k.aanmeldingen_onbereikbaar = afloop["onbereikbaar"]
    k.aanmeldingen_ingetrokken = afloop["ingetrokken"]
    k.aanmeldingen_ingetrokken_na_start = afloop["na_start"]
    per_maand: dict[date, Counter] = defaultdict(Counter)
    for d, b in delen:
        m = per_maand[d.start.replace(day=1)]
        m["aanmeldingen"] += b["aanmeldingen"]["totaal"]
        m["orientatie"] += b["instroom"].get(Fase.ORIENTATIE, 0)
        m["vervolgtraject"] += b["instroom"].get(Fase.VERVOLGTRAJECT, 0)
    k.per_maand = [
        {
            "maand": m,
            "aanmeldingen": per_maand[m]["aanmeldingen"],
            "orientatie": per_maand[m]["orientatie"],
            "vervolgtraject": per_maand[m]["vervolgtraject"],
        }
        for m in periode.maanden()
    ]


def _som_stappen(k: Kpis, blokken: list[dict]) -> None:
    per_fase = _optellen(blokken, "instroom")
    redenen = _optellen(blokken, "redenen")
    k.trechter = [Rij(Fase(f).label, per_fase[f]) for f in STAPPEN]
    k.beeindigd = per_fase[Fase.AFGESLOTEN]
    k.beeindigd_per_reden = [Rij(label, redenen.get(code, 0)) for code, label in EindeReden.choices]
    k.orientatie_gestart = per_fase[Fase.ORIENTATIE]
    k.gesprekken = sum(b["gesprekken"] for b in blokken)
    duur: dict[str, list[float]] = defaultdict(list)
    doorloop: list[float] = []
    for b in blokken:
        for f, dagen in b["duur"].items():
            duur[f].extend(dagen)
        doorloop.extend(b["doorloop"])
    k.tijd_per_stap = [
        {"stap": Fase(f).label, "aantal": len(duur[f]), "mediaan_dagen": _mediaan(duur[f])}
        for f in STAPPEN
    ]
    streef = k.pilot.doorlooptijd_dagen
    binnen_streef = sum(1 for d in doorloop if d <= streef)
    k.doorlooptijd = {
        "aantal": len(doorloop),
        "mediaan_dagen": _mediaan(doorloop),
        "streef_dagen": streef,
        "binnen": binnen_streef,
        "procent": _procent(binnen_streef, len(doorloop)),
    }


def _som_orientatie(k: Kpis, periode: Periode, delen: list[tuple[Periode, dict]]) -> None:
    pilot = k.pilot
    per_jaar: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    alle_trajecten: set[int] = set()
    alle_inwoners: set[int] = set()
    in_periode: set[int] = set()
    cohort: set[int] = set()
    vervolg: set[int] = set()
    einde: set[int] = set()
    for d, b in delen:
        o = b["orientatie"]
        jaar = per_jaar[d.start.year]
        jaar[0].update(o["trajecten"])
        jaar[1].update(o["inwoners"])
        alle_trajecten.update(o["trajecten"])
        alle_inwoners.update(o["inwoners"])
        vervolg.update(b["conversie"]["vervolg"])
        einde.update(b["conversie"]["einde"])
        if d.start >= periode.start:
            in_periode.update(o["inwoners"])
            cohort.update(o["trajecten"])
    # query: the pilot's year targets; they are the gemeente's, so a gebiedsteam's figures are
    # not set against them
    doelen: dict[int, int | None] = dict(pilot.jaardoelen.values_list("jaar", "doel_orientatie"))
    if k.gebiedsteam is not None:
        doelen = dict.fromkeys(doelen)
    gestart = {j for j, (t, _i) in per_jaar.items() if t}
    k.orientatie_per_jaar = []
    for j in sorted(gestart | {j for j in doelen if j <= periode.eind.year}):
        trajecten, inwoners = per_jaar.get(j, (set(), set()))
        doel = doelen.get(j)
        k.orientatie_per_jaar.append(
            {
                "jaar": j,
                "aantal": len(inwoners),
                "trajecten": len(trajecten),
                "doel": doel,
                "procent": _procent(len(inwoners), doel) if doel else None,
            }
        )
    k.orientatie_totaal = len(alle_inwoners)
    k.orientatie_totaal_trajecten = len(alle_trajecten)
    k.orientatie_personen = len(in_periode)
    k.orientatie_doel_totaal = None if k.gebiedsteam else pilot.doel_orientatie_totaal
    met_vervolg = len(cohort & vervolg)
    beeindigd = len((cohort - vervolg) & einde)
    afgerond = met_vervolg + beeindigd
    k.conversie = {
        "gestart": len(cohort),
        "vervolg": met_vervolg,
        "beeindigd": beeindigd,
        "lopend": len(cohort) - afgerond,
        "afgerond": afgerond,
        "procent": _procent(met_vervolg, afgerond),
        "doel": None if k.gebiedsteam else pilot.doel_conversie_procent,
    }


def _som_vervolg(k: Kpis, blokken: list[dict]) -> None:
    routes = _optellen(blokken, "vervolg", "route")
    sectoren = _optellen(blokken, "vervolg", "sector")
    k.vervolgtrajecten = sum(b["vervolg"]["totaal"] for b in blokken)
    k.routes = [Rij(label, routes.get(code, 0)) for code, label in Route.choices]
    labels = dict(Sector.choices)
    labels[""] = "Geen sector vastgelegd"
    k.sectoren = [Rij(labels[c], sectoren.get(c, 0)) for c in [*Sector.values, ""]]
    k.tekortsectoren = sum(sectoren.get(s, 0) for s in TEKORTSECTOREN)
    k.nugger_ingeschreven = sum(b["vervolg"]["nugger"] for b in blokken)


def _som_overdrachten(k: Kpis, blokken: list[dict]) -> None:
    per_org: dict[str, list] = defaultdict(lambda: [0, 0, []])
    for b in blokken:
        for org, (aantal, bevestigd, dagen) in b["overdrachten"].items():
            r = per_org[org]
            r[0] += aantal
            r[1] += bevestigd
            r[2].extend(dagen)
    k.overdrachten = [
        Rij(org, r[0], {"bevestigd": r[1], "mediaan_dagen": _mediaan(r[2])})
        for org, r in sorted(per_org.items(), key=lambda kv: (-kv[1][0], kv[0]))
    ]
    k.overdrachten_totaal = sum(r.aantal for r in k.overdrachten)
    alle = [d for r in per_org.values() for d in r[2]]
    k.overdrachten_bevestigd = len(alle)
    k.bevestiging_mediaan_dagen = _mediaan(alle)


def _som_nazorg(k: Kpis, blokken: list[dict], tot_het_einde: list[dict]) -> None:
    k.nazorg_lopend = sum(b["nazorg"]["start"] - b["nazorg"]["stop"] for b in tot_het_einde)
    uitkomsten = _optellen(blokken, "nazorg", "afgerond")
    k.nazorg_afgerond = sum(uitkomsten.values())
    k.nazorg_uitkomsten = _rijen(uitkomsten, dict(Nazorgplan.Uitkomst.choices))


def _som_ladder(k: Kpis, periode: Periode, delen: list[tuple[Periode, dict]]) -> None:
    """The last end measurement in the period against the first start measurement up to its
    end, per traject."""
    start: dict[str, list] = {}
    einde: dict[str, list] = {}
    for d, b in delen:
        for t, rij in b["ladder"]["start"].items():
            if t not in start or rij[:2] < start[t][:2]:
                start[t] = rij
        if d.start >= periode.start:
            for t, rij in b["ladder"]["einde"].items():
                if t not in einde or rij[:2] > einde[t][:2]:
                    einde[t] = rij
    verschillen = [e[2] - start[t][2] for t, e in einde.items() if t in start]
    k.ladder = {
        "aantal": len(verschillen),
        "omhoog": sum(1 for v in verschillen if v > 0),
        "gelijk": sum(1 for v in verschillen if v == 0),
        "omlaag": sum(1 for v in verschillen if v < 0),
        "gemiddeld": round(sum(verschillen) / len(verschillen), 1) if verschillen else None,
    }


def _som_instrumenten(k: Kpis, blokken: list[dict]) -> None:
    groepen: dict[tuple[str, str], list] = {}
    for b in blokken:
        for categorie, aanbieder, n, kosten in b["instrumenten"]:
            g = groepen.setdefault((categorie, aanbieder), [0, Decimal("0.00")])
            g[0] += n
            g[1] += Decimal(kosten)
    labels = dict(Instrument.Categorie.choices)
    for (categorie, aanbieder), (n, kosten) in sorted(groepen.items()):
        k.instrumenten.append(
            {
                "categorie": labels.get(categorie, categorie),
                "aanbieder": aanbieder,
                "aantal": n,
                "kosten": kosten,
            }
        )
        k.instrumenten_aantal += n
        k.instrumenten_kosten += kosten


def _som_reacties(k: Kpis, blokken: list[dict]) -> None:
    pilot = k.pilot
    for sleutel, stap, norm in (
        ("contact", "Eerste contact na aanmelding", pilot.reactietijd_eerste_contact),
        ("gesprek", "Gesprek na aanmelding", pilot.reactietijd_gesprek),
        ("orientatie", "Oriëntatie afgerond", pilot.reactietijd_orientatie),
        ("overdracht", "Overdracht bevestigd", pilot.reactietijd_overdracht_bevestiging),
    ):
        gemeten = sum(b["reactie"][sleutel][0] for b in blokken)
        binnen = sum(b["reactie"][sleutel][1] for b in blokken)
        k.reactietijden.append(_reactie(stap, norm, gemeten, binnen))


# The moves with the one before and after (values as parameters; names from the models).
_BEWEGINGEN_SQL = """
        SELECT x.van_fase, x.naar_fase, {duur},
               {doorloop}, {dag}, {volgende}, x.op >= %s
        FROM (
            SELECT o.traject_id, o.van_fase, o.naar_fase, o.op,
                   LAG(o.op) OVER w AS vorige_op, LEAD(o.op) OVER w AS volgende_op
            FROM {tabel} o
            WHERE o.traject_id IN (
                  SELECT i.traject_id FROM {tabel} i
                  WHERE ((i.op >= %s AND i.op < %s)
                         OR (i.naar_fase = %s AND i.op >= %s AND i.op < %s))
                    AND i.traject_id IN ({ids_sql}))
            WINDOW w AS (PARTITION BY o.traject_id ORDER BY o.op, o.id)
        ) x JOIN {traject_tabel} t ON t.id = x.traject_id
        WHERE x.op < %s AND (x.op >= %s OR (x.op >= %s AND x.naar_fase = %s))
    """


def _bewegingen(
    trajecten, van: datetime, tot: datetime, start: datetime, laat: tuple[datetime, datetime]
) -> list[tuple]:
    """The moves of ``trajecten`` with ``start <= op < tot``, and those into oriëntatie with
    ``van <= op < tot`` (for the response time), each with its step's duration (days since the
    move before), the traject's lead time so far, its local day and that of the next move: one
    pass with ``LAG``/``LEAD`` over the moves of the trajecten that moved in the piece or went
    into oriëntatie in ``laat`` (those whose norm runs out in the piece; a semi-join), the
    durations and days computed in the database."""
    ids_sql, ids_params = trajecten.order_by().values("pk").query.sql_with_params()
    tabel = connection.ops.quote_name(Faseovergang._meta.db_table)
    traject_tabel = connection.ops.quote_name(Traject._meta.db_table)
    tz = timezone.get_current_timezone_name()
    dag_sql, dag_params = connection.ops.datetime_cast_date_sql("x.op", (), tz)
    volgende_sql, volgende_params = connection.ops.datetime_cast_date_sql("x.volgende_op", (), tz)
    grenzen = [connection.ops.adapt_datetimefield_value(d) for d in (van, tot, start)]
    sql = _BEWEGINGEN_SQL.format(  # noqa: S608  # nosec B608 - names from the models
        duur=_dagen_sql("x.op", "x.vorige_op"),
        doorloop=_dagen_sql("x.op", "t.gestart_op"),
        dag=dag_sql,
        volgende=volgende_sql,
        tabel=tabel,
        traject_tabel=traject_tabel,
        ids_sql=ids_sql,
    )
    van_p, tot_p, start_p = grenzen
    params = [
        *dag_params,
        *volgende_params,
        start_p,
        start_p,
        tot_p,
        Fase.ORIENTATIE.value,
        *(connection.ops.adapt_datetimefield_value(d) for d in laat),
        *ids_params,
        tot_p,
        start_p,
        van_p,
        Fase.ORIENTATIE.value,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (vf, nf, duur, doorloop, _dag_uit_sql(dag), _dag_uit_sql(volgende), bool(nu))
            for vf, nf, duur, doorloop, dag, volgende, nu in cursor.fetchall()
        ]


def _dag_uit_sql(waarde) -> date | None:
    if waarde is None or isinstance(waarde, date):
        return waarde
    return date.fromisoformat(str(waarde)[:10])


def _dagen_sql(a: str, b: str) -> str:
    """Days between two timestamp columns as a float, in the database's own terms."""
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({a} - {b})) / 86400.0"
    return f"(julianday({a}) - julianday({b}))"
