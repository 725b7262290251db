"""Rights of the resident (AVG): everything held on one resident for the right of access
(art. 15), as data for the JSON export and the readable PDF."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

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


INWONER = [
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "bsn",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
    "doelgroep",
    "uitkeringssituatie",
    "gemeente",
    "aangemaakt_op",
    "geanonimiseerd_op",
]
AANMELDING = [
    "aangemeld_op",
    "gebiedsteam",
    "signaal",
    "wens",
    "contactvoorkeur",
    "contact_moment_voorkeur",
    "toestemming_datum",
    "toestemming_wijze",
    "toestemming_omvang",
    "toestemming_ingetrokken_op",
    "status",
    "status_reden",
]
TRAJECT = [
    "gestart_op",
    "fase",
    "fase_sinds",
    "gesprek_gepland_op",
    "gesprek_locatie",
    "gesprek_gehouden_op",
    "beeindigd_op",
    "einde_reden",
    "einde_toelichting",
]


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
            "metingen",
            "nazorgplan__contacten",
        )
    )
    uit: dict[str, Any] = {
        "titel": "Inzage in persoonsgegevens (AVG artikel 15)",
        "gemaakt_op": _waarde(timezone.now()),
        "verwerkingsverantwoordelijke": str(inwoner.gemeente),
        "inwoner": _velden(inwoner, INWONER),
        "aanmeldingen": [_velden(a, AANMELDING) for a in aanmeldingen],
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
        item = _velden(t, TRAJECT)
        item["overgangen"] = [
            _velden(o, ["van_fase", "naar_fase", "op", "toelichting"]) for o in t.overgangen.all()
        ]
        item["contactmomenten"] = [
            _velden(c, ["datum", "soort", "met_wie", "verslag"]) for c in t.contactmomenten.all()
        ]
        item["inzet"] = [
            _velden(i, ["instrument", "status", "startdatum", "einddatum", "toelichting"])
            for i in t.inzetten.all()
        ]
        item["overdrachten"] = [
            _velden(o, ["naar_organisatie", "overgedragen_op", "toelichting", "bevestigd_op"])
            for o in t.overdrachten.all()
        ]
        item["metingen"] = [
            _velden(m, ["datum", "moment", "trede", "toelichting"]) for m in t.metingen.all()
        ]
        vervolg = getattr(t, "vervolgtraject", None)
        item["vervolgtraject"] = (
            _velden(
                vervolg,
                [
                    "route",
                    "afgesproken_op",
                    "sector",
                    "opleiding",
                    "bbl",
                    "werkgever",
                    "organisatie_naam",
                    "toelichting",
                ],
            )
            if vervolg
            else None
        )
        plan = getattr(t, "nazorgplan", None)
        item["nazorgplan"] = (
            _velden(
                plan,
                [
                    "startdatum",
                    "duur_maanden",
                    "frequentie",
                    "afspraken",
                    "uitkomst",
                    "afgerond_op",
                ],
            )
            if plan
            else None
        )
        uit["trajecten"].append(item)
    return uit


def inzage_pdf(gegevens: dict[str, Any]) -> tuple[str, bytes]:
    """The readable export: tagged PDF (PDF/UA-1), document language nl."""
    from weasyprint import HTML  # imported lazily: loading WeasyPrint is slow

    html = render_to_string("werkcoach/avg/inzage_pdf.html", {"g": gegevens})
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return html, pdf
