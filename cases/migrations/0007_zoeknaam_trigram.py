from django.db import migrations

from werkcoach.migraties import TrigramIndexOpExpressie


class Migration(migrations.Migration):
    # PostgreSQL builds the index concurrently, outside a transaction.
    atomic = False

    dependencies = [
        ("cases", "0006_logregel_gemeente_vullen"),
    ]

    operations = [
        # The full name the search reads (cases.selectors.Zoeknaam): one LIKE per word.
        TrigramIndexOpExpressie(
            "cases_inwoner",
            "cases_inwoner_zoeknaam_trgm",
            """"voornaam" || ' ' || "tussenvoegsel" || ' ' || "achternaam\"""",
        ),
    ]
