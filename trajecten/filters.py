"""Filters of the caseload and the instrumentenwaaier, kept in the URL so a view can be
bookmarked."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from cases.models import Doelgroep
from cases.selectors import zoek_inwoner_q
from trajecten.klantreis import OPEN_FASEN
from trajecten.models import Aanbieder, Fase, Instrument, Sector, Traject
from trajecten.selectors import met_uiterlijk
from werkcoach.models import Gebiedsteam, Gemeente


def _bootstrap(form) -> None:
    for veld in form.fields.values():
        klasse = "form-select" if hasattr(veld, "choices") else "form-control"
        veld.widget.attrs.setdefault("class", klasse)


class CaseloadFilter(django_filters.FilterSet):
    zoek = django_filters.CharFilter(label="Zoek op naam of BSN", method="filter_zoek")
    wie = django_filters.ChoiceFilter(
        label="Van wie",
        choices=[("alle", "Alle inwoners van mijn gemeente")],
        empty_label="Mijn inwoners",
        method="filter_wie",
    )
    fase = django_filters.ChoiceFilter(
        label="Stap", choices=Fase.choices, empty_label="Alle lopende stappen"
    )
    gebiedsteam = django_filters.ModelChoiceFilter(
        label="Gebiedsteam",
        field_name="aanmelding__gebiedsteam",
        queryset=Gebiedsteam.objects.none(),
        empty_label="Alle gebiedsteams",
    )
    doelgroep = django_filters.ChoiceFilter(
        label="Doelgroep",
        field_name="inwoner__doelgroep",
        choices=Doelgroep.choices,
        empty_label="Alle doelgroepen",
    )
    dorp = django_filters.ChoiceFilter(
        label="Woonplaats of dorp",
        field_name="inwoner__woonplaats",
        lookup_expr="iexact",
        choices=[],
        empty_label="Alle dorpen",
    )
    sorteer = django_filters.OrderingFilter(
        label="Sorteer op",
        empty_label="Te laat eerst, dan uiterlijk",
        fields=(
            ("inwoner__achternaam", "naam"),
            ("fase_sinds", "in_stap"),
            ("gestart_op", "gestart"),
        ),
        field_labels={
            "naam": "Naam (A-Z)",
            "-naam": "Naam (Z-A)",
            "in_stap": "Langst in de stap eerst",
            "-in_stap": "Kortst in de stap eerst",
            "gestart": "Eerst gestart",
            "-gestart": "Laatst gestart",
        },
    )

    class Meta:
        model = Traject
        fields: list[str] = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        gemeenten = user.gemeente_ids
        self.filters["gebiedsteam"].queryset = Gebiedsteam.objects.filter(gemeente_id__in=gemeenten)
        dorpen = sorted(
            {
                d
                for lijst in Gemeente.objects.filter(pk__in=gemeenten).values_list(
                    "dorpen", flat=True
                )
                for d in lijst
            }
        )
        self.filters["dorp"].extra["choices"] = [(d, d) for d in dorpen]
        _bootstrap(self.form)

    def filter_zoek(self, queryset, name, value):
        return queryset.filter(zoek_inwoner_q(value, self.user, "inwoner__"))

    def filter_wie(self, queryset, name, value):
        return queryset  # "alle": no narrowing; the default is handled in ``qs``

    @property
    def qs(self):
        qs = super().qs
        data = self.form.cleaned_data if self.form.is_valid() else {}
        if not data.get("wie"):
            qs = qs.filter(werkcoach=self.user)
        if not data.get("fase"):
            qs = qs.filter(fase__in=OPEN_FASEN)
        if not data.get("sorteer"):
            qs = met_uiterlijk(qs, timezone.localdate())
        return qs


class InstrumentFilter(django_filters.FilterSet):
    zoek = django_filters.CharFilter(label="Zoek", method="filter_zoek")
    categorie = django_filters.ChoiceFilter(
        label="Categorie", choices=Instrument.Categorie.choices, empty_label="Alle categorieën"
    )
    aanbieder = django_filters.ModelChoiceFilter(
        label="Aanbieder", queryset=Aanbieder.objects.all(), empty_label="Alle aanbieders"
    )
    voor_wie = django_filters.CharFilter(
        label="Voor wie", field_name="geschikt_voor", lookup_expr="icontains"
    )
    sector = django_filters.ChoiceFilter(
        label="Sector", choices=Sector.choices, empty_label="Alle sectoren"
    )

    class Meta:
        model = Instrument
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self.form)

    def filter_zoek(self, queryset, name, value):
        q = Q()
        for deel in value.split():
            q &= (
                Q(naam__icontains=deel)
                | Q(omschrijving__icontains=deel)
                | Q(geschikt_voor__icontains=deel)
                | Q(aanbieder__naam__icontains=deel)
            )
        return queryset.filter(q)
