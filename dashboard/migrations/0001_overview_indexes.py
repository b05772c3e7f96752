"""Indexes for the overview's aggregates on the referrals table (owned by the referrals app).

Created with SQL that both PostgreSQL and SQLite understand, so that the referrals app keeps
its own migration numbering while its branch is being built. They change no model state.
"""

from django.db import migrations

INDEXES = {
    # Charts and the period report: referrals of one municipality by submission time.
    "dashboard_referral_muni_created": "referrals_referral (municipality_id, created_at)",
    # Time to contact: contact made within a window.
    "dashboard_referral_muni_contact": "referrals_referral (municipality_id, contact_at)",
}


class Migration(migrations.Migration):
    dependencies = [("referrals", "0003_seed_information_sheets")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
