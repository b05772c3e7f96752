"""Fill the vocabulary tables with the codes of organizations.choices (copied here, as data
migrations must not import application code)."""

from django.db import migrations

CATEGORIES = [
    "large", "faith", "minority", "volunteer_centre", "sports", "outdoor",
    "social_entrepreneur", "network", "umbrella", "other",
]
TARGET_GROUPS = ["children", "youth", "adults", "women", "families", "seniors", "newly_arrived"]
# Norwegian is "nb" and "nn" (bokmål, nynorsk); databases seeded with the old "no" are moved by
# 0006_language_codes_nb_nn.
LANGUAGES = [
    "nb", "nn", "en", "ar", "fa", "ti", "uk", "ru", "so", "ku", "pl", "fr", "es", "da", "ps", "ur",
]


def seed(apps, schema_editor):
    for model_name, codes in [
        ("CategoryTerm", CATEGORIES),
        ("TargetGroupTerm", TARGET_GROUPS),
        ("LanguageTerm", LANGUAGES),
    ]:
        model = apps.get_model("organizations", model_name)
        for code in codes:
            model.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
