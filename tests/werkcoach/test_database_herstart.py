"""A page request cut off by a database restart is handled once more; a form post never is.
The real restart is in tests/test_storingen_database.py; here the lost connection is faked."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from werkcoach import middleware


@pytest.fixture
def verbroken(monkeypatch):
    toestand = {"verbroken": True}
    monkeypatch.setattr(middleware, "_verbinding_verbroken", lambda: toestand["verbroken"])
    return toestand


def _view(statussen):
    aanroepen = []

    def view(request):
        aanroepen.append(request.method)
        return HttpResponse(status=statussen[len(aanroepen) - 1])

    return view, aanroepen


def test_a_get_that_lost_its_connection_is_answered_on_the_second_try(verbroken):
    view, aanroepen = _view([500, 200])
    response = middleware.DatabaseHerstartMiddleware(view)(RequestFactory().get("/"))
    assert response.status_code == 200 and aanroepen == ["GET", "GET"]


def test_it_tries_once_more_only(verbroken):
    view, aanroepen = _view([500, 500, 200])
    response = middleware.DatabaseHerstartMiddleware(view)(RequestFactory().get("/"))
    assert response.status_code == 500 and len(aanroepen) == 2


def test_a_post_is_never_repeated(verbroken):
    view, aanroepen = _view([500, 200])
    response = middleware.DatabaseHerstartMiddleware(view)(RequestFactory().post("/"))
    assert response.status_code == 500 and aanroepen == ["POST"]


def test_another_error_with_a_sound_connection_is_not_repeated(verbroken):
    verbroken["verbroken"] = False
    view, aanroepen = _view([500, 200])
    response = middleware.DatabaseHerstartMiddleware(view)(RequestFactory().get("/"))
    assert response.status_code == 500 and aanroepen == ["GET"]


@pytest.mark.django_db
def test_a_sound_connection_is_not_broken():
    from django.db import connection

    connection.ensure_connection()
    assert middleware._verbinding_verbroken() is False


def test_a_session_save_cut_off_by_the_restart_is_tried_again(verbroken):
    """Saving the session at the end of the request fails as SessionInterrupted (400)."""
    view, aanroepen = _view([400, 200])
    response = middleware.DatabaseHerstartMiddleware(view)(RequestFactory().get("/"))
    assert response.status_code == 200 and len(aanroepen) == 2
