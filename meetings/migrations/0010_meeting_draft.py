"""Meetings can be drafts (seen only by their organisers until published). A draft books its
venue like a scheduled meeting, so the exclusion constraint of 0002 now covers both."""

from django.db import migrations, models

CREATE = """
ALTER TABLE meetings_meeting DROP CONSTRAINT IF EXISTS meeting_venue_no_overlap;
ALTER TABLE meetings_meeting ADD CONSTRAINT meeting_venue_no_overlap
    EXCLUDE USING gist (venue_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status IN ('scheduled', 'draft') AND venue_id IS NOT NULL);
"""
BACK = """
ALTER TABLE meetings_meeting DROP CONSTRAINT IF EXISTS meeting_venue_no_overlap;
ALTER TABLE meetings_meeting ADD CONSTRAINT meeting_venue_no_overlap
    EXCLUDE USING gist (venue_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status = 'scheduled' AND venue_id IS NOT NULL);
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACK)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_minute_taker")]

    operations = [
        migrations.AlterField(
            model_name="meeting",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("scheduled", "Scheduled"),
                    ("cancelled", "Cancelled"),
                ],
                default="scheduled",
                max_length=10,
            ),
        ),
        migrations.RunPython(create, back),
    ]
