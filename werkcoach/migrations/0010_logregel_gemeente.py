"""The gemeente a log row is about, stored on the row (nullable: adding it rewrites nothing).
Rows written before this migration are filled by ``cases.0006_logregel_gemeente_vullen``."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("werkcoach", "0009_taakbericht_hartslag"),
    ]

    operations = [
        migrations.AddField(
            model_name="logregel",
            name="gemeente",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="werkcoach.gemeente",
            ),
        ),
    ]
