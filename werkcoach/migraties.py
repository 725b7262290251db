"""Migration operations that build indexes the right way on each database: concurrently on
PostgreSQL (the tables can be large and stay writable meanwhile), plainly on the embedded
SQLite; an index only PostgreSQL has (trigram GIN, ``TrigramIndexen``) is skipped on SQLite. The model state is
the same everywhere, so ``makemigrations --check`` holds on both. A migration using
``IndexToevoegen`` sets ``atomic = False`` (PostgreSQL builds concurrently outside a
transaction)."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


class IndexToevoegen(migrations.AddIndex):
    alleen_postgres = False

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            AddIndexConcurrently(self.model_name, self.index).database_forwards(
                app_label, schema_editor, from_state, to_state
            )
        elif not self.alleen_postgres:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            AddIndexConcurrently(self.model_name, self.index).database_backwards(
                app_label, schema_editor, from_state, to_state
            )
        elif not self.alleen_postgres:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        waar = " (PostgreSQL only)" if self.alleen_postgres else ""
        return super().describe() + waar


class TrigramIndexen(migrations.operations.base.Operation):
    """Trigram GIN indexes on ``UPPER(column)`` for a case-insensitive substring search
    (Django's ``icontains`` is ``UPPER(col) LIKE UPPER(..)`` on PostgreSQL), built
    concurrently; nothing on other databases, which search without them. Database only: the
    model state has no such index, so SQLite and PostgreSQL share one state."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, tabel: str, kolommen: list[str]):
        self.tabel = tabel
        self.kolommen = kolommen

    def state_forwards(self, app_label, state):
        pass

    def _naam(self, kolom: str) -> str:
        return f"{self.tabel}_{kolom}_trgm"[:63]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        q = schema_editor.quote_name
        for kolom in self.kolommen:
            schema_editor.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {q(self._naam(kolom))} "
                f"ON {q(self.tabel)} USING gin (UPPER({q(kolom)}) gin_trgm_ops)"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        for kolom in self.kolommen:
            naam = schema_editor.quote_name(self._naam(kolom))
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {naam}")

    def describe(self):
        return f"Trigram indexes on {self.tabel} ({', '.join(self.kolommen)}), PostgreSQL only"


class TrigramIndexOpExpressie(migrations.operations.base.Operation):
    """One trigram GIN index on ``UPPER((expressie)::text)``, built concurrently on PostgreSQL
    and nothing elsewhere: for ``icontains`` on an expression (``UPPER(expr::text) LIKE ...``),
    such as a full name of several columns. ``expressie`` is SQL of the table's own columns and
    must be exactly what the query renders, or PostgreSQL does not use the index. The table is
    analysed afterwards, so the planner knows the expression's values at once."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, tabel: str, naam: str, expressie: str):
        self.tabel = tabel
        self.naam = naam
        self.expressie = expressie

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        q = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {q(self.naam)} ON {q(self.tabel)} "
            f"USING gin (UPPER(({self.expressie})::text) gin_trgm_ops)"
        )
        # Statistics of the new expression now, not at the next autovacuum: without them the
        # planner guesses how many names match and picks the wrong join for a common name.
        schema_editor.execute(f"ANALYZE {q(self.tabel)}")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.naam)}"
        )

    def describe(self):
        return f"Trigram index {self.naam} on {self.tabel}, PostgreSQL only"
