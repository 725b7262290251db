from tests.toegang.matrix import GEWEIGERD, NAAR_LOGIN, per_rol, rij

MATRIX = {
    # Adding a gemeente is for the application's superuser only (none in the matrix): a
    # gemeente's own beheerder is refused too, and a POST adds nothing.
    "uitwisseling:gemeente_toevoegen": rij(
        anoniem=NAAR_LOGIN,
        overig=GEWEIGERD,
        post=per_rol(anoniem=NAAR_LOGIN, overig=GEWEIGERD),
        data={"gemeente": "Almere", "beheerder_gebruikersnaam": "x"},
    ),
}
