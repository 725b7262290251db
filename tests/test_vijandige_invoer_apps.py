"""Hostile input to the forms of referrals, the dossier, the catalogue and rapportage.

Uses the harness of ``tests/werkcoach/test_vijandige_invoer.py``: never a server error, a
rejected submit leaves the database as it was, and what is shown back is escaped.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Aanmelding, Inwoner
from rapportage.models import Begroting, Uitgave
from rapportage.services import begroting_vullen
from tests.conftest import maak_aanmelding, maak_traject
from tests.werkcoach.test_vijandige_invoer import Formulier, controleer_formulier, vijandig
from trajecten.models import Contactmoment, Instrument, Traject
from trajecten.services import catalogus_laden


def _url(naam, **kwargs):
    from django.urls import reverse

    return lambda o: reverse(naam, kwargs={k: o[v].pk for k, v in kwargs.items()})


def _rijen(*modellen):
    return lambda o: tuple(m.objects.count() for m in modellen)


def _traject_staat(o):
    t = Traject.objects.get(pk=o["traject"].pk)
    return (t.fase, t.versie, t.einde_reden, Contactmoment.objects.count(), t.inwoner.achternaam)


def _versie(o):
    return str(Traject.objects.get(pk=o["traject"].pk).versie)


def _dossier(actie: str, velden: dict) -> Formulier:
    return Formulier(
        naam=f"dossier {actie}",
        url=_url(f"trajecten:dossier_{actie}", pk="traject"),
        gebruiker="werkcoach",
        velden={f"{actie}-{k}": v for k, v in velden.items()},
        staat=_traject_staat,
    )


datum = st.one_of(vijandig, st.sampled_from(["2024-02-30T10:00", "31-12-9999", "2024-01-01"]))

FORMULIEREN = [
    Formulier(
        naam="aanmelding",
        url=_url("cases:aanmelding_nieuw"),
        gebruiker="sociaal_werker",
        velden={
            "voornaam": vijandig,
            "achternaam": vijandig,
            "geboortedatum": vijandig,
            "bsn": vijandig,
            "postcode": vijandig,
            "email": vijandig,
            "doelgroep": vijandig,
            "signaal": vijandig,
            "toestemming_datum": vijandig,
            "toestemming_wijze": vijandig,
            "indieningssleutel": vijandig,
        },
        staat=_rijen(Aanmelding, Inwoner),
    ),
    Formulier(
        naam="aanmelding afwijzen",
        url=_url("aanmeldingen:aanmelding_afwijzen", pk="aanmelding"),
        gebruiker="werkcoach",
        velden={"status": vijandig, "reden": vijandig},
        staat=lambda o: Aanmelding.objects.filter(pk=o["aanmelding"].pk).values_list("status")[0],
    ),
    Formulier(
        naam="gesprek plannen",
        url=lambda o: _url("aanmeldingen:gesprek_plannen", pk="aanmelding_geaccepteerd")(o),
        gebruiker="werkcoach",
        velden={"datum": vijandig, "tijd": vijandig, "locatie": vijandig, "versie": vijandig},
        staat=lambda o: Traject.objects.filter(pk=o["traject"].pk).values_list("versie")[0],
    ),
    _dossier(
        "contactmoment",
        {
            "datum": datum,
            "soort": vijandig,
            "met_wie": vijandig,
            "verslag": vijandig,
            "versie": vijandig,
        },
    ),
    _dossier("beeindigen", {"reden": vijandig, "toelichting": vijandig, "versie": vijandig}),
    _dossier("gesprek", {"gehouden_op": datum, "verslag": vijandig, "versie": vijandig}),
    Formulier(
        naam="persoonsgegevens",
        url=_url("trajecten:dossier_persoon", pk="traject"),
        gebruiker="werkcoach",
        velden={
            "persoon-voornaam": vijandig,
            "persoon-achternaam": vijandig,
            "persoon-bsn": vijandig,
            "persoon-postcode": vijandig,
            "persoon-geboortedatum": vijandig,
            "persoon-versie": vijandig,
        },
        staat=_traject_staat,
    ),
    Formulier(
        naam="instrument",
        url=_url("trajecten:instrument_nieuw"),
        gebruiker="beheerder",
        velden={
            "naam": vijandig,
            "aanbieder": vijandig,
            "categorie": vijandig,
            "omschrijving": vijandig,
            "kosten_indicatie": vijandig,
        },
        staat=_rijen(Instrument),
    ),
    Formulier(
        naam="begroting wijzigen",
        url=_url("rapportage:begroting_wijzigen"),
        gebruiker="projectleider",
        velden={"post": vijandig, "bedrag": vijandig, "toelichting": vijandig},
        staat=lambda o: sorted(Begroting.objects.values_list("jaar", "post", "bedrag")),
    ),
    Formulier(
        naam="uitgave",
        url=_url("rapportage:uitgave_nieuw"),
        gebruiker="projectleider",
        velden={
            "datum": vijandig,
            "post": vijandig,
            "omschrijving": vijandig,
            "bedrag": vijandig,
            "indieningssleutel": vijandig,
        },
        staat=_rijen(Uitgave),
    ),
]


@pytest.mark.parametrize("formulier", FORMULIEREN, ids=lambda f: f.naam)
def test_hostile_input_never_breaks_a_form(client, wereld, formulier):
    catalogus_laden()
    begroting_vullen(pilot=wereld.pilot)
    geaccepteerd = maak_traject(wereld)
    objecten = {
        "aanmelding": maak_aanmelding(wereld),
        "traject": geaccepteerd,
        "aanmelding_geaccepteerd": geaccepteerd.aanmelding,
    }
    client.force_login(wereld.rollen()[formulier.gebruiker])

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(data=st.fixed_dictionaries(formulier.velden))
    def eigenschap(data):
        controleer_formulier(client, formulier, objecten, data)

    eigenschap()
