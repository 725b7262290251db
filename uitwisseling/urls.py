from django.urls import path

from uitwisseling import views

app_name = "uitwisseling"

urlpatterns = [
    path("gemeente-toevoegen/", views.gemeente_toevoegen, name="gemeente_toevoegen"),
    path("import/", views.import_start, name="import_start"),
    path("import/sjabloon.xlsx", views.import_sjabloon, name="import_sjabloon"),
    path("import/<int:pk>/", views.import_voorbeeld_view, name="import_voorbeeld"),
    path("import/<int:pk>/bevestigen/", views.import_bevestigen_view, name="import_bevestigen"),
]
