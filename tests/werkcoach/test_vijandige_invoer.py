"""Random and hostile input to every form (property-based, with Hypothesis).

For each form in ``FORMULIEREN``: whatever is sent (very long text, HTML and script, SQL
fragments, odd Unicode, control characters, impossible dates and numbers)
- the server never answers with an error (5xx);
- a rejected submit (the form shown again) leaves the database as it was: nothing half-saved;
- what is shown back is escaped: no submitted markup appears unescaped in the page.

Other apps add their forms by appending a ``Formulier`` to ``FORMULIEREN`` (or by importing
``controleer_formulier`` in their own test module): name the URL, the user, the fields with a
strategy each, and a ``staat`` function that snapshots the rows the form may change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Aanmelding
from privacy import bewaring
from tests.conftest import maak_aanmelding
from werkcoach.models import Bewaartermijn

VIJANDIGE_TEKSTEN = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "'; DROP TABLE werkcoach_logregel; --",
    "1 OR 1=1",
    "' UNION SELECT password FROM werkcoach_gebruiker --",
    "%(naam)s {{ request }} {% debug %}",
    "\u202egnitset\u202c",
    "Z̴̡̧͓a̷l̸g̷o̵",
    "𝕳𝖊𝖑𝖑𝖔 👩🏽‍💻",
    "\x00nul",
    "\r\nSet-Cookie: x=1",
    "../../etc/passwd",
    "31-02-2024",
    "2024-13-45",
    "00-00-0000",
    "9999999999999999999999999",
    "-1",
    "1e309",
    "NaN",
    "",
    " ",
]

vijandig = st.one_of(
    st.sampled_from(VIJANDIGE_TEKSTEN),
    st.text(max_size=60),
    st.integers(min_value=1_000, max_value=60_000).map(lambda n: "<b>é" * (n // 4)),
    st.builds(lambda a, b: a + b, st.sampled_from(VIJANDIGE_TEKSTEN), st.text(max_size=20)),
)


@dataclass
class Formulier:
    naam: str
    url: Callable[[dict], str]
    gebruiker: str | None  # key of wereld.rollen(), or None for anonymous
    velden: dict[str, st.SearchStrategy]
    methode: str = "post"
    staat: Callable[[dict], object] = field(default=lambda objecten: None)
    voorbereiden: Callable[[object, dict], None] = field(default=lambda wereld, objecten: None)


def _termijnen(objecten):
    return sorted(Bewaartermijn.objects.values_list("uitkomst", "maanden"))


def _intrekking(objecten):
    return Aanmelding.objects.filter(pk=objecten["aanmelding"].pk).values_list(
        "status", "toestemming_ingetrokken_op", "status_reden"
    )[0]


def _apparaten(objecten):
    return sorted(TOTPDevice.objects.values_list("pk", "confirmed"))


def _app_in_afwachting(wereld, objecten):
    # The enrolment page makes the pending (unconfirmed) device on the first visit.
    TOTPDevice.objects.create(user=wereld.manager, name="app", confirmed=False)


def _app_koppelen(wereld, objecten):
    TOTPDevice.objects.create(user=wereld.projectleider, name="app", confirmed=True)


FORMULIEREN: list[Formulier] = [
    Formulier(
        naam="inloggen",
        url=lambda o: reverse("login"),
        gebruiker=None,
        velden={"username": vijandig, "password": vijandig},
    ),
    Formulier(
        naam="auditlog zoeken",
        url=lambda o: reverse("audit:zoeken"),
        gebruiker="beheerder",
        methode="get",
        velden={
            "inwoner": vijandig,
            "gebruiker": vijandig,
            "van": vijandig,
            "tot": vijandig,
            "actie": vijandig,
            "pagina": vijandig,
        },
    ),
    Formulier(
        naam="bewaartermijnen",
        url=lambda o: reverse("avg:bewaartermijnen"),
        gebruiker="beheerder",
        velden={uitkomst: vijandig for uitkomst, _ in bewaring.uitkomsten()[:4]},
        staat=_termijnen,
    ),
    Formulier(
        naam="toestemming intrekken",
        url=lambda o: reverse(
            "aanmeldingen:toestemming_intrekken", kwargs={"pk": o["aanmelding"].pk}
        ),
        gebruiker="werkcoach",
        velden={"toelichting": vijandig, "bevestigen": st.sampled_from(["", "on"])},
        staat=_intrekking,
    ),
    Formulier(
        naam="tweestapsverificatie instellen",
        url=lambda o: reverse("tweefactor:instellen"),
        gebruiker="manager",
        velden={"code": vijandig, "next": vijandig},
        staat=_apparaten,
        voorbereiden=_app_in_afwachting,
    ),
    Formulier(
        naam="tweestapsverificatie code",
        url=lambda o: reverse("tweefactor:controleren"),
        gebruiker="projectleider",
        velden={"code": vijandig, "next": vijandig},
        staat=_apparaten,
        voorbereiden=_app_koppelen,
    ),
]


def _opvallend(waarde: str) -> bool:
    """A submitted value that would be markup if shown unescaped."""
    return len(waarde) >= 6 and any(c in waarde for c in "<>\"'") and "<" in waarde


def controleer_formulier(client, formulier: Formulier, objecten: dict, data: dict) -> None:
    voor = formulier.staat(objecten)
    verzend = client.post if formulier.methode == "post" else client.get
    response = verzend(formulier.url(objecten), data)
    assert response.status_code < 500, f"{formulier.naam}: {response.status_code} for {data!r}"
    if response.status_code in (200, 400, 409):  # the form was shown again: rejected
        assert formulier.staat(objecten) == voor, f"{formulier.naam}: half-saved for {data!r}"
        html = response.content.decode()
        for waarde in data.values():
            if _opvallend(waarde):
                assert waarde not in html, f"{formulier.naam}: unescaped {waarde[:80]!r}"


@pytest.mark.parametrize("formulier", FORMULIEREN, ids=lambda f: f.naam)
def test_hostile_input_never_breaks_a_form(client, wereld, formulier):
    objecten = {"aanmelding": maak_aanmelding(wereld)}
    formulier.voorbereiden(wereld, objecten)
    if formulier.gebruiker:
        client.force_login(wereld.rollen()[formulier.gebruiker])

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(data=st.fixed_dictionaries(formulier.velden))
    def eigenschap(data):
        controleer_formulier(client, formulier, objecten, data)

    eigenschap()
