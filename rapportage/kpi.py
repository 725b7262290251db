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
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, TruncDate, TruncMonth
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
    earlier: a period that has not ended is reported as far as it went."""
    peil = min(periode.eind, peildatum or timezone.localdate())
    k = Kpis(pilot=pilot, periode=periode, gebiedsteam=gebiedsteam, peildatum=peil)
    # What happened after the peildatum never counts, so an interim report made again later
    # gives the same figures. (A period that has not begun is reckoned over its first day.)
    periode = Periode(periode.start, max(peil, periode.start))
    trajecten = Traject.objects.filter(pilot=pilot)
    aanmeldingen = Aanmelding.objects.filter(gemeente_id=pilot.gemeente_id)
    if gebiedsteam is not None:
        trajecten = trajecten.filter(aanmelding__gebiedsteam=gebiedsteam)
        aanmeldingen = aanmeldingen.filter(gebiedsteam=gebiedsteam)
    # query: feestdagen, numbered once into a calendar of working days
    kalender = Werkdagkalender(
        feestdagen_voor(pilot.gemeente_id),
        van=min(pilot.startdatum, periode.start) - timedelta(days=400),
        tot=max(pilot.einddatum, periode.eind) + timedelta(days=400),
    )
    per_maand = _aanmeldingen(k, aanmeldingen, periode)
    _reacties_op_aanmelding(k, aanmeldingen, periode, kalender)
    _stappen(k, trajecten, periode, kalender, per_maand)
    _orientatie(k, trajecten, periode)
    _vervolg(k, trajecten, periode)
    _overdrachten(k, trajecten, periode, kalender)
    _nazorg(k, trajecten, periode)
    _ladder(k, trajecten, periode)
    _instrumenten(k, trajecten, periode)
    return k


def _aanmeldingen(k: Kpis, qs, periode: Periode) -> Counter:
    in_periode = qs.filter(aangemeld_op__gte=periode.start_dt, aangemeld_op__lt=periode.eind_dt)
    # query: referrals in the period, grouped by team, doelgroep, dorp, month, benefits
    groepen = in_periode.values(
        "gebiedsteam__naam",
        "inwoner__doelgroep",
        "inwoner__woonplaats",
        "inwoner__uitkeringssituatie",
        maand=TruncMonth("aangemeld_op"),
    ).annotate(n=Count("pk"))
    team: Counter[str] = Counter()
    doelgroep: Counter[str] = Counter()
    dorp: Counter[str] = Counter()
    maand: Counter[date] = Counter()
    for g in groepen:
        n = g["n"]
        k.aanmeldingen += n
        team[g["gebiedsteam__naam"]] += n
        doelgroep[g["inwoner__doelgroep"]] += n
        dorp[g["inwoner__woonplaats"]] += n
        maand[_maand(g["maand"])] += n
        if g["inwoner__uitkeringssituatie"] == "geen":
            k.aanmeldingen_nugger += n
    k.per_gebiedsteam = _rijen(team)
    k.per_doelgroep = _rijen(doelgroep, dict(Doelgroep.choices))
    k.per_dorp = _rijen(dorp)
    _afloop(k, qs, periode)
    return maand


def _reactie(stap: str, norm: int, gemeten: int, binnen: int) -> dict:
    return {
        "stap": stap,
        "norm": norm,
        "gemeten": gemeten,
        "binnen": binnen,
        "procent": _procent(binnen, gemeten),
    }


def _stappen(k: Kpis, trajecten, periode: Periode, kalender, maand_aanmeldingen) -> None:
    _instroom(k, trajecten, periode, maand_aanmeldingen)
    _gesprekken(k, trajecten, periode)
    _vertrek(k, trajecten, periode, kalender)


def _instroom(k: Kpis, trajecten, periode: Periode, maand_aanmeldingen) -> None:
    # query: moves into each step in the period, per month (funnel and monthly trend), with
    # the reason of every ending
    instroom = (
        Faseovergang.objects.filter(
            traject__in=trajecten, op__gte=periode.start_dt, op__lt=periode.eind_dt
        )
        .values("naar_fase", "traject__einde_reden", maand=TruncMonth("op"))
        .annotate(n=Count("traject", distinct=True))
    )
    per_fase: Counter[str] = Counter()
    per_maand: defaultdict[date, Counter[str]] = defaultdict(Counter)
    redenen: Counter[str] = Counter()
    for r in instroom:
        per_fase[r["naar_fase"]] += r["n"]
        per_maand[_maand(r["maand"])][r["naar_fase"]] += r["n"]
        if r["naar_fase"] == Fase.AFGESLOTEN:
            redenen[r["traject__einde_reden"] or EindeReden.ANDERS] += r["n"]
    k.trechter = [Rij(Fase(f).label, per_fase[f]) for f in STAPPEN]
    k.beeindigd = per_fase[Fase.AFGESLOTEN]
    k.beeindigd_per_reden = [Rij(label, redenen.get(code, 0)) for code, label in EindeReden.choices]
    k.orientatie_gestart = per_fase[Fase.ORIENTATIE]
    k.per_maand = [
        {
            "maand": m,
            "aanmeldingen": maand_aanmeldingen.get(m, 0),
            "orientatie": per_maand[m][Fase.ORIENTATIE],
            "vervolgtraject": per_maand[m][Fase.VERVOLGTRAJECT],
        }
        for m in periode.maanden()
    ]


def _gesprekken(k: Kpis, trajecten, periode: Periode) -> None:
    # query: conversations held in the period
    k.gesprekken = trajecten.filter(
        gesprek_gehouden_op__gte=periode.start_dt, gesprek_gehouden_op__lt=periode.eind_dt
    ).count()


def _vertrek(k: Kpis, trajecten, periode: Periode, kalender) -> None:
    norm = k.pilot.reactietijd_orientatie
    # query: the moves of the period and those into oriëntatie that may be decided in it, each
    # with its step's duration, the lead time and the day of the next move
    bewegingen = _bewegingen(
        trajecten, periode.start_dt - reactietijden.marge(norm), periode.eind_dt, periode.start_dt
    )
    duur, doorloop = defaultdict(list), []
    for van, naar, dagen, sinds_start, _d, _v, in_periode in bewegingen:
        if not in_periode:
            continue
        if van and dagen is not None:
            duur[van].append(float(dagen))
        if naar == Fase.VERVOLGTRAJECT:
            doorloop.append(float(sinds_start))
    k.tijd_per_stap = [
        {"stap": Fase(f).label, "aantal": len(duur[f]), "mediaan_dagen": _mediaan(duur[f])}
        for f in STAPPEN
    ]
    peil = k.peildatum or periode.eind
    orientaties = [
        reactietijden.meting(
            kalender, start=dag, norm=norm, antwoord=volgende, gestopt=None, peildatum=peil
        )
        for _van, naar, _d, _s, dag, volgende, _p in bewegingen
        if naar == Fase.ORIENTATIE
    ]
    gemeten, binnen = reactietijden.tel(orientaties, periode.start, periode.eind)
    k.reactietijden.append(_reactie("Oriëntatie afgerond", norm, gemeten, binnen))
    streef = k.pilot.doorlooptijd_dagen
    binnen_streef = sum(1 for d in doorloop if d <= streef)
    k.doorlooptijd = {
        "aantal": len(doorloop),
        "mediaan_dagen": _mediaan(doorloop),
        "streef_dagen": streef,
        "binnen": binnen_streef,
        "procent": _procent(binnen_streef, len(doorloop)),
    }


def _orientatie(k: Kpis, trajecten, periode: Periode) -> None:
    pilot = k.pilot
    starts = Faseovergang.objects.filter(
        traject__in=trajecten, naar_fase=Fase.ORIENTATIE, op__lt=periode.eind_dt
    )
    # query: oriëntatie starts per calendar year (residents and trajecten), from the pilot's
    # start to the period's end
    per_jaar = {
        r["jaar"]: r
        for r in starts.annotate(jaar=ExtractYear("op"))
        .values("jaar")
        .annotate(
            trajecten=Count("traject", distinct=True),
            personen=Count("traject__inwoner", distinct=True),
        )
    }
    # query: residents who started oriëntatie since the pilot's start (once each), and those
    # who started it in the period
    totalen = starts.aggregate(
        personen=Count("traject__inwoner", distinct=True),
        trajecten=Count("traject", distinct=True),
        in_periode=Count("traject__inwoner", distinct=True, filter=Q(op__gte=periode.start_dt)),
    )
    # query: the pilot's year targets; they are the gemeente's, so a gebiedsteam's figures are
    # not set against them
    doelen: dict[int, int | None] = dict(pilot.jaardoelen.values_list("jaar", "doel_orientatie"))
    if k.gebiedsteam is not None:
        doelen = dict.fromkeys(doelen)
    jaren = sorted(set(per_jaar) | {j for j in doelen if j <= periode.eind.year})
    k.orientatie_per_jaar = []
    for j in jaren:
        personen = per_jaar[j]["personen"] if j in per_jaar else 0
        doel = doelen.get(j)
        k.orientatie_per_jaar.append(
            {
                "jaar": j,
                "aantal": personen,
                "trajecten": per_jaar[j]["trajecten"] if j in per_jaar else 0,
                "doel": doel,
                "procent": _procent(personen, doel) if doel else None,
            }
        )
    k.orientatie_totaal = totalen["personen"]
    k.orientatie_totaal_trajecten = totalen["trajecten"]
    k.orientatie_personen = totalen["in_periode"]
    k.orientatie_doel_totaal = None if k.gebiedsteam else pilot.doel_orientatie_totaal
    _conversie(k, trajecten, periode)


def _vervolg(k: Kpis, trajecten, periode: Periode) -> None:
    # query: vervolgtrajecten agreed in the period, by route and sector
    groepen = (
        Vervolgtraject.objects.filter(
            traject__in=trajecten,
            traject__overgangen__naar_fase=Fase.VERVOLGTRAJECT,
            traject__overgangen__op__gte=periode.start_dt,
            traject__overgangen__op__lt=periode.eind_dt,
        )
        .values("route", "sector")
        .annotate(n=Count("pk", distinct=True))
    )
    routes: Counter[str] = Counter()
    sectoren: Counter[str] = Counter()
    for g in groepen:
        routes[g["route"]] += g["n"]
        sectoren[g["sector"] or ""] += g["n"]
        k.vervolgtrajecten += g["n"]
    k.routes = [Rij(label, routes.get(code, 0)) for code, label in Route.choices]
    labels = dict(Sector.choices)
    labels[""] = "Geen sector vastgelegd"
    k.sectoren = [Rij(labels[c], sectoren.get(c, 0)) for c in [*Sector.values, ""]]
    k.tekortsectoren = sum(sectoren.get(s, 0) for s in TEKORTSECTOREN)
    # query: Nugger registrations in the period
    k.nugger_ingeschreven = Vervolgtraject.objects.filter(
        traject__in=trajecten,
        nugger_ingeschreven_op__gte=periode.start,
        nugger_ingeschreven_op__lte=periode.eind,
    ).count()


def _overdrachten(k: Kpis, trajecten, periode: Periode, kalender) -> None:
    """Handovers count on the day they were made, confirmations on the day they came: both are
    events, so months add up. The confirmation's response time is measured from the handover."""
    norm = k.pilot.reactietijd_overdracht_bevestiging
    van = periode.start_dt - reactietijden.marge(norm)
    # query: handovers made in the period or shortly before it, or confirmed in it
    rijen = Overdracht.objects.filter(
        Q(overgedragen_op__gte=van, overgedragen_op__lt=periode.eind_dt)
        | Q(bevestigd_op__gte=periode.start_dt, bevestigd_op__lt=periode.eind_dt),
        traject__in=trajecten,
    ).values_list(
        "naar_organisatie__naam",
        "overgedragen_op",
        "bevestigd_op",
        TruncDate("overgedragen_op"),
        TruncDate("bevestigd_op"),
        TruncDate("traject__beeindigd_op"),
    )
    per_org: dict[str, dict] = defaultdict(lambda: {"aantal": 0, "bevestigd": 0, "dagen": []})
    alle_dagen, metingen = [], []
    peil = k.peildatum or periode.eind
    for org, over, bevestigd, dag_over, dag_bevestigd, dag_einde in rijen:
        if periode.start <= dag_over <= periode.eind:
            per_org[org]["aantal"] += 1
        if dag_bevestigd is not None and periode.start <= dag_bevestigd <= periode.eind:
            per_org[org]["bevestigd"] += 1
            per_org[org]["dagen"].append(_dagen(over, bevestigd))
            alle_dagen.append(_dagen(over, bevestigd))
        metingen.append(
            reactietijden.meting(
                kalender,
                start=dag_over,
                norm=norm,
                antwoord=dag_bevestigd,
                gestopt=dag_einde,
                peildatum=peil,
            )
        )
    k.overdrachten = [
        Rij(
            org,
            r["aantal"],
            {"bevestigd": r["bevestigd"], "mediaan_dagen": _mediaan(r["dagen"])},
        )
        for org, r in sorted(per_org.items(), key=lambda kv: (-kv[1]["aantal"], kv[0]))
    ]
    k.overdrachten_totaal = sum(r.aantal for r in k.overdrachten)
    k.overdrachten_bevestigd = len(alle_dagen)
    k.bevestiging_mediaan_dagen = _mediaan(alle_dagen)
    gemeten, binnen = reactietijden.tel(metingen, periode.start, periode.eind)
    k.reactietijden.append(_reactie("Overdracht bevestigd", norm, gemeten, binnen))


def _afloop(k: Kpis, qs, periode: Periode) -> None:
    """Declines, unreachable residents and withdrawals are events: each counts on the day it was
    recorded (``behandeld_op``, ``toestemming_ingetrokken_op``), whenever the referral came. A
    referral leaves ``nieuw`` once and for all, so these dated fields are its status history."""
    S = Aanmelding.Status
    behandeld = Q(behandeld_op__gte=periode.start_dt, behandeld_op__lt=periode.eind_dt)
    ingetrokken = Q(
        toestemming_ingetrokken_op__gte=periode.start_dt,
        toestemming_ingetrokken_op__lt=periode.eind_dt,
    )
    # query: declines, unreachable and withdrawals recorded in the period
    t = qs.filter(behandeld | ingetrokken).aggregate(
        afgewezen=Count("pk", filter=behandeld & Q(status=S.AFGEWEZEN)),
        onbereikbaar=Count("pk", filter=behandeld & Q(status=S.ONBEREIKBAAR)),
        ingetrokken=Count("pk", filter=ingetrokken),
        na_start=Count("pk", filter=ingetrokken & Q(status=S.GEACCEPTEERD)),
    )
    k.aanmeldingen_afgewezen = t["afgewezen"]
    k.aanmeldingen_onbereikbaar = t["onbereikbaar"]
    k.aanmeldingen_ingetrokken = t["ingetrokken"]
    k.aanmeldingen_ingetrokken_na_start = t["na_start"]


def _dag(waarde: datetime | None) -> date | None:
    return None if waarde is None else timezone.localdate(waarde)


def _eerste(*dagen: date | None) -> date | None:
    bekend = [d for d in dagen if d is not None]
    return min(bekend) if bekend else None


def _reacties_op_aanmelding(k: Kpis, qs, periode: Periode, kalender) -> None:
    """First contact and gesprek, each measured from the referral (see reactietijden)."""
    pilot, peil = k.pilot, k.peildatum or periode.eind
    S = Aanmelding.Status
    gesloten = (S.AFGEWEZEN, S.ONBEREIKBAAR, S.INGETROKKEN)
    norm_contact, norm_gesprek = pilot.reactietijd_eerste_contact, pilot.reactietijd_gesprek
    van = periode.start_dt - reactietijden.marge(max(norm_contact, norm_gesprek))
    # query: referrals whose measurements may be decided in the period, their moments as local
    # days (computed in the database)
    rijen = (
        qs.filter(aangemeld_op__gte=van, aangemeld_op__lt=periode.eind_dt)
        .annotate(
            d_aangemeld=TruncDate("aangemeld_op"),
            d_eerste=TruncDate("eerste_contact_op"),
            d_behandeld=TruncDate("behandeld_op"),
            d_ingetrokken=TruncDate("toestemming_ingetrokken_op"),
            d_gehouden=TruncDate("traject__gesprek_gehouden_op"),
            d_beeindigd=TruncDate("traject__beeindigd_op"),
        )
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
    contact, gesprek = [], []
    for start, eerste, status, behandeld, ingetrokken, gehouden, beeindigd in rijen:
        gestopt = _eerste(behandeld if status in gesloten else None, ingetrokken, beeindigd)
        contact.append(
            reactietijden.meting(
                kalender,
                start=start,
                norm=norm_contact,
                antwoord=_eerste(eerste, gehouden),
                gestopt=gestopt,
                peildatum=peil,
            )
        )
        gesprek.append(
            reactietijden.meting(
                kalender,
                start=start,
                norm=norm_gesprek,
                antwoord=gehouden,
                gestopt=gestopt,
                peildatum=peil,
            )
        )
    for stap, norm, metingen in (
        ("Eerste contact na aanmelding", norm_contact, contact),
        ("Gesprek na aanmelding", norm_gesprek, gesprek),
    ):
        gemeten, binnen = reactietijden.tel(metingen, periode.start, periode.eind)
        k.reactietijden.append(_reactie(stap, norm, gemeten, binnen))


# The moves with the one before and after (values as parameters; names from the models).
_BEWEGINGEN_SQL = """
        SELECT x.van_fase, x.naar_fase, {duur},
               {doorloop}, {dag}, {volgende}, x.op >= %s
        FROM (
            SELECT o.traject_id, o.van_fase, o.naar_fase, o.op,
                   LAG(o.op) OVER w AS vorige_op, LEAD(o.op) OVER w AS volgende_op
            FROM {tabel} o
            WHERE o.traject_id IN ({ids_sql})
              AND EXISTS (SELECT 1 FROM {tabel} i
                          WHERE i.traject_id = o.traject_id AND i.op >= %s AND i.op < %s)
            WINDOW w AS (PARTITION BY o.traject_id ORDER BY o.op, o.id)
        ) x JOIN {traject_tabel} t ON t.id = x.traject_id
        WHERE x.op < %s AND (x.op >= %s OR (x.op >= %s AND x.naar_fase = %s))
    """


def _bewegingen(trajecten, van: datetime, tot: datetime, start: datetime) -> list[tuple]:
    """The moves of ``trajecten`` with ``start <= op < tot``, and those into oriëntatie with
    ``van <= op < tot`` (for the response time), each with its step's duration (days since the
    move before), the traject's lead time so far, its local day and that of the next move: one
    pass with ``LAG``/``LEAD`` over the moves of the trajecten that moved in the window (a
    semi-join), the durations and days computed in the database."""
    ids_sql, ids_params = trajecten.values("pk").query.sql_with_params()
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
        *ids_params,
        van_p,
        tot_p,
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


def _conversie(k: Kpis, trajecten, periode: Periode) -> None:
    # query: the conversion cohort (oriëntatie started in the period) and its state at the end
    eind = periode.eind_dt
    vervolg = Faseovergang.objects.filter(
        traject=OuterRef("traject"), naar_fase=Fase.VERVOLGTRAJECT, op__lt=eind
    )
    cohort = Faseovergang.objects.filter(
        traject__in=trajecten,
        naar_fase=Fase.ORIENTATIE,
        op__gte=periode.start_dt,
        op__lt=eind,
    ).annotate(heeft_vervolg=Exists(vervolg))
    totalen = cohort.aggregate(
        gestart=Count("traject", distinct=True),
        vervolg=Count("traject", distinct=True, filter=Q(heeft_vervolg=True)),
        beeindigd=Count(
            "traject",
            distinct=True,
            filter=Q(heeft_vervolg=False, traject__beeindigd_op__lt=eind),
        ),
    )
    afgerond = totalen["vervolg"] + totalen["beeindigd"]
    k.conversie = {
        **totalen,
        "lopend": totalen["gestart"] - afgerond,
        "afgerond": afgerond,
        "procent": _procent(totalen["vervolg"], afgerond),
        "doel": None if k.gebiedsteam else k.pilot.doel_conversie_procent,
    }


def _nazorg(k: Kpis, trajecten, periode: Periode) -> None:
    eind = periode.eind
    lopend = (
        Q(startdatum__lte=eind)
        & (Q(afgerond_op__isnull=True) | Q(afgerond_op__gt=eind))
        & (Q(traject__beeindigd_op__isnull=True) | Q(traject__beeindigd_op__gte=periode.eind_dt))
    )
    afgerond = Q(afgerond_op__gte=periode.start, afgerond_op__lte=eind)
    # query: nazorg running at the period's end and completed in it, by outcome
    groepen = (
        Nazorgplan.objects.filter(traject__in=trajecten)
        .filter(lopend | afgerond)
        .values("uitkomst")
        .annotate(lopend=Count("pk", filter=lopend), afgerond=Count("pk", filter=afgerond))
    )
    uitkomsten: Counter[str] = Counter()
    labels = dict(Nazorgplan.Uitkomst.choices)
    for g in groepen:
        k.nazorg_lopend += g["lopend"]
        k.nazorg_afgerond += g["afgerond"]
        if g["afgerond"]:
            uitkomsten[g["uitkomst"]] += g["afgerond"]
    k.nazorg_uitkomsten = _rijen(uitkomsten, labels)


def _ladder(k: Kpis, trajecten, periode: Periode) -> None:
    """Start and end rung of the trajecten with an end measurement in the period: their
    measurements read in one pass (a semi-join on the end measurements), paired here."""
    M = Participatiemeting.Moment
    in_periode = Participatiemeting.objects.filter(
        traject=OuterRef("traject"),
        moment=M.EINDE,
        datum__gte=periode.start,
        datum__lte=periode.eind,
    )
    # query: the measurements of trajecten with an end measurement in the period
    metingen = (
        Participatiemeting.objects.filter(traject__in=trajecten, datum__lte=periode.eind)
        .filter(Exists(in_periode))
        .order_by("traject_id", "datum", "pk")
        .values_list("traject_id", "moment", "trede", "datum")
    )
    start: dict[int, int] = {}
    einde: dict[int, tuple[date, int]] = {}
    for traject_id, moment, trede, datum in metingen:
        if moment == M.START:
            start.setdefault(traject_id, trede)
        elif moment == M.EINDE:
            einde[traject_id] = (datum, trede)  # the last end measurement wins
    verschillen = [
        e[1] - start[t]
        for t, e in einde.items()
        if t in start and periode.start <= e[0] <= periode.eind
    ]
    k.ladder = {
        "aantal": len(verschillen),
        "omhoog": sum(1 for v in verschillen if v > 0),
        "gelijk": sum(1 for v in verschillen if v == 0),
        "omlaag": sum(1 for v in verschillen if v < 0),
        "gemiddeld": round(sum(verschillen) / len(verschillen), 1) if verschillen else None,
    }


def _dag_uit_sql(waarde) -> date | None:
    if waarde is None or isinstance(waarde, date):
        return waarde
    return date.fromisoformat(str(waarde)[:10])


def _dagen_sql(a: str, b: str) -> str:
    """Days between two timestamp columns as a float, in the database's own terms."""
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({a} - {b})) / 86400.0"
    return f"(julianday({a}) - julianday({b}))"


def _instrumenten(k: Kpis, trajecten, periode: Periode) -> None:
    # query: instruments deployed in the period, by category and provider, with costs
    groepen = (
        Inzet.objects.filter(
            traject__in=trajecten,
            startdatum__gte=periode.start,
            startdatum__lte=periode.eind,
        )
        .values("instrument__categorie", "instrument__aanbieder__naam")
        .annotate(
            n=Count("pk"),
            kosten=Sum(inzet_kosten()),
        )
        .order_by("instrument__categorie", "instrument__aanbieder__naam")
    )
    labels = dict(Instrument.Categorie.choices)
    for g in groepen:
        kosten = Decimal(g["kosten"] or 0).quantize(Decimal("0.01"))
        k.instrumenten.append(
            {
                "categorie": labels.get(g["instrument__categorie"], g["instrument__categorie"]),
                "aanbieder": g["instrument__aanbieder__naam"],
                "aantal": g["n"],
                "kosten": kosten,
            }
        )
        k.instrumenten_aantal += g["n"]
        k.instrumenten_kosten += kosten
