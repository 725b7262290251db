"""Indexes for the budget page's realisation (and the handover list's count): a pilot's
trajecten as ids, and the year's inzetten with their traject and actual costs. Built
concurrently on PostgreSQL (see ``werkcoach.migraties``)."""

from django.db import migrations, models

from werkcoach.migraties import IndexToevoegen


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("trajecten", "0008_overdracht_lijstindex"),
    ]

    operations = [
        IndexToevoegen(
            model_name="traject",
            index=models.Index(fields=["pilot", "id"], name="traject_pilot_id"),
        ),
        IndexToevoegen(
            model_name="inzet",
            index=models.Index(
                fields=["startdatum", "traject", "kosten_werkelijk"],
                name="inzet_start_traject_kosten",
            ),
        ),
    ]
