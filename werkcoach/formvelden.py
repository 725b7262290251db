"""Form fields shared by the apps."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def servicefouten_op_form(form: forms.BaseForm, fout: ValidationError) -> None:
    """Tie a service's errors to the form's fields where it names one, else to the form."""
    if not hasattr(fout, "error_dict"):
        form.add_error(None, fout.messages)
        return
    for veld, fouten in fout.message_dict.items():
        form.add_error(veld if veld in form.fields else None, fouten)


BEDRAG_FOUT = "Vul een bedrag in, bijvoorbeeld 1.234,56."
BEVESTIGD = "bedrag_bevestigd"

# Whole thousands written the Dutch way: 1.234 or 12.345.678 (never with a leading zero).
_DUIZENDTALLEN = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_GETAL = re.compile(r"-?\d+(?:\.\d+)?")


def bedrag_lezen(tekst: str) -> Decimal:
    """An amount as a Dutch user types it: '€ 12.500,00', '1.234,56', '412,35', '12,-', '12.500'
    (twelve thousand five hundred), and also '412.35' as a computer writes it. A dot followed by
    exactly three digits groups thousands, as in Dutch; with one or two digits it is a decimal
    point, since an amount has no third decimal. Raises ``ValueError`` for anything else."""
    s = re.sub(r"(?i)€|eur\b|[\s\u00a0\u202f]", "", tekst)
    s = re.sub(r"[.,]-{1,2}$", "", s)  # "12,-": whole euros
    teken = "-" if s.startswith("-") else ""
    s = s.removeprefix("-")
    if "," in s:
        heel, _, deel = s.partition(",")
        if "," in deel or "." in deel:
            raise ValueError(tekst)
        if "." in heel:
            if not _DUIZENDTALLEN.fullmatch(heel):
                raise ValueError(tekst)
            heel = heel.replace(".", "")
        s = f"{heel or '0'}.{deel}" if deel else heel
    elif _DUIZENDTALLEN.fullmatch(s):
        s = s.replace(".", "")
    s = teken + s
    if not _GETAL.fullmatch(s):
        raise ValueError(tekst)
    try:
        return Decimal(s)
    except InvalidOperation as fout:  # pragma: no cover - the pattern above admits only numbers
        raise ValueError(tekst) from fout


class BedragField(forms.DecimalField):
    """An amount in euros, typed as Dutch users type it (see ``bedrag_lezen``).

    A text input with a decimal keyboard, never ``type=number``: a browser with a Dutch locale
    drops the comma of a number input, which turned 412,35 into 41235."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = BEDRAG_FOUT

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                return bedrag_lezen(value.strip())
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


class BedragBevestigenMixin:
    """An amount far outside what is plausible (a comma lost, a zero too many) is saved only
    after the user ticks 'Het bedrag klopt'. The box appears only when it is needed.

    A form calls ``bedragen_bevestigen({veld: (grens, waarom)})`` from its ``clean``; the box's
    value never reaches ``cleaned_data``, so the services receive only their own arguments."""

    def voeg_bevestiging_toe(self) -> None:
        self.fields[BEVESTIGD] = forms.BooleanField(  # type: ignore[attr-defined]
            label="Het bedrag klopt", required=False, widget=forms.HiddenInput
        )

    def bedragen_bevestigen(self, grenzen: dict[str, tuple[Decimal | None, str]]) -> None:
        from werkcoach.templatetags.opmaak import euro

        data = self.cleaned_data  # type: ignore[attr-defined]
        bevestigd = data.pop(BEVESTIGD, False)
        if bevestigd:
            return
        for veld, (grens, waarom) in grenzen.items():
            bedrag = data.get(veld)
            if bedrag is None or grens is None or bedrag <= grens:
                continue
            self.fields[BEVESTIGD].widget = forms.CheckboxInput()  # type: ignore[attr-defined]
            self.add_error(  # type: ignore[attr-defined]
                veld,
                f"{euro(bedrag)} is {waarom} ({euro(grens)}). Klopt dit bedrag? Vink dan "
                "‘Het bedrag klopt’ aan en sla opnieuw op.",
            )


DATUM_FORMATEN = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATUM_FOUT = "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 17-05-2001."
DATUMTIJD_FORMATEN = (
    [f"{d} %H:%M" for d in DATUM_FORMATEN]
    + [f"{d} %H.%M" for d in DATUM_FORMATEN]
    + ["%Y-%m-%dT%H:%M"]
)


class DatumInput(forms.DateInput):
    """The one way to enter a date: a text field in the Dutch notation dd-mm-jjjj.

    Not the browser's native picker: it shows the browser's locale (mm/dd/yyyy in an English
    browser, so 03/02 reads differently per colleague), each browser draws and announces it
    differently to screen readers, and typing a birth date decades back in it is slow. A text
    field with the format in its label or help text works the same everywhere."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's own argument name
        basis = {"inputmode": "numeric", "autocomplete": "off", "placeholder": "dd-mm-jjjj"}
        basis.update(attrs or {})
        super().__init__(attrs=basis, format=format or "%d-%m-%Y")


class DatumField(forms.DateField):
    """A date typed as dd-mm-jjjj (also d-m-jjjj, dd/mm/jjjj, dd.mm.jjjj, and the ISO form a
    computer sends). A year must have four digits: "17-05-01" is refused, not year 1."""

    widget = DatumInput
    input_formats = DATUM_FORMATEN

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Als dd-mm-jjjj.")
        super().__init__(**kwargs)
        self.error_messages["invalid"] = DATUM_FOUT

    def to_python(self, value):
        dag = super().to_python(value)
        if dag is not None and dag.year < 1900:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return dag


class DatumTijdInput(forms.MultiWidget):
    """A moment as two text fields: the date as dd-mm-jjjj (the same as every date field) and
    the time as uu:mm. The form sees one value, "dd-mm-jjjj uu:mm"; a client that posts the
    field under its own name (as the tests and older pages do) is understood as well. The form
    renders the pair as a fieldset with the field's label as legend; each input is named
    "Datum" and "Tijd" within it."""

    # In the app, not in templates/: Django's form renderer reads only the apps' templates.
    template_name = "werkcoach/widgets/datumtijd.html"

    def __init__(self, attrs=None):
        tijd = {"inputmode": "numeric", "autocomplete": "off", "placeholder": "uu:mm"}
        super().__init__(
            [
                DatumInput(attrs={"aria-label": "Datum"}),
                forms.TimeInput(format="%H:%M", attrs={**tijd, "aria-label": "Tijd"}),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, str) and value:
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return [value, ""]
        if isinstance(value, datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return [value.strftime("%d-%m-%Y"), value.strftime("%H:%M")]
        return ["", ""]

    def value_from_datadict(self, data, files, name):
        if f"{name}_0" not in data and name in data:
            return data.get(name)
        dag, tijd = (str(w or "").strip() for w in super().value_from_datadict(data, files, name))
        return f"{dag} {tijd}".strip() if dag or tijd else ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


class DatumTijdField(forms.DateTimeField):
    """A moment in local time, typed as a date (dd-mm-jjjj) and a time (uu:mm).

    Django refuses a local time that occurs twice (the night the clocks go back) or not at all
    (the night they go forward), so a form prefilled with 'now' failed for an hour a year. Here
    the earlier of two readings is taken, and a time in the gap counts with the offset before
    it (PEP 495). A value in the current minute means "now": the input has minutes only, so a
    step recorded right after the previous one does not seem to lie before it."""

    widget = DatumTijdInput
    input_formats = DATUMTIJD_FORMATEN

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Datum als dd-mm-jjjj, tijd als uu:mm.")
        super().__init__(**kwargs)
        self.error_messages["invalid"] = (
            "Vul een datum en tijd in als dd-mm-jjjj en uu:mm, bijvoorbeeld 17-05-2026 14:30."
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        moment: datetime | None
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            moment = datetime(value.year, value.month, value.day)  # noqa: DTZ001 - made aware below
        else:
            try:
                moment = parse_datetime(value.strip()) or BaseTemporalField.to_python(self, value)
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if moment is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if timezone.is_naive(moment):
            # Through UTC, so that a time in the gap becomes the real moment it stands for.
            lokaal = moment.replace(tzinfo=timezone.get_current_timezone())
            moment = lokaal.astimezone(UTC)
        return moment

    def clean(self, value):
        waarde = super().clean(value)
        nu = timezone.now()
        if waarde is not None and nu.replace(second=0, microsecond=0) <= waarde <= nu:
            return nu
        return waarde
