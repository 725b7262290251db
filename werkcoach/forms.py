"""Forms of login security, the processing log and the AVG pages."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone

from werkcoach.audit import Actie
from werkcoach.formvelden import DatumInput
from werkcoach.models import Logregel

DATUM = DatumInput()


class LogZoekForm(forms.Form):
    def clean(self):
        super().clean()
        data = self.cleaned_data
        van, tot = data.get("van"), data.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data


def _dag_begin(dag):
    return timezone.make_aware(datetime.combine(dag, time.min))


class LogregelFilter(django_filters.FilterSet):
    inwoner = django_filters.NumberFilter(
        field_name="inwoner_id",
        label="Inwonernummer",
        min_value=1,
        max_value=2**62,
        error_messages={"invalid": "Vul een inwonernummer in (alleen cijfers)."},
    )
    gebruiker = django_filters.CharFilter(
        field_name="actor_naam", lookup_expr="iexact", label="Gebruikersnaam", max_length=150
    )
    van = django_filters.DateFilter(
        label="Van (datum)",
        method="filter_van",
        widget=DATUM,
        error_messages={"invalid": "Vul een geldige datum in (dd-mm-jjjj)."},
    )
    tot = django_filters.DateFilter(
        label="Tot en met (datum)",
        method="filter_tot",
        widget=DATUM,
        error_messages={"invalid": "Vul een geldige datum in (dd-mm-jjjj)."},
    )
    actie = django_filters.ChoiceFilter(
        choices=Actie.choices,
        label="Actie",
        empty_label="Alle acties",
        error_messages={"invalid_choice": "Kies een actie uit de lijst."},
    )

    class Meta:
        model = Logregel
        fields: list[str] = []
        form = LogZoekForm

    def filter_van(self, queryset, name, value):
        return queryset.filter(tijdstip__gte=_dag_begin(value))

    def filter_tot(self, queryset, name, value):
        return queryset.filter(tijdstip__lt=_dag_begin(value) + timedelta(days=1))


def zoekopdracht_omschrijving(filterset: LogregelFilter) -> str:
    """What a log search asked for, for the log itself: which filters were used, and the values
    only of the period and action. Never the resident number or user name searched for."""
    if not filterset.is_bound:
        return "Logboek doorzocht zonder filters."
    if not filterset.is_valid():
        return "Logboek doorzocht met ongeldige filters."
    data = filterset.form.cleaned_data
    delen = []
    if data.get("inwoner"):
        delen.append("op inwoner")
    if data.get("gebruiker"):
        delen.append("op gebruiker")
    if data.get("van"):
        delen.append(f"vanaf {data['van']:%d-%m-%Y}")
    if data.get("tot"):
        delen.append(f"tot en met {data['tot']:%d-%m-%Y}")
    if data.get("actie"):
        delen.append(f"actie {Actie(data['actie']).label.lower()}")
    if not delen:
        return "Logboek doorzocht zonder filters."
    return "Logboek doorzocht (" + ", ".join(delen) + ")."


class BewaartermijnenForm(forms.Form):
    """One field per outcome, in months."""

    def __init__(self, *args, uitkomsten, termijnen, **kwargs):
        super().__init__(*args, **kwargs)
        for uitkomst, label in uitkomsten:
            self.fields[uitkomst] = forms.IntegerField(
                label=f"{label} (maanden)",
                min_value=1,
                max_value=240,
                initial=termijnen[uitkomst],
                error_messages={
                    "required": "Vul een termijn in maanden in.",
                    "invalid": "Vul een heel aantal maanden in.",
                    "min_value": "Kies minstens 1 maand.",
                    "max_value": "Kies hoogstens 240 maanden (20 jaar).",
                },
            )
