"""The accessibility sweep: every page of the authorisation matrix that a role may open (GET
answers 200), for every role, in Chromium with a Dutch locale, checked by axe-core: no serious
or critical violation anywhere. Beheer and the error pages have their own sweeps
(test_beheer.py, test_foutpaginas.py)."""

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_overtredingen, inloggen
from tests.toegang.matrix import OK, volledige_matrix
from tests.toegang.test_matrix import _waarde, objecten  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pages that are not an HTML page of the application (downloads, feeds, partials answered to
# htmx only): axe has nothing to check there.
GEEN_PAGINA = ("download", "export", "pdf", "xlsx", "json", "sjabloon", "status", "gezondheid")


def _paginas(gemaakt, rol: str) -> list[tuple[str, str]]:
    uit = []
    for naam, r in sorted(volledige_matrix().items()):
        if naam.startswith("admin:") or r.verwacht.get(rol) != OK:
            continue
        if any(woord in naam for woord in GEEN_PAGINA):
            continue
        kwargs = {k: _waarde(gemaakt, v) for k, v in r.kwargs.items()}
        uit.append((naam, reverse(naam, kwargs=kwargs) + r.query))
    return uit


def test_every_page_of_every_role_has_no_serious_accessibility_violation(
    chromium,
    live_server,
    wereld,
    objecten,  # noqa: F811 - the fixture imported above
):
    gevonden, bezocht = [], 0
    for rol, gebruiker in wereld.rollen().items():
        context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.basis_url = live_server.url
        inloggen(page, gebruiker)
        for naam, pad in _paginas(objecten, rol):
            # a download (CSV, PDF, XLSX) is not a page: ask first what the URL answers
            soort = page.request.get(f"{live_server.url}{pad}").headers.get("content-type", "")
            if "text/html" not in soort:
                continue
            page.goto(f"{live_server.url}{pad}")
            bezocht += 1
            for v in axe_overtredingen(page):
                gevonden.append(f"{rol} {naam}: {v['id']} ({v['impact']}) {v['nodes']}")
        context.close()
    assert bezocht > 60, f"only {bezocht} pages visited"
    assert not gevonden, "\n".join(gevonden)
