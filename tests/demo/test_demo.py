from django.apps import apps

from demo.laden import demo_laden
from trajecten.models import Fase, Route, Traject, Vervolgtraject


def _tellingen():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"werkcoach", "cases", "trajecten", "rapportage", "auth"}
    }


def test_demo_data_loads_twice_without_change(db):
    eerste = demo_laden()
    na_eerste = _tellingen()
    tweede = demo_laden()
    assert eerste.nieuw and not tweede.nieuw
    assert _tellingen() == na_eerste


def test_demo_data_has_residents_at_every_step_and_every_route(db):
    demo_laden()
    fasen = set(Traject.objects.values_list("fase", flat=True))
    assert {Fase.GESPREK, Fase.ORIENTATIE, Fase.NAZORG, Fase.AFGESLOTEN} <= fasen
    assert set(Vervolgtraject.objects.values_list("route", flat=True)) == set(Route.values)
    assert Traject.objects.filter(pilot__gemeente__naam="Noordoostpolder").count() >= 50
    assert Traject.objects.filter(pilot__gemeente__naam="Urk").exists()
