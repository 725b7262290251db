"""AVG rights: consent withdrawal, the art. 15 export, and retention."""

import json
import re
import subprocess
import zlib
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from cases.models import Aanmelding, Inwoner
from cases.services import aanmelding_afwijzen
from privacy import bewaring, inzage
from privacy.tasks import bewaartermijnen_toepassen
from tests.conftest import maak_aanmelding, maak_traject
from trajecten.models import EindeReden, Overdracht, Traject
from trajecten.services import contactmoment_create, traject_beeindigen
from werkcoach.audit import Actie, Doel
from werkcoach.models import Bewaarrun, Logregel


def test_werkcoach_records_consent_withdrawal_and_the_traject_stops(client, wereld):
    traject = maak_traject(wereld)
    client.force_login(wereld.werkcoach)
    detail = reverse("aanmeldingen:aanmelding_detail", kwargs={"pk": traject.aanmelding_id})
    url = reverse("aanmeldingen:toestemming_intrekken", kwargs={"pk": traject.aanmelding_id})
    assert url in client.get(detail).content.decode()

    response = client.post(url, {"toelichting": " Telefonisch aangegeven. ", "bevestigen": "on"})
    assert response.status_code == 302
    aanmelding = Aanmelding.objects.get(pk=traject.aanmelding_id)
    assert aanmelding.toestemming_ingetrokken_door == wereld.werkcoach
    assert aanmelding.toestemming_ingetrokken_op is not None
    traject.refresh_from_db()
    assert not traject.is_open and traject.einde_reden == EindeReden.TOESTEMMING_INGETROKKEN
    # What must be kept stays: the resident and the referral are still there, marked.
    assert Inwoner.objects.filter(pk=traject.inwoner_id, geanonimiseerd_op__isnull=True).exists()

    # A double submit changes nothing and logs nothing twice.
    assert client.post(url, {"bevestigen": "on"}).status_code == 302
    regels = Logregel.objects.filter(doel=Doel.RECHTEN_BETROKKENE, inwoner_id=traject.inwoner_id)
    assert regels.count() == 1 and regels.get().actor == wereld.werkcoach
    assert "Ingetrokken op" in client.get(detail).content.decode()


def test_consent_withdrawal_without_confirmation_saves_nothing(client, wereld):
    aanmelding = maak_aanmelding(wereld)
    client.force_login(wereld.werkcoach)
    url = reverse("aanmeldingen:toestemming_intrekken", kwargs={"pk": aanmelding.pk})
    response = client.post(url, {"toelichting": "x" * 501})
    html = response.content.decode()
    assert response.status_code == 400  # the form is shown again with its errors
    assert "Bevestig dat de inwoner de toestemming intrekt." in html
    assert "501" in html  # the length error names the count
    aanmelding.refresh_from_db()
    assert aanmelding.toestemming_ingetrokken_op is None and aanmelding.status == "nieuw"


@pytest.fixture
def dossier(wereld):
    traject = maak_traject(wereld, bsn="111222333", telefoon="0612345678", email="a@example.org")
    contactmoment_create(
        traject=traject,
        door=wereld.werkcoach,
        datum=timezone.now(),
        soort="telefoon",
        verslag="Wil graag de zorg in.",
    )
    return traject


def test_art15_export_as_json_holds_everything_and_is_logged(client, wereld, dossier):
    client.force_login(wereld.werkcoach)
    response = client.get(reverse("avg:inzage_json", kwargs={"pk": dossier.inwoner_id}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["inwoner"]["bsn"]["waarde"] == "111222333"
    assert data["inwoner"]["telefoon"]["waarde"] == "0612345678"
    assert data["aanmeldingen"][0]["toestemming_wijze"]["waarde"].startswith("Mondeling")
    assert (
        data["trajecten"][0]["contactmomenten"][0]["verslag"]["waarde"] == "Wil graag de zorg in."
    )
    assert data["verwerkingen"][-1]["actie"] == "Geëxporteerd"
    regel = Logregel.objects.get(actie=Actie.EXPORTEREN, inwoner_id=dossier.inwoner_id)
    assert regel.actor == wereld.werkcoach and regel.doel == Doel.RECHTEN_BETROKKENE
    assert "111222333" not in regel.omschrijving


def test_art15_export_as_a_tagged_dutch_pdf(client, wereld, dossier, tmp_path):
    client.force_login(wereld.werkcoach)
    response = client.get(reverse("avg:inzage_pdf", kwargs={"pk": dossier.inwoner_id}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pad = tmp_path / "inzage.pdf"
    pad.write_bytes(response.content)
    tekst = subprocess.run(  # noqa: S603 - fixed arguments
        ["/usr/bin/pdftotext", str(pad), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Inzage in persoonsgegevens (AVG artikel 15)" in tekst
    assert dossier.inwoner.voornaam in tekst and "111222333" in tekst
    assert "Wil graag de zorg in." in tekst
    info = subprocess.run(  # noqa: S603 - fixed arguments
        ["/usr/bin/pdfinfo", str(pad)], capture_output=True, text=True, check=True
    ).stdout
    assert "Tagged:          yes" in info
    assert "/Lang (nl)" in _pdf_objecten(response.content)


def _pdf_objecten(pdf: bytes) -> str:
    """The PDF's objects as text, with the compressed object streams unpacked."""
    delen = [pdf]
    for stroom in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            delen.append(zlib.decompress(stroom.group(1)))
        except zlib.error:
            continue
    return b"\n".join(delen).decode("latin-1")


def _cijfers():
    """What the reports count, per month: referrals, trajecten per fase, outcome, doelgroep,
    woonplaats and gebiedsteam."""
    aanmeldingen = Counter(
        (r["maand"], r["gebiedsteam_id"], r["inwoner__doelgroep"], r["inwoner__woonplaats"])
        for r in Aanmelding.objects.annotate(maand=TruncMonth("aangemeld_op")).values(
            "maand", "gebiedsteam_id", "inwoner__doelgroep", "inwoner__woonplaats"
        )
    )
    trajecten = Counter(
        (r["maand"], r["fase"], r["einde_reden"], r["inwoner__geboortedatum__year"])
        for r in Traject.objects.annotate(maand=TruncMonth("gestart_op")).values(
            "maand", "fase", "einde_reden", "inwoner__geboortedatum__year"
        )
    )
    return aanmeldingen, trajecten


def test_retention_anonymises_expired_files_and_past_figures_stay_the_same(wereld, settings):
    settings.WERKCOACH_BEWAARTERMIJN_STANDAARD_MAANDEN = 24
    nu = timezone.now()
    lang_geleden = nu - timedelta(days=3 * 365)
    oud = maak_traject(wereld, op=lang_geleden, bsn="111222333", telefoon="0612345678")
    contactmoment_create(
        traject=oud, door=wereld.werkcoach, datum=lang_geleden, soort="telefoon", verslag="Geheim."
    )
    traject_beeindigen(
        traject=oud,
        door=wereld.werkcoach,
        reden=EindeReden.GEEN_INTERESSE,
        toelichting="Wil niet.",
        op=lang_geleden + timedelta(days=30),
        bevestigd=True,
    )
    recent = maak_traject(wereld, op=nu - timedelta(days=400))
    traject_beeindigen(
        traject=recent,
        door=wereld.werkcoach,
        reden=EindeReden.ZELF_WERK,
        op=nu - timedelta(days=300),
        bevestigd=True,
    )
    lopend = maak_traject(wereld, op=lang_geleden)
    afgewezen = maak_aanmelding(wereld, op=lang_geleden)
    aanmelding_afwijzen(
        aanmelding=afgewezen,
        door=wereld.werkcoach,
        status="afgewezen",
        reden="Past niet.",
        op=lang_geleden,
    )
    Aanmelding.objects.filter(pk=oud.aanmelding_id).update(
        toestemming_omvang="Delen met zus Geheim de Vries."
    )
    Overdracht.objects.create(
        traject=oud,
        naar_organisatie=wereld.roc,
        naar_naam="Piet Ontvanger",
        overgedragen_op=lang_geleden,
        toelichting="Afspraak met Piet.",
        vastgelegd_door=wereld.werkcoach,
    )
    # The beheerder sets a shorter term for "zelf werk gevonden": 6 months.
    bewaring.bewaartermijnen_opslaan(door=wereld.beheerder, termijnen={"zelf_werk": 6})
    voor = _cijfers()

    resultaat = bewaartermijnen_toepassen.delay().get()

    assert resultaat["geanonimiseerd"] == 3
    run = Bewaarrun.objects.get(pk=resultaat["run"])
    assert run.details["per_uitkomst"] == {
        "geen_interesse": 1,
        "zelf_werk": 1,
        "aanmelding_zonder_traject": 1,
    }
    assert _cijfers() == voor
    weg = Inwoner.objects.get(pk=oud.inwoner_id)
    assert weg.geanonimiseerd_op is not None
    assert (weg.voornaam, weg.bsn, weg.telefoon, weg.postcode) == ("", "", "", "")
    assert weg.geboortedatum.month == 1 and weg.geboortedatum.day == 1
    assert weg.woonplaats == "Emmeloord" and weg.doelgroep == "jongere"
    assert oud.contactmomenten.get().verslag == bewaring.WEGGEHAALD
    assert Traject.objects.get(pk=oud.pk).einde_toelichting == ""
    assert Aanmelding.objects.get(pk=afgewezen.pk).status_reden == ""
    assert Aanmelding.objects.get(pk=oud.aanmelding_id).toestemming_omvang == ""
    overdracht = Overdracht.objects.get(traject=oud)
    assert (overdracht.naar_naam, overdracht.toelichting) == ("", "")
    assert Inwoner.objects.get(pk=lopend.inwoner_id).geanonimiseerd_op is None
    assert Logregel.objects.filter(actie=Actie.ANONIMISEREN, doel=Doel.BEWARING).count() == 3
    assert not Logregel.objects.filter(omschrijving__contains="111222333").exists()

    # A second run finds nothing new: the task is idempotent.
    assert bewaartermijnen_toepassen.delay().get()["geanonimiseerd"] == 0
    assert _cijfers() == voor


def test_a_file_within_its_term_is_kept(wereld):
    traject = maak_traject(wereld, op=timezone.now() - timedelta(days=60))
    traject_beeindigen(
        traject=traject, door=wereld.werkcoach, reden=EindeReden.GEEN_INTERESSE, bevestigd=True
    )
    assert bewaring.bewaartermijnen_toepassen().run.geanonimiseerd == 0
    assert Inwoner.objects.get(pk=traject.inwoner_id).geanonimiseerd_op is None


def test_retention_in_batches_asks_the_same_queries_for_one_file_or_many(
    wereld, monkeypatch, settings, django_assert_num_queries
):
    """Files are anonymised in batches with bulk updates: a batch of three asks as many
    queries as a batch of one, and a run over more files than a batch finishes them all."""
    settings.WERKCOACH_BEWAARTERMIJN_STANDAARD_MAANDEN = 24
    lang_geleden = timezone.now() - timedelta(days=3 * 365)
    ids = []
    for _ in range(5):
        traject = maak_traject(wereld, op=lang_geleden)
        traject_beeindigen(
            traject=traject,
            door=wereld.werkcoach,
            reden=EindeReden.GEEN_INTERESSE,
            op=lang_geleden + timedelta(days=1),
            bevestigd=True,
        )
        ids.append(traject.inwoner_id)
    # 1 lock the residents, 2 wipe them, 3-11 wipe the free text of the nine linked tables,
    # 12 the residents' gemeenten and 13 the log rows (one INSERT), plus the savepoint and
    # its release.
    for redenen in ({ids[0]: "geen_interesse"}, dict.fromkeys(ids[1:4], "geen_interesse")):
        with django_assert_num_queries(15):
            assert len(bewaring.inwoners_anonimiseren(redenen=redenen, op=timezone.now())) == len(
                redenen
            )
    monkeypatch.setattr(bewaring, "BATCH", 2)
    assert bewaring.bewaartermijnen_toepassen().run.geanonimiseerd == 1
    assert Inwoner.objects.filter(pk__in=ids, geanonimiseerd_op__isnull=False).count() == 5
    regels = Logregel.objects.filter(actie=Actie.ANONIMISEREN, inwoner_id__in=ids)
    assert sorted(regels.values_list("inwoner_id", flat=True)) == sorted(ids)
    assert {r.gemeente_id for r in regels} == {wereld.nop.pk}
    assert Inwoner.objects.get(pk=ids[0]).achternaam == f"Geanonimiseerd {ids[0]}"


def test_a_term_ends_on_the_same_day_months_later_or_the_last_day_of_a_short_month(
    wereld, settings
):
    """31 January plus one month is 28 February: the file is kept on the 27th and anonymised
    on the 28th (the SQL bound is generous, the exact rule decides)."""
    from zoneinfo import ZoneInfo

    settings.WERKCOACH_BEWAARTERMIJN_STANDAARD_MAANDEN = 24
    bewaring.bewaartermijnen_opslaan(door=wereld.beheerder, termijnen={"geen_interesse": 1})
    amsterdam = ZoneInfo("Europe/Amsterdam")
    einde = timezone.datetime(2025, 1, 31, 10, tzinfo=amsterdam)
    traject = maak_traject(wereld, op=einde - timedelta(days=20))
    traject_beeindigen(
        traject=traject,
        door=wereld.werkcoach,
        reden=EindeReden.GEEN_INTERESSE,
        op=einde,
        bevestigd=True,
    )
    for dag, verwacht in ((27, []), (28, [traject.inwoner_id])):
        peildatum = timezone.datetime(2025, 2, dag, 10, tzinfo=amsterdam)
        assert [v.inwoner_id for v in bewaring.verlopen_dossiers(peildatum)] == verwacht


def test_beheerder_sets_retention_terms_with_errors_at_the_field(client, wereld):
    client.force_login(wereld.beheerder)
    url = reverse("avg:bewaartermijnen")
    termijnen = bewaring.termijnen()
    fout = client.post(url, {**termijnen, "zelf_werk": "0", "geen_interesse": "abc"})
    html = fout.content.decode()
    assert "Kies minstens 1 maand." in html and "Vul een heel aantal maanden in." in html
    assert bewaring.termijnen() == termijnen  # nothing half-saved
    goed = client.post(url, {**termijnen, "zelf_werk": "6"})
    assert goed.status_code == 302
    assert bewaring.termijnen()["zelf_werk"] == 6
    assert Logregel.objects.filter(omschrijving__contains="zelf_werk=6").count() == 1
    client.post(url, {**bewaring.termijnen()})  # the same again: nothing changes, no new row
    assert Logregel.objects.filter(omschrijving__contains="Bewaartermijnen").count() == 1


def _modellen_van_de_inwoner():
    """Every model reachable from ``Inwoner`` by the relations pointing at it (its referrals,
    trajecten, and everything hanging below those), within the apps holding resident data."""
    from django.apps import apps

    gevonden = {}
    te_doen = [apps.get_model("cases", "Inwoner")]
    while te_doen:
        model = te_doen.pop()
        if model._meta.label in gevonden:
            continue
        gevonden[model._meta.label] = model
        for rel in model._meta.related_objects:
            if rel.related_model._meta.app_label in ("cases", "trajecten"):
                te_doen.append(rel.related_model)
    return gevonden


def test_the_art15_export_accounts_for_every_field_of_every_model_linked_to_the_resident():
    modellen = _modellen_van_de_inwoner()
    assert set(modellen) == set(inzage.EXPORT_VELDEN) | set(inzage.NIET_IN_EXPORT)
    for label, model in modellen.items():
        velden = {f.name for f in model._meta.concrete_fields}
        getoond = set(inzage.EXPORT_VELDEN.get(label, []))
        weggelaten = set(inzage.NIET_IN_EXPORT.get(label, []))
        assert velden == getoond | weggelaten, label
        assert not getoond & weggelaten, label


def test_the_art15_export_shows_costs_recipient_and_nazorg_contacts(wereld, dossier):
    from trajecten.models import Aanbieder, Instrument, Inzet, Nazorgcontact, Nazorgplan

    instrument = Instrument.objects.create(
        naam="Werkfit",
        aanbieder=Aanbieder.objects.create(naam="Aanbieder"),
        categorie=Instrument._meta.get_field("categorie").choices[0][0],
    )
    Inzet.objects.create(
        traject=dossier,
        instrument=instrument,
        kosten_gepland="1250.00",
        kosten_werkelijk="990.50",
        vastgelegd_door=wereld.werkcoach,
    )
    Overdracht.objects.create(
        traject=dossier,
        naar_organisatie=wereld.roc,
        naar_persoon=wereld.partner,
        overgedragen_op=timezone.now(),
        vastgelegd_door=wereld.werkcoach,
    )
    plan = Nazorgplan.objects.create(
        traject=dossier, startdatum=timezone.localdate(), duur_maanden=6, frequentie="maandelijks"
    )
    Nazorgcontact.objects.create(plan=plan, gepland_op=timezone.localdate())
    gegevens = inzage.inzage_gegevens(Inwoner.objects.get(pk=dossier.inwoner_id))
    traject = gegevens["trajecten"][0]
    assert set(gegevens["inwoner"]) == set(inzage.EXPORT_VELDEN["cases.Inwoner"])
    assert set(gegevens["aanmeldingen"][0]) == set(inzage.EXPORT_VELDEN["cases.Aanmelding"])
    assert traject["inzet"][0]["kosten_gepland"]["waarde"] == "1250.00"
    assert traject["inzet"][0]["kosten_werkelijk"]["waarde"] == "990.50"
    assert traject["overdrachten"][0]["naar_persoon"]["waarde"] == str(wereld.partner)
    assert traject["nazorgcontacten"][0]["gepland_op"]["waarde"] == (
        timezone.localdate().isoformat()
    )
    html, _ = inzage.inzage_pdf(gegevens)
    assert "Nazorgcontacten" in html and str(wereld.partner) in html


def test_every_free_text_of_the_resident_file_is_wiped_or_kept_for_a_reason():
    from django.db import models

    for label, model in _modellen_van_de_inwoner().items():
        if label == "cases.Inwoner":
            continue  # the person data itself, wiped field by field in inwoner_anonimiseren
        vrije_tekst = {
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        }
        gewist = set(bewaring.GEWIST.get(label, {}))
        bewaard = set(bewaring.BEWAARD.get(label, {}))
        assert vrije_tekst == gewist | bewaard, label


def test_the_art15_pdf_reads_for_a_resident(client, wereld, dossier, tmp_path):
    """Dutch dates, words for yes and no, who by organisation and role (never a username),
    the purposes and the retention terms. The JSON keeps ISO dates and booleans."""
    client.force_login(wereld.werkcoach)
    client.get(reverse("trajecten:dossier", kwargs={"pk": dossier.pk}))  # a logged view
    response = client.get(reverse("avg:inzage_pdf", kwargs={"pk": dossier.inwoner_id}))
    pad = tmp_path / "inzage.pdf"
    pad.write_bytes(response.content)
    # Kept for looking at (pdftoppm -png var/screenshots/inzage.pdf ...).
    map_ = Path(settings.BASE_DIR) / "var" / "screenshots"
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / "inzage.pdf").write_bytes(response.content)
    tekst = subprocess.run(  # noqa: S603 - fixed arguments
        ["/usr/bin/pdftotext", "-layout", str(pad), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    vandaag = timezone.localdate().strftime("%d-%m-%Y")
    assert vandaag in tekst
    assert not re.search(r"\d{4}-\d{2}-\d{2}", tekst), "an ISO date in the PDF"
    assert "True" not in tekst and "False" not in tekst and "None" not in tekst
    for kop in (
        "1. Uw persoonsgegevens",
        "2. Aanmeldingen en uw toestemming",
        "3. Uw traject",
        "4. Wie heeft uw gegevens bekeken of gewijzigd",
        "5. Waarvoor wij uw gegevens gebruiken",
        "6. Hoe lang wij uw gegevens bewaren",
        "7. Uw rechten",
    ):
        assert kop in tekst, kop
    html, _ = inzage.inzage_pdf(inzage.inzage_gegevens(dossier.inwoner))
    assert f"<td>{wereld.werkcoach.organisatie} (werkcoach)</td>" in html
    assert "Carrefour (sociaal" in tekst  # the referrer's organisation and role
    assert wereld.werkcoach.username not in re.findall(r"\b\w+\b", tekst)
    assert "Begeleiding naar werk of opleiding" in tekst
    assert "24 maanden" in tekst
    json_export = client.get(reverse("avg:inzage_json", kwargs={"pk": dossier.inwoner_id})).json()
    regel = next(v for v in json_export["verwerkingen"] if v["actie"] == "Bekeken")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}", regel["tijdstip"])
    assert regel["door"] == {"organisatie": str(wereld.werkcoach.organisatie), "rol": "Werkcoach"}
    assert json_export["aanmeldingen"][0]["toestemming_gegeven"]["waarde"] is True
