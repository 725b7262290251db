"""Forms of data coming in: the superuser's template for a new gemeente, and the upload of a
file of earlier registrations."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError

from rapportage.models import Post
from uitwisseling.services import Beheerder, Sjabloon, Team, standaard_sjabloon
from werkcoach.formvelden import BedragField, bedrag_lezen
from werkcoach.models import Gemeente, Organisatie

INSTELLINGEN = (
    "doel_orientatie_totaal",
    "doel_conversie_procent",
    "reactietijd_eerste_contact",
    "reactietijd_gesprek",
    "reactietijd_orientatie",
    "reactietijd_overdracht_bevestiging",
    "drempel_kleine_aantallen",
)
_REGELS = forms.Textarea(attrs={"rows": 4})


def _regels(tekst: str) -> list[list[str]]:
    """Non-empty lines, each split on ';' and stripped."""
    return [[d.strip() for d in r.split(";")] for r in tekst.splitlines() if r.strip()]


class GemeenteToevoegenForm(forms.Form):
    """The standard template, shown filled in for the superuser to adjust."""

    gemeente = forms.CharField(label="Naam van de gemeente", max_length=100)
    cbs_code = forms.CharField(label="CBS-code", max_length=6, required=False)
    dorpen = forms.CharField(label="Woonplaatsen en dorpen (één per regel)", widget=_REGELS)
    organisaties = forms.CharField(
        label="Organisaties (per regel: naam; soort)",
        help_text="Soort: " + ", ".join(Organisatie.Soort.values) + ".",
        widget=_REGELS,
    )
    gebiedsteams = forms.CharField(
        label="Gebiedsteams (per regel: naam; organisatie; dorpen met komma's)", widget=_REGELS
    )
    pilot_naam = forms.CharField(label="Naam van de pilot", max_length=150)
    startdatum = forms.DateField(label="Startdatum (dd-mm-jjjj)")
    einddatum = forms.DateField(label="Einddatum (dd-mm-jjjj)")
    jaardoel = forms.IntegerField(label="Doel oriëntatietrajecten per jaar", min_value=0)
    doel_orientatie_totaal = forms.IntegerField(
        label="Doel oriëntatietrajecten totaal", min_value=0
    )
    doel_conversie_procent = forms.IntegerField(
        label="Doel conversie oriëntatie → vervolgtraject (%)", min_value=0, max_value=100
    )
    reactietijd_eerste_contact = forms.IntegerField(
        label="Reactietijd eerste contact (werkdagen)", min_value=1
    )
    reactietijd_gesprek = forms.IntegerField(
        label="Gesprek gehouden binnen (werkdagen na aanmelding)", min_value=1
    )
    reactietijd_orientatie = forms.IntegerField(
        label="Oriëntatie afgerond binnen (werkdagen)", min_value=1
    )
    reactietijd_overdracht_bevestiging = forms.IntegerField(
        label="Overdracht bevestigd binnen (werkdagen)", min_value=1
    )
    drempel_kleine_aantallen = forms.IntegerField(
        label="Drempel kleine aantallen in externe rapportages", min_value=1
    )
    subsidie_bedrag = BedragField(label="Subsidie (€)")
    begroting = forms.CharField(
        label="Begroting per jaar (per regel: post; bedrag)",
        help_text="Post: " + ", ".join(Post.values) + ". Geldt voor elk jaar van de pilot.",
        widget=_REGELS,
    )
    beheerder_gebruikersnaam = forms.CharField(label="Gebruikersnaam van de beheerder")
    beheerder_voornaam = forms.CharField(label="Voornaam van de beheerder")
    beheerder_achternaam = forms.CharField(label="Achternaam van de beheerder")
    beheerder_email = forms.EmailField(label="E-mailadres van de beheerder")
    beheerder_organisatie = forms.CharField(label="Organisatie van de beheerder")

    @classmethod
    def beginwaarden(cls) -> dict:
        s = standaard_sjabloon(gemeente="", beheerder=Beheerder("", "", "", "", "Gemeente ..."))
        return {
            "pilot_naam": s.pilot_naam,
            "startdatum": s.startdatum,
            "einddatum": s.einddatum,
            "jaardoel": 20,
            "subsidie_bedrag": s.instellingen["subsidie_bedrag"],
            "begroting": "\n".join(
                f"{p}; {b:.2f}".replace(".", ",") for p, b in s.begroting[s.startdatum.year].items()
            ),
            "organisaties": "Gemeente ...; gemeente\nWelzijn ...; welzijn",
            "gebiedsteams": "Gebiedsteam ...; Welzijn ...; ...",
            **{k: s.instellingen[k] for k in INSTELLINGEN},
        }

    def clean_organisaties(self) -> list[tuple[str, str]]:
        uit = []
        for regel in _regels(self.cleaned_data["organisaties"]):
            if len(regel) != 2 or regel[1] not in Organisatie.Soort.values:
                raise ValidationError(f"Schrijf 'naam; soort' met een bekende soort: {regel}.")
            uit.append((regel[0], regel[1]))
        return uit

    def clean_gebiedsteams(self) -> list[Team]:
        uit = []
        for regel in _regels(self.cleaned_data["gebiedsteams"]):
            if len(regel) != 3:
                raise ValidationError(f"Schrijf 'naam; organisatie; dorpen': {';'.join(regel)}.")
            uit.append(Team(regel[0], regel[1], [d.strip() for d in regel[2].split(",")]))
        return uit

    def clean_begroting(self) -> dict[str, Decimal]:
        uit = {}
        for regel in _regels(self.cleaned_data["begroting"]):
            try:
                if len(regel) != 2 or regel[0] not in Post.values:
                    raise ValueError
                uit[regel[0]] = bedrag_lezen(regel[1])
            except ValueError:
                raise ValidationError(
                    f"Schrijf 'post; bedrag' met een bekende post: {';'.join(regel)}."
                ) from None
        return uit

    def clean(self):
        d = super().clean() or {}
        if d.get("startdatum") and d.get("einddatum") and d["einddatum"] <= d["startdatum"]:
            self.add_error("einddatum", "De einddatum moet na de startdatum liggen.")
        return d

    def sjabloon(self) -> Sjabloon:
        d = self.cleaned_data
        jaren = range(d["startdatum"].year, d["einddatum"].year + 1)
        return Sjabloon(
            gemeente=d["gemeente"],
            cbs_code=d["cbs_code"],
            dorpen=[r.strip() for r in d["dorpen"].splitlines() if r.strip()],
            organisaties=d["organisaties"],
            gebiedsteams=d["gebiedsteams"],
            pilot_naam=d["pilot_naam"],
            startdatum=d["startdatum"],
            einddatum=d["einddatum"],
            jaardoelen=dict.fromkeys(jaren, d["jaardoel"]),
            instellingen={k: d[k] for k in INSTELLINGEN}
            | {"subsidie_bedrag": d["subsidie_bedrag"]},
            begroting={j: dict(d["begroting"]) for j in jaren},
            beheerder=Beheerder(
                username=d["beheerder_gebruikersnaam"],
                voornaam=d["beheerder_voornaam"],
                achternaam=d["beheerder_achternaam"],
                email=d["beheerder_email"],
                organisatie=d["beheerder_organisatie"],
            ),
        )


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label="Bestand (.xlsx of .csv)",
        help_text="Gebruik het sjabloon; kolommen met een iets andere naam worden herkend.",
    )
    gemeente: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Gemeente.objects.none(), label="Gemeente", empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        veld = cast(forms.ModelChoiceField, self.fields["gemeente"])
        veld.queryset = Gemeente.objects.filter(pk__in=user.gemeente_ids)
