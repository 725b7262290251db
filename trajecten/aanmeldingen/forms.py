"""Forms of handling a referral: plan the gesprek, decline, withdraw consent."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Aanmelding
from trajecten.models import GesprekLocatie
from werkcoach.formvelden import DatumField


class GesprekPlannenForm(forms.Form):
    datum = DatumField(label="Datum", help_text="Als dd-mm-jjjj, bijvoorbeeld 02-12-2026.")
    tijd = forms.TimeField(
        label="Tijd",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(
            format="%H:%M", attrs={"inputmode": "numeric", "placeholder": "uu:mm"}
        ),
        help_text="Als uu:mm, bijvoorbeeld 14:30.",
    )
    locatie = forms.ChoiceField(
        label="Plaats", choices=GesprekLocatie.choices, widget=forms.RadioSelect
    )
    versie = forms.IntegerField(widget=forms.HiddenInput)

    def clean_datum(self):
        dag = self.cleaned_data["datum"]
        if dag < timezone.localdate():
            raise ValidationError("Kies een datum vandaag of later.")
        return dag

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("datum") and data.get("tijd"):
            moment = timezone.make_aware(datetime.combine(data["datum"], data["tijd"]))
            if moment < timezone.now():
                self.add_error("tijd", "Dit tijdstip is al voorbij; kies een later tijdstip.")
            if not time(7) <= data["tijd"] <= time(21):
                self.add_error("tijd", "Kies een tijd tussen 07.00 en 21.00 uur.")
            data["gepland_op"] = moment
        return data


class AfwijzenForm(forms.Form):
    status = forms.ChoiceField(
        label="Wat is er aan de hand?",
        choices=[
            (Aanmelding.Status.AFGEWEZEN, "De aanmelding past niet bij de pilot (afwijzen)"),
            (Aanmelding.Status.ONBEREIKBAAR, "De inwoner is niet bereikbaar"),
        ],
        widget=forms.RadioSelect,
    )
    reden = forms.CharField(
        label="Reden",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="De sociaal werker die de inwoner aanmeldde, ziet deze reden. Schrijf geen "
        "gevoelige details op.",
        max_length=1000,
    )

    def clean_reden(self):
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise ValidationError("Geef een reden op; de sociaal werker ziet deze.")
        return reden


class IntrekkenForm(forms.Form):
    toelichting = forms.CharField(
        label="Toelichting (niet verplicht)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=500,
        help_text="Bijvoorbeeld hoe en wanneer de inwoner dit liet weten. Geen gevoelige details.",
    )
    bevestigen = forms.BooleanField(
        label="Ik bevestig dat de inwoner de toestemming intrekt",
        required=False,
    )

    def clean_bevestigen(self):
        if not self.cleaned_data["bevestigen"]:
            raise ValidationError(
                "Bevestig dat de inwoner de toestemming intrekt. Daarna stopt de begeleiding en "
                "worden er geen nieuwe gegevens meer verwerkt."
            )
        return True
