import pytest
from django.core.exceptions import ValidationError

from werkcoach.validators import bsn_is_geldig, normaliseer_bsn, normaliseer_postcode


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990", "12345672"])
def test_bsn_passing_the_11_proef_is_valid(bsn):
    assert bsn_is_geldig(bsn)


@pytest.mark.parametrize(
    "bsn", ["111222334", "123456789", "000000000", "12345", "abcdefghi", "1234567890"]
)
def test_bsn_failing_the_11_proef_or_format_is_invalid(bsn):
    assert not bsn_is_geldig(bsn)


def test_bsn_is_normalised_to_nine_digits():
    assert normaliseer_bsn(" 1234.56.782 ") == "123456782"
    assert normaliseer_bsn("12345672") == "012345672"


def test_invalid_bsn_gives_a_dutch_message():
    with pytest.raises(ValidationError, match="11-proef"):
        normaliseer_bsn("123456789")


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [("8302ab", "8302 AB"), (" 8302 AB ", "8302 AB"), ("8309  tk", "8309 TK"), ("", "")],
)
def test_postcode_is_normalised(invoer, verwacht):
    assert normaliseer_postcode(invoer) == verwacht


@pytest.mark.parametrize(
    "postcode", ["0302 AB", "830 AB", "8302 A", "8302 SS", "8302 SA", "ABCD 12", "8302-AB-1"]
)
def test_invalid_postcode_is_refused_in_dutch(postcode):
    with pytest.raises(ValidationError, match="postcode"):
        normaliseer_postcode(postcode)
