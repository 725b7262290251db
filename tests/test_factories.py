"""The test factories make objects the application could have made."""

from hypothesis import given
from hypothesis import strategies as st

from tests.factories import AanmeldingFactory, GebruikerFactory, InwonerFactory, geldig_bsn
from werkcoach.models import Rol
from werkcoach.validators import bsn_is_geldig


@given(st.integers(min_value=0, max_value=10**6))
def test_every_factory_bsn_passes_the_11_proef_and_neighbours_differ(n):
    assert bsn_is_geldig(geldig_bsn(n))
    assert geldig_bsn(n) != geldig_bsn(n + 1)


def test_the_factories_go_through_the_services(db):
    werkcoach = GebruikerFactory(werkcoach=True)
    assert werkcoach.rollen == {Rol.WERKCOACH} and werkcoach.check_password(
        "test-wachtwoord-lang-genoeg"
    )
    inwoner = InwonerFactory()
    assert bsn_is_geldig(inwoner.bsn)
    aanmelding = AanmeldingFactory(inwoner_gegevens__doelgroep="oudere")
    assert aanmelding.inwoner.doelgroep == "oudere"
    assert aanmelding.inwoner.woonplaats == aanmelding.gebiedsteam.dorpen[0]
    assert Rol.SOCIAAL_WERKER in aanmelding.aangemeld_door.rollen
