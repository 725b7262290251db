from django.urls import path

from trajecten import views

app_name = "trajecten"


def _actie(naam: str):
    return path(
        f"<int:pk>/{naam.replace('_', '-')}/",
        views.dossier_actie,
        {"actie": naam},
        name=f"dossier_{naam}",
    )


urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("<int:pk>/", views.dossier, name="dossier"),
    path("<int:pk>/persoon/", views.persoon_wijzigen, name="dossier_persoon"),
    *[_actie(naam) for naam in views.ACTIES],
    path("inzet/<int:pk>/", views.inzet_wijzigen, name="inzet_wijzigen"),
    path("instrumenten/", views.instrumenten, name="instrumenten"),
    path("instrumenten/nieuw/", views.instrument_nieuw, name="instrument_nieuw"),
    path("instrumenten/export.csv", views.instrumenten_csv, name="instrumenten_csv"),
    path("instrumenten/export.xlsx", views.instrumenten_xlsx, name="instrumenten_xlsx"),
    path("instrumenten/<int:pk>/", views.instrument, name="instrument"),
    path("instrumenten/<int:pk>/wijzigen/", views.instrument_wijzigen, name="instrument_wijzigen"),
    path("overdrachten/", views.overdrachten, name="overdrachten"),
    path(
        "overdrachten/<int:pk>/bevestigen/",
        views.overdracht_bevestigen,
        name="overdracht_bevestigen",
    ),
]
