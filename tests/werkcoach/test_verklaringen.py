"""The privacy and accessibility statements: public pages with the required parts."""

import pytest
from django.urls import reverse

from werkcoach.models import Bewaartermijn

pytestmark = pytest.mark.django_db


def test_the_accessibility_statement_has_the_parts_of_the_model_statement(client):
    tekst = client.get(reverse("toegankelijkheid")).content.decode()
    for deel in (
        "Status: eerste maatregelen genomen",
        "Wat is er onderzocht?",
        "Wat weten wij nog niet goed genoeg?",
        "Loopt u tegen een probleem aan?",
        "mailto:privacy@werkcoach.localhost",
        "Nationale ombudsman",
        "opgesteld op 02-12-2026",
    ):
        assert deel in tekst, deel


def test_the_privacy_statement_names_basis_retention_recipients_and_rights(client, settings):
    settings.WERKCOACH_BEWAARTERMIJN_STANDAARD_MAANDEN = 24
    Bewaartermijn.objects.create(uitkomst=Bewaartermijn.ZONDER_TRAJECT, maanden=6)
    tekst = client.get(reverse("privacyverklaring")).content.decode()
    for deel in (
        "artikel 6 lid 1a",
        "Toestemming intrekken",
        "Aanmelding zonder traject (afgewezen, niet bereikbaar)</th><td>6 maanden",
        "24 maanden",
        "nooit de verslagen van de werkcoach",
        "Inzage</strong> (AVG artikel 15)",
        "Autoriteit Persoonsgegevens",
        "Begeleiding naar werk of opleiding",  # a processing purpose, from werkcoach.audit.Doel
    ):
        assert deel in tekst, deel


def test_login_page_and_footer_link_both_statements(client, wereld):
    login = client.get(reverse("login")).content.decode()
    client.force_login(wereld.werkcoach)
    start = client.get(reverse("start")).content.decode()
    for html in (login, start):
        assert f'href="{reverse("privacyverklaring")}"' in html
        assert f'href="{reverse("toegankelijkheid")}"' in html


def test_the_statements_are_reachable_before_the_second_factor(client, wereld, settings):
    settings.WERKCOACH_2FA_VERPLICHT = True
    client.force_login(wereld.werkcoach)
    assert client.get(reverse("privacyverklaring")).status_code == 200
    assert client.get(reverse("toegankelijkheid")).status_code == 200
