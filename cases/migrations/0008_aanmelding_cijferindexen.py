"""Indexes for the figures: a gemeente's referrals of some days, and the declines and
withdrawals recorded on a day. Built concurrently on PostgreSQL (see ``werkcoach.migraties``)."""

from django.db import migrations, models

from werkcoach.migraties import IndexToevoegen


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0007_zoeknaam_trigram")]

    operations = [
        IndexToevoegen(
            model_name="aanmelding",
            index=models.Index(fields=["gemeente", "aangemeld_op"], name="aanmelding_gemeente_op"),
        ),
        IndexToevoegen(
            model_name="aanmelding",
            index=models.Index(fields=["behandeld_op"], name="aanmelding_behandeld_op"),
        ),
        IndexToevoegen(
            model_name="aanmelding",
            index=models.Index(
                fields=["toestemming_ingetrokken_op"], name="aanmelding_ingetrokken_op"
            ),
        ),
    ]
