"""Retention per municipality (R76), and the access log becomes deletable by the nightly purge
only: the append-only trigger (0002) lets a DELETE through when the purge's transaction set
`brobygger.access_log_purge` and the entry is older than a year; UPDATE stays refused always.
No percent signs below: the SQL passes through a DB-API cursor."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


PURGEABLE = r"""
CREATE OR REPLACE FUNCTION referrals_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
        AND current_setting('brobygger.access_log_purge', true) = 'on'
        AND OLD.at < now() - interval '365 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'the access log is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""

APPEND_ONLY = r"""
CREATE OR REPLACE FUNCTION referrals_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'the access log is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def purgeable(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PURGEABLE)


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_municipality_days_without_meetings'),
        ('referrals', '0007_offers_interpreter_suitability_handover'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RetentionPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('referral_days', models.PositiveIntegerField(default=30, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(365)], verbose_name='notes of ended referrals, days after the end')),
                ('person_days', models.PositiveIntegerField(default=30, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(365)], verbose_name="a person's details, days after the last referral or consent ended")),
                ('access_log_days', models.PositiveIntegerField(default=730, help_text="Long enough to answer a person's request to see who saw their data.", validators=[django.core.validators.MinValueValidator(365), django.core.validators.MaxValueValidator(1825)], verbose_name='the access log, days')),
                ('offer_days', models.PositiveIntegerField(default=730, validators=[django.core.validators.MinValueValidator(30), django.core.validators.MaxValueValidator(1825)], verbose_name='offers presented, days')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('municipality', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='retention_policy', to='accounts.municipality', verbose_name='municipality')),
                ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'retention policy',
                'verbose_name_plural': 'retention policies',
            },
        ),
        migrations.RunPython(purgeable, append_only),
    ]
