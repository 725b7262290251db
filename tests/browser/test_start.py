import pytest

from tests.browser.conftest import assert_toegankelijk, inloggen, schermafdruk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_and_start_page_are_accessible(pagina, wereld):
    pagina.goto(f"{pagina.basis_url}/inloggen/")
    assert_toegankelijk(pagina)
    inloggen(pagina, wereld.werkcoach)
    assert pagina.get_by_role("heading", name="Werkvoorraad").is_visible()
    schermafdruk(pagina, "start-werkcoach")
    assert_toegankelijk(pagina)


def test_wrong_password_shows_a_dutch_error_tied_to_the_form(pagina, wereld):
    inloggen(pagina, wereld.werkcoach, wachtwoord="helemaal-fout")
    assert "gebruikersnaam" in pagina.content().lower()
    assert_toegankelijk(pagina)
