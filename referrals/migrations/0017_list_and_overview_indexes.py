"""Two indexes on the referrals (issue #24): the organisations a municipality's referrals went to
(the referral list's filter), and the referrals by submission with their status (the overview's
months), each read from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("referrals", "0016_sheet_language_nynorsk")]

    operations = [
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(fields=["municipality", "organization"], name="referral_muni_org"),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["municipality", "created_at"],
                include=("status", "id"),
                name="referral_muni_created_status",
            ),
        ),
    ]
