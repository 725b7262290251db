"""Dutch error pages in the application's layout: 403, 404, 500 and a failed CSRF check."""

import logging
import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.conftest import WACHTWOORD
from werkcoach.fouten import serverfout
from werkcoach.middleware import VerzoekIdMiddleware


@pytest.fixture
def met_kapotte_pagina(settings):
    settings.ROOT_URLCONF = "tests.werkcoach.fout_urls"


def _tekst(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_404_is_dutch_in_the_layout_with_a_way_home(client, wereld):
    client.force_login(wereld.werkcoach)
    response = client.get("/bestaat-niet/", HTTP_REFERER="http://testserver/trajecten/caseload/")
    tekst = _tekst(response)
    assert response.status_code == 404
    assert '<html lang="nl">' in tekst and "Pagina niet gevonden" in tekst
    assert 'href="/"' in tekst and "Naar de startpagina" in tekst
    assert 'href="http://testserver/trajecten/caseload/">Terug naar de vorige pagina' in tekst
    assert "Uitloggen" in tekst  # the application's own header, menu and all


@pytest.mark.django_db
def test_a_back_link_never_leads_off_the_site(client):
    response = client.get("/bestaat-niet/", HTTP_REFERER="https://kwaadaardig.example/")
    assert "kwaadaardig" not in _tekst(response)
    assert "Terug naar de vorige pagina" not in _tekst(response)


@pytest.mark.django_db
def test_403_is_dutch_and_says_why(client, wereld):
    client.force_login(wereld.sociaal_werker)
    response = client.get(reverse("rapportage:dashboard"))
    tekst = _tekst(response)
    assert response.status_code == 403
    assert '<html lang="nl">' in tekst and "Geen toegang tot deze pagina" in tekst
    assert "Uw rol geeft geen toegang tot deze pagina." in tekst
    assert "Naar de startpagina" in tekst


@pytest.mark.django_db
def test_a_failed_csrf_check_is_explained_in_dutch(wereld):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "wc", "password": WACHTWOORD})
    tekst = _tekst(response)
    assert response.status_code == 403
    assert "Uw formulier is niet verstuurd" in tekst and "Er is niets opgeslagen" in tekst
    assert '<html lang="nl">' in tekst and "CSRF verification failed" not in tekst


@pytest.mark.django_db
def test_500_shows_the_reference_that_is_logged_with_the_exception(
    client, wereld, met_kapotte_pagina, caplog
):
    client.raise_request_exception = False
    client.force_login(wereld.werkcoach)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/kapot/")
    tekst = _tekst(response)
    assert response.status_code == 500
    assert '<html lang="nl">' in tekst and "Er ging iets mis" in tekst
    referentie = re.search(r"<span data-referentie>([A-Z0-9]{10})</span>", tekst).group(1)
    assert response["X-Request-ID"] == referentie
    fout = [r for r in caplog.records if r.exc_info and "ExpresFout" in repr(r.exc_info[1])]
    assert fout and fout[0].verzoek_id == referentie
    # And the console's format writes it on the line.
    from django.conf import settings

    formaat = settings.LOGGING["formatters"]["verzoek"]["format"]
    assert referentie in logging.Formatter(formaat).format(fout[0])


def test_500_renders_without_database_or_session():
    """No ``django_db`` mark: any query here would fail the test. Nor is there a session or user
    on the request: the page must render when exactly those are what broke."""
    verzoek = RequestFactory().get("/iets/")
    response = VerzoekIdMiddleware(serverfout)(verzoek)
    assert response.status_code == 500
    assert verzoek.verzoek_id in _tekst(response) and "Er ging iets mis" in _tekst(response)


def test_a_request_id_from_the_proxy_is_kept_but_only_if_it_looks_like_one():
    middleware = VerzoekIdMiddleware(lambda request: serverfout(request))
    goed = RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-123-def")
    assert middleware(goed)["X-Request-ID"] == "abc-123-def"
    slecht = RequestFactory().get("/", HTTP_X_REQUEST_ID="<script>")
    assert middleware(slecht)["X-Request-ID"] != "<script>"
