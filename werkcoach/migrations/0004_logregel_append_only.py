"""The processing log is append-only in the database as well: on PostgreSQL a trigger refuses
every UPDATE and DELETE of a log row, and TRUNCATE of the table.

One exception: TRUNCATE is allowed in a database whose name starts with ``test_`` (Django's
test databases), because the test runner empties every table with TRUNCATE between
transactional tests. UPDATE and DELETE have no exception anywhere. In production the
application's database role should also not own the table (see the README); the trigger is the
guard that holds even when it does.
"""

from django.db import migrations

MAAK = r"""
CREATE OR REPLACE FUNCTION werkcoach_logregel_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_database() LIKE 'test\_%' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'Het verwerkingslog is alleen-toevoegen: % is niet toegestaan', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS werkcoach_logregel_geen_wijziging ON werkcoach_logregel;
CREATE TRIGGER werkcoach_logregel_geen_wijziging
    BEFORE UPDATE OR DELETE ON werkcoach_logregel
    FOR EACH ROW EXECUTE FUNCTION werkcoach_logregel_alleen_toevoegen();

DROP TRIGGER IF EXISTS werkcoach_logregel_geen_truncate ON werkcoach_logregel;
CREATE TRIGGER werkcoach_logregel_geen_truncate
    BEFORE TRUNCATE ON werkcoach_logregel
    FOR EACH STATEMENT EXECUTE FUNCTION werkcoach_logregel_alleen_toevoegen();
"""

VERWIJDER = """
DROP TRIGGER IF EXISTS werkcoach_logregel_geen_truncate ON werkcoach_logregel;
DROP TRIGGER IF EXISTS werkcoach_logregel_geen_wijziging ON werkcoach_logregel;
DROP FUNCTION IF EXISTS werkcoach_logregel_alleen_toevoegen();
"""


def _alleen_postgresql(sql):
    def uitvoeren(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # params=None: the SQL contains % signs that are not placeholders.
            schema_editor.execute(sql, params=None)

    return uitvoeren


class Migration(migrations.Migration):
    dependencies = [("werkcoach", "0003_bewaartermijnen")]

    operations = [
        migrations.RunPython(_alleen_postgresql(MAAK), _alleen_postgresql(VERWIJDER)),
    ]
