"""One definition per figure and per helper: instrument costs against the budget's realisation,
the month names, and the shared presentation helpers the reports use."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import engines

from rapportage import forms as rapportage_forms
from rapportage.documenten import maand_label, maandrapport_context
from rapportage.kpi import DEFINITIES, MAANDEN, Periode, kpis
from rapportage.models import Rapport
from rapportage.selectors import begroting_overzicht
from tests.conftest import maak_traject
from trajecten.models import Instrument
from trajecten.services import catalogus_laden, inzet_create
from werkcoach.formvelden import BedragField
from werkcoach.pdf import render_to_pdf


@pytest.mark.django_db
def test_planned_costs_count_for_the_instruments_but_not_for_the_budget_realisation(wereld):
    catalogus_laden()
    t = maak_traject(wereld)
    instrument = Instrument.objects.order_by("pk").first()
    inzet_create(
        traject=t,
        door=wereld.werkcoach,
        instrument=instrument,
        startdatum=date(2024, 3, 4),
        kosten_gepland=Decimal("400.00"),
    )
    inzet_create(
        traject=t,
        door=wereld.werkcoach,
        instrument=instrument,
        startdatum=date(2024, 3, 5),
        kosten_gepland=Decimal("100.00"),
        kosten_werkelijk=Decimal("120.00"),
    )
    maart = Periode.maand(2024, 3)
    assert kpis(wereld.pilot, maart).instrumenten_kosten == Decimal("520.00")
    assert begroting_overzicht(wereld.pilot, maart, maart.eind)["gerealiseerd"] == Decimal("120.00")
    # both figures are named for what they hold, in the appendix and in the report's tables
    koppen = [kop for kop, _ in DEFINITIES]
    assert "Instrumenten en kosten (werkelijk, anders gepland)" in koppen
    assert "Begroting: gerealiseerd (alleen werkelijke kosten)" in koppen
    rapport = Rapport.objects.create(
        pilot=wereld.pilot,
        soort=Rapport.Soort.MAANDRAPPORTAGE,
        periode_start=maart.start,
        periode_eind=maart.eind,
    )
    html, _ = render_to_pdf("rapportage/pdf/maandrapportage.html", maandrapport_context(rapport))
    assert "met geplande of werkelijke kosten" in html
    assert "Kosten (gepland of werkelijk)" in html
    assert "Gerealiseerd (alleen werkelijke kosten)" in html


def test_month_names_have_one_definition():
    assert list(enumerate(MAANDEN, start=1)) == rapportage_forms.MAANDKEUZES
    assert dict(rapportage_forms.MAANDKEUZES)[3] == "maart"
    assert maand_label(date(2024, 3, 1)) == "maart 2024"


def test_shared_amount_filter_keeps_its_output():
    template = engines["django"].from_string(
        "{% load opmaak %}{{ a|euro }}|{{ b|getal }}|{{ c|getal }}|{{ d|euro }}"
    )
    uit = template.render({"a": Decimal("1234567.5"), "b": 12345, "c": 2.25, "d": None})
    assert uit == "€\u00a01.234.567,50|12.345|2,2|–"


def test_shared_amount_field_reads_dutch_amounts():
    veld = BedragField(max_digits=12, decimal_places=2)
    assert veld.clean("€ 12.500,00") == Decimal("12500.00")
    assert veld.clean("1234,5") == Decimal("1234.50")
    assert veld.clean("12500.00") == Decimal("12500.00")
    assert isinstance(rapportage_forms.BegrotingForm.base_fields["bedrag"], BedragField)
