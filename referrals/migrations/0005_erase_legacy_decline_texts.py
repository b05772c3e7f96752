"""Free-text decline reasons no longer travel beyond the referral (issue #15).

Before, the contact person's free text was copied into the "declined" audit event's note (shown
on every time line, coordinators' included) and survived the erasure of the person. Now it is
the caseworker's note on the referral only, erased with the person's other data. This removes
the copies in the time line, and the texts left on referrals that were already erased. The
referral's decline category stays empty for declines recorded before categories existed.
"""

from django.db import migrations


def erase(apps, schema_editor):
    AuditEvent = apps.get_model("referrals", "AuditEvent")
    Referral = apps.get_model("referrals", "Referral")
    AuditEvent.objects.filter(action="referral_status", status="declined").exclude(note="").update(
        note=""
    )
    Referral.objects.filter(personal_data_erased_at__isnull=False).exclude(
        decline_reason=""
    ).update(decline_reason="")


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_decline_category_and_list_access_reasons")]

    operations = [migrations.RunPython(erase, migrations.RunPython.noop)]
