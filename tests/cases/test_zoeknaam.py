"""The name search: every word somewhere in the full name, one LIKE per word on PostgreSQL's
trigram index of that full name."""

import pytest
from django.db import connection

from cases.models import Aanmelding, Inwoner
from cases.selectors import zoek_inwoner_q
from tests.conftest import maak_aanmelding


def _gevonden(wereld, zoek: str) -> set[str]:
    qs = Aanmelding.objects.filter(zoek_inwoner_q(zoek, wereld.werkcoach, "inwoner__"))
    return {a.inwoner.volledige_naam for a in qs.select_related("inwoner")}


def test_every_word_must_occur_in_one_of_the_names(wereld):
    maak_aanmelding(wereld, voornaam="Jan", tussenvoegsel="de", achternaam="Vries")
    maak_aanmelding(wereld, voornaam="Jan", achternaam="Jansen")
    maak_aanmelding(wereld, voornaam="Anna", tussenvoegsel="van der", achternaam="Vries")
    assert _gevonden(wereld, "de vries") == {"Jan de Vries", "Anna van der Vries"}  # "der"
    assert _gevonden(wereld, "JAN vries") == {"Jan de Vries"}
    assert _gevonden(wereld, "van der") == {"Anna van der Vries"}
    assert _gevonden(wereld, "jans") == {"Jan Jansen"}
    assert _gevonden(wereld, "nde") == set()  # "Jan de": no word runs across two names
    assert _gevonden(wereld, "j%n") == set()  # "%" is a character, not a wildcard
    assert len(_gevonden(wereld, "")) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The trigram index is PostgreSQL's")
def test_the_search_uses_the_full_name_trigram_index(wereld):
    maak_aanmelding(wereld, voornaam="Jan", tussenvoegsel="de", achternaam="Vries")
    qs = Inwoner.objects.filter(zoek_inwoner_q("vries", wereld.werkcoach))
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    # The query's expression is the index's (cases migration 0007), or PostgreSQL cannot use it.
    assert "cases_inwoner_zoeknaam_trgm" in plan
