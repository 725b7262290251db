"""Handling a referral, under /aanmeldingen/ beside the referral form (``cases:``)."""

from django.urls import path

from trajecten.aanmeldingen import views

app_name = "aanmeldingen"

urlpatterns = [
    path("mijn/", views.mijn_aanmeldingen, name="mijn_aanmeldingen"),
    path("inbox/", views.inbox, name="inbox"),
    path("<int:pk>/", views.aanmelding_detail, name="aanmelding_detail"),
    path("<int:pk>/aannemen/", views.aanmelding_accepteren_view, name="aanmelding_accepteren"),
    path("<int:pk>/afwijzen/", views.aanmelding_afwijzen_view, name="aanmelding_afwijzen"),
    path("<int:pk>/eerste-contact/", views.eerste_contact, name="eerste_contact"),
    path("<int:pk>/gesprek/", views.gesprek_plannen_view, name="gesprek_plannen"),
    path(
        "<int:pk>/toestemming-intrekken/",
        views.toestemming_intrekken_view,
        name="toestemming_intrekken",
    ),
]
