from tests.toegang.matrix import (
    ALLEEN_POST,
    DOORGESTUURD,
    GEWEIGERD,
    NAAR_LOGIN,
    NIET_GEVONDEN,
    OK,
    ONGELDIG,
    per_rol,
    rij,
)

ALLEEN_GET = per_rol(overig=ALLEEN_POST)
IMPORTEURS = {
    "werkcoach": OK,
    "projectleider": OK,
    "werkcoach_andere_gemeente": OK,
    "projectleider_andere_gemeente": OK,
}


def objecten(wereld, basis):
    """A previewed file of the matrix's werkcoach (Noordoostpolder)."""
    from uitwisseling.services import import_voorbeeld

    inhoud = (
        "Voornaam;Achternaam;Gebiedsteam;Datum aanmelding;Signaal;Toestemming;"
        "Datum toestemming;Wijze toestemming\n"
        f"Anna;Visser;{wereld.team_a.naam};01-03-2024;Zoekt werk;ja;01-03-2024;mondeling\n"
    ).encode()
    bestand = import_voorbeeld(
        door=wereld.werkcoach, gemeente=wereld.nop, naam="matrix.csv", inhoud=inhoud
    )
    return {"importbestand": bestand}


MATRIX = {
    # Adding a gemeente is for the application's superuser only (none in the matrix): a
    # gemeente's own beheerder is refused too, and a POST adds nothing.
    "uitwisseling:gemeente_toevoegen": rij(
        anoniem=NAAR_LOGIN,
        overig=GEWEIGERD,
        post=per_rol(anoniem=NAAR_LOGIN, overig=GEWEIGERD),
        data={"gemeente": "Almere", "beheerder_gebruikersnaam": "x"},
    ),
    # The import: werkcoach and projectleider of any gemeente (each into their own); an empty
    # upload is shown again with its error.
    "uitwisseling:import_start": rij(
        anoniem=NAAR_LOGIN,
        overig=GEWEIGERD,
        **IMPORTEURS,
        post=per_rol(
            anoniem=NAAR_LOGIN,
            overig=GEWEIGERD,
            **dict.fromkeys(IMPORTEURS, ONGELDIG),
        ),
    ),
    "uitwisseling:import_sjabloon": rij(
        anoniem=NAAR_LOGIN, overig=GEWEIGERD, **IMPORTEURS, post=ALLEEN_GET
    ),
    # A previewed file is its uploader's only: a colleague or another gemeente gets a 404.
    "uitwisseling:import_voorbeeld": rij(
        kwargs={"pk": "importbestand"},
        anoniem=NAAR_LOGIN,
        overig=GEWEIGERD,
        werkcoach=OK,
        projectleider=NIET_GEVONDEN,
        werkcoach_andere_gemeente=NIET_GEVONDEN,
        projectleider_andere_gemeente=NIET_GEVONDEN,
        post=ALLEEN_GET,
    ),
    "uitwisseling:import_bevestigen": rij(
        kwargs={"pk": "importbestand"},
        overig=ALLEEN_POST,
        post=per_rol(
            anoniem=NAAR_LOGIN,
            overig=GEWEIGERD,
            werkcoach=DOORGESTUURD,
            projectleider=NIET_GEVONDEN,
            werkcoach_andere_gemeente=NIET_GEVONDEN,
            projectleider_andere_gemeente=NIET_GEVONDEN,
        ),
    ),
}
