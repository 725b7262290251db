"""Indexes for the figures: the trajecten that ended, the nazorg plans that started or were
completed and the handovers made on a day. Built concurrently on PostgreSQL (see
``werkcoach.migraties``)."""

from django.db import migrations, models

from werkcoach.migraties import IndexToevoegen


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("trajecten", "0010_overgang_indexen")]

    operations = [
        IndexToevoegen(
            model_name="traject",
            index=models.Index(fields=["beeindigd_op"], name="traject_beeindigd_op"),
        ),
        IndexToevoegen(
            model_name="nazorgplan",
            index=models.Index(fields=["startdatum"], name="nazorg_startdatum"),
        ),
        IndexToevoegen(
            model_name="nazorgplan",
            index=models.Index(fields=["afgerond_op"], name="nazorg_afgerond_op"),
        ),
        IndexToevoegen(
            model_name="overdracht",
            index=models.Index(fields=["overgedragen_op"], name="overdracht_overgedragen_op"),
        ),
    ]
