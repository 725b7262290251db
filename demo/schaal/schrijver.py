"""Writing many rows fast: PostgreSQL's ``COPY ... FROM STDIN`` (psycopg 3), and plain
``executemany`` on other databases (SQLite, for the tests). Primary keys are handed out here, so
rows of different tables can point at each other before any of them is written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Max, Model


class Schrijver:
    """Hands out primary keys per model and writes rows with the columns given."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self._volgende: dict[type[Model], int] = {}
        self.tellingen: Counter[str] = Counter()

    def id(self, model: type[Model]) -> int:
        """The next free primary key of ``model`` (read once from the table, then counted)."""
        if model not in self._volgende:
            hoogste = model._default_manager.aggregate(m=Max("pk"))["m"] or 0
            self._volgende[model] = hoogste + 1
        volgende = self._volgende[model]
        self._volgende[model] = volgende + 1
        return volgende

    def schrijf(
        self, model: type[Model], kolommen: Sequence[str], rijen: Iterable[Sequence[Any]]
    ) -> int:
        """Write ``rijen`` (tuples in the order of ``kolommen``, database column names) into
        ``model``'s table. Returns the number of rows written."""
        tabel = model._meta.db_table
        if self.postgres:
            aantal = self.copy_naar(tabel, kolommen, rijen)
        else:
            aantal = self._executemany(model, kolommen, rijen)
        self.tellingen[tabel] += aantal
        return aantal

    def copy_naar(self, tabel: str, kolommen: Sequence[str], rijen: Iterable[Sequence[Any]]) -> int:
        """``COPY`` the rows into ``tabel`` (PostgreSQL only)."""
        connection.ensure_connection()
        raw = connection.connection
        namen = ", ".join(f'"{k}"' for k in kolommen)
        aantal = 0
        with raw.cursor() as cursor, cursor.copy(f'COPY "{tabel}" ({namen}) FROM STDIN') as copy:
            for rij in rijen:
                copy.write_row(rij)
                aantal += 1
        return aantal

    def _executemany(
        self, model: type[Model], kolommen: Sequence[str], rijen: Iterable[Sequence[Any]]
    ) -> int:
        velden = {f.column: f for f in model._meta.concrete_fields}
        omzetten = [velden[k].get_db_prep_save for k in kolommen]
        namen = ", ".join(f'"{k}"' for k in kolommen)
        sql = (
            f'INSERT INTO "{model._meta.db_table}" ({namen}) '  # noqa: S608  # nosec B608 - names from the models
            f"VALUES ({', '.join(['%s'] * len(kolommen))})"
        )
        waarden = [
            [zet(w, connection) for zet, w in zip(omzetten, rij, strict=True)] for rij in rijen
        ]
        with connection.cursor() as cursor:
            for begin in range(0, len(waarden), 500):
                cursor.executemany(sql, waarden[begin : begin + 500])
        return len(waarden)

    def sequenties_bijwerken(self) -> None:
        """After writing explicit keys, PostgreSQL's identity sequences must continue after
        them (SQLite's AUTOINCREMENT follows the largest key by itself)."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in self._volgende:
                tabel = model._meta.db_table
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608  # nosec B608 - names from the models
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{tabel}"))',
                    [f'"{tabel}"'],
                )
