"""The klantreis, declared once: the five steps in order, and for each step the moves it allows,
what must be recorded before a traject may enter it, the dossier action that brings a traject
into it (and the actions offered while in it), the werkcoach's next action and its deadline,
and what the referring sociaal werker reads.

The state machine (``trajecten.services``), the dossier's actions (``trajecten.views``), the
caseload's next action and filters (``trajecten.selectors``, ``trajecten.filters``), the
referrer's feedback (``trajecten.aanmeldingen.selectors``) and the KPI's step list
(``rapportage.kpi``) all read this table. Adding a step: a ``Fase`` member, a ``Stap`` below,
its action's form and service, and a migration for the new choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Protocol, cast

from django.db import models
from django.utils import timezone

from werkcoach.werkdagen import plus_werkdagen, werkdagen_tussen

if TYPE_CHECKING:
    from cases.models import Aanmelding
    from trajecten.models import Traject


class Fase(models.TextChoices):
    GESPREK = "gesprek", "1. Gesprek"
    ORIENTATIE = "orientatie", "2. Oriëntatie"
    VERVOLGTRAJECT = "vervolgtraject", "3. Vervolgtraject"
    OVERDRACHT = "overdracht", "4. Overdracht"
    NAZORG = "nazorg", "5. Nazorg"
    AFGESLOTEN = "afgesloten", "Afgesloten"


class Markering(models.TextChoices):
    OP_TIJD = "op_tijd", "Op tijd"
    BIJNA = "bijna", "Bijna verstreken"
    TE_LAAT = "te_laat", "Te laat"


# Warn this many working days (or fewer) before a deadline runs out.
WAARSCHUWEN_WERKDAGEN = 1


@dataclass
class VolgendeActie:
    """The werkcoach's next action for a resident, with its deadline and marks. ``soort`` is
    stable (the reminders send one e-mail per referral and ``soort``)."""

    tekst: str
    uiterlijk: date | None = None
    te_laat: bool = False
    signalen: list[str] = field(default_factory=list)
    soort: str = ""
    # Working days left until ``uiterlijk`` (negative when overdue); None without a deadline.
    werkdagen_over: int | None = None

    @property
    def markering(self) -> str | None:
        if self.uiterlijk is None or self.werkdagen_over is None:
            return None
        if self.te_laat:
            return Markering.TE_LAAT
        if self.werkdagen_over <= WAARSCHUWEN_WERKDAGEN:
            return Markering.BIJNA
        return Markering.OP_TIJD

    @property
    def omschrijving(self) -> str:
        """ "2 werkdagen te laat", "uiterlijk vandaag", "nog 3 werkdagen" ("" without one)."""
        n = self.werkdagen_over
        if self.uiterlijk is None or n is None:
            return ""
        if self.te_laat:
            n = min(n, -1)  # overdue on a day off right after the deadline: one day late
            return f"{-n} werkdag{'en' if n < -1 else ''} te laat"
        if n == 0:
            return "uiterlijk vandaag"
        return f"nog {n} werkdag{'en' if n > 1 else ''}"


class Termijnen(Protocol):
    """The pilot settings a deadline reads (``werkcoach.models.Pilot`` has them)."""

    reactietijd_eerste_contact: int
    reactietijd_gesprek: int
    reactietijd_orientatie: int
    reactietijd_overdracht_bevestiging: int
    max_begeleiding_dagen: int


@dataclass(frozen=True)
class Stand:
    """Where a resident is: the fields of the referral and its traject that the next action
    depends on. ``fase`` is None while the referral is not accepted. Build it from model
    objects (``van_traject``, ``van_aanmelding``) or from ``values()`` rows (the KPI)."""

    aangemeld_op: datetime
    eerste_contact_op: datetime | None = None
    fase: str | None = None
    fase_sinds: datetime | None = None
    gestart_op: datetime | None = None
    gesprek_gepland_op: datetime | None = None
    gesprek_gehouden_op: datetime | None = None
    beeindigd_op: datetime | None = None
    # The annotations of ``trajecten.selectors.met_signalen``.
    onbevestigd_sinds: datetime | None = None
    volgend_nazorgcontact: date | None = None

    @classmethod
    def van_traject(cls, t: Traject) -> Stand:
        a = t.aanmelding
        return cls(
            aangemeld_op=a.aangemeld_op,
            eerste_contact_op=a.eerste_contact_op,
            fase=t.fase,
            fase_sinds=t.fase_sinds,
            gestart_op=t.gestart_op,
            gesprek_gepland_op=t.gesprek_gepland_op,
            gesprek_gehouden_op=t.gesprek_gehouden_op,
            beeindigd_op=t.beeindigd_op,
            onbevestigd_sinds=getattr(t, "onbevestigd_sinds", None),
            volgend_nazorgcontact=getattr(t, "volgend_nazorgcontact", None),
        )

    @classmethod
    def van_aanmelding(cls, a: Aanmelding, traject: Traject | None = None) -> Stand:
        """A referral with its traject (None while new: an accepted referral passes it)."""
        if traject is not None:
            return cls.van_traject(traject)
        return cls(aangemeld_op=a.aangemeld_op, eerste_contact_op=a.eerste_contact_op)


@dataclass(frozen=True)
class Actieregel:
    """One possible next action within a step. The first rule of a step whose ``leeg`` fields
    are all empty and ``gevuld`` fields all filled applies. Its deadline is ``werkdagen`` (a
    ``Termijnen`` setting) working days after the date of the ``vanaf`` field, or the date in
    the ``op`` field, or none. The caseload's SQL sort (``trajecten.selectors``) reads the same
    rules, so the order on screen and the deadline shown cannot disagree."""

    soort: str
    tekst: str
    leeg: tuple[str, ...] = ()
    gevuld: tuple[str, ...] = ()
    vanaf: str | None = None
    werkdagen: str | None = None
    op: str | None = None

    def geldt(self, stand: Stand) -> bool:
        return all(getattr(stand, v) is None for v in self.leeg) and all(
            getattr(stand, v) is not None for v in self.gevuld
        )

    def uiterlijk(self, stand: Stand, pilot: Termijnen, vrij: frozenset[date]) -> date | None:
        if self.op is not None:
            return cast(date, getattr(stand, self.op))
        if self.vanaf is None or self.werkdagen is None:
            return None
        begin = timezone.localdate(getattr(stand, self.vanaf))
        return plus_werkdagen(begin, getattr(pilot, self.werkdagen), vrij)


@dataclass(frozen=True)
class Terugkoppeling:
    """The plain-Dutch status a referrer sees. ``code`` is stable (used to send each status
    e-mail once); ``toelichting`` never contains the werkcoach's notes."""

    code: str
    label: str
    toelichting: str = ""
    afgerond: bool = False


@dataclass(frozen=True)
class Stap:
    fase: str
    nummer: int
    # The name in a sentence: "Door naar stap 2: oriëntatie".
    naam: str
    # Where a traject in this step may go next (ending with a reason is always allowed).
    volgende: tuple[str, ...]
    # The dossier action that brings a traject into this step, its title and the message after
    # it ("{nummer}" becomes the step's number); whether it is offered yet (besides the move
    # being allowed); and the actions offered while the traject is in this step.
    actie: str | None = None
    actie_titel: str = ""
    actie_melding: str = ""
    actie_aangeboden: Callable[[Traject], bool] = lambda t: True
    acties_in_stap: tuple[tuple[str, Callable[[Traject], bool]], ...] = ()
    # What must be recorded before a traject may enter this step: a refusal message, or None.
    voorwaarde: Callable[[Traject], str | None] = lambda t: None
    # The werkcoach's possible next actions while in this step, the first that applies wins
    # (see ``volgende_actie``).
    acties_volgend: tuple[Actieregel, ...] = ()
    # What the referrer reads while the traject is in this step (None: read from the referral).
    terugkoppeling: Callable[[Traject], Terugkoppeling | None] = lambda t: None

    @property
    def titel(self) -> str:
        return self.actie_titel.format(nummer=self.nummer)

    @property
    def melding(self) -> str:
        return self.actie_melding.format(nummer=self.nummer)


def _datum(moment: datetime) -> str:
    return f"{timezone.localdate(moment):%d-%m-%Y}"


# --- Step 1: gesprek ---------------------------------------------------------------------------


# The gesprek's rules also serve a referral that is not accepted yet (``Stand.fase`` None). A
# planned gesprek shows the resident was reached, so it ends the first-contact step even where
# the contact itself was not recorded; the gesprek stays due within its response time.
_ACTIES_GESPREK = (
    Actieregel(
        "besluit", "Besluiten: door naar oriëntatie of afsluiten", gevuld=("gesprek_gehouden_op",)
    ),
    Actieregel(
        "eerste_contact",
        "Eerste contact opnemen",
        leeg=("eerste_contact_op", "gesprek_gepland_op"),
        vanaf="aangemeld_op",
        werkdagen="reactietijd_eerste_contact",
    ),
    Actieregel(
        "gesprek",
        "Gepland kennismakingsgesprek houden",
        gevuld=("gesprek_gepland_op",),
        vanaf="aangemeld_op",
        werkdagen="reactietijd_gesprek",
    ),
    Actieregel(
        "gesprek",
        "Kennismakingsgesprek plannen en houden",
        vanaf="aangemeld_op",
        werkdagen="reactietijd_gesprek",
    ),
)


def _terug_gesprek(t: Traject) -> Terugkoppeling | None:
    if t.gesprek_gehouden_op:
        return Terugkoppeling(
            "gesprek_gehouden",
            "Gesprek gehouden",
            f"Het kennismakingsgesprek was op {_datum(t.gesprek_gehouden_op)}.",
        )
    if t.gesprek_gepland_op:
        from trajecten.models import GesprekLocatie

        waar = GesprekLocatie(t.gesprek_locatie).label if t.gesprek_locatie else ""
        waar = waar[:1].lower() + waar[1:]  # "bij Carrefour", "telefonisch"
        return Terugkoppeling(
            "gesprek_gepland",
            "Gesprek gepland",
            f"Het kennismakingsgesprek is gepland op {_datum(t.gesprek_gepland_op)}"
            + (f", {waar}." if waar else "."),
        )
    return None  # accepted, or first contact made: the referral says which


# --- Step 2: oriëntatie ------------------------------------------------------------------------


def _voorwaarde_orientatie(t: Traject) -> str | None:
    if not t.gesprek_gehouden_op:
        return "Leg eerst vast dat het kennismakingsgesprek is gehouden."
    return None


# --- Steps 3 to 5 ------------------------------------------------------------------------------


def _voorwaarde_vervolgtraject(t: Traject) -> str | None:
    from trajecten.models import Vervolgtraject

    if not Vervolgtraject.objects.filter(traject=t).exists():
        return "Leg eerst het afgesproken vervolgtraject (de route) vast."
    return None


def _terug_vervolg(t: Traject) -> Terugkoppeling:
    from trajecten.models import Route

    vervolg = getattr(t, "vervolgtraject", None)
    route = Route(vervolg.route).label if vervolg else ""
    return Terugkoppeling(
        "vervolg:" + (vervolg.route if vervolg else ""),
        "Vervolgtraject",
        f"Afgesproken route: {route}." if route else "",
    )


def _terug_overdracht(t: Traject) -> Terugkoppeling:
    """The warm handover in plain words: to which organisation, and whether it confirmed
    receiving the resident. The agreements made at the handover are notes: never shown."""
    overdrachten = sorted(t.overdrachten.all(), key=lambda o: o.overgedragen_op)
    if not overdrachten:
        return _terug_vervolg(t)
    zinnen = []
    for o in overdrachten:
        zin = f"Op {_datum(o.overgedragen_op)} warm overgedragen aan {o.naar_organisatie}"
        if o.bevestigd_op:
            zin += f"; {o.naar_organisatie} bevestigde de ontvangst op {_datum(o.bevestigd_op)}."
        else:
            zin += "; de bevestiging van de ontvangst volgt."
        zinnen.append(zin)
    if all(o.bevestigd_op for o in overdrachten):
        return Terugkoppeling("overdracht_bevestigd", "Overdracht bevestigd", " ".join(zinnen))
    return Terugkoppeling("overdracht", "Warm overgedragen", " ".join(zinnen))


def _terug_nazorg(t: Traject) -> Terugkoppeling:
    plan = getattr(t, "nazorgplan", None)
    if plan is None:
        return _terug_overdracht(t)
    if plan.afgerond_op:
        tekst = (
            f"De werkcoach hield van {plan.startdatum:%d-%m-%Y} tot "
            f"{plan.afgerond_op:%d-%m-%Y} contact met de inwoner."
        )
    else:
        tekst = (
            f"De werkcoach houdt tot {plan.einddatum:%d-%m-%Y} contact met de inwoner om te "
            "horen hoe het gaat."
        )
    return Terugkoppeling("nazorg", "In nazorg", tekst)


# The outcome of nazorg in the words a referrer uses (Nazorgplan.Uitkomst).
UITKOMST_IN_WOORDEN = {
    "werk": "De inwoner is aan het werk.",
    "opleiding": "De inwoner volgt een opleiding.",
    "vrijwilligerswerk": "De inwoner doet vrijwilligerswerk.",
    "ander_traject": "De inwoner volgt een traject bij een andere instantie.",
    "uitgevallen": "De inwoner is gestopt voordat het doel bereikt was.",
}


def terugkoppeling_einde(t: Traject) -> Terugkoppeling:
    """What the referrer reads once a traject has ended: after nazorg, the outcome in plain
    words; otherwise the reason (its label, never the werkcoach's explanation)."""
    from trajecten.models import EindeReden

    if t.einde_reden == EindeReden.NAZORG_AFGEROND:
        plan = getattr(t, "nazorgplan", None)
        uitkomst = UITKOMST_IN_WOORDEN.get(plan.uitkomst, "") if plan else ""
        einde = f"De begeleiding is afgerond op {_datum(t.beeindigd_op)}." if t.beeindigd_op else ""
        return Terugkoppeling(
            "afgesloten:" + t.einde_reden, "Afgerond", f"{einde} {uitkomst}".strip(), True
        )
    reden = EindeReden(t.einde_reden).label if t.einde_reden else ""
    return Terugkoppeling("afgesloten:" + t.einde_reden, "Beëindigd", reden, True)


def _voorwaarde_overdracht(t: Traject) -> str | None:
    return None if t.overdrachten.exists() else "Leg eerst de warme overdracht vast."


def _voorwaarde_nazorg(t: Traject) -> str | None:
    from trajecten.models import Nazorgplan

    if not Nazorgplan.objects.filter(traject=t).exists():
        return "Leg eerst het nazorgplan vast."
    return None


def _altijd(t: Traject) -> bool:
    return True


def _gesprek_gehouden(t: Traject) -> bool:
    return t.gesprek_gehouden_op is not None


def _gesprek_open(t: Traject) -> bool:
    return t.gesprek_gehouden_op is None


KLANTREIS: tuple[Stap, ...] = (
    Stap(
        Fase.GESPREK,
        1,
        "gesprek",
        volgende=(Fase.ORIENTATIE,),
        acties_in_stap=(("gesprek", _gesprek_open),),
        acties_volgend=_ACTIES_GESPREK,
        terugkoppeling=_terug_gesprek,
    ),
    Stap(
        Fase.ORIENTATIE,
        2,
        "oriëntatie",
        volgende=(Fase.VERVOLGTRAJECT,),
        actie="orientatie",
        actie_titel="Door naar stap {nummer}: oriëntatie",
        actie_melding="De inwoner is door naar stap {nummer}: oriëntatie.",
        # Offered once the gesprek was held: the move itself records nothing else.
        actie_aangeboden=_gesprek_gehouden,
        voorwaarde=_voorwaarde_orientatie,
        acties_volgend=(
            Actieregel(
                "vervolgtraject",
                "Vervolgtraject afspreken",
                vanaf="fase_sinds",
                werkdagen="reactietijd_orientatie",
            ),
        ),
        terugkoppeling=lambda t: Terugkoppeling(
            "orientatie",
            "In oriëntatie",
            "De inwoner verkent samen met de werkcoach wat bij hem of haar past.",
        ),
    ),
    Stap(
        Fase.VERVOLGTRAJECT,
        3,
        "vervolgtraject",
        volgende=(Fase.OVERDRACHT,),
        actie="vervolgtraject",
        actie_titel="Vervolgtraject afspreken (naar stap {nummer})",
        actie_melding="Het vervolgtraject is vastgelegd: stap {nummer}.",
        voorwaarde=_voorwaarde_vervolgtraject,
        acties_volgend=(Actieregel("overdracht", "Warme overdracht regelen"),),
        terugkoppeling=_terug_vervolg,
    ),
    Stap(
        Fase.OVERDRACHT,
        4,
        "overdracht",
        volgende=(Fase.NAZORG,),
        actie="overdracht",
        actie_titel="Warme overdracht vastleggen (stap {nummer})",
        actie_melding="De overdracht is vastgelegd; de ontvanger krijgt bericht.",
        # A traject can be handed over to more than one partner.
        acties_in_stap=(("overdracht", _altijd),),
        voorwaarde=_voorwaarde_overdracht,
        acties_volgend=(
            Actieregel(
                "bevestiging",
                "Bevestiging van de overdracht nagaan",
                gevuld=("onbevestigd_sinds",),
                vanaf="onbevestigd_sinds",
                werkdagen="reactietijd_overdracht_bevestiging",
            ),
            Actieregel("nazorgplan", "Nazorg afspreken met de inwoner"),
        ),
        terugkoppeling=_terug_overdracht,
    ),
    Stap(
        Fase.NAZORG,
        5,
        "nazorg",
        volgende=(),
        actie="nazorgplan",
        actie_titel="Nazorgplan afspreken (naar stap {nummer})",
        actie_melding="Het nazorgplan is vastgelegd: stap {nummer}.",
        acties_in_stap=(("nazorg_afronden", _altijd),),
        voorwaarde=_voorwaarde_nazorg,
        acties_volgend=(
            Actieregel(
                "nazorgcontact",
                "Nazorgcontact",
                gevuld=("volgend_nazorgcontact",),
                op="volgend_nazorgcontact",
            ),
            Actieregel("afronden", "Nazorg afronden en traject sluiten"),
        ),
        terugkoppeling=_terug_nazorg,
    ),
)

STAPPEN: tuple[str, ...] = tuple(s.fase for s in KLANTREIS)
OPEN_FASEN: list[str] = list(STAPPEN)
PER_FASE: dict[str, Stap] = {s.fase: s for s in KLANTREIS}

# Every open step may end with a reason; a closed traject moves nowhere.
TOEGESTANE_OVERGANGEN: dict[str, tuple[str, ...]] = {
    **{s.fase: (*s.volgende, Fase.AFGESLOTEN) for s in KLANTREIS},
    Fase.AFGESLOTEN: (),
}


def stap(fase: str) -> Stap:
    return PER_FASE[fase]


def stapacties(traject: Traject) -> list[str]:
    """The dossier's step actions offered now, in order: the actions into the steps the
    traject may move to, then those of its own step, then ending with a reason."""
    if not traject.is_open:
        return []
    volgende = TOEGESTANE_OVERGANGEN[traject.fase]
    acties = [
        s.actie for s in KLANTREIS if s.actie and s.fase in volgende and s.actie_aangeboden(traject)
    ]
    acties += [
        naam for naam, aangeboden in stap(traject.fase).acties_in_stap if aangeboden(traject)
    ]
    acties = list(dict.fromkeys(acties))  # an action into a step and within it appears once
    if Fase.AFGESLOTEN in volgende:
        acties.append("beeindigen")
    return acties


def stap_voor_actie(actie: str) -> Stap | None:
    """The step that ``actie`` brings a traject into, if any."""
    return next((s for s in KLANTREIS if s.actie == actie), None)


# The one-year maximum is signalled this many days ahead.
TERMIJN_SIGNAAL_DAGEN = 30


def actieregel(stand: Stand) -> Actieregel | None:
    """The rule of the klantreis table that gives ``stand``'s next action (None once closed)."""
    if stand.beeindigd_op is not None:
        return None
    regels = stap(stand.fase).acties_volgend if stand.fase else _ACTIES_GESPREK
    return next((r for r in regels if r.geldt(stand)), None)


def volgende_actie(
    stand: Stand, pilot: Termijnen, vrij: frozenset[date], vandaag: date
) -> VolgendeActie:
    """The resident's next action and its deadline, with overdue marks: the one definition
    that the inbox, the caseload, the dossier, the reminders and the KPI use. Pure: it reads
    only its arguments (``vrij`` is the resident's gemeente's feestdagen)."""
    if stand.beeindigd_op is not None:
        return VolgendeActie(f"Afgesloten op {timezone.localdate(stand.beeindigd_op):%d-%m-%Y}")
    regel = actieregel(stand)
    if regel is None:
        return VolgendeActie("")
    uiterlijk = regel.uiterlijk(stand, pilot, vrij)
    actie = VolgendeActie(regel.tekst, uiterlijk, soort=regel.soort)
    if uiterlijk is not None:
        actie.te_laat = uiterlijk < vandaag
        actie.werkdagen_over = werkdagen_tussen(vandaag, uiterlijk, vrij)
    if actie.te_laat:
        actie.signalen.append("Te laat")
    if regel.soort == "bevestiging" and actie.te_laat:
        actie.signalen.append("Overdracht niet bevestigd")
    if stand.gestart_op is not None:
        einde = timezone.localdate(stand.gestart_op) + timedelta(days=pilot.max_begeleiding_dagen)
        if einde < vandaag:
            actie.signalen.append("Maximale termijn verstreken")
        elif einde <= vandaag + timedelta(days=TERMIJN_SIGNAAL_DAGEN):
            actie.signalen.append(f"Maximale termijn op {einde:%d-%m-%Y}")
    return actie
