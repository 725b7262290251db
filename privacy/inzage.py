"""Rights of the resident (AVG): everything held on one resident for the right of access
(art. 15), as data for the JSON export and the readable PDF."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from cases.services import INWONER_VELDEN
from werkcoach.audit import Actie, Doel
from werkcoach.models import Logregel


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


def _export(obj) -> dict[str, Any]:
    return _velden(obj, EXPORT_VELDEN[obj._meta.label])


def inzage_gegevens(inwoner) -> dict[str, Any]:
    """Everything held on ``inwoner``: person data, referrals with consent, trajecten with
    every step, note, instrument, handover, nazorg and measurement, and the processing log
    (when, what and for which purpose; the staff member's name is left out)."""
    from cases.models import Aanmelding
    from trajecten.models import Traject

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
        "verwerkingen": [
            {
                "tijdstip": _waarde(r.tijdstip),
                "actie": Actie(r.actie).label if r.actie in Actie.values else r.actie,
                "doel": Doel(r.doel).label if r.doel in Doel.values else r.doel,
            }
            for r in Logregel.objects.filter(inwoner_id=inwoner.pk).order_by("tijdstip", "pk")
        ],
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


def inzage_pdf(gegevens: dict[str, Any]) -> tuple[str, bytes]:
    """The readable export: tagged PDF (PDF/UA-1), document language nl."""
    from werkcoach.pdf import render_to_pdf

    return render_to_pdf("privacy/inzage_pdf.html", {"g": gegevens})
