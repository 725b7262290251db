"""Indexes for the KPI engine: a traject's moves in order (the window pass) and the moves of a
period. Built concurrently on PostgreSQL (see ``werkcoach.migraties``)."""

from django.db import migrations, models

from werkcoach.migraties import IndexToevoegen


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("trajecten", "0009_begroting_indexen"),
    ]

    operations = [
        IndexToevoegen(
            model_name="faseovergang",
            index=models.Index(fields=["traject", "op", "id"], name="overgang_traject_op"),
        ),
        IndexToevoegen(
            model_name="faseovergang",
            index=models.Index(fields=["op", "traject"], name="overgang_op_traject"),
        ),
    ]
