import pytest
from django.urls import reverse

from tests.conftest import WACHTWOORD


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("rol", "verwacht"),
    [
        ("sociaal_werker", "Mijn aanmeldingen"),
        ("werkcoach", "Werkvoorraad"),
        ("projectleider", "Pilots"),
        ("manager", "Pilots"),
        ("partner", "Overdrachten"),
        ("beheerder", "Functioneel beheer"),
    ],
)
def test_each_role_logs_in_and_sees_its_own_start_page(client, wereld, rol, verwacht):
    user = wereld.rollen()[rol]
    response = client.post(
        reverse("login"), {"username": user.username, "password": WACHTWOORD}, follow=True
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h2 id="' in content and verwacht in content
    assert 'lang="nl"' in content


def test_wrong_password_gives_a_dutch_error(client, wereld):
    response = client.post(reverse("login"), {"username": "wc", "password": "fout"})
    assert response.status_code == 200
    assert "gebruikersnaam" in response.content.decode().lower()


def test_health_check_answers(client, db):
    assert client.get(reverse("gezondheid")).json() == {"status": "ok"}
