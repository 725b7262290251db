"""The import of earlier registrations: the dry run, the confirmation, and hostile files."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from cases.models import Aanmelding, Inwoner
from cases.services import inwoner_create
from trajecten.models import Fase, Faseovergang, Traject
from trajecten.services import catalogus_laden
from uitwisseling.kolommen import KOLOMMEN
from uitwisseling.models import Importbestand
from werkcoach.models import Logregel

pytestmark = pytest.mark.django_db

KOPPEN = [k.kop for k in KOLOMMEN]


def regel(team: str, **waarden) -> dict[str, str]:
    basis = {
        "Voornaam": "Fatima",
        "Achternaam": "El Amrani",
        "Geboortedatum": "14-03-1998",
        "Gebiedsteam": team,
        "Datum aanmelding": "06-02-2024",
        "Signaal": "Wil weer werken.",
        "Toestemming": "ja",
        "Datum toestemming": "05-02-2024",
        "Wijze toestemming": "mondeling",
    }
    return basis | waarden


def csv_bestand(regels: list[dict[str, str]]) -> bytes:
    uit = io.StringIO()
    uit.write(";".join(KOPPEN) + "\n")
    for r in regels:
        uit.write(";".join(r.get(k, "") for k in KOPPEN) + "\n")
    return uit.getvalue().encode("utf-8")


def xlsx_bestand(regels: list[dict[str, str]]) -> bytes:
    werkmap = openpyxl.Workbook()
    blad = werkmap.active
    blad.append(KOPPEN)
    for r in regels:
        blad.append([r.get(k, "") for k in KOPPEN])
    uit = io.BytesIO()
    werkmap.save(uit)
    return uit.getvalue()


@pytest.fixture
def wc(client, wereld):
    catalogus_laden()
    client.force_login(wereld.werkcoach)
    return client


def upload(client, wereld, inhoud: bytes, naam: str = "registraties.csv"):
    bestand = io.BytesIO(inhoud)
    bestand.name = naam
    return client.post(
        reverse("uitwisseling:import_start"), {"bestand": bestand, "gemeente": wereld.nop.pk}
    )


def _bestand(wereld):
    team = wereld.team_a.naam
    return csv_bestand(
        [
            regel(
                team,
                **{
                    "Datum aangenomen": "08-02-2024",
                    "Datum gesprek": "15-02-2024",
                    "Datum oriëntatie": "22-02-2024",
                    "Datum vervolgtraject": "02-05-2024",
                    "Route": "opleiding",
                    "Opleiding of organisatie": "Entree-opleiding",
                    "Instrumenten": "Beroepentest: 150,00",
                },
            ),
            regel(team, Voornaam="Kees", Achternaam="Bakker", Geboortedatum="01-01-1970"),
            regel(team, Voornaam="Piet", Achternaam="Zonder", Toestemming="nee"),
            regel("Team onbekend", Voornaam="Els", Achternaam="Smit"),
            regel(team, Voornaam="Jan", Achternaam="Late", **{"Datum gesprek": "01-01-2024"}),
            regel(team, Voornaam='=HYPERLINK("x")', Achternaam="Formule"),
        ]
    )


def test_the_dry_run_saves_nothing_and_shows_every_row(wc, wereld):
    inwoner_create(
        gemeente_id=wereld.nop.pk,
        gegevens={"voornaam": "Kees", "achternaam": "Bakker", "geboortedatum": date(1970, 1, 1)},
    )
    voor = (Inwoner.objects.count(), Aanmelding.objects.count(), Traject.objects.count())
    r = upload(wc, wereld, _bestand(wereld))
    assert r.status_code == 302
    assert (Inwoner.objects.count(), Aanmelding.objects.count(), Traject.objects.count()) == voor
    pagina = wc.get(r["Location"]).content.decode()
    bestand = Importbestand.objects.get()
    acties = [(u["nummer"], u["actie"], u.get("kolom", "")) for u in bestand.uitkomst]
    assert acties == [
        (2, "nieuw", ""),
        (3, "bestaande_inwoner", ""),
        (4, "fout", "Toestemming"),
        (5, "fout", "Gebiedsteam"),
        (6, "fout", "Datum gesprek"),  # the gesprek before the referral was accepted
        (7, "nieuw", ""),  # a leading '=' is data, not a formula
    ]
    assert "Zonder toestemming van de inwoner" in pagina and "Onbekend gebiedsteam" in pagina
    assert "3 registratie(s) importeren" in pagina


def test_confirming_imports_the_valid_rows_backdated_once(wc, wereld):
    r = upload(wc, wereld, _bestand(wereld))
    bestand = Importbestand.objects.get()
    wc.post(reverse("uitwisseling:import_bevestigen", args=[bestand.pk]))
    bestand.refresh_from_db()
    assert bestand.status == "geimporteerd"
    assert Aanmelding.objects.count() == 3
    traject = Traject.objects.get(inwoner__voornaam="Fatima")
    assert traject.fase == Fase.VERVOLGTRAJECT
    assert [
        (o.naar_fase, o.op.date())
        for o in Faseovergang.objects.filter(traject=traject).order_by("op")
    ] == [
        (Fase.GESPREK, date(2024, 2, 8)),
        (Fase.ORIENTATIE, date(2024, 2, 22)),
        (Fase.VERVOLGTRAJECT, date(2024, 5, 2)),
    ]
    assert traject.inzetten.get().kosten_werkelijk == 150
    assert Aanmelding.objects.get(inwoner=traject.inwoner).aangemeld_op.date() == date(2024, 2, 6)
    doelen = set(
        Logregel.objects.filter(actie__in=["aanmaken", "wijzigen"]).values_list("doel", flat=True)
    )
    assert doelen == {"import"}
    # The same file again, and the same rows in another file: nothing new.
    aantal = (Inwoner.objects.count(), Aanmelding.objects.count(), Faseovergang.objects.count())
    wc.post(reverse("uitwisseling:import_bevestigen", args=[bestand.pk]))
    r = upload(wc, wereld, _bestand(wereld))
    assert r["Location"] == reverse("uitwisseling:import_voorbeeld", args=[bestand.pk])
    r = upload(wc, wereld, _bestand(wereld) + b"\n", naam="kopie.csv")
    kopie = Importbestand.objects.get(bestandsnaam="kopie.csv")
    assert {u["actie"] for u in kopie.uitkomst} == {"al_aanwezig", "fout"}
    wc.post(reverse("uitwisseling:import_bevestigen", args=[kopie.pk]))
    assert (
        Inwoner.objects.count(),
        Aanmelding.objects.count(),
        Faseovergang.objects.count(),
    ) == aantal


def test_columns_are_mapped_by_header_name(wc, wereld):
    inhoud = (
        "achternaam,VOORNAAM,geboren,team,Aangemeld op,signaal,toestemming gegeven,"
        "datum toestemming,hoe toestemming,Opmerking\n"
        f"Visser,Anna,02-02-1990,{wereld.team_a.naam},2024-03-01,Zoekt werk,Ja,01-03-2024,"
        "schriftelijk,extra kolom\n"
    ).encode()
    assert upload(wc, wereld, inhoud).status_code == 302
    assert [u["actie"] for u in Importbestand.objects.get().uitkomst] == ["nieuw"]


def _zip(leden: dict[str, bytes]) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as z:
        for naam, inhoud in leden.items():
            z.writestr(naam, inhoud)
    return uit.getvalue()


def _met_formule() -> bytes:
    werkmap = openpyxl.Workbook()
    werkmap.active.append(KOPPEN)
    werkmap.active.append(["=1+1"] + [""] * (len(KOPPEN) - 1))
    uit = io.BytesIO()
    werkmap.save(uit)
    return uit.getvalue()


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("a.xlsx", _met_formule(), "bevat formules"),
        ("a.xlsm", b"PK", "macro"),
        ("a.xlsx", _zip({"xl/vbaProject.bin": b"x", "xl/worksheets/sheet1.xml": b"<x/>"}), "macro"),
        ("a.xlsx", _zip({"xl/worksheets/sheet1.xml": b"0" * (60 * 1024 * 1024)}), "zip-bom"),
        ("a.xlsx", b"geen zip", "geen geldige Excel"),
        ("a.csv", "Voornaam;Achternaam\nJosé;Müller\n".encode("latin-1"), "UTF-8"),
        ("a.csv", b"x" * (5 * 1024 * 1024 + 1), "te groot"),
        ("a.pdf", b"%PDF", "Kies een Excel-werkmap"),
        ("a.csv", b"Voornaam;Achternaam\nJan;Jansen\n", "kolommen ontbreken"),
    ],
    ids=["formule", "xlsm", "vba", "zipbom", "geen-zip", "latin1", "groot", "pdf", "kolommen"],
)
def test_hostile_files_are_refused_with_a_dutch_message(wc, wereld, naam, inhoud, melding):
    r = upload(wc, wereld, inhoud, naam=naam)
    assert r.status_code == 400
    assert melding in r.content.decode()
    assert not Importbestand.objects.exists()


def test_an_xlsx_file_imports_like_a_csv(wc, wereld):
    inhoud = xlsx_bestand([regel(wereld.team_a.naam)])
    assert upload(wc, wereld, inhoud, naam="registraties.xlsx").status_code == 302
    assert [u["actie"] for u in Importbestand.objects.get().uitkomst] == ["nieuw"]


def test_the_template_has_dutch_headers_and_an_example_row(wc):
    r = wc.get(reverse("uitwisseling:import_sjabloon"))
    blad = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True).worksheets[0]
    koppen, voorbeeld = list(blad.iter_rows(values_only=True))[:2]
    assert koppen[:3] == ("Voornaam", "Tussenvoegsel", "Achternaam")
    assert voorbeeld[0] == "Fatima"


def test_another_gemeentes_file_is_not_found(client, wereld, wc):
    upload(wc, wereld, _bestand(wereld))
    bestand = Importbestand.objects.get()
    client.force_login(wereld.werkcoach_urk)
    assert (
        client.get(reverse("uitwisseling:import_voorbeeld", args=[bestand.pk])).status_code == 404
    )
    assert (
        client.post(reverse("uitwisseling:import_bevestigen", args=[bestand.pk])).status_code == 404
    )
    assert not Aanmelding.objects.exists()
