"""Fill the new ``Logregel.gemeente`` of the rows written before it, from their resident (the
resident model lives here, so this step does too). Rows without a resident stay empty.

The log is append-only: on PostgreSQL a trigger refuses every UPDATE. For this one fill it is
switched off inside each batch's own transaction (``ALTER TABLE ... DISABLE TRIGGER`` is
transactional, and holds a lock that keeps other writers of the log out until the batch
commits), so the guard is never off outside a batch, and a failing batch leaves it on. Batches
of ``STAP`` ids keep each lock short on a log of tens of millions of rows.
"""

from django.db import migrations, transaction

STAP = 50_000
TRIGGER = "werkcoach_logregel_geen_wijziging"


def vullen(apps, schema_editor):
    logregel = apps.get_model("werkcoach", "Logregel")._meta.db_table
    inwoner = apps.get_model("cases", "Inwoner")._meta.db_table
    verbinding = schema_editor.connection
    if verbinding.vendor != "postgresql":
        with verbinding.cursor() as cursor:
            cursor.execute(
                f"UPDATE {logregel} SET gemeente_id = (SELECT i.gemeente_id FROM {inwoner} i"  # noqa: S608
                f" WHERE i.id = {logregel}.inwoner_id)"
                " WHERE inwoner_id IS NOT NULL AND gemeente_id IS NULL"
            )
        return
    with verbinding.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {logregel}")  # noqa: S608
        laagste, hoogste = cursor.fetchone()
    if laagste is None:
        return
    for begin in range(laagste, hoogste + 1, STAP):
        with transaction.atomic(using=verbinding.alias), verbinding.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {logregel} DISABLE TRIGGER {TRIGGER}")
            cursor.execute(
                f"UPDATE {logregel} l SET gemeente_id = i.gemeente_id FROM {inwoner} i"  # noqa: S608
                " WHERE i.id = l.inwoner_id AND l.gemeente_id IS NULL"
                " AND l.id >= %s AND l.id < %s",
                [begin, begin + STAP],
            )
            cursor.execute(f"ALTER TABLE {logregel} ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0005_zoeken_op_naam_en_lijstindexen"),
        ("werkcoach", "0010_logregel_gemeente"),
    ]
    # Filled before the indexes are built, so the fill does not maintain them row by row.
    run_before = [("werkcoach", "0011_logregel_zoekindexen")]

    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
