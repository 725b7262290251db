from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("nieuw/", views.aanmelding_nieuw, name="aanmelding_nieuw"),
]
