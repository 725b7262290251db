"""Writing spreadsheet cells safely: text that a spreadsheet program would run as a formula
(starting with = + - @, a tab or a carriage return) is stored as plain text.

openpyxl turns every string that starts with "=" into a formula; a label typed by a user
(a village, an organisation's name) must never become one. Setting the cell's type to
string keeps the text exactly as typed, without the apostrophe a CSV export needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")


def veilig_maken(cel) -> None:
    """Store ``cel``'s text as text, whatever it starts with."""
    if isinstance(cel.value, str) and cel.value.startswith(FORMULETEKENS):
        cel.data_type = "s"


def rij_toevoegen(blad, waarden: Iterable[Any]) -> None:
    """``blad.append(waarden)``, with every text cell of the new row made safe."""
    waarden = list(waarden)
    blad.append(waarden)
    if not waarden:
        return
    for cel in blad[blad.max_row]:
        veilig_maken(cel)
