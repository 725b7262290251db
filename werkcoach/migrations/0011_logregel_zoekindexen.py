"""Indexes for the log search: (gemeente, tijdstip, id) for a beheerder's gemeenten and
(gemeente, actie, tijdstip, id) and (gemeente, UPPER(actor_naam), tijdstip, id) for the action
and user (``iexact``) filters within them. The log holds tens of
millions of rows, so on PostgreSQL they are built concurrently (writes go on meanwhile)."""

import django.db.models.functions.text
from django.db import migrations, models

from werkcoach.migraties import IndexToevoegen


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("werkcoach", "0010_logregel_gemeente"),
    ]

    operations = [
        IndexToevoegen(
            model_name="logregel",
            index=models.Index(
                fields=["gemeente", "tijdstip", "id"], name="logregel_gemeente_tijdstip"
            ),
        ),
        IndexToevoegen(
            model_name="logregel",
            index=models.Index(
                fields=["gemeente", "actie", "tijdstip", "id"], name="logregel_gemeente_actie_tijd"
            ),
        ),
        IndexToevoegen(
            model_name="logregel",
            index=models.Index(
                models.F("gemeente"),
                django.db.models.functions.text.Upper("actor_naam"),
                models.F("tijdstip"),
                models.F("id"),
                name="logregel_gemeente_actor_tijd",
            ),
        ),
    ]
