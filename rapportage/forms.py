"""Forms of rapportage: they validate and normalise; the services write."""

import uuid
from datetime import date
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError

from rapportage import selectors
from rapportage.kpi import MAANDEN
from rapportage.models import ACTIEVE_POSTEN
from werkcoach.formvelden import BedragBevestigenMixin, BedragField, DatumField
from werkcoach.models import Gebiedsteam, Pilot

MAANDKEUZES = list(enumerate(MAANDEN, start=1))


class DashboardFilterForm(forms.Form):
    jaar = forms.TypedChoiceField(label="Jaar", coerce=int, required=False)
    gebiedsteam = forms.ModelChoiceField(
        label="Gebiedsteam",
        queryset=Gebiedsteam.objects.none(),
        required=False,
        empty_label="Alle gebiedsteams",
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        jaren = range(pilot.startdatum.year, pilot.einddatum.year + 1)
        cast(forms.ChoiceField, self.fields["jaar"]).choices = [("", "Hele pilot")] + [
            (j, str(j)) for j in jaren
        ]
        cast(
            forms.ModelChoiceField, self.fields["gebiedsteam"]
        ).queryset = Gebiedsteam.objects.filter(gemeente_id=pilot.gemeente_id)


class MaandrapportageForm(forms.Form):
    jaar = forms.TypedChoiceField(label="Jaar", coerce=int)
    maand = forms.TypedChoiceField(label="Maand", coerce=int, choices=MAANDKEUZES)
    toelichting = forms.CharField(
        label="Hoogtepunten van deze maand",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Komt in het rapport onder 'Hoogtepunten'. Zet hier geen namen of andere "
        "gegevens van inwoners in.",
    )
    # A double submit finds the first request; "nieuwe versie" is the answer to the offer of
    # a new version when the period already has one.
    aanvraagsleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    nieuwe_versie = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, pilot, vandaag: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.pilot, self.vandaag = pilot, vandaag
        jaren = range(pilot.startdatum.year, min(pilot.einddatum.year, vandaag.year) + 1)
        cast(forms.ChoiceField, self.fields["jaar"]).choices = [(j, str(j)) for j in jaren]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        jaar, maand = data.get("jaar"), data.get("maand")
        if jaar and maand and date(jaar, maand, 1) > self.vandaag:
            self.add_error("maand", "Deze maand is nog niet begonnen.")
        return data


class VerantwoordingForm(forms.Form):
    periode = forms.ChoiceField(label="Periode")
    toelichting = forms.CharField(
        label="Toelichting voor het RWF",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Een korte tekst over de resultaten. Alleen totalen; geen namen of andere "
        "gegevens van inwoners.",
    )
    # A double submit finds the first request; "nieuwe versie" is the answer to the offer of
    # a new version when the period already has one.
    aanvraagsleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    nieuwe_versie = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        jaren = range(pilot.startdatum.year, pilot.einddatum.year + 1)
        cast(forms.ChoiceField, self.fields["periode"]).choices = [("pilot", "De hele pilot")] + [
            (str(j), f"Het jaar {j}") for j in jaren
        ]


class BegrotingForm(BedragBevestigenMixin, forms.Form):
    post = forms.ChoiceField(label="Post", choices=[(p.value, p.label) for p in ACTIEVE_POSTEN])
    bedrag = BedragField(label="Begroot bedrag (€)", min_value=0)
    toelichting = forms.CharField(label="Reden van de wijziging", max_length=300)

    def __init__(self, *args, pilot: Pilot, jaar: int, **kwargs):
        # Own ids: the budget page shows this form beside the expense form (same field names).
        kwargs.setdefault("auto_id", "begroting-%s")
        super().__init__(*args, **kwargs)
        self.pilot, self.jaar = pilot, jaar
        self.voeg_bevestiging_toe()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("post"):
            grens = selectors.begroting_bevestigingsgrens(self.pilot, data["post"], self.jaar)
            self.bedragen_bevestigen({"bedrag": grens})
        return data


class UitgaveForm(BedragBevestigenMixin, forms.Form):
    datum = DatumField(label="Datum")
    post = forms.ChoiceField(label="Post", choices=[(p.value, p.label) for p in ACTIEVE_POSTEN])
    omschrijving = forms.CharField(label="Omschrijving", max_length=200)
    bedrag = BedragField(label="Bedrag (€)", min_value=Decimal("0.01"))
    indieningssleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, pilot: Pilot, **kwargs):
        kwargs.setdefault("auto_id", "uitgave-%s")
        super().__init__(*args, **kwargs)
        self.pilot = pilot
        self.voeg_bevestiging_toe()

    def clean_omschrijving(self):
        tekst = " ".join(self.cleaned_data["omschrijving"].split())
        if not tekst:
            raise ValidationError("Vul een omschrijving in.")
        return tekst

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("post") and data.get("datum"):
            grens = selectors.uitgave_bevestigingsgrens(
                self.pilot, data["post"], data["datum"].year
            )
            self.bedragen_bevestigen({"bedrag": grens})
        return data


class NieuweVersieForm(forms.Form):
    toelichting = forms.CharField(
        label="Hoogtepunten of toelichting voor de nieuwe versie",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    aanvraagsleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
