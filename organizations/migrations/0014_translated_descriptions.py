"""The organisation's description becomes a translated field (django-modeltranslation): the
hand-made `description_nb` and `description_en` columns stay where they are, with their values,
as two of the four language columns; `description_nn` and `description_da` are added, and
`description` (the library's base column) gets the bokmål text.

Before this an organisation had only "Norwegian" and "English" boxes, so a Danish association
wrote Danish in the Norwegian box, and one in a nynorsk municipality nynorsk. Such a text moves
to its language's column when all the organisation's municipalities write that language
(Danish; nynorsk) and that column is empty: then the page marks it with the right language and a
Danish reader gets it first. Nothing is dropped; the change history keeps its rows as they were.
"""

from django.db import migrations, models


def _written_language(municipalities) -> str:
    languages = {
        m.default_language or ("da" if m.country == "DK" else "nb") for m in municipalities
    }
    return languages.pop() if len(languages) == 1 else "nb"


def forward(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    for organization in Organization.objects.prefetch_related("municipalities"):
        text = organization.description_nb or ""
        language = _written_language(organization.municipalities.all())
        if not organization.municipalities.exists() and organization.number_scheme == "DK-CVR":
            language = "da"
        fields = {"description": text}
        if (
            text
            and language in ("da", "nn")
            and not getattr(organization, f"description_{language}")
        ):
            fields |= {f"description_{language}": text, "description_nb": ""}
            fields["description"] = ""
        Organization.objects.filter(pk=organization.pk).update(**fields)


def backward(apps, schema_editor):
    """Back to two boxes: a Danish or nynorsk text goes back into the Norwegian box."""
    Organization = apps.get_model("organizations", "Organization")
    for organization in Organization.objects.all():
        text = (
            organization.description_nb
            or organization.description_nn
            or organization.description_da
            or ""
        )
        Organization.objects.filter(pk=organization.pk).update(
            description_nb=text, description_en=organization.description_en or ""
        )
    History = apps.get_model("organizations", "HistoricalOrganization")
    for language in ("nb", "en"):
        History.objects.filter(**{f"description_{language}__isnull": True}).update(
            **{f"description_{language}": ""}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0013_crisis_contact"),
        ("accounts", "0005_municipality_default_language_and_optional_user_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalorganization",
            name="description",
            field=models.TextField(blank=True, max_length=5000, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="description_da",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="description_nn",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="description",
            field=models.TextField(blank=True, max_length=5000, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="organization",
            name="description_da",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="description_nn",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganization",
            name="description_en",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganization",
            name="description_nb",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="description_en",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="description_nb",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
