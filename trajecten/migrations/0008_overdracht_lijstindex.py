"""The handover list's order as an index: open first, then newest first.

On PostgreSQL NULL sorts last in ascending order, so the list asks for NULLS FIRST and the
index is built with it, concurrently (the application keeps writing meanwhile). SQLite sorts
NULL first by itself and refuses NULLS FIRST in an index definition: there the plain index of
the model's state is created, which SQLite also rebuilds when it remakes the table."""

from django.db import migrations, models

NAAM = "overdracht_open_eerst_nieuwste"
INDEX = models.Index(
    models.F("bevestigd_op").asc(),
    models.F("overgedragen_op").desc(),
    models.F("id").desc(),
    name=NAAM,
)


def maken(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAAM} ON trajecten_overdracht"
            " (bevestigd_op ASC NULLS FIRST, overgedragen_op DESC, id DESC)"
        )
    else:
        schema_editor.add_index(apps.get_model("trajecten", "Overdracht"), INDEX)


def verwijderen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAAM}")
    else:
        schema_editor.remove_index(apps.get_model("trajecten", "Overdracht"), INDEX)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("trajecten", "0007_contactmoment_indieningssleutel"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="overdracht", index=INDEX)],
            database_operations=[migrations.RunPython(maken, verwijderen)],
        ),
    ]
