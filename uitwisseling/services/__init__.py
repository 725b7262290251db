"""Writes of data coming in: setting up a gemeente (``onboarding``) and importing earlier
registrations (``invoer``). Callers import from ``uitwisseling.services``."""

from uitwisseling.services.invoer import import_bevestigen, import_voorbeeld
from uitwisseling.services.onboarding import (
    Beheerder,
    Onboarding,
    Sjabloon,
    Team,
    gemeente_onboarden,
    standaard_sjabloon,
)

__all__ = [
    "Beheerder",
    "Onboarding",
    "Sjabloon",
    "Team",
    "gemeente_onboarden",
    "import_bevestigen",
    "import_voorbeeld",
    "standaard_sjabloon",
]
