"""Forms of the referral flow. They validate and normalise; the services save."""

from __future__ import annotations

import uuid
from datetime import date
from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Aanmelding, Doelgroep, Uitkeringssituatie
from cases.services import INWONER_VELDEN
from werkcoach.formvelden import DatumField
from werkcoach.validators import normaliseer_bsn, normaliseer_postcode

TOESTEMMING_NODIG = (
    "Zonder toestemming van de inwoner kan er geen aanmelding worden gedaan. Vraag eerst of de "
    "inwoner het goed vindt dat de werkcoach contact opneemt en dat u de gegevens deelt."
)


# What the form gives ``aanmelding_create`` besides the team and the resident.
AANMELDING_VELDEN = (
    "signaal",
    "wens",
    "contactvoorkeur",
    "contact_moment_voorkeur",
    "toestemming_gegeven",
    "toestemming_datum",
    "toestemming_wijze",
    "toestemming_omvang",
    "indieningssleutel",
)


class AanmeldingForm(forms.Form):
    gebiedsteam: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label="Gebiedsteam", empty_label=None, required=True
    )
    # The resident
    voornaam = forms.CharField(label="Voornaam", max_length=100)
    tussenvoegsel = forms.CharField(label="Tussenvoegsel", max_length=20, required=False)
    achternaam = forms.CharField(label="Achternaam", max_length=150)
    geboortedatum = DatumField(
        label="Geboortedatum",
        required=False,
        help_text="Als dd-mm-jjjj, bijvoorbeeld 17-05-2001.",
    )
    bsn = forms.CharField(
        label="BSN",
        max_length=11,
        required=False,
        help_text="Niet verplicht. Helpt om dubbele inschrijvingen te voorkomen.",
    )
    straat = forms.CharField(label="Straat", max_length=150, required=False)
    huisnummer = forms.CharField(label="Huisnummer", max_length=15, required=False)
    postcode = forms.CharField(label="Postcode", max_length=7, required=False)
    woonplaats = forms.CharField(label="Woonplaats of dorp", max_length=100, required=False)
    telefoon = forms.CharField(label="Telefoonnummer", max_length=30, required=False)
    email = forms.EmailField(label="E-mailadres", required=False)
    doelgroep = forms.ChoiceField(label="Doelgroep", choices=Doelgroep.choices)
    uitkeringssituatie = forms.ChoiceField(
        label="Uitkeringssituatie",
        choices=Uitkeringssituatie.choices,
        initial=Uitkeringssituatie.ONBEKEND,
    )
    # The signal
    signaal = forms.CharField(
        label="Signaal",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Waarom meldt u deze inwoner aan? Wat wil de inwoner, of waar maakt hij of "
        "zij zich zorgen over?",
    )
    wens = forms.CharField(
        label="Wens van de inwoner", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    contactvoorkeur = forms.ChoiceField(
        label="Hoe wil de inwoner benaderd worden?", choices=Aanmelding.Contactvoorkeur.choices
    )
    contact_moment_voorkeur = forms.CharField(
        label="Voorkeur voor dag en tijd",
        max_length=200,
        required=False,
        help_text="Bijvoorbeeld: dinsdagochtend, niet na 15.00 uur.",
    )
    # Consent
    toestemming_gegeven = forms.BooleanField(
        label="De inwoner geeft toestemming voor deze aanmelding",
        required=False,
        help_text="De inwoner vindt het goed dat de werkcoach van de WerkCorporatie contact "
        "opneemt en dat u de gegevens hierboven deelt.",
    )
    toestemming_datum = DatumField(label="Datum van de toestemming", initial=timezone.localdate)
    toestemming_wijze = forms.ChoiceField(
        label="Hoe is de toestemming gegeven?",
        choices=Aanmelding.Toestemmingswijze.choices,
        widget=forms.RadioSelect,
    )
    toestemming_omvang = forms.CharField(
        label="Waarvoor geldt de toestemming?",
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=Aanmelding._meta.get_field("toestemming_omvang").get_default(),
    )
    indieningssleutel = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    # Set by the "use this existing resident" button of the duplicate warning, not rendered.
    bestaande_inwoner = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        teams = user.gebiedsteams.select_related("gemeente").order_by("naam")
        cast(forms.ModelChoiceField, self.fields["gebiedsteam"]).queryset = teams
        if len(teams) == 1:
            self.fields["gebiedsteam"].initial = teams[0].pk
            self.fields["gebiedsteam"].widget = forms.HiddenInput()
        for naam in ("voornaam", "achternaam"):
            self.fields[naam].widget.attrs["autocomplete"] = "off"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("gebiedsteam"),
            Field("indieningssleutel"),
            Fieldset("De inwoner", *INWONER_VELDEN),
            Fieldset(
                "Het signaal",
                "signaal",
                "wens",
                "contactvoorkeur",
                "contact_moment_voorkeur",
            ),
            Fieldset(
                "Toestemming",
                "toestemming_gegeven",
                "toestemming_datum",
                "toestemming_wijze",
                "toestemming_omvang",
            ),
        )

    def clean_voornaam(self):
        return self.cleaned_data["voornaam"].strip()

    def clean_achternaam(self):
        return self.cleaned_data["achternaam"].strip()

    def clean_bsn(self):
        return normaliseer_bsn(self.cleaned_data["bsn"])

    def clean_postcode(self):
        return normaliseer_postcode(self.cleaned_data["postcode"])

    def clean_geboortedatum(self):
        dag = self.cleaned_data["geboortedatum"]
        vandaag = timezone.localdate()
        if dag and dag > vandaag:
            raise ValidationError("De geboortedatum kan niet in de toekomst liggen.")
        if dag and dag < date(vandaag.year - 110, 1, 1):
            raise ValidationError("Controleer de geboortedatum: het jaartal klopt niet.")
        return dag

    def clean_signaal(self):
        signaal = self.cleaned_data["signaal"].strip()
        if len(signaal) < 10:
            raise ValidationError(
                "Beschrijf in een paar woorden waarom u de inwoner aanmeldt (minstens 10 tekens)."
            )
        return signaal

    def clean_toestemming_gegeven(self):
        if not self.cleaned_data["toestemming_gegeven"]:
            raise ValidationError(TOESTEMMING_NODIG)
        return True

    def clean_toestemming_datum(self):
        dag = self.cleaned_data["toestemming_datum"]
        if dag > timezone.localdate():
            raise ValidationError("De datum van de toestemming kan niet in de toekomst liggen.")
        return dag

    def clean(self):
        super().clean()
        data = self.cleaned_data
        voorkeur = data.get("contactvoorkeur")
        if voorkeur == Aanmelding.Contactvoorkeur.TELEFOON and not data.get("telefoon"):
            self.add_error("telefoon", "Vul een telefoonnummer in: de inwoner wil gebeld worden.")
        if voorkeur == Aanmelding.Contactvoorkeur.EMAIL and not data.get("email"):
            self.add_error("email", "Vul een e-mailadres in: de inwoner wil e-mail ontvangen.")
        if voorkeur == Aanmelding.Contactvoorkeur.HUISBEZOEK:
            for veld in ("straat", "huisnummer"):
                if not data.get(veld):
                    self.add_error(veld, "Vul het adres in voor een huisbezoek.")
        return data

    def aanmelding_gegevens(self) -> dict:
        """The referral's own fields for ``aanmelding_create`` (the page and the API alike)."""
        return {k: self.cleaned_data[k] for k in AANMELDING_VELDEN}
