"""A pilot's history: referrals spread over the pilot's months, each walked through the
klantreis as far as the calendar allows. Also used by the benchmarks to grow the data set."""

import random
from datetime import date, timedelta

from cases.models import Aanmelding
from cases.services import aanmelding_create
from demo.inwoners import SIGNALEN, inwoner_gegevens, nl_dt
from demo.klantreis import Omgeving, verloop
from trajecten.models import Instrument
from werkcoach.models import Gebiedsteam, Gebruiker, Organisatie, Pilot


def geschiedenis(
    *,
    pilot: Pilot,
    teams: list[Gebiedsteam],
    gebruikers: dict[str, Gebruiker],
    sociaal_werkers: list[Gebruiker],
    werkcoach: Gebruiker,
    partners: dict[str, Organisatie],
    aantal: int,
    vandaag: date,
    seed: int,
    verse: tuple[int, ...] = (1, 3, 4, 9, 12, 16),
) -> None:
    """``aantal`` referrals, of which those ``verse`` days old are still in the inbox."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    dagen = _aanmeldingsdagen(rng, pilot=pilot, aantal=aantal, vandaag=vandaag, verse=verse)
    omgeving = Omgeving(
        rng=rng,
        werkcoach=werkcoach,
        partners=partners,
        gebruikers=gebruikers,
        instrumenten=list(Instrument.objects.filter(actief=True)),
        vandaag=vandaag,
    )
    for i, dag in enumerate(dagen):
        aanmelding = _aanmelden(
            rng, team=teams[i % len(teams)], door=sociaal_werkers[i % len(sociaal_werkers)], dag=dag
        )
        if (vandaag - dag).days < 8 and i >= len(dagen) - len(verse):
            continue  # still in the inbox
        verloop(aanmelding, omgeving)


def _aanmeldingsdagen(
    rng: random.Random, *, pilot: Pilot, aantal: int, vandaag: date, verse: tuple[int, ...]
) -> list[date]:
    """The working days the referrals come in on, in order."""
    start = pilot.startdatum + timedelta(days=14)
    eind = vandaag - timedelta(days=2)
    dagen = (eind - start).days
    # Referrals grew after the start-up year: more of them fall in the last ten months.
    recent = min(dagen, 300)
    data = [
        start + timedelta(days=rng.randint(0, dagen))
        if n % 5 < 2
        else eind - timedelta(days=rng.randint(0, recent))
        for n in range(aantal - len(verse))
    ]
    # A few fresh referrals in the werkcoach's inbox.
    data += [vandaag - timedelta(days=d) for d in verse]
    # A weekend's referral is made on the Friday before.
    data = [d for d in data if d.weekday() < 5] + [
        d - timedelta(days=d.weekday() - 4) for d in data if d.weekday() >= 5
    ]
    return sorted(data)


def _aanmelden(rng: random.Random, *, team: Gebiedsteam, door: Gebruiker, dag: date) -> Aanmelding:
    return aanmelding_create(
        door=door,
        gebiedsteam=team,
        inwoner_gegevens=inwoner_gegevens(rng, team),
        signaal=rng.choice(SIGNALEN),
        wens="Graag eerst een kop koffie, zonder verplichtingen.",
        toestemming_gegeven=True,
        toestemming_datum=dag,
        toestemming_wijze=rng.choice(Aanmelding.Toestemmingswijze.values),
        contactvoorkeur=rng.choice(Aanmelding.Contactvoorkeur.values),
        op=nl_dt(dag, 9),
    )
