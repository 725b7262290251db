"""Form fields shared by the apps."""

from django import forms


class BedragField(forms.DecimalField):
    """An amount as Dutch users type it: '€ 12.500,00', '1.234,56', '12500,00' or '12500.00'."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)
