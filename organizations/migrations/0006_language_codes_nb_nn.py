"""Norwegian is coded "nb" (bokmål) and "nn" (nynorsk), as ISO 639-1 and the HSDS open data
want, instead of "no": the vocabulary row keeps its id (so every organisation's and activity's
choice stays), and grant schemes' guidance languages follow."""

from django.db import migrations


def _rename_guidance_language(apps, old, new):
    # Every scheme, in Python: SQLite (the development database) has no JSON containment lookup.
    Scheme = apps.get_model("grants", "Scheme")
    for scheme in Scheme.objects.only("guidance_languages"):
        if old in scheme.guidance_languages:
            scheme.guidance_languages = [
                new if code == old else code for code in scheme.guidance_languages
            ]
            scheme.save(update_fields=["guidance_languages"])


def forwards(apps, schema_editor):
    LanguageTerm = apps.get_model("organizations", "LanguageTerm")
    if not LanguageTerm.objects.filter(code="nb").exists():
        LanguageTerm.objects.filter(code="no").update(code="nb")
    LanguageTerm.objects.get_or_create(code="nn")
    _rename_guidance_language(apps, "no", "nb")


def backwards(apps, schema_editor):
    LanguageTerm = apps.get_model("organizations", "LanguageTerm")
    if not LanguageTerm.objects.filter(code="no").exists():
        LanguageTerm.objects.filter(code="nb").update(code="no")
    _rename_guidance_language(apps, "nb", "no")


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0005_stored_search_vector"),
        ("grants", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
