"""One resident's story at scale: the referral and its way through the klantreis, drawn as plain
data (no database access), with the same rules the services enforce. The table functions in
``demo.schaal.tabellen`` turn these stories into rows.

Every moment respects the order of the klantreis (a step never lies before the one before it)
and ``grens``: now, or the moment the resident withdrew consent, whichever comes first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from werkcoach.werkdagen import plus_maanden

# The step names as stored (``trajecten.klantreis.Fase``), kept literal so this module needs no
# app registry; ``tests/demo/test_schaal.py`` checks them against the model.
GESPREK, ORIENTATIE, VERVOLG, OVERDRACHT, NAZORG, AFGESLOTEN = (
    "gesprek",
    "orientatie",
    "vervolgtraject",
    "overdracht",
    "nazorg",
    "afgesloten",
)
ROUTES = ["werk", "opleiding", "vrijwilligerswerk", "ander_traject"]
NAZORG_UITKOMST = {
    "werk": "werk",
    "opleiding": "opleiding",
    "vrijwilligerswerk": "vrijwilligerswerk",
    "ander_traject": "ander_traject",
}
FREQUENTIE_DAGEN = {"tweewekelijks": 14, "maandelijks": 30, "zeswekelijks": 42}


@dataclass
class Wereld:
    """One gemeente as the stories need it: ids of its pilot, teams, people and partners."""

    gemeente_id: int
    pilot_id: int
    start: date
    teams: list[tuple[int, list[str]]]  # (id, woonplaatsen)
    sociaal_werkers: dict[int, list[int]]  # team id -> user ids
    werkcoaches: list[int]
    partners: dict[str, tuple[int, int | None]]  # route -> (organisatie id, persoon id)
    instrumenten: list[tuple[int, Decimal]]
    _beurt: int = 0

    def werkcoach_voor(self, rng: random.Random, *, open_: bool) -> int:
        """Open trajecten go round the werkcoaches in turn, so each has as many; closed ones
        are spread at random (werkcoaches came and went)."""
        if not open_:
            return rng.choice(self.werkcoaches)
        self._beurt += 1
        return self.werkcoaches[self._beurt % len(self.werkcoaches)]


@dataclass
class Contact:
    id: int
    datum: datetime
    soort: str
    met_wie: str
    verslag: str
    nazorgcontact_id: int | None = None


@dataclass
class Nazorg:
    id: int
    start: date
    duur: int
    frequentie: str
    contacten: list[tuple[int, date]]
    uitkomst: str = ""
    afgerond_op: date | None = None


@dataclass
class Overdracht:
    id: int
    organisatie_id: int
    persoon_id: int | None
    op: datetime
    bevestigd_op: datetime | None


@dataclass
class Vervolg:
    id: int
    route: str
    afgesproken_op: date
    sector: str


@dataclass
class Reis:
    """The whole story of one referral. ``traject_id`` is None for a referral that never
    became a traject (still new, declined, unreachable, consent withdrawn first)."""

    inwoner_id: int
    aanmelding_id: int
    team_id: int
    woonplaats: str
    sociaal_werker_id: int
    aangemeld_op: datetime
    status: str = "nieuw"
    status_reden: str = ""
    behandeld_op: datetime | None = None
    eerste_contact_op: datetime | None = None
    ingetrokken_op: datetime | None = None
    traject_id: int | None = None
    werkcoach_id: int = 0
    fasen: list[tuple[str, str, datetime]] = field(default_factory=list)
    gesprek_gepland_op: datetime | None = None
    gesprek_locatie: str = ""
    gesprek_gehouden_op: datetime | None = None
    einde_reden: str = ""
    contacten: list[Contact] = field(default_factory=list)
    # (id, instrument id, status, start, eind, kosten gepland, kosten werkelijk)
    inzetten: list[tuple] = field(default_factory=list)
    metingen: list[tuple[int, date, str, int]] = field(default_factory=list)
    vervolg: Vervolg | None = None
    overdracht: Overdracht | None = None
    nazorg: Nazorg | None = None

    @property
    def fase(self) -> str:
        return self.fasen[-1][1]

    @property
    def beeindigd_op(self) -> datetime | None:
        return self.fasen[-1][2] if self.fase == AFGESLOTEN else None

    @property
    def laatst(self) -> datetime:
        """The last moment anything happened in this story."""
        momenten = [self.aangemeld_op, self.behandeld_op, self.ingetrokken_op]
        momenten += [f[2] for f in self.fasen[-1:]] + [c.datum for c in self.contacten[-1:]]
        return max(m for m in momenten if m is not None)


def moment(dag: date, uur: int, minuut: int = 0) -> datetime:
    """``uur`` o'clock on ``dag``, in UTC (an hour or two before Dutch office time)."""
    return datetime.combine(dag, time(uur, minuut), tzinfo=UTC)


class Verteller:
    """Draws stories for one gemeente. ``nieuw_id(naam)`` hands out primary keys."""

    def __init__(self, rng: random.Random, wereld: Wereld, nu: datetime, nieuw_id) -> None:
        self.rng, self.w, self.nu, self.nieuw_id = rng, wereld, nu, nieuw_id
        self.grens = nu

    def reis(self) -> Reis:
        rng, w = self.rng, self.w
        team_id, woonplaatsen = rng.choice(w.teams)
        r = Reis(
            inwoner_id=self.nieuw_id("inwoner"),
            aanmelding_id=self.nieuw_id("aanmelding"),
            team_id=team_id,
            woonplaats=rng.choice(woonplaatsen),
            sociaal_werker_id=rng.choice(w.sociaal_werkers[team_id]),
            aangemeld_op=self._aanmeldmoment(),
        )
        # 1.5% withdraw consent at some point after the referral.
        self.grens = self.nu
        if rng.random() < 0.015:
            self.grens = min(self.nu, r.aangemeld_op + timedelta(days=rng.randint(1, 300)))
        if self._beoordelen(r):
            self._traject(r)
        self._intrekken(r)
        open_ = r.traject_id is not None and r.fase != AFGESLOTEN
        r.werkcoach_id = w.werkcoach_voor(rng, open_=open_)
        return r

    def _aanmeldmoment(self) -> datetime:
        """A working day between the pilot's third week and today; referrals grew over time
        (a linear ramp for most of them), so the recent months hold more."""
        rng = self.rng
        eerste = self.w.start + timedelta(days=14)
        dagen = max(1, (self.nu.date() - eerste).days)
        deel = rng.random() ** 0.5 if rng.random() < 0.7 else rng.random()
        dag = eerste + timedelta(days=int(deel * dagen))
        if dag.weekday() >= 5:
            dag -= timedelta(days=dag.weekday() - 4)
        return min(moment(dag, rng.randint(7, 14), rng.randint(0, 59)), self.nu)

    def _beoordelen(self, r: Reis) -> bool:
        """Handled one to five days later: declined, unreachable, or a traject starts. Returns
        whether a traject started."""
        rng = self.rng
        behandeld = r.aangemeld_op + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 3))
        if behandeld > self.grens:
            return False  # still in the inbox, or consent withdrawn before it was handled
        r.behandeld_op = behandeld
        kans = rng.random()
        if kans < 0.06:
            r.status, r.status_reden = "onbereikbaar", "Drie keer gebeld en een brief gestuurd."
        elif kans < 0.10:
            r.status, r.status_reden = (
                "afgewezen",
                "Past beter bij de klantmanager Participatiewet.",
            )
        else:
            r.status = "geaccepteerd"
            r.traject_id = self.nieuw_id("traject")
            r.fasen.append(("", GESPREK, behandeld))
            return True
        return False

    def _traject(self, r: Reis) -> None:
        for stap in (self._gesprek, self._orientatie, self._overdragen, self._nazorgplan):
            if not stap(r):
                return
        self._nazorg(r)

    def _eindig(self, r: Reis, reden: str, op: datetime) -> bool:
        """End the traject with a reason at ``op`` if that moment has come; False either way."""
        if op <= self.grens:
            r.fasen.append((r.fase, AFGESLOTEN, max(op, r.fasen[-1][2])))
            r.einde_reden = reden
        return False

    def _contact(self, r: Reis, op: datetime, soort: str, verslag: str, **extra) -> None:
        r.contacten.append(
            Contact(self.nieuw_id("contact"), op, soort, extra.pop("met_wie", "Inwoner"), verslag)
        )
        for sleutel, waarde in extra.items():
            setattr(r.contacten[-1], sleutel, waarde)

    def _gesprek(self, r: Reis) -> bool:
        """First contact, the appointment, the conversation; some never answer, some stop."""
        rng = self.rng
        assert r.behandeld_op is not None  # noqa: S101 - narrows the type
        contact = r.behandeld_op + timedelta(days=rng.randint(1, 3))
        if rng.random() < 0.04:
            return self._eindig(r, "niet_bereikbaar", contact + timedelta(days=10))
        if contact > self.grens:
            return False
        r.eerste_contact_op = contact
        r.gesprek_gepland_op = moment(contact.date() + timedelta(days=rng.randint(3, 12)), 13)
        r.gesprek_locatie = rng.choice(["thuis", "carrefour", "werkcorporatie", "telefonisch"])
        gehouden = r.gesprek_gepland_op + timedelta(hours=1)
        if gehouden > self.grens:
            return False
        r.gesprek_gehouden_op = gehouden
        self._contact(r, gehouden, "gesprek", "Kennismaking: wensen en mogelijkheden besproken.")
        if rng.random() < 0.14:
            return self._eindig(r, "geen_interesse", gehouden + timedelta(days=5))
        start = moment(gehouden.date() + timedelta(days=rng.randint(2, 10)), 9)
        if start > self.grens:
            return False
        r.fasen.append((GESPREK, ORIENTATIE, start))
        return True

    def _orientatie(self, r: Reis) -> bool:
        """Measurements, instruments and contacts every one or two weeks; then a route agreed,
        or (for some) the end."""
        rng = self.rng
        start = r.fasen[-1][2]
        trede = rng.choice([1, 2, 2, 3, 3, 4])
        r.metingen.append((self.nieuw_id("meting"), start.date(), "start", trede))
        self._inzetten(r, start.date())
        einde = moment(start.date() + timedelta(days=rng.randint(30, 120)), 10)
        self._contacten(r, start, min(einde, self.grens), ["meelopen", "telefoon", "gesprek"])
        if rng.random() < 0.4 and (midden := start + (einde - start) / 2) <= self.grens:
            r.metingen.append(
                (self.nieuw_id("meting"), midden.date(), "tussentijds", min(6, trede + 1))
            )
        if rng.random() < 0.16:
            reden = rng.choice(["geen_vervolg", "andere_hulp", "zelf_werk", "verhuisd", "anders"])
            return self._eindig(r, reden, einde)
        if einde > self.grens:
            return False
        route = rng.choices(ROUTES, weights=[35, 30, 20, 15])[0]
        sector = rng.choice(["zorg", "logistiek", "techniek", "overig", ""])
        r.vervolg = Vervolg(self.nieuw_id("vervolg"), route, einde.date(), sector)
        r.fasen.append((ORIENTATIE, VERVOLG, einde))
        return True

    def _inzetten(self, r: Reis, start: date) -> None:
        rng = self.rng
        for n in range(rng.randint(1, 3)):
            instrument_id, kosten = rng.choice(self.w.instrumenten)
            begin = start + timedelta(days=7 + n * 10)
            if moment(begin, 8) > self.grens:
                break
            klaar = moment(begin + timedelta(days=21), 8) <= self.grens
            status = ("gestopt" if rng.random() < 0.08 else "afgerond") if klaar else "lopend"
            eind = begin + timedelta(days=21) if klaar else None
            werkelijk = kosten if klaar else None
            r.inzetten.append(
                (self.nieuw_id("inzet"), instrument_id, status, begin, eind, kosten, werkelijk)
            )

    def _contacten(self, r: Reis, van: datetime, tot: datetime, soorten: list[str]) -> None:
        """A contact every one to two weeks after ``van``, before ``tot``."""
        dag = van + timedelta(days=self.rng.randint(5, 12), hours=self.rng.randint(0, 5))
        while dag < tot:
            self._contact(r, dag, self.rng.choice(soorten), "Voortgang besproken.")
            dag += timedelta(days=self.rng.randint(5, 12))

    def _overdragen(self, r: Reis) -> bool:
        """Between the agreed route and the handover: an overleg with the receiving partner."""
        rng = self.rng
        assert r.vervolg is not None  # noqa: S101 - narrows the type
        van = r.fasen[-1][2]
        op = van + timedelta(days=rng.randint(5, 25))
        self._contacten(r, van, min(op, self.grens), ["overleg", "telefoon"])
        if op > self.grens:
            return False
        organisatie_id, persoon_id = self.w.partners[r.vervolg.route]
        bevestigd: datetime | None = op + timedelta(days=rng.randint(1, 9), hours=3)
        if bevestigd is None or bevestigd > self.grens or rng.random() < 0.1:
            bevestigd = None
        r.overdracht = Overdracht(
            self.nieuw_id("overdracht"), organisatie_id, persoon_id, op, bevestigd
        )
        r.fasen.append((VERVOLG, OVERDRACHT, op))
        return True

    def _nazorgplan(self, r: Reis) -> bool:
        assert r.overdracht is not None  # noqa: S101 - narrows the type
        start = r.overdracht.op + timedelta(days=self.rng.randint(3, 14))
        if start > self.grens:
            return False
        frequentie = self.rng.choice(list(FREQUENTIE_DAGEN))
        duur = self.rng.choice([6, 6, 6, 3, 9, 12])
        r.nazorg = Nazorg(self.nieuw_id("nazorg"), start.date(), duur, frequentie, [])
        r.fasen.append((OVERDRACHT, NAZORG, start))
        stap = timedelta(days=FREQUENTIE_DAGEN[frequentie])
        eind, dag = plus_maanden(start.date(), duur), start.date() + stap
        while dag <= eind:
            r.nazorg.contacten.append((self.nieuw_id("nazorgcontact"), dag))
            dag += stap
        return True

    def _nazorg(self, r: Reis) -> None:
        """The planned contacts held (most of them) as far as today; then the outcome."""
        plan, rng = r.nazorg, self.rng
        assert plan is not None and r.vervolg is not None  # noqa: S101 - narrows the type
        for contact_id, dag in plan.contacten:
            if moment(dag, 10) > self.grens:
                return
            if rng.random() < 0.85:
                self._contact(
                    r, moment(dag, 10), "nazorg", "Nazorgcontact.", nazorgcontact_id=contact_id
                )
        einde = plus_maanden(plan.start, plan.duur)
        if moment(einde, 14) > self.grens:
            return
        plan.uitkomst = NAZORG_UITKOMST[r.vervolg.route]
        if rng.random() < 0.1:
            plan.uitkomst = "uitgevallen"
        plan.afgerond_op = einde
        eind_trede = min(6, r.metingen[0][3] + rng.choice([0, 1, 2, 2, 3]))
        r.metingen.append((self.nieuw_id("meting"), einde, "einde", eind_trede))
        self._eindig(r, "nazorg_afgerond", moment(einde, 14))

    def _intrekken(self, r: Reis) -> None:
        """Consent withdrawn (AVG art. 7) before the story ended: a new referral is marked
        withdrawn; an open traject ends with that reason at that moment."""
        if self.grens >= self.nu:
            return
        if r.traject_id is not None and r.fase == AFGESLOTEN:
            return  # the traject ended before the resident would have withdrawn
        r.ingetrokken_op = max(self.grens, r.laatst)
        if r.traject_id is None and r.behandeld_op is None:
            r.status, r.status_reden = "ingetrokken", "Toestemming ingetrokken."
            r.behandeld_op = r.ingetrokken_op
        elif r.traject_id is not None:
            self.grens = r.ingetrokken_op
            self._eindig(r, "toestemming_ingetrokken", r.ingetrokken_op)
