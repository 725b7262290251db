"""Suppression of small numbers that cannot be undone (primary and secondary suppression).

A report that leaves the pilot publishes counts, totals and amounts that are tied together by
sums: the referrals per gebiedsteam add up to the referrals, the routes to the vervolgtrajecten,
the costs per provider to the costs. Hiding a small count is not enough when it can be worked
out from what is shown: a total minus the visible parts, or two hidden cells that must add up
to a shown number. As statistical offices do (CBS with τ-ARGUS), this module

1. hides every protected count from 1 to the threshold (primary suppression), and
2. hides further cells until no hidden cell is pinned to one value by the published figures
   (secondary suppression): for every hidden cell it bounds the value from all the sums it is
   part of, with every other hidden cell anywhere between 0 and unbounded, and while a hidden
   cell's lowest and highest possible value meet it hides one more cell of a sum that pins it
   (the smallest visible one that is not a headline figure).

A hidden count's amount is hidden with it and the other way round (``koppelingen``), so a cost
column never gives away a count. Every hidden cell is shown with the same sign, so a reader
cannot tell a small count from a cell hidden to protect it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ONBEKEND = float("inf")
VERBORGEN = "x"  # CBS's sign for a figure that is not published to protect small numbers


@dataclass(frozen=True)
class Som:
    """``totaal`` is the sum of ``delen`` (names of cells)."""

    totaal: str
    delen: tuple[str, ...]


@dataclass
class Cijfers:
    """The numbers one report publishes, by cell name, and how they hang together."""

    waarden: dict[str, float] = field(default_factory=dict)
    sommen: list[Som] = field(default_factory=list)
    beschermd: set[str] = field(default_factory=set)  # counts the primary rule applies to
    vast: set[str] = field(default_factory=set)  # headline figures: never hidden
    koppelingen: dict[str, set[str]] = field(default_factory=dict)  # hidden together

    def cel(self, naam: str, waarde: float | int | Decimal, *, beschermd: bool = False) -> str:
        self.waarden[naam] = float(waarde)
        if beschermd:
            self.beschermd.add(naam)
        return naam

    def som(self, totaal: str, delen: Iterable[str]) -> None:
        delen = tuple(delen)
        if delen:
            self.sommen.append(Som(totaal, delen))

    def koppel(self, a: str, b: str) -> None:
        self.koppelingen.setdefault(a, set()).add(b)
        self.koppelingen.setdefault(b, set()).add(a)


def grenzen(
    waarden: Mapping[str, float], verborgen: set[str], sommen: Iterable[Som]
) -> dict[str, tuple[float, float]]:
    """The lowest and highest value each hidden cell can have, given every visible cell and the
    sums (interval propagation to a fixed point)."""
    sommen = list(sommen)
    lo = dict.fromkeys(verborgen, 0.0)
    hi = dict.fromkeys(verborgen, ONBEKEND)

    def onder(n: str) -> float:
        return lo[n] if n in verborgen else waarden[n]

    def boven(n: str) -> float:
        return hi[n] if n in verborgen else waarden[n]

    for _ in range(100):
        veranderd = False
        for s in sommen:
            leden = (s.totaal, *s.delen)
            if not any(n in verborgen for n in leden):
                continue
            som_lo = sum(onder(d) for d in s.delen)
            som_hi = sum(boven(d) for d in s.delen)
            for n in leden:
                if n not in verborgen:
                    continue
                if n == s.totaal:
                    nieuw_lo, nieuw_hi = som_lo, som_hi
                else:
                    nieuw_lo = onder(s.totaal) - (som_hi - boven(n))
                    nieuw_hi = boven(s.totaal) - (som_lo - onder(n))
                if nieuw_lo > lo[n] + 1e-9:
                    lo[n], veranderd = nieuw_lo, True
                if nieuw_hi < hi[n] - 1e-9:
                    hi[n], veranderd = nieuw_hi, True
        if not veranderd:
            break
    return {n: (lo[n], hi[n]) for n in verborgen}


def vastgepind(bereik: tuple[float, float]) -> bool:
    lo, hi = bereik
    return hi - lo < 0.005


def _met_koppelingen(c: Cijfers, namen: Iterable[str]) -> set[str]:
    uit, todo = set(), list(namen)
    while todo:
        n = todo.pop()
        if n not in uit:
            uit.add(n)
            todo.extend(c.koppelingen.get(n, ()))
    return uit


def _kandidaat(c: Cijfers, naam: str, niet: set[str]) -> str | None:
    """The cell to hide next to protect ``naam``: the smallest visible cell of a sum that holds
    ``naam``, not in ``niet`` (hidden already, or a headline figure); a part before a total."""
    beste: tuple | None = None
    for s in c.sommen:
        leden = (s.totaal, *s.delen)
        if naam not in leden:
            continue
        for n in leden:
            if n in niet:
                continue
            sleutel = (n == s.totaal, c.waarden[n] == 0, c.waarden[n], n)
            if beste is None or sleutel < beste:
                beste = sleutel
    return None if beste is None else beste[-1]


def onderdrukken(c: Cijfers, drempel: int) -> set[str]:
    """The names of the cells a report hides at ``drempel`` (primary and secondary). A cell that
    the headline figures pin by themselves is public through them: it is shown."""
    if drempel <= 0:
        return set()
    vast = set(c.vast)
    verborgen = _met_koppelingen(
        c, (n for n in c.beschermd if 0 < c.waarden[n] < drempel and n not in vast)
    )
    while True:
        bereik = grenzen(c.waarden, verborgen, c.sommen)
        open_ = sorted(n for n in verborgen if vastgepind(bereik[n]))
        if not open_:
            return verborgen
        for naam in open_:
            extra = _kandidaat(c, naam, verborgen | vast)
            if extra is not None:
                verborgen |= _met_koppelingen(c, [extra])
                break
        else:
            # Every other cell of the sums that pin these is a headline figure (or public
            # already): their values are public through the headline, so they are shown.
            publiek = _met_koppelingen(c, open_)
            verborgen -= publiek
            vast |= publiek
