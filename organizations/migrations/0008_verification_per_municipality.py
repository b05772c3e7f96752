"""Verification per municipality (issue #15, hole 1).

The plain many-to-many between organisations and municipalities becomes the through model
`OrganizationMunicipality`, which holds each municipality's own verification. Every existing
link keeps what the organisation had: a verified organisation is verified in each of its current
municipalities (with the same time and coordinator), a pending or rejected one is pending or
rejected there (with the reason). `Organization.status` stays as the summary of the rows.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def copy_links(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    OrganizationMunicipality = apps.get_model("organizations", "OrganizationMunicipality")
    Old = Organization.municipalities.through
    organizations = {
        o.pk: o
        for o in Organization.objects.only(
            "pk", "status", "verified_at", "verified_by_id", "rejection_reason"
        )
    }
    rows = []
    for organization_id, municipality_id in Old.objects.values_list(
        "organization_id", "municipality_id"
    ).iterator():
        organization = organizations[organization_id]
        verified = organization.status == "verified"
        rows.append(
            OrganizationMunicipality(
                organization_id=organization_id,
                municipality_id=municipality_id,
                status=organization.status,
                verified_at=organization.verified_at if verified else None,
                verified_by_id=organization.verified_by_id if verified else None,
                rejection_reason=(
                    organization.rejection_reason if organization.status == "rejected" else ""
                ),
            )
        )
    OrganizationMunicipality.objects.bulk_create(rows, batch_size=1000)


def copy_links_back(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    OrganizationMunicipality = apps.get_model("organizations", "OrganizationMunicipality")
    Old = Organization.municipalities.through
    Old.objects.bulk_create(
        [
            Old(organization_id=o, municipality_id=m)
            for o, m in OrganizationMunicipality.objects.values_list(
                "organization_id", "municipality_id"
            )
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_notification_due_index"),
        ("organizations", "0007_text_length_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganizationMunicipality",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting verification"),
                            ("verified", "Verified"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "rejection_reason",
                    models.TextField(blank=True, verbose_name="reason for rejection"),
                ),
                (
                    "verified_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="verified"),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created"),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="organization_links",
                        to="accounts.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="municipality_links",
                        to="organizations.organization",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "municipality of an organisation",
                "verbose_name_plural": "municipalities of organisations",
                "indexes": [
                    models.Index(
                        fields=["municipality", "status"], name="org_municipality_status_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organization", "municipality"),
                        name="organization_municipality_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(copy_links, copy_links_back),
        migrations.RemoveField(model_name="organization", name="municipalities"),
        migrations.AddField(
            model_name="organization",
            name="municipalities",
            field=models.ManyToManyField(
                blank=True,
                related_name="organizations",
                through="organizations.OrganizationMunicipality",
                to="accounts.municipality",
                verbose_name="municipalities where active",
            ),
        ),
    ]
