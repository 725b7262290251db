"""Forms of the dossier actions and the instrumentenwaaier. They validate and normalise; the
services in ``trajecten.services`` do the writing."""

import uuid
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone

from cases.models import Inwoner
from cases.services import INWONER_VELDEN
from trajecten.models import (
    Contactmoment,
    EindeReden,
    Instrument,
    Inzet,
    Nazorgcontact,
    Nazorgplan,
    Participatiemeting,
    Participatietrede,
    Route,
    Sector,
)
from trajecten.selectors import instrument_bevestigingsgrens, inzet_bevestigingsgrens
from werkcoach.formvelden import (
    BedragBevestigenMixin,
    BedragField,
    DatumField,
    DatumTijdField,
)
from werkcoach.models import Gebruiker, Gemeente, Organisatie, Rol


def _datumtijd(label: str, **kwargs) -> forms.DateTimeField:
    return DatumTijdField(label=label, **kwargs)


def _nu() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _bedrag(label: str, **kwargs) -> forms.DecimalField:
    return BedragField(label=label, max_digits=10, min_value=0, **kwargs)


class VersieForm(forms.Form):
    """Every dossier action carries the traject version the page was built from."""

    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, traject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.traject = traject


class ContactmomentForm(VersieForm):
    datum = _datumtijd("Datum en tijd")
    soort = forms.ChoiceField(label="Soort contact", choices=Contactmoment.Soort.choices)
    met_wie = forms.CharField(label="Met wie", max_length=200, required=False)
    verslag = forms.CharField(
        label="Kort verslag", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    nazorgcontact = forms.ModelChoiceField(
        label="Hoort bij gepland nazorgcontact",
        queryset=Nazorgcontact.objects.none(),
        required=False,
        empty_label="Geen (los contact)",
    )
    # A double submit finds the first contact (and says so) instead of a concurrent change.
    indieningssleutel = forms.UUIDField(
        widget=forms.HiddenInput, initial=uuid.uuid4, required=False
    )

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = _nu()
        if hasattr(traject, "nazorgplan"):
            self.fields["soort"].initial = Contactmoment.Soort.NAZORG
            cast(
                forms.ModelChoiceField, self.fields["nazorgcontact"]
            ).queryset = Nazorgcontact.objects.filter(
                plan__traject=traject, contactmoment__isnull=True
            )
        else:
            del self.fields["nazorgcontact"]


class GesprekForm(VersieForm):
    gehouden_op = _datumtijd("Gesprek gehouden op")
    verslag = forms.CharField(
        label="Verslag van het gesprek", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gehouden_op"].initial = _nu()


class OrientatieForm(VersieForm):
    toelichting = forms.CharField(
        label="Toelichting (optioneel)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Bijvoorbeeld: welke instellingen gaat de inwoner bezoeken?",
    )


class VervolgtrajectForm(VersieForm):
    route = forms.ChoiceField(label="Route", choices=Route.choices, widget=forms.RadioSelect)
    afgesproken_op = DatumField(label="Afgesproken op")
    sector = forms.ChoiceField(
        label="Sector", choices=[("", "Geen of onbekend"), *Sector.choices], required=False
    )
    nugger_ingeschreven_op = DatumField(
        label="Ingeschreven als Nugger op (bij werk)", required=False
    )
    accountmanager = forms.ModelChoiceField(
        label="Accountmanager WerkCorporatie (bij werk)",
        queryset=Gebruiker.objects.none(),
        required=False,
    )
    onderwijsinstelling = forms.ModelChoiceField(
        label="School (bij opleiding)", queryset=Organisatie.objects.none(), required=False
    )
    opleiding = forms.CharField(label="Naam van de opleiding", max_length=200, required=False)
    bbl = forms.BooleanField(label="BBL: leren en werken bij een werkgever", required=False)
    werkgever = forms.CharField(label="Werkgever (bij BBL)", max_length=200, required=False)
    organisatie_naam = forms.CharField(
        label="Organisatie of instantie (bij vrijwilligerswerk of ander traject)",
        max_length=200,
        required=False,
    )
    toelichting = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["afgesproken_op"].initial = timezone.localdate()
        gemeente = traject.pilot.gemeente_id
        # The receiving accountmanager is a partner contact of the WerkCorporatie.
        cast(
            forms.ModelChoiceField, self.fields["accountmanager"]
        ).queryset = Gebruiker.objects.filter(
            is_active=True,
            organisatie__soort=Organisatie.Soort.WERKBEDRIJF,
            groups__name=Rol.PARTNER,
            gemeenten=gemeente,
        ).distinct()
        cast(
            forms.ModelChoiceField, self.fields["onderwijsinstelling"]
        ).queryset = Organisatie.objects.filter(soort=Organisatie.Soort.ONDERWIJS)


class OverdrachtForm(VersieForm):
    naar_organisatie = forms.ModelChoiceField(
        label="Naar organisatie", queryset=Organisatie.objects.none()
    )
    naar_persoon = forms.ModelChoiceField(
        label="Contactpersoon die de overdracht bevestigt",
        queryset=Gebruiker.objects.none(),
        required=False,
        help_text="Krijgt een e-mail en bevestigt de ontvangst in de applicatie.",
    )
    naar_naam = forms.CharField(
        label="Naam ontvanger (als die geen account heeft)", max_length=150, required=False
    )
    overgedragen_op = _datumtijd("Overgedragen op")
    toelichting = forms.CharField(
        label="Afspraken bij de overdracht",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overgedragen_op"].initial = _nu()
        # Only organisations and partners serving the traject's own gemeente.
        cast(
            forms.ModelChoiceField, self.fields["naar_organisatie"]
        ).queryset = Organisatie.objects.filter(gemeenten=traject.pilot.gemeente_id).distinct()
        cast(forms.ModelChoiceField, self.fields["naar_persoon"]).queryset = (
            Gebruiker.objects.filter(
                is_active=True, groups__name=Rol.PARTNER, gemeenten=traject.pilot.gemeente_id
            )
            .select_related("organisatie")
            .distinct()
        )
        cast(Any, self.fields["naar_persoon"]).label_from_instance = lambda u: (
            f"{u} ({u.organisatie})"
        )
        vervolg = getattr(traject, "vervolgtraject", None)
        if vervolg and vervolg.onderwijsinstelling_id:
            self.fields["naar_organisatie"].initial = vervolg.onderwijsinstelling_id


class NazorgplanForm(VersieForm):
    startdatum = DatumField(label="Start nazorg")
    duur_maanden = forms.IntegerField(label="Duur (maanden)", min_value=1, max_value=24)
    frequentie = forms.ChoiceField(
        label="Hoe vaak contact (afgesproken met de inwoner)",
        choices=Nazorgplan.Frequentie.choices,
    )
    afspraken = forms.CharField(
        label="Afspraken met de inwoner", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["startdatum"].initial = timezone.localdate()
        self.fields["duur_maanden"].initial = traject.pilot.nazorg_maanden
        self.fields["frequentie"].initial = Nazorgplan.Frequentie.MAANDELIJKS


class BevestigingsstapMixin:
    """A second step in the form, without JavaScript: the fields of ``STAP_TWEE`` (a reason,
    a confirmation box) stay hidden until the service asks for them (its ValidationError
    names them). The refreshed dossier then shows them with the service's message, and the
    user confirms by submitting again; until then nothing is saved."""

    STAP_TWEE: tuple[str, ...] = ()
    BEVESTIG_KNOP = ""

    def _verberg_stap_twee(self) -> None:
        self._stap_twee_widgets = {}
        for naam in self.STAP_TWEE:
            veld = self.fields[naam]  # type: ignore[attr-defined]
            self._stap_twee_widgets[naam] = veld.widget
            veld.widget = forms.HiddenInput()

    @property
    def bevestiging_gevraagd(self) -> bool:
        fouten = self._errors or {}  # type: ignore[attr-defined]
        return any(naam in fouten for naam in self.STAP_TWEE)

    def add_error(self, field, error) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        if self.bevestiging_gevraagd:
            # Show the whole second step, also the part already filled in.
            for naam, widget in self._stap_twee_widgets.items():
                self.fields[naam].widget = widget  # type: ignore[attr-defined]


class NazorgAfrondenForm(BevestigingsstapMixin, VersieForm):
    uitkomst = forms.ChoiceField(
        label="Uitkomst", choices=[("", "Kies de uitkomst"), *Nazorgplan.Uitkomst.choices]
    )
    toelichting = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    # Asked only when closing early (before the agreed end, or with contacts not held).
    reden_eerder = forms.CharField(
        label="Reden om de nazorg nu al af te ronden",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    bevestigd = forms.BooleanField(label="Ja, nu afronden", required=False)

    STAP_TWEE = ("reden_eerder", "bevestigd")
    BEVESTIG_KNOP = "Bevestigen en nazorg afronden"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._verberg_stap_twee()


class BeeindigenForm(BevestigingsstapMixin, VersieForm):
    reden = forms.ChoiceField(
        label="Reden",
        choices=[
            ("", "Kies een reden"),
            *[c for c in EindeReden.choices if c[0] != "nazorg_afgerond"],
        ],
    )
    toelichting = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    bevestigd = forms.BooleanField(label="Ja, beëindigen", required=False)

    STAP_TWEE = ("bevestigd",)
    BEVESTIG_KNOP = "Bevestigen en traject beëindigen"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._verberg_stap_twee()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("reden") == EindeReden.ANDERS and not (data.get("toelichting") or "").strip():
            self.add_error("toelichting", "Licht de reden 'anders' kort toe.")
        return data


class InzetForm(BedragBevestigenMixin, VersieForm):
    instrument = forms.ModelChoiceField(label="Instrument", queryset=Instrument.objects.none())
    status = forms.ChoiceField(label="Status", choices=Inzet.Status.choices)
    startdatum = DatumField(label="Startdatum", required=False)
    einddatum = DatumField(label="Einddatum", required=False)
    kosten_gepland = _bedrag(
        "Geplande kosten (€)",
        required=False,
        help_text="Leeg: de kostenindicatie van het instrument.",
    )
    kosten_werkelijk = _bedrag("Werkelijke kosten (€)", required=False)
    toelichting = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["instrument"]
        ).queryset = Instrument.objects.filter(
            Q(gemeente__isnull=True) | Q(gemeente_id=traject.pilot.gemeente_id), actief=True
        ).select_related("aanbieder")
        cast(Any, self.fields["instrument"]).label_from_instance = lambda i: (
            f"{i.naam} ({i.aanbieder})"
        )
        self.voeg_bevestiging_toe()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, eind = data.get("startdatum"), data.get("einddatum")
        if start and eind and eind < start:
            self.add_error("einddatum", "De einddatum ligt vóór de startdatum.")
        grens = inzet_bevestigingsgrens(data.get("instrument"))
        self.bedragen_bevestigen({"kosten_gepland": grens, "kosten_werkelijk": grens})
        return data


class InzetWijzigenForm(BedragBevestigenMixin, VersieForm):
    status = forms.ChoiceField(label="Status", choices=Inzet.Status.choices)
    einddatum = DatumField(label="Einddatum", required=False)
    kosten_werkelijk = _bedrag("Werkelijke kosten (€)", required=False)

    def __init__(self, *args, instrument: Instrument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.voeg_bevestiging_toe()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        grens = inzet_bevestigingsgrens(self.instrument)
        self.bedragen_bevestigen({"kosten_werkelijk": grens})
        return data


class MetingForm(VersieForm):
    datum = DatumField(label="Datum")
    moment = forms.ChoiceField(label="Moment", choices=Participatiemeting.Moment.choices)
    trede = forms.TypedChoiceField(
        label="Trede op de participatieladder",
        coerce=int,
        choices=Participatietrede.choices,
        widget=forms.RadioSelect,
    )
    toelichting = forms.CharField(label="Toelichting", max_length=2000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = timezone.localdate()


class InwonerForm(forms.ModelForm):
    """Person data; ``versie`` is the resident's own version (``inwoner_update``)."""

    versie = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Inwoner
        # Person data as everywhere else, except the BSN (not editable in the dossier).
        fields = [veld for veld in INWONER_VELDEN if veld != "bsn"]
        field_classes = {"geboortedatum": DatumField}


class InstrumentForm(BedragBevestigenMixin, forms.ModelForm):
    """An entry of the instrumentenwaaier. A beheerder keeps entries of their own gemeenten;
    regional entries (no gemeente) are shared by every gemeente, so only a superuser (the
    application administrator) creates or changes them (``instrument_opslaan`` enforces it)."""

    class Meta:
        model = Instrument
        fields = [
            "naam",
            "aanbieder",
            "categorie",
            "omschrijving",
            "geschikt_voor",
            "sector",
            "kosten_indicatie",
            "gemeente",
            "actief",
        ]
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 4}),
            "geschikt_voor": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"kosten_indicatie": BedragField}

    def __init__(self, *args, user: Gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        veld = cast(forms.ModelChoiceField, self.fields["gemeente"])
        if not user.is_superuser:
            veld.queryset = Gemeente.objects.filter(pk__in=user.gemeente_ids)
            veld.required = True
            veld.help_text = "Regionale instrumenten beheert de applicatiebeheerder."
            veld.error_messages["required"] = "Kies de gemeente van dit instrument."
        self.voeg_bevestiging_toe()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        self.bedragen_bevestigen({"kosten_indicatie": instrument_bevestigingsgrens()})
        return data
