"""Domain errors with a Dutch message for the user."""

from django.core.exceptions import ValidationError


class GelijktijdigeWijziging(ValidationError):
    """Somebody else saved the same record after this form was opened."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "Iemand anders heeft dit dossier intussen gewijzigd. Uw wijziging is niet "
            "opgeslagen: laad de pagina opnieuw en voer haar zo nodig nog eens in.",
            code="gelijktijdige_wijziging",
        )


class NietToegestaneOvergang(ValidationError):
    def __init__(self, message: str):
        super().__init__(message, code="niet_toegestane_overgang")


class AlVastgelegd(Exception):
    """A double submit: what the form asks was saved by its first submit. Not an error for
    the user; the view answers as for the first submit."""

    def __init__(self, vastgelegd):
        super().__init__(f"{vastgelegd} was al vastgelegd")
        self.vastgelegd = vastgelegd
