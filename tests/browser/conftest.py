"""Browser tests: Debian's Chromium driven by Playwright against the live test server."""

import json
import os
from pathlib import Path

import pytest

from tests.conftest import WACHTWOORD

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the test
# itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = (Path(__file__).parent / "axe.min.js").read_text()
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def pagina(chromium, live_server):
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.basis_url = live_server.url
    # Every page must work under the Content-Security-Policy: a blocked script or style shows
    # up as a console error, and fails the test.
    csp_fouten: list[str] = []
    page.on(
        "console",
        lambda bericht: (
            csp_fouten.append(f"{bericht.text[:90]} at {bericht.location} on {page.url}")
            if bericht.type == "error"
            and "Content Security Policy" in bericht.text
            # A script the test evaluates itself (axe) has no URL: not the page's doing.
            and bericht.location.get("url")
            else None
        ),
    )
    yield page
    context.close()
    assert not csp_fouten, "CSP violations:\n" + "\n".join(csp_fouten)


def inloggen(page, user, wachtwoord: str = WACHTWOORD) -> None:
    page.goto(f"{page.basis_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def schermafdruk(page, naam: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pad = SCREENSHOTS / f"{naam}.png"
    page.screenshot(path=str(pad), full_page=True)
    return pad


def axe_overtredingen(page, ernst=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page; return the violations of the given impact levels."""
    page.evaluate(AXE)
    resultaat = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in resultaat["violations"]
        if v["impact"] in ernst
    ]


def assert_toegankelijk(page) -> None:
    overtredingen = axe_overtredingen(page)
    assert not overtredingen, json.dumps(overtredingen, indent=2, ensure_ascii=False)
