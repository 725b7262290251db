"""The processing log (``Logregel``) that the stories would have left, in the proportion real use
writes it: one row per change (the services' ``@logt_wijziging``), a dossier read before each
change or contact, list reads (one row per resident shown: caseload, mijn aanmeldingen) and a
login per werkcoach per working day.

On PostgreSQL the rows go to a staging table first and are moved into the log sorted by time at
the end, so the log's keys and physical order follow time as in real use (append-only)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.db import connection

from demo.schaal.reis import AFGESLOTEN, Reis, Wereld, moment
from demo.schaal.schrijver import Schrijver
from werkcoach.models import Logregel

AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0"
STAGING = "schaal_logregel_staging"
_KOLOMMEN = [
    "tijdstip",
    "actie",
    "doel",
    "resultaat",
    "actor_id",
    "actor_naam",
    "object_type",
    "object_id",
    "inwoner_id",
    "ip_adres",
    "user_agent",
    "omschrijving",
]
# Another change may add the gemeente to each log row; the filler then fills it in.
MET_GEMEENTE = any(f.column == "gemeente_id" for f in Logregel._meta.concrete_fields)
KOLOMMEN = _KOLOMMEN + (["gemeente_id"] if MET_GEMEENTE else [])


class Logboek:
    """Writes log rows for blocks of stories. ``lijst_per_traject``: list-page reads per
    traject (the knob that sets the log's size relative to the residents)."""

    def __init__(self, s: Schrijver, namen: dict[int, str], lijst_per_traject: float) -> None:
        self.s, self.namen, self.lijst = s, namen, lijst_per_traject
        self.staging = s.postgres
        if self.staging:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
                namen_sql = ", ".join(f'"{k}"' for k in KOLOMMEN)
                cursor.execute(
                    f"CREATE UNLOGGED TABLE {STAGING} AS SELECT {namen_sql} "  # noqa: S608  # nosec B608 - names from the models
                    f'FROM "{Logregel._meta.db_table}" WHERE false'
                )

    def _rij(self, w: Wereld, op: datetime, actie: str, doel: str, actor: int, **kw) -> tuple:
        rij = (
            op,
            actie,
            doel,
            "gelukt",
            actor,
            self.namen[actor],
            kw.get("type", ""),
            str(kw.get("id", "")),
            kw.get("inwoner"),
            f"10.{w.gemeente_id % 250}.{actor // 250 % 250}.{actor % 250 + 1}",
            AGENT,
            kw.get("omschrijving", ""),
        )
        return rij + ((w.gemeente_id,) if MET_GEMEENTE else ())

    def schrijf(self, reizen: list[Reis], w: Wereld, rng: random.Random, nu: datetime) -> None:
        rijen = (rij for r in reizen for rij in self._verhaal(r, w, rng, nu))
        if self.staging:
            aantal = self.s.copy_naar(STAGING, KOLOMMEN, rijen)
            self.s.tellingen[Logregel._meta.db_table] += aantal
        else:
            self.s.schrijf(Logregel, KOLOMMEN, rijen)

    def _verhaal(self, r: Reis, w: Wereld, rng: random.Random, nu: datetime) -> Iterator[tuple]:
        """Every log row of one story."""
        inw, wc, sw = r.inwoner_id, r.werkcoach_id, r.sociaal_werker_id
        aanmelding = {"type": "cases.Aanmelding", "id": r.aanmelding_id, "inwoner": inw}
        yield self._rij(w, r.aangemeld_op, "aanmaken", "verwijzing", sw, **aanmelding)
        for _ in range(rng.randint(0, 2)):  # the referrer looks at "mijn aanmeldingen"
            op = r.aangemeld_op + timedelta(days=rng.randint(1, 60))
            if op < nu:
                omschrijving = "Mijn aanmeldingen: aanmeldingen getoond"
                yield self._rij(
                    w, op, "bekijken", "verwijzing", sw, inwoner=inw, omschrijving=omschrijving
                )
        if r.behandeld_op and r.status != "ingetrokken":
            yield self._rij(
                w,
                r.behandeld_op - timedelta(minutes=5),
                "bekijken",
                "begeleiding",
                wc,
                **aanmelding,
            )
            tekst = (
                "Aanmelding aangenomen; traject gestart"
                if r.traject_id
                else "Aanmelding afgewezen of onbereikbaar"
            )
            yield self._rij(
                w, r.behandeld_op, "wijzigen", "begeleiding", wc, omschrijving=tekst, **aanmelding
            )
        if r.ingetrokken_op:
            yield self._rij(
                w,
                r.ingetrokken_op,
                "wijzigen",
                "rechten_betrokkene",
                sw,
                omschrijving="Toestemming ingetrokken",
                **aanmelding,
            )
        if r.traject_id:
            yield from self._traject(r, w, rng, nu)

    def _traject(self, r: Reis, w: Wereld, rng: random.Random, nu: datetime) -> Iterator[tuple]:
        wc = r.werkcoach_id
        traject = {"type": "trajecten.Traject", "id": r.traject_id, "inwoner": r.inwoner_id}
        wijzigingen = [
            (op, "beeindigen" if naar == AFGESLOTEN else naar) for _, naar, op in r.fasen[1:]
        ]
        wijzigingen += [(c.datum, "contactmoment") for c in r.contacten]
        wijzigingen += [(moment(i[3], 9), "inzet") for i in r.inzetten]
        wijzigingen += [(moment(m[1], 11), "meting") for m in r.metingen]
        if r.eerste_contact_op:
            wijzigingen.append((r.eerste_contact_op, "Kennismakingsgesprek gepland"))
        if r.overdracht:
            wijzigingen.append((r.overdracht.op, "overdracht"))
        if r.nazorg:
            wijzigingen.append((moment(r.nazorg.start, 10), "nazorgplan"))
        for op, omschrijving in wijzigingen:
            if rng.random() < 0.3:  # the dossier opened for it (often it is open already)
                yield self._rij(
                    w, op - timedelta(minutes=3), "bekijken", "begeleiding", wc, **traject
                )
            yield self._rij(
                w, op, "wijzigen", "begeleiding", wc, omschrijving=omschrijving, **traject
            )
        if r.overdracht and r.overdracht.bevestigd_op:
            bevestiger = r.overdracht.persoon_id or wc
            yield self._rij(
                w,
                r.overdracht.bevestigd_op,
                "wijzigen",
                "overdracht",
                bevestiger,
                type="trajecten.Overdracht",
                id=r.overdracht.id,
                inwoner=r.inwoner_id,
                omschrijving="Ontvangst van de overdracht bevestigd.",
            )
        yield from self._lijsten(r, w, rng, nu)

    def _lijsten(self, r: Reis, w: Wereld, rng: random.Random, nu: datetime) -> Iterator[tuple]:
        """The resident shown on the werkcoach's caseload while the traject was open."""
        begin = r.fasen[0][2]
        eind = r.beeindigd_op or nu
        seconden = max(1, int((eind - begin).total_seconds()))
        aantal = int(self.lijst * seconden / (120 * 86400) + rng.random())
        for _ in range(aantal):
            op = begin + timedelta(seconds=rng.randrange(seconden))
            yield self._rij(
                w,
                op,
                "bekijken",
                "begeleiding",
                r.werkcoach_id,
                inwoner=r.inwoner_id,
                omschrijving="Caseload, pagina 1.",
            )

    def inloggen(self, w: Wereld, nu: datetime) -> None:
        """A login per werkcoach per working day of the pilot."""

        def rijen() -> Iterator[tuple]:
            dag: date = w.start
            while dag < nu.date():
                if dag.weekday() < 5:
                    for wc in w.werkcoaches:
                        yield self._rij(w, moment(dag, 7, wc % 60), "inloggen", "beveiliging", wc)
                dag += timedelta(days=1)

        if self.staging:
            self.s.tellingen[Logregel._meta.db_table] += self.s.copy_naar(
                STAGING, KOLOMMEN, rijen()
            )
        else:
            self.s.schrijf(Logregel, KOLOMMEN, rijen())

    def afronden(self) -> None:
        """Move the staged rows into the log, oldest first (keys follow time)."""
        if not self.staging:
            return
        namen = ", ".join(f'"{k}"' for k in KOLOMMEN)
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO "{Logregel._meta.db_table}" ({namen}) '  # noqa: S608  # nosec B608 - names from the models
                f"SELECT {namen} FROM {STAGING} ORDER BY tijdstip"
            )
            cursor.execute(f"DROP TABLE {STAGING}")
