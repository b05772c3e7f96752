"""PostgreSQL refuses two scheduled meetings at the same venue at overlapping times (an exclusion
constraint). SQLite, the embedded default, relies on the service's check alone."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE meetings_meeting ADD CONSTRAINT meeting_venue_no_overlap
    EXCLUDE USING gist (venue_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status = 'scheduled' AND venue_id IS NOT NULL);
"""
DROP = "ALTER TABLE meetings_meeting DROP CONSTRAINT IF EXISTS meeting_venue_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
