"""An activity's description becomes a translated field (django-modeltranslation), like the
organisation's (0014): `description_nb`, `description_nn`, `description_da` and
`description_en` are added beside the one `description` column.

Each existing text moves, whole, into the column of the language its municipality writes: a
Næstved activity's text is Danish, a Voss activity's nynorsk, any other Norwegian one's bokmål
(the form had one box, and organisations wrote in the language around them). `description`, the
library's base column, keeps the bokmål text as in 0014. The change history's rows get the same
move, so an old version still shows its text. Nothing is dropped; back, the columns go and the
first written language returns to `description`.
"""

from django.db import migrations, models
from django.db.models import F

LANGUAGES = ("nb", "nn", "da", "en")


def forward(apps, schema_editor):
    Municipality = apps.get_model("accounts", "Municipality")
    for name in ("Activity", "HistoricalActivity"):
        model = apps.get_model("organizations", name)
        for language in ("nb", "nn", "da"):
            # The history's municipality is a plain id (no join): ask for the ids first.
            wanted = [
                m.pk
                for m in Municipality.objects.all()
                if (m.default_language or ("da" if m.country == "DK" else "nb")) == language
            ]
            rows = model.objects.filter(municipality_id__in=wanted)
            if language == "nb":
                rows.update(description_nb=F("description"))
            else:
                rows.update(**{f"description_{language}": F("description")}, description="")
        for language in LANGUAGES:  # an empty language is "", never NULL (as the form saves)
            model.objects.filter(**{f"description_{language}__isnull": True}).update(
                **{f"description_{language}": ""}
            )


def backward(apps, schema_editor):
    """Back to one column: the first written language (bokmål, nynorsk, Danish, English)."""
    for name in ("Activity", "HistoricalActivity"):
        model = apps.get_model("organizations", name)
        for language in reversed(LANGUAGES):
            model.objects.exclude(**{f"description_{language}__isnull": True}).exclude(
                **{f"description_{language}": ""}
            ).update(description=F(f"description_{language}"))


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0016_activity_facts"),
        ("accounts", "0005_municipality_default_language_and_optional_user_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="description_da",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="description_en",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="description_nb",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="description_nn",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="description_da",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="description_en",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="description_nb",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="description_nn",
            field=models.TextField(
                blank=True, max_length=5000, null=True, verbose_name="description"
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
