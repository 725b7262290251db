import uuid

from django.db import migrations, models


def leegmaken(apps, schema_editor):
    # Stored blocks are computed again when needed: start empty rather than give every existing
    # row the same key.
    apps.get_model("rapportage", "Maandcijfers").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0004_maandcijfers")]

    operations = [
        migrations.RunPython(leegmaken, migrations.RunPython.noop),
        migrations.AddField(
            model_name="maandcijfers",
            name="sleutel",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="maandcijfers",
            name="grootte",
            field=models.PositiveIntegerField(default=0, help_text="Tekens JSON."),
        ),
    ]
