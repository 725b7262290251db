"""Every dossier action, posted in every step of the klantreis, is either done or refused with a
message: never a server error, and a refused action changes nothing."""

from datetime import timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from tests.conftest import traject_op_stap
from trajecten.models import (
    Contactmoment,
    Fase,
    Faseovergang,
    Instrument,
    Inzet,
    Nazorgplan,
    Overdracht,
    Participatiemeting,
    Traject,
    Vervolgtraject,
)
from trajecten.services import (
    catalogus_laden,
    nazorg_afronden,
    traject_beeindigen,
)
from werkcoach.errors import NietToegestaneOvergang

STAPPEN = ["gesprek", "orientatie", "vervolgtraject", "overdracht", "nazorg", "afgesloten"]


def _dossier_urlnamen() -> list[str]:
    resolver = get_resolver()
    trajecten = resolver.namespace_dict["trajecten"][1]
    return sorted(
        n for n in trajecten.reverse_dict if isinstance(n, str) and n.startswith("dossier_")
    )


def _in_stap(wereld, stap: str) -> Traject:
    """A traject of the werkcoach brought to ``stap`` through the services."""
    begin = timezone.now() - timedelta(days=30)
    t = traject_op_stap(wereld, Fase.NAZORG if stap == Fase.AFGESLOTEN else stap, op=begin)
    if stap == Fase.AFGESLOTEN:
        traject_beeindigen(traject=t, door=wereld.werkcoach, reden="verhuisd", bevestigd=True)
    return t


def _gegevens(wereld, naam: str, traject: Traject) -> dict[str, str]:
    nu = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    vandaag = timezone.localdate().isoformat()
    if naam == "persoon":
        return {
            "versie": str(traject.inwoner.versie),
            "voornaam": "Anna",
            "achternaam": "de Vries",
            "postcode": "8302 AB",
            "woonplaats": "Ens",
            "doelgroep": "jongere",
            "uitkeringssituatie": "geen",
        }
    per_actie = {
        "contactmoment": {"datum": nu, "soort": "telefoon", "verslag": "Gebeld."},
        "gesprek": {"gehouden_op": nu, "verslag": "Kennismaking."},
        "orientatie": {"toelichting": "Open les."},
        "vervolgtraject": {"route": "werk", "afgesproken_op": vandaag},
        "overdracht": {
            "naar_organisatie": str(wereld.werkcorporatie.pk),
            "overgedragen_op": nu,
        },
        "nazorgplan": {"startdatum": vandaag, "duur_maanden": "6", "frequentie": "maandelijks"},
        "nazorg_afronden": {"uitkomst": "werk", "reden_eerder": "Werk.", "bevestigd": "on"},
        "beeindigen": {"reden": "verhuisd", "bevestigd": "on"},
        "inzet": {"instrument": str(Instrument.objects.first().pk), "status": "gepland"},
        "meting": {"datum": vandaag, "moment": "tussen", "trede": "3"},
    }
    return {"versie": str(traject.versie), **per_actie[naam]}


def _toestand(traject: Traject) -> tuple:
    t = Traject.objects.get(pk=traject.pk)
    return (
        t.versie,
        t.fase,
        t.beeindigd_op,
        t.gesprek_gehouden_op,
        t.inwoner.voornaam,
        Faseovergang.objects.filter(traject=t).count(),
        Contactmoment.objects.filter(traject=t).count(),
        Vervolgtraject.objects.filter(traject=t).count(),
        Overdracht.objects.filter(traject=t).count(),
        list(Nazorgplan.objects.filter(traject=t).values_list("uitkomst", "afgerond_op")),
        Inzet.objects.filter(traject=t).count(),
        Participatiemeting.objects.filter(traject=t).count(),
    )


def test_every_dossier_url_is_covered():
    namen = _dossier_urlnamen()
    assert "dossier_nazorg_afronden" in namen and "dossier_persoon" in namen
    assert len(namen) >= 11


@pytest.mark.parametrize("stap", STAPPEN)
def test_every_dossier_action_in_every_step_is_done_or_refused_without_a_server_error(
    wereld, ingelogd, stap
):
    catalogus_laden()
    wereld.werkcorporatie.gemeenten.add(wereld.nop)
    client = ingelogd(wereld.werkcoach)
    for urlnaam in _dossier_urlnamen():
        naam = urlnaam.removeprefix("dossier_")
        traject = _in_stap(wereld, stap)
        assert Traject.objects.get(pk=traject.pk).fase == stap
        voor = _toestand(traject)
        data = {f"{naam}-{k}": v for k, v in _gegevens(wereld, naam, traject).items()}
        url = reverse(f"trajecten:{urlnaam}", kwargs={"pk": traject.pk})
        antwoord = client.post(url, data, headers={"HX-Request": "true"})
        assert antwoord.status_code < 500, (stap, naam)
        html = antwoord.content.decode()
        geweigerd = antwoord.status_code >= 400 or "alert-danger" in html or "is-invalid" in html
        if geweigerd:
            assert _toestand(traject) == voor, (stap, naam)
        else:
            assert _toestand(traject) != voor, (stap, naam)


@pytest.mark.parametrize("stap", ["gesprek", "orientatie", "vervolgtraject", "overdracht"])
def test_closing_nazorg_outside_step_nazorg_is_refused_and_changes_nothing(wereld, stap):
    wereld.werkcorporatie.gemeenten.add(wereld.nop)
    traject = _in_stap(wereld, stap)
    voor = _toestand(traject)
    with pytest.raises(NietToegestaneOvergang):
        nazorg_afronden(traject=traject, door=wereld.werkcoach, uitkomst="werk")
    assert _toestand(traject) == voor
