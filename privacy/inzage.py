"""Rights of the resident (AVG): everything held on one resident for the right of access
(art. 15), as data for the JSON export and the readable PDF."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.utils import timezone

from cases.services import INWONER_VELDEN
from privacy import bewaring
from werkcoach.audit import Actie, Doel
from werkcoach.models import Logregel, Rol
from werkcoach.templatetags.opmaak import euro


def _waarde(v: Any) -> Any:
    if isinstance(v, datetime):
        return timezone.localtime(v).isoformat(timespec="minutes")
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "as_tuple"):  # Decimal
        return str(v)
    return v


def _velden(obj, namen: list[str]) -> dict[str, Any]:
    """Field values with their Dutch label, choices shown as their label."""
    uit = {}
    for naam in namen:
        veld = obj._meta.get_field(naam)
        waarde = getattr(obj, naam)
        if getattr(veld, "choices", None) and waarde not in (None, ""):
            waarde = getattr(obj, f"get_{naam}_display")()
        elif hasattr(waarde, "_meta"):
            waarde = str(waarde)
        uit[naam] = {"label": str(veld.verbose_name), "waarde": _waarde(waarde)}
    return uit


# What the art. 15 export shows, per model linked to the resident. Every concrete field of such
# a model is either here or in ``NIET_IN_EXPORT`` (with the reason); a test walks the relations
# from ``Inwoner`` so a new model or field is noticed.
EXPORT_VELDEN: dict[str, list[str]] = {
    "cases.Inwoner": [*INWONER_VELDEN, "gemeente", "aangemaakt_op", "geanonimiseerd_op"],
    "cases.Aanmelding": [
        "aangemeld_op",
        "gebiedsteam",
        "signaal",
        "wens",
        "contactvoorkeur",
        "contact_moment_voorkeur",
        "toestemming_gegeven",
        "toestemming_datum",
        "toestemming_wijze",
        "toestemming_omvang",
        "toestemming_ingetrokken_op",
        "status",
        "status_reden",
        "behandeld_op",
        "eerste_contact_op",
    ],
    "trajecten.Traject": [
        "gestart_op",
        "fase",
        "fase_sinds",
        "gesprek_gepland_op",
        "gesprek_locatie",
        "gesprek_gehouden_op",
        "beeindigd_op",
        "einde_reden",
        "einde_toelichting",
        "pilot",
    ],
    "trajecten.Faseovergang": ["van_fase", "naar_fase", "op", "toelichting"],
    "trajecten.Contactmoment": ["datum", "soort", "met_wie", "verslag"],
    "trajecten.Inzet": [
        "instrument",
        "status",
        "startdatum",
        "einddatum",
        "kosten_gepland",
        "kosten_werkelijk",
        "toelichting",
    ],
    "trajecten.Overdracht": [
        "naar_organisatie",
        "naar_persoon",
        "naar_naam",
        "overgedragen_op",
        "toelichting",
        "bevestigd_op",
    ],
    "trajecten.Participatiemeting": ["datum", "moment", "trede", "toelichting"],
    "trajecten.Vervolgtraject": [
        "route",
        "afgesproken_op",
        "sector",
        "nugger_ingeschreven_op",
        "accountmanager",
        "onderwijsinstelling",
        "opleiding",
        "bbl",
        "werkgever",
        "organisatie_naam",
        "toelichting",
    ],
    "trajecten.Nazorgplan": [
        "startdatum",
        "duur_maanden",
        "frequentie",
        "afspraken",
        "uitkomst",
        "afgerond_op",
        "reden_eerder_afgerond",
    ],
    "trajecten.Nazorgcontact": ["gepland_op"],
}
_TECHNISCH = ["id", "gewijzigd_op"]
# Left out on purpose: keys, version counters, links to the parent record, the names of the staff
# who recorded something (as in the processing log), and technical send/reminder marks.
NIET_IN_EXPORT: dict[str, list[str]] = {
    "cases.Inwoner": [*_TECHNISCH, "versie"],
    "cases.Aanmelding": [
        *_TECHNISCH,
        "aangemaakt_op",
        "gemeente",
        "inwoner",
        "aangemeld_door",
        "toestemming_ingetrokken_door",
        "behandeld_door",
        "indieningssleutel",
    ],
    "trajecten.Traject": [
        *_TECHNISCH,
        "aangemaakt_op",
        "inwoner",
        "aanmelding",
        "werkcoach",
        "versie",
    ],
    "trajecten.Faseovergang": ["id", "traject", "door"],
    "trajecten.Contactmoment": [
        *_TECHNISCH,
        "aangemaakt_op",
        "traject",
        "vastgelegd_door",
        "nazorgcontact",
        "indieningssleutel",
    ],
    "trajecten.Inzet": [*_TECHNISCH, "aangemaakt_op", "traject", "vastgelegd_door"],
    "trajecten.Overdracht": [
        *_TECHNISCH,
        "aangemaakt_op",
        "traject",
        "bevestigd_door",
        "vastgelegd_door",
        "melding_verstuurd_op",
        "herinnering_verstuurd_op",
    ],
    "trajecten.Participatiemeting": ["id", "traject", "vastgelegd_door"],
    "trajecten.Vervolgtraject": [*_TECHNISCH, "aangemaakt_op", "traject"],
    "trajecten.Nazorgplan": [*_TECHNISCH, "aangemaakt_op", "traject"],
    "trajecten.Nazorgcontact": ["id", "plan", "herinnering_verstuurd_op"],
    # Technical record of the e-mails sent about a referral: no data on the resident.
    "cases.Notificatie": [
        "id",
        "aanmelding",
        "soort",
        "sleutel",
        "aantal_ontvangers",
        "verzonden_op",
    ],
}


def _door(regel: Logregel) -> dict[str, str]:
    """Who processed: the organisation and role, never the staff member's username."""
    actor = regel.actor
    if actor is None:
        return {"organisatie": "", "rol": "het systeem" if not regel.actor_naam else ""}
    rollen = sorted(Rol(g.name).label for g in actor.groups.all() if g.name in Rol.values)
    return {"organisatie": str(actor.organisatie or ""), "rol": ", ".join(rollen)}


def _soort_gegevens(object_type: str) -> str:
    """The Dutch name of the kind of record a log line is about ('traject', 'aanmelding')."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return ""


def _verwerkingen(inwoner) -> list[dict[str, Any]]:
    regels = (
        Logregel.objects.filter(inwoner_id=inwoner.pk)
        .select_related("actor__organisatie")
        .prefetch_related("actor__groups")
        .order_by("tijdstip", "pk")
    )
    return [
        {
            "tijdstip": _waarde(r.tijdstip),
            "actie": Actie(r.actie).label if r.actie in Actie.values else r.actie,
            "doel": Doel(r.doel).label if r.doel in Doel.values else r.doel,
            "gegevens": _soort_gegevens(r.object_type),
            "door": _door(r),
        }
        for r in regels
    ]


def _export(obj) -> dict[str, Any]:
    return _velden(obj, EXPORT_VELDEN[obj._meta.label])


def inzage_gegevens(inwoner) -> dict[str, Any]:
    """Everything held on ``inwoner``: person data, referrals with consent, trajecten with
    every step, note, instrument, handover, nazorg and measurement, and the processing log
    (when, what and for which purpose; the staff member's name is left out)."""
    from cases.models import Aanmelding
    from trajecten.models import Traject

    termijnen = bewaring.termijnen()
    aanmeldingen = Aanmelding.objects.filter(inwoner=inwoner).select_related("gebiedsteam")
    trajecten = (
        Traject.objects.filter(inwoner=inwoner)
        .select_related("vervolgtraject", "nazorgplan", "pilot")
        .prefetch_related(
            "overgangen",
            "contactmomenten",
            "inzetten__instrument",
            "overdrachten__naar_organisatie",
            "overdrachten__naar_persoon",
            "metingen",
            "nazorgplan__contacten",
        )
    )
    uit: dict[str, Any] = {
        "titel": "Inzage in persoonsgegevens (AVG artikel 15)",
        "gemaakt_op": _waarde(timezone.now()),
        "verwerkingsverantwoordelijke": str(inwoner.gemeente),
        "inwoner": _export(inwoner),
        "aanmeldingen": [_export(a) for a in aanmeldingen],
        "trajecten": [],
        "verwerkingen": _verwerkingen(inwoner),
        "bewaartermijnen_maanden": {
            naam: termijnen[uitkomst] for uitkomst, naam in bewaring.uitkomsten()
        },
    }
    for t in trajecten:
        item = _export(t)
        item["overgangen"] = [_export(o) for o in t.overgangen.all()]
        item["contactmomenten"] = [_export(c) for c in t.contactmomenten.all()]
        item["inzet"] = [_export(i) for i in t.inzetten.all()]
        item["overdrachten"] = [_export(o) for o in t.overdrachten.all()]
        item["metingen"] = [_export(m) for m in t.metingen.all()]
        vervolg = getattr(t, "vervolgtraject", None)
        item["vervolgtraject"] = _export(vervolg) if vervolg else None
        plan = getattr(t, "nazorgplan", None)
        item["nazorgplan"] = _export(plan) if plan else None
        item["nazorgcontacten"] = [_export(c) for c in plan.contacten.all()] if plan else []
        uit["trajecten"].append(item)
    return uit


_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")


def leesbaar(waarde: Any, naam: str = "") -> str:
    """A value of the export as a resident reads it: 17-05-2026 14:30, ja/nee, € 1.250,00,
    and '—' for nothing. The JSON keeps the machine-readable form."""
    if waarde is None or waarde == "":
        return "—"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    tekst = str(waarde)
    if _ISO_MOMENT.match(tekst):
        return datetime.fromisoformat(tekst).strftime("%d-%m-%Y %H:%M")
    if _ISO_DATUM.fullmatch(tekst):
        return date.fromisoformat(tekst).strftime("%d-%m-%Y")
    if naam.startswith("kosten"):
        return euro(tekst)
    return tekst


def _leesbaar_maken(deel: Any) -> Any:
    """Every ``{"label", "waarde"}`` of the export gets its readable ``tekst`` beside it."""
    if isinstance(deel, list):
        return [_leesbaar_maken(d) for d in deel]
    if not isinstance(deel, dict):
        return deel
    return {
        k: (
            {**v, "tekst": leesbaar(v["waarde"], k)}
            if isinstance(v, dict) and set(v) == {"label", "waarde"}
            else _leesbaar_maken(v)
        )
        for k, v in deel.items()
    }


def inzage_pdf(gegevens: dict[str, Any]) -> tuple[str, bytes]:
    """The readable export: tagged PDF (PDF/UA-1), document language nl. Dates in Dutch, yes
    and no in words, a section per kind of data, who (organisation and role) processed what,
    the purposes and the retention terms."""
    from werkcoach.pdf import render_to_pdf

    lees = _leesbaar_maken(gegevens)
    for v in lees["verwerkingen"]:
        v["tijdstip_tekst"] = leesbaar(v["tijdstip"])
    doelen = sorted({v["doel"] for v in gegevens["verwerkingen"]})
    return render_to_pdf(
        "privacy/inzage_pdf.html",
        {"g": lees, "gemaakt_op": leesbaar(gegevens["gemaakt_op"]), "doelen": doelen},
    )
