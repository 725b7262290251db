"""Importing earlier registrations: a file is previewed first (every row taken through the
services in a transaction that is rolled back) and imported once confirmed (all valid rows in
one transaction, or nothing). Every row goes through the same services and rules as the
interface: the referral with its consent, the klantreis state machine, the gemeente's scope;
the history carries the recorded dates and the processing log the purpose "import".

A file is imported once (its SHA-256 per gemeente), and each row once: its referral's
``indieningssleutel`` is derived from the gemeente, the resident and the referral date, so
a row that is in another file again is recognised and skipped."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Aanmelding, Doelgroep, Uitkeringssituatie
from cases.selectors import inwoner_dubbelen
from cases.services import aanmelding_create
from trajecten.aanmeldingen.services import aanmelding_accepteren
from trajecten.models import EindeReden, Fase, Instrument, Inzet, Route
from trajecten.services import (
    gesprek_vastleggen,
    inzet_create,
    traject_advance,
    traject_beeindigen,
    vervolgtraject_vastleggen,
)
from uitwisseling.kolommen import KOLOMMEN, PER_SLEUTEL, koppen_koppelen
from uitwisseling.lezen import BestandGeweigerd, bestand_lezen
from uitwisseling.models import Importbestand
from werkcoach.audit import Actie, Doel, audit_log, met_doel
from werkcoach.formvelden import bedrag_lezen
from werkcoach.models import Gebiedsteam, Gebruiker, Gemeente

NAMESPACE = uuid.UUID("6f1d7c1e-9a43-4a36-9d38-6a6f2b0c8e51")
VERSLAG = "Overgenomen uit een eerdere registratie (import)."


class RijFout(Exception):
    def __init__(self, sleutel: str, bericht: str):
        self.sleutel, self.bericht = sleutel, bericht
        super().__init__(bericht)


@dataclass
class Rij:
    """One row, read and checked; the values are ready for the services."""

    nummer: int
    waarden: dict[str, str]
    gegevens: dict[str, Any] = field(default_factory=dict)


def _datum(rij: Rij, sleutel: str, verplicht: bool = False) -> date | None:
    tekst = rij.waarden.get(sleutel, "").strip()
    if not tekst:
        if verplicht:
            raise RijFout(sleutel, "Vul een datum in (dd-mm-jjjj).")
        return None
    for vorm in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y %H:%M"):
        try:
            return datetime.strptime(tekst, vorm).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise RijFout(sleutel, f"'{tekst[:30]}' is geen datum; schrijf dd-mm-jjjj.")


def _keuze(rij: Rij, sleutel: str, keuzes, standaard: str = "") -> str:
    tekst = rij.waarden.get(sleutel, "").strip().lower()
    if not tekst:
        return standaard
    for waarde, label in keuzes:
        if tekst in (str(waarde).lower(), str(label).lower()):
            return str(waarde)
    namen = ", ".join(str(w) for w, _ in keuzes)
    raise RijFout(sleutel, f"'{tekst[:30]}' is geen bekende waarde; kies uit: {namen}.")


def _moment(dag: date, uur: int) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(uur)))


@dataclass
class Omgeving:
    gemeente: Gemeente
    door: Gebruiker
    teams: dict[str, Gebiedsteam]
    instrumenten: dict[str, Instrument]

    @classmethod
    def voor(cls, gemeente: Gemeente, door: Gebruiker) -> Omgeving:
        from django.db.models import Q

        teams = {t.naam.lower(): t for t in Gebiedsteam.objects.filter(gemeente=gemeente)}
        instrumenten = {
            i.naam.lower(): i
            for i in Instrument.objects.filter(
                Q(gemeente__isnull=True) | Q(gemeente=gemeente), actief=True
            )
        }
        return cls(gemeente, door, teams, instrumenten)


def _lees(rij: Rij, o: Omgeving) -> None:
    """Check the row's values and fill ``rij.gegevens``; ``RijFout`` for the first error."""
    w, g = rij.waarden, rij.gegevens
    for sleutel in ("voornaam", "achternaam", "signaal"):
        if not w.get(sleutel, "").strip():
            raise RijFout(sleutel, "Dit veld is verplicht.")
    team = o.teams.get(w.get("gebiedsteam", "").strip().lower())
    if team is None:
        raise RijFout("gebiedsteam", "Onbekend gebiedsteam in deze gemeente.")
    if _keuze(rij, "toestemming", [("ja", "ja"), ("nee", "nee")]) != "ja":
        raise RijFout(
            "toestemming",
            "Zonder toestemming van de inwoner wordt er niets "
            "overgenomen. Vul 'ja' in als de toestemming is vastgelegd.",
        )
    g["team"] = team
    g["aangemeld"] = _datum(rij, "aanmeldingsdatum", verplicht=True)
    g["toestemming_datum"] = _datum(rij, "toestemming_datum", verplicht=True)
    g["toestemming_wijze"] = _keuze(
        rij, "toestemming_wijze", Aanmelding.Toestemmingswijze.choices, standaard="?"
    )
    if g["toestemming_wijze"] == "?":
        raise RijFout("toestemming_wijze", "Vul in hoe de toestemming is gegeven.")
    g["inwoner"] = {
        k: w.get(k, "").strip()
        for k in (
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "bsn",
            "postcode",
            "huisnummer",
            "woonplaats",
            "telefoon",
            "email",
        )
    } | {
        "geboortedatum": _datum(rij, "geboortedatum"),
        "doelgroep": _keuze(rij, "doelgroep", Doelgroep.choices, Doelgroep.ANDERS),
        "uitkeringssituatie": _keuze(
            rij, "uitkeringssituatie", Uitkeringssituatie.choices, Uitkeringssituatie.ONBEKEND
        ),
    }
    for sleutel in ("aangenomen", "gesprek", "orientatie", "vervolgtraject", "einddatum"):
        g[sleutel] = _datum(rij, sleutel)
    _volgorde(g)
    g["route"] = _keuze(rij, "route", Route.choices)
    g["einde_reden"] = _keuze(rij, "einde_reden", EindeReden.choices)
    if g["vervolgtraject"] and not g["route"]:
        raise RijFout("route", "Vul de route van het vervolgtraject in.")
    if g["einddatum"] and not g["einde_reden"]:
        raise RijFout("einde_reden", "Vul de reden in waarom het traject eindigde.")
    g["inzet"] = _instrumenten(rij, o)


VOLGORDE = ("aangemeld", "aangenomen", "gesprek", "orientatie", "vervolgtraject", "einddatum")


def _volgorde(g: dict[str, Any]) -> None:
    """The klantreis goes forward: each recorded date on or after the one before it."""
    vorige = None
    for sleutel in VOLGORDE:
        dag = g[sleutel]
        if dag is None:
            continue
        if vorige is not None and dag < g[vorige]:
            kolom = "aanmeldingsdatum" if vorige == "aangemeld" else vorige
            raise RijFout(
                sleutel if sleutel != "aangemeld" else "aanmeldingsdatum",
                f"Deze datum ligt vóór de {PER_SLEUTEL[kolom].kop.lower()}.",
            )
        vorige = sleutel
    if g["einddatum"] is None and g["aangemeld"] > timezone.localdate():
        raise RijFout("aanmeldingsdatum", "De datum aanmelding ligt in de toekomst.")


def _instrumenten(rij: Rij, o: Omgeving) -> list[tuple[Instrument, Decimal | None]]:
    """'Naam: kosten; Naam' as the instruments deployed, each with its cost if given."""
    uit = []
    for deel in filter(None, (d.strip() for d in rij.waarden.get("instrumenten", "").split(";"))):
        naam, _, kosten = deel.partition(":")
        instrument = o.instrumenten.get(naam.strip().lower())
        if instrument is None:
            raise RijFout("instrumenten", f"Onbekend instrument: '{naam.strip()[:50]}'.")
        try:
            uit.append((instrument, bedrag_lezen(kosten.strip()) if kosten.strip() else None))
        except ValueError:
            raise RijFout(
                "instrumenten", f"Geen bedrag bij {instrument.naam}: '{kosten}'."
            ) from None
    return uit


def _bestaande_inwoner(rij: Rij, o: Omgeving):
    i = rij.gegevens["inwoner"]
    from werkcoach.validators import normaliseer_bsn

    return inwoner_dubbelen(
        gemeente=o.gemeente,
        bsn=normaliseer_bsn(i["bsn"]),
        voornaam=i["voornaam"],
        achternaam=i["achternaam"],
        geboortedatum=i["geboortedatum"],
    ).first()


def _sleutel(rij: Rij, o: Omgeving) -> uuid.UUID:
    """The row's natural key: the gemeente, the resident (BSN, or name and birth date) and the
    referral date. The same whether or not the resident exists yet."""
    i = rij.gegevens["inwoner"]
    wie = i["bsn"].replace(" ", "") or (
        f"{i['voornaam']}|{i['achternaam']}|{i['geboortedatum']}".lower()
    )
    return uuid.uuid5(NAMESPACE, f"{o.gemeente.pk}|{wie}|{rij.gegevens['aangemeld']}")


def _stap(sleutel: str, functie, **kwargs):
    """Call a service; its refusal becomes the error of column ``sleutel`` (or of the column
    of the field the service names)."""
    try:
        return functie(**kwargs)
    except ValidationError as exc:
        velden = getattr(exc, "error_dict", None) or {}
        kolom = next((v for v in velden if v in PER_SLEUTEL), sleutel)
        raise RijFout(kolom, " ".join(exc.messages)) from exc


def _klantreis(traject, g: dict[str, Any], o: Omgeving) -> None:
    """The steps the row reached, each through the state machine, on its recorded day."""
    door = o.door
    if g["gesprek"]:
        traject = _stap(
            "gesprek",
            gesprek_vastleggen,
            traject=traject,
            door=door,
            gehouden_op=_moment(g["gesprek"], 10),
            verslag=VERSLAG,
        )
    if g["orientatie"]:
        traject = _stap(
            "orientatie",
            traject_advance,
            traject=traject,
            naar=Fase.ORIENTATIE,
            door=door,
            op=_moment(g["orientatie"], 10),
        )
    for instrument, kosten in g["inzet"]:
        _stap(
            "instrumenten",
            inzet_create,
            traject=traject,
            door=door,
            instrument=instrument,
            status=Inzet.Status.AFGEROND,
            startdatum=g["orientatie"] or g["aangemeld"],
            kosten_gepland=kosten,
            kosten_werkelijk=kosten,
            toelichting=VERSLAG,
        )
    if g["vervolgtraject"]:
        bij = g["vervolg_bij"]
        extra = {"opleiding": bij} if g["route"] == Route.OPLEIDING else {"organisatie_naam": bij}
        _stap(
            "vervolgtraject",
            vervolgtraject_vastleggen,
            traject=traject,
            door=door,
            route=g["route"],
            afgesproken_op=g["vervolgtraject"],
            op=_moment(g["vervolgtraject"], 11),
            **extra,
        )
        traject.refresh_from_db()
    if g["einddatum"]:
        _stap(
            "einddatum",
            traject_beeindigen,
            traject=traject,
            door=door,
            reden=g["einde_reden"],
            toelichting=VERSLAG if g["einde_reden"] == "anders" else "",
            op=_moment(g["einddatum"], 16),
        )


def _rij_verwerken(rij: Rij, o: Omgeving) -> dict[str, Any]:
    """Take one row through the services. Returns what happened, for the preview."""
    _lees(rij, o)
    g = rij.gegevens
    g["vervolg_bij"] = rij.waarden.get("vervolg_bij", "").strip()
    sleutel = _sleutel(rij, o)
    naam = f"{g['inwoner']['voornaam']} {g['inwoner']['achternaam']}"
    if Aanmelding.objects.filter(indieningssleutel=sleutel).exists():
        return {"nummer": rij.nummer, "naam": naam, "actie": "al_aanwezig"}
    inwoner = _bestaande_inwoner(rij, o)
    aanmelding = _stap(
        "aanmeldingsdatum",
        aanmelding_create,
        door=o.door,
        gebiedsteam=g["team"],
        signaal=rij.waarden["signaal"],
        toestemming_gegeven=True,
        toestemming_datum=g["toestemming_datum"],
        toestemming_wijze=g["toestemming_wijze"],
        toestemming_omvang=rij.waarden.get("toestemming_omvang", ""),
        inwoner=inwoner,
        inwoner_gegevens=None if inwoner else g["inwoner"],
        indieningssleutel=sleutel,
        op=_moment(g["aangemeld"], 9),
        via_import=True,
    )
    aangenomen = g["aangenomen"] or (g["aangemeld"] if g["gesprek"] else None)
    if aangenomen:
        traject = _stap(
            "aangenomen",
            aanmelding_accepteren,
            aanmelding=aanmelding,
            door=o.door,
            op=_moment(aangenomen, 12),
        )
        _klantreis(traject, g, o)
    actie = "bestaande_inwoner" if inwoner else "nieuw"
    return {"nummer": rij.nummer, "naam": naam, "actie": actie}


def _rijen_lezen(naam: str, inhoud: bytes) -> list[dict[str, Any]]:
    """The file's rows as {"nummer", "waarden"}; the whole file refused as a form error."""
    try:
        tabel = bestand_lezen(naam=naam, inhoud=inhoud)
    except BestandGeweigerd as exc:
        raise ValidationError({"bestand": str(exc)}) from exc
    index, _ = koppen_koppelen(tabel.koppen)
    ontbrekend = [k.kop for k in KOLOMMEN if k.verplicht and k.sleutel not in index]
    if ontbrekend:
        raise ValidationError(
            {
                "bestand": "Deze kolommen ontbreken: " + ", ".join(ontbrekend) + ". Gebruik het "
                "sjabloon of geef de kolommen deze namen."
            }
        )
    return [
        {"nummer": n, "waarden": {k: cellen[i] for k, i in index.items()}}
        for n, cellen in tabel.rijen
    ]


class _Terugdraaien(Exception):
    pass


def _alles_verwerken(rijen: list[dict[str, Any]], o: Omgeving) -> list[dict[str, Any]]:
    """Every row in its own savepoint: a refused row leaves nothing behind."""
    uitkomst = []
    with met_doel(Doel.IMPORT):
        for r in rijen:
            rij = Rij(nummer=r["nummer"], waarden=r["waarden"])
            try:
                with transaction.atomic():
                    uitkomst.append(_rij_verwerken(rij, o))
            except RijFout as fout:
                kop = PER_SLEUTEL[fout.sleutel].kop if fout.sleutel in PER_SLEUTEL else ""
                uitkomst.append(
                    {
                        "nummer": rij.nummer,
                        "actie": "fout",
                        "kolom": kop,
                        "bericht": fout.bericht,
                        "naam": f"{r['waarden'].get('voornaam', '')} "
                        f"{r['waarden'].get('achternaam', '')}".strip(),
                    }
                )
    return uitkomst


def import_voorbeeld(
    *, door: Gebruiker, gemeente: Gemeente, naam: str, inhoud: bytes
) -> Importbestand:
    """The dry run: read the file and take every row through the services in a transaction
    that is rolled back, so nothing is saved; the outcome is kept for the confirmation. A
    file imported before is returned as it is (nothing happens a second time)."""
    if gemeente.pk not in door.gemeente_ids:
        raise ValidationError({"gemeente": "Kies een gemeente waarvoor u werkt."})
    sha = hashlib.sha256(inhoud).hexdigest()
    eerder = Importbestand.objects.filter(
        gemeente=gemeente, sha256=sha, status=Importbestand.Status.GEIMPORTEERD
    ).first()
    if eerder is not None:
        return eerder
    rijen = _rijen_lezen(naam, inhoud)
    uitkomst: list[dict[str, Any]] = []
    try:
        with transaction.atomic():
            uitkomst = _alles_verwerken(rijen, Omgeving.voor(gemeente, door))
            raise _Terugdraaien
    except _Terugdraaien:
        pass
    return Importbestand.objects.create(
        gemeente=gemeente,
        geupload_door=door,
        bestandsnaam=naam[:200],
        sha256=sha,
        rijen=rijen,
        uitkomst=uitkomst,
    )


@transaction.atomic
def import_bevestigen(*, importbestand: Importbestand, door: Gebruiker) -> Importbestand:
    """Import every valid row of a previewed file in this one transaction, or nothing: when a
    row now fares differently from the preview (someone changed data in between), nothing is
    saved and the user previews again. A second confirmation changes nothing."""
    bestand = Importbestand.objects.select_for_update().get(pk=importbestand.pk)
    if bestand.status == Importbestand.Status.GEIMPORTEERD:
        return bestand
    if bestand.geupload_door_id != door.pk or bestand.gemeente_id not in door.gemeente_ids:
        raise ValidationError("Dit bestand is niet door u klaargezet.")
    if Importbestand.objects.filter(
        gemeente=bestand.gemeente_id,
        sha256=bestand.sha256,
        status=Importbestand.Status.GEIMPORTEERD,
    ).exists():
        raise ValidationError("Dit bestand is al geïmporteerd; er is niets gewijzigd.")
    uitkomst = _alles_verwerken(bestand.rijen, Omgeving.voor(bestand.gemeente, door))
    if [u["actie"] == "fout" for u in uitkomst] != [u["actie"] == "fout" for u in bestand.uitkomst]:
        raise ValidationError(
            "Sinds het voorbeeld is er iets veranderd; er is niets geïmporteerd. Bekijk het "
            "voorbeeld opnieuw."
        )
    bestand.status = Importbestand.Status.GEIMPORTEERD
    bestand.geimporteerd_op = timezone.now()
    bestand.uitkomst, bestand.rijen = uitkomst, []
    bestand.save()
    aantal = sum(u["actie"] in ("nieuw", "bestaande_inwoner") for u in uitkomst)
    audit_log(
        actie=Actie.AANMAKEN,
        doel=Doel.IMPORT,
        actor=door,
        object=bestand,
        omschrijving=f"{aantal} eerdere registraties geïmporteerd uit {bestand.bestandsnaam}.",
    )
    return bestand
