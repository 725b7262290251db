"""Glue for django-axes."""

from __future__ import annotations

# Longest username a Gebruiker can have; axes stores at most 255 characters.
MAX_GEBRUIKERSNAAM = 150


def axes_gebruikersnaam(request, credentials=None) -> str:
    """The attempted username, cut to what a real account can have. Without this, a login
    attempt with a very long name makes axes fail to store it (a server error on PostgreSQL),
    as the hostile-input tests showed."""
    bron = credentials if credentials and "username" in credentials else request.POST
    return str(bron.get("username") or "")[:MAX_GEBRUIKERSNAAM]
