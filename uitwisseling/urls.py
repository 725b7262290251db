from django.urls import path

from uitwisseling import views

app_name = "uitwisseling"

urlpatterns = [
    path("gemeente-toevoegen/", views.gemeente_toevoegen, name="gemeente_toevoegen"),
]
