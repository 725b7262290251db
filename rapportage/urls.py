from django.urls import path

from rapportage import views

app_name = "rapportage"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("rapporten/", views.rapporten, name="rapporten"),
    path(
        "rapporten/maandrapportage/",
        views.maandrapportage_aanvragen,
        name="maandrapportage_aanvragen",
    ),
    path(
        "rapporten/verantwoording/",
        views.verantwoording_aanvragen,
        name="verantwoording_aanvragen",
    ),
    path("rapporten/<int:pk>/status/", views.rapport_status, name="rapport_status"),
    path("rapporten/<int:pk>/opnieuw/", views.rapport_opnieuw, name="rapport_opnieuw"),
    path(
        "rapporten/<int:pk>/nieuwe-versie/",
        views.rapport_nieuwe_versie,
        name="rapport_nieuwe_versie",
    ),
    path(
        "rapporten/<int:pk>/download/<str:bestand>/",
        views.rapport_download,
        name="rapport_download",
    ),
    path("begroting/", views.begroting, name="begroting"),
    path("begroting/wijzigen/", views.begroting_wijzigen, name="begroting_wijzigen"),
    path("begroting/uitgave/", views.uitgave_nieuw, name="uitgave_nieuw"),
]
