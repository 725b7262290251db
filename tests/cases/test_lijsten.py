"""The list pages cost the same number of queries for 3 referrals as for 30."""

import pytest
from django.urls import reverse

from tests.conftest import maak_aanmelding, maak_traject
from werkcoach.audit import Actie, Doel
from werkcoach.models import Feestdag, Logregel


def vul(wereld, aantal: int) -> None:
    # Half new, half accepted (with a traject): both kinds of row are rendered.
    for _ in range(aantal // 2):
        maak_traject(wereld)
    for _ in range(aantal - aantal // 2):
        maak_aanmelding(wereld)


@pytest.mark.parametrize("aantal", [3, 30])
def test_mijn_aanmeldingen_query_count_does_not_grow(
    wereld, ingelogd, django_assert_num_queries, aantal
):
    vul(wereld, aantal)
    client = ingelogd(wereld.sociaal_werker)
    # 1 session, 2 user, 3 roles (groups), 4 gemeente ids, 5 gebiedsteam ids,
    # 6 paginator count, 7 referrals with inwoner, team, referrer, traject, vervolgtraject and
    # nazorgplan, 8 the handovers of those trajecten (the feedback names the receiver),
    # 9 processing-log insert (one row per resident shown, one bulk insert: replaces the single
    # summary row, so the count is unchanged), 10-12 session save (savepoint, update, release).
    with django_assert_num_queries(12):
        response = client.get(reverse("aanmeldingen:mijn_aanmeldingen"))
    assert response.status_code == 200
    assert len(response.context["rijen"]) == aantal
    getoond = {a.inwoner_id for a, _ in response.context["rijen"]}
    gelogd = Logregel.objects.filter(
        actie=Actie.BEKIJKEN, doel=Doel.VERWIJZING, actor=wereld.sociaal_werker
    )
    assert set(gelogd.values_list("inwoner_id", flat=True)) == getoond
    assert gelogd.count() == len(getoond)


@pytest.mark.parametrize("aantal", [3, 30])
def test_inbox_query_count_does_not_grow(wereld, ingelogd, django_assert_num_queries, aantal):
    vul(wereld, aantal)
    Feestdag.objects.create(datum="2025-12-25", naam="Eerste Kerstdag")
    client = ingelogd(wereld.werkcoach)
    # 1 session, 2 user, 3 roles (groups), 4 gemeente ids,
    # 5 count of the new referrals, 6 a page of them with inwoner, team and referrer,
    # 7 count of the accepted ones, 8 a page of them with their traject, its pilot and the
    # accepting werkcoach, 9 running pilots of the new ones' gemeenten, 10 feestdagen of those
    # gemeenten (one query), 11 processing-log insert (one row per resident shown, one bulk
    # insert), 12-14 session save (savepoint, update, release).
    with django_assert_num_queries(14):
        response = client.get(reverse("aanmeldingen:inbox"))
    assert response.status_code == 200
    assert len(response.context["nieuw"]) + len(response.context["aangenomen"]) == aantal
    getoond = {
        r.aanmelding.inwoner_id
        for r in [*response.context["nieuw"], *response.context["aangenomen"]]
    }
    gelogd = Logregel.objects.filter(
        actie=Actie.BEKIJKEN, doel=Doel.BEGELEIDING, actor=wereld.werkcoach
    )
    assert set(gelogd.values_list("inwoner_id", flat=True)) == getoond
    assert gelogd.count() == len(getoond)
    assert set(gelogd.values_list("gemeente_id", flat=True)) == {wereld.nop.pk}
    assert all(r.termijn is not None for r in response.context["nieuw"])


@pytest.mark.parametrize("aantal", [0, 60])
def test_an_empty_inbox_costs_as_much_as_a_full_one(
    wereld, ingelogd, django_assert_num_queries, aantal
):
    vul(wereld, aantal)
    client = ingelogd(wereld.werkcoach)
    # As above: both parts read their page and the pilots and feestdagen are those of the
    # werkcoach's gemeenten, with rows or without.
    with django_assert_num_queries(14):
        response = client.get(reverse("aanmeldingen:inbox"))
    assert len(response.context["nieuw"]) + len(response.context["aangenomen"]) == min(aantal, 50)


@pytest.mark.parametrize("aantal", [0, 60])
def test_empty_mijn_aanmeldingen_read_their_page(
    wereld, ingelogd, django_assert_num_queries, aantal
):
    vul(wereld, aantal)
    client = ingelogd(wereld.sociaal_werker)
    # As the list above: the empty page is read too; only the handovers of no trajecten are
    # not (a prefetch of nothing asks nothing).
    with django_assert_num_queries(12 if aantal else 11):
        response = client.get(reverse("aanmeldingen:mijn_aanmeldingen"))
    assert len(response.context["rijen"]) == min(
        aantal, response.context["pagina"].paginator.per_page
    )


def test_an_empty_list_still_logs_the_page_view(wereld, ingelogd):
    client = ingelogd(wereld.sociaal_werker)
    client.get(reverse("aanmeldingen:mijn_aanmeldingen"))
    regel = Logregel.objects.get(actie=Actie.BEKIJKEN, actor=wereld.sociaal_werker)
    assert regel.inwoner_id is None and "0 aanmeldingen" in regel.omschrijving


@pytest.mark.parametrize("aantal", [4, 60])
def test_a_searched_inbox_is_paged_and_costs_the_same(
    wereld, ingelogd, django_assert_num_queries, aantal
):
    for n in range(aantal):
        maak_aanmelding(wereld, voornaam=f"Anna{n}", achternaam="Smit")
    maak_aanmelding(wereld, voornaam="Piet", achternaam="Jansen")
    client = ingelogd(wereld.werkcoach)
    # As the unsearched inbox (see above), the search being a filter: no accepted referral
    # matches, and its empty page is read all the same.
    with django_assert_num_queries(14):
        response = client.get(reverse("aanmeldingen:inbox"), {"zoek": "SMIT", "nieuw": 2})
    nieuw = response.context["nieuw"]
    assert nieuw.paginator.count == aantal
    assert all("Smit" in r.aanmelding.inwoner.achternaam for r in nieuw)
    assert len(nieuw) == (aantal if aantal <= 25 else 25)  # page 2 of 60, or the only page


@pytest.mark.parametrize("aantal", [3, 30])
def test_a_searched_mijn_aanmeldingen_costs_the_same(
    wereld, ingelogd, django_assert_num_queries, aantal
):
    vul(wereld, aantal)
    maak_aanmelding(wereld, voornaam="Zoë", achternaam="Zoekbaar")
    client = ingelogd(wereld.sociaal_werker)
    with django_assert_num_queries(11):  # as the unsearched list above
        response = client.get(reverse("aanmeldingen:mijn_aanmeldingen"), {"zoek": "zoekb"})
    assert [a.inwoner.voornaam for a, _ in response.context["rijen"]] == ["Zoë"]


def test_a_werkcoach_finds_a_resident_by_exact_bsn_a_sociaal_werker_does_not(wereld, ingelogd):
    maak_aanmelding(wereld, voornaam="Bea", achternaam="Bsn", bsn="111222333")
    maak_aanmelding(wereld, voornaam="Cor", achternaam="Ander", bsn="123456782")
    client = ingelogd(wereld.werkcoach)
    nieuw = client.get(reverse("aanmeldingen:inbox"), {"zoek": "111222333"}).context["nieuw"]
    assert [r.aanmelding.inwoner.voornaam for r in nieuw] == ["Bea"]
    nieuw = client.get(reverse("aanmeldingen:inbox"), {"zoek": "11122233"}).context["nieuw"]
    assert list(nieuw) == []  # no partial BSN match
    client = ingelogd(wereld.sociaal_werker)
    rijen = client.get(reverse("aanmeldingen:mijn_aanmeldingen"), {"zoek": "111222333"})
    assert rijen.context["rijen"] == []
