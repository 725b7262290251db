"""Suppression that cannot be undone: for generated figures, an attacker who reads everything a
report publishes (every shown count, total and amount, and the unit price of each instrument)
and solves the sums between them pins no hidden cell to one value; and the headline
accountability (oriëntatie per year and in total, against the targets) always stays visible.

The attacker below is written independently of ``rapportage.geheimhouding``: it declares the
report's sums from what the figures mean and bounds every hidden cell by interval arithmetic.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from rapportage.documenten import weergave
from rapportage.geheimhouding import VERBORGEN
from rapportage.kpi import Kpis, Periode, Rij

DREMPEL = 5
ONEINDIG = float("inf")


def _delen(totaal: int, labels: list[str], draw) -> list[Rij]:
    """``totaal`` split over ``labels`` (a random partition)."""
    rest, rijen = totaal, []
    for i, label in enumerate(labels):
        n = rest if i == len(labels) - 1 else draw(st.integers(0, rest))
        rest -= n
        rijen.append(Rij(label, n))
    return rijen


@st.composite
def kpi_sets(draw, met_jaar: bool = False) -> tuple[Kpis, Kpis | None, list[Decimal]]:
    klein = st.integers(0, 12)
    k = Kpis(pilot=SimpleNamespace(), periode=Periode.maand(2024, 3), gebiedsteam=None)
    k.aanmeldingen = draw(st.integers(0, 25))
    k.per_gebiedsteam = _delen(k.aanmeldingen, ["Team A", "Team B", "Team C"], draw)
    k.per_doelgroep = _delen(k.aanmeldingen, ["Jongere", "Oudere"], draw)
    k.per_dorp = _delen(k.aanmeldingen, ["Emmeloord", "Ens", "Bant", "Urk"], draw)
    k.aanmeldingen_afgewezen = draw(klein)
    k.aanmeldingen_ingetrokken = draw(klein)
    k.aanmeldingen_ingetrokken_na_start = draw(st.integers(0, k.aanmeldingen_ingetrokken))
    k.vervolgtrajecten = draw(st.integers(0, 15))
    k.routes = _delen(k.vervolgtrajecten, ["Werk", "Opleiding", "Vrijwilligerswerk"], draw)
    k.sectoren = _delen(k.vervolgtrajecten, ["Zorg", "Logistiek", "Techniek", "Anders"], draw)
    k.tekortsectoren = sum(r.aantal for r in k.sectoren[:3])
    k.beeindigd = draw(st.integers(0, 15))
    k.beeindigd_per_reden = _delen(k.beeindigd, ["Geen interesse", "Verhuisd", "Anders"], draw)
    k.nazorg_afgerond = draw(klein)
    k.nazorg_uitkomsten = _delen(k.nazorg_afgerond, ["Werk", "Opleiding"], draw)
    k.trechter = [Rij(f"Stap {i}", draw(klein)) for i in range(5)]
    _samenwerking(draw, k)
    prijzen = _instrumenten(draw, k)
    _klantreis(draw, k)
    k.orientatie_per_jaar = [
        {
            "jaar": j,
            "aantal": n,
            "trajecten": n + draw(st.integers(0, 2)),
            "doel": 30,
            "procent": None,
        }
        for j, n in ((2023, draw(klein)), (2024, draw(klein)))
    ]
    k.orientatie_totaal = max(r["aantal"] for r in k.orientatie_per_jaar)
    k.orientatie_totaal_trajecten = sum(r["trajecten"] for r in k.orientatie_per_jaar)
    k.orientatie_doel_totaal = 50
    jaar = None
    if met_jaar:
        jaar = Kpis(
            pilot=SimpleNamespace(),
            periode=Periode(date(2024, 1, 1), date(2024, 3, 31)),
            gebiedsteam=None,
        )
        jaar.conversie = k.conversie
        maanden = [draw(klein), draw(klein), k.orientatie_gestart]
        k.orientatie_per_jaar[1]["trajecten"] = sum(maanden)
        k.orientatie_totaal_trajecten = sum(r["trajecten"] for r in k.orientatie_per_jaar)
        jaar.per_maand = [
            {"maand": date(2024, m, 1), "aanmeldingen": a, "orientatie": o, "vervolgtraject": v}
            for m, a, o, v in zip(
                (1, 2, 3),
                (draw(klein), draw(klein), k.aanmeldingen),
                maanden,
                (draw(klein), draw(klein), k.vervolgtrajecten),
                strict=True,
            )
        ]
    return k, jaar, prijzen


def _samenwerking(draw, k: Kpis) -> None:
    k.overdrachten = [
        Rij(
            org,
            draw(st.integers(0, 8)),
            {"bevestigd": draw(st.integers(0, 8)), "mediaan_dagen": 2.0},
        )
        for org in ("WerkCorporatie", "ROC", "Vakschool")
    ]
    k.overdrachten_totaal = sum(r.aantal for r in k.overdrachten)
    k.overdrachten_bevestigd = sum(r.extra["bevestigd"] for r in k.overdrachten)


def _instrumenten(draw, k: Kpis) -> list[Decimal]:
    prijzen = [Decimal(draw(st.sampled_from([150, 250, 400]))) for _ in range(3)]
    k.instrumenten = []
    for i, prijs in enumerate(prijzen):
        n = draw(st.integers(0, 8))
        k.instrumenten.append(
            {
                "categorie": "Training",
                "aanbieder": f"Aanbieder {i}",
                "aantal": n,
                "kosten": prijs * n,
            }
        )
    k.instrumenten_aantal = sum(r["aantal"] for r in k.instrumenten)
    k.instrumenten_kosten = sum((r["kosten"] for r in k.instrumenten), Decimal(0))
    return prijzen


def _klantreis(draw, k: Kpis) -> None:
    vervolg, beeindigd, lopend = (
        draw(st.integers(0, 9)),
        draw(st.integers(0, 9)),
        draw(st.integers(0, 9)),
    )
    k.orientatie_gestart = vervolg + beeindigd + lopend
    k.conversie = {
        "gestart": vervolg + beeindigd + lopend,
        "vervolg": vervolg,
        "beeindigd": beeindigd,
        "lopend": lopend,
        "afgerond": vervolg + beeindigd,
        "procent": None,
        "doel": 80,
    }
    omhoog, gelijk, omlaag = (draw(st.integers(0, 6)) for _ in range(3))
    k.ladder = {
        "aantal": omhoog + gelijk + omlaag,
        "omhoog": omhoog,
        "gelijk": gelijk,
        "omlaag": omlaag,
        "gemiddeld": None,
    }
    k.reactietijden = [
        {"stap": "Eerste contact", "norm": 5, "gemeten": 9, "binnen": 4, "procent": 44.4}
    ]
    k.tijd_per_stap = []
    k.doorlooptijd = {
        "aantal": 3,
        "mediaan_dagen": 40.0,
        "streef_dagen": 90,
        "binnen": 2,
        "procent": 66.7,
    }


def _sommen(v: dict, jaar: bool) -> list[tuple[tuple, list[tuple]]]:
    """The sums an attacker knows from what the report's figures mean, as paths into the
    displayed figures: (total, parts)."""

    def rijen(lijst, veld="aantal"):
        return [(lijst, i, veld) for i in range(len(v[lijst]))]

    conv, ladder = ("conversie",), ("ladder",)
    sommen = [
        (("aanmeldingen",), rijen("per_gebiedsteam")),
        (("aanmeldingen",), rijen("per_doelgroep")),
        (("aanmeldingen",), rijen("per_dorp")),
        (("vervolgtrajecten",), rijen("routes")),
        (("vervolgtrajecten",), rijen("sectoren")),
        (("tekortsectoren",), rijen("sectoren")[:3]),
        (("beeindigd",), rijen("beeindigd_per_reden")),
        (("nazorg_afgerond",), rijen("nazorg_uitkomsten")),
        (("overdrachten_totaal",), rijen("overdrachten")),
        (("overdrachten_bevestigd",), rijen("overdrachten", "bevestigd")),
        (("instrumenten_aantal",), rijen("instrumenten")),
        (("instrumenten_kosten",), rijen("instrumenten", "kosten")),
        ((*ladder, "aantal"), [(*ladder, x) for x in ("omhoog", "gelijk", "omlaag")]),
        ((*conv, "afgerond"), [(*conv, "vervolg"), (*conv, "beeindigd")]),
        ((*conv, "gestart"), [(*conv, "afgerond"), (*conv, "lopend")]),
        (("orientatie_totaal_trajecten",), rijen("orientatie_per_jaar", "trajecten")),
    ]
    if jaar:
        laatste = len(v["per_maand"]) - 1
        sommen += [
            (("aanmeldingen",), [("per_maand", laatste, "aanmeldingen")]),
            (("orientatie_gestart",), [("per_maand", laatste, "orientatie")]),
            (("vervolgtrajecten",), [("per_maand", laatste, "vervolgtraject")]),
            (("orientatie_per_jaar", 1, "trajecten"), rijen("per_maand", "orientatie")),
        ]
    return sommen


def _waarde(v: dict, pad: tuple):
    for stap in pad:
        v = v[stap]
    return v


class _Onbekende:
    """A hidden cell, with the bounds the attacker has for it."""

    def __init__(self, naam: str):
        self.naam, self.lo, self.hi = naam, 0.0, ONEINDIG


def _aanvaller(v: dict, prijzen: list[Decimal], jaar: bool) -> dict[str, tuple[float, float]]:
    """Bounds of every hidden cell from every published figure and sum. A figure shown in
    several places (a total, a month) is one unknown everywhere."""
    onbekend: dict[tuple, _Onbekende] = {}

    def cel(pad: tuple):
        waarde = _waarde(v, pad)
        if waarde == VERBORGEN:
            return onbekend.setdefault(pad, _Onbekende("/".join(map(str, pad))))
        return float(waarde)

    vormen = [(cel(t), [cel(d) for d in delen]) for t, delen in _sommen(v, jaar)]
    # the unit prices tie each instrument's cost to its count
    for i, prijs in enumerate(prijzen):
        kosten = _waarde(v, ("instrumenten", i, "kosten"))
        if kosten != VERBORGEN:
            vormen.append((float(kosten) / float(prijs), [cel(("instrumenten", i, "aantal"))]))
    for _ in range(200):
        if not _stap(vormen):
            break
    return {o.naam: (o.lo, o.hi) for o in onbekend.values()}


def _lo(x) -> float:
    return x.lo if isinstance(x, _Onbekende) else x


def _hi(x) -> float:
    return x.hi if isinstance(x, _Onbekende) else x


def _stap(vormen) -> bool:
    veranderd = False
    for totaal, delen in vormen:
        leden = [totaal, *delen]
        for x in leden:
            if not isinstance(x, _Onbekende):
                continue
            if x is totaal:
                lo, hi = sum(map(_lo, delen)), sum(map(_hi, delen))
            else:
                rest = [d for d in delen if d is not x]
                lo = _lo(totaal) - sum(map(_hi, rest))
                hi = _hi(totaal) - sum(map(_lo, rest))
            if lo > x.lo + 1e-9:
                x.lo, veranderd = lo, True
            if hi < x.hi - 1e-9:
                x.hi, veranderd = hi, True
    return veranderd


def _verborgen_cellen(v: dict) -> int:
    def tel(x):
        if isinstance(x, dict):
            return sum(tel(w) for w in x.values())
        if isinstance(x, list):
            return sum(tel(w) for w in x)
        return x == VERBORGEN

    return tel(v)


@settings(max_examples=300, deadline=None)
@given(kpi_sets())
def test_no_hidden_cell_of_the_verantwoording_can_be_worked_out(figuren):
    k, _jaar, prijzen = figuren
    v = weergave(k, drempel=DREMPEL)
    for naam, (lo, hi) in _aanvaller(v, prijzen, jaar=False).items():
        assert hi - lo >= 0.5, f"{naam} is pinned to {lo}"
    # the headline accountability stays visible, whatever is hidden
    assert [r["aantal"] for r in v["orientatie_per_jaar"]] == [
        r["aantal"] for r in k.orientatie_per_jaar
    ]
    assert v["orientatie_totaal"] == k.orientatie_totaal
    # and every small count is hidden
    for naam in ("aanmeldingen", "beeindigd", "vervolgtrajecten"):
        if 0 < getattr(k, naam) < DREMPEL:
            assert v[naam] == VERBORGEN


@settings(max_examples=300, deadline=None)
@given(kpi_sets(met_jaar=True))
def test_no_hidden_cell_of_the_monthly_report_can_be_worked_out(figuren):
    k, jaar, prijzen = figuren
    v = weergave(k, uitsplitsing=DREMPEL, jaar=jaar)
    for naam, (lo, hi) in _aanvaller(v, prijzen, jaar=True).items():
        assert hi - lo >= 0.5, f"{naam} is pinned to {lo}"
    for rij, bron in zip(v["per_gebiedsteam"], k.per_gebiedsteam, strict=True):
        if 0 < bron.aantal < DREMPEL:
            assert rij["aantal"] == VERBORGEN


def test_the_attacker_finds_a_cell_that_only_primary_suppression_hides():
    """Honesty check of the attacker: with only the small cell hidden, it is pinned."""
    v = {"aanmeldingen": 9, "per_gebiedsteam": [{"aantal": VERBORGEN}, {"aantal": 6}]}
    sommen = [(v["aanmeldingen"], [r["aantal"] for r in v["per_gebiedsteam"]])]
    vormen = [
        (float(t), [_Onbekende("a") if d == VERBORGEN else float(d) for d in delen])
        for t, delen in sommen
    ]
    while _stap(vormen):
        pass
    (onbekend,) = [d for d in vormen[0][1] if isinstance(d, _Onbekende)]
    assert (onbekend.lo, onbekend.hi) == (3.0, 3.0)
