"""Validation of Dutch identifiers: BSN (11-proef) and postcode."""

import re

from django.core.exceptions import ValidationError

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
# Combinations the postal service does not issue.
POSTCODE_VERBODEN_LETTERS = {"SA", "SD", "SS"}


def bsn_is_geldig(bsn: str) -> bool:
    """The 11-proef: weights 9..2 and -1 for the last digit; the sum is divisible by 11."""
    if not re.fullmatch(r"[0-9]{8,9}", bsn):
        return False
    bsn = bsn.zfill(9)
    if bsn == "000000000":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(bsn[:8], range(9, 1, -1), strict=True))
    total -= int(bsn[8])
    return total % 11 == 0


def normaliseer_bsn(value: str) -> str:
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not digits:
        return ""
    if not bsn_is_geldig(digits):
        raise ValidationError(
            "Dit is geen geldig burgerservicenummer: het voldoet niet aan de 11-proef.",
            code="bsn_ongeldig",
        )
    return digits.zfill(9)


def validate_bsn(value: str) -> None:
    if value:
        normaliseer_bsn(value)


def normaliseer_postcode(value: str) -> str:
    if not value or not value.strip():
        return ""
    match = POSTCODE_RE.match(value)
    if not match or match.group(2).upper() in POSTCODE_VERBODEN_LETTERS:
        raise ValidationError(
            "Vul een geldige postcode in: vier cijfers en twee letters, bijvoorbeeld 8301 AB.",
            code="postcode_ongeldig",
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_postcode(value: str) -> None:
    if value:
        normaliseer_postcode(value)
