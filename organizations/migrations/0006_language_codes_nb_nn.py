"""Norwegian is coded "nb" (bokmål) and "nn" (nynorsk), as ISO 639-1 and the HSDS open data
want, instead of "no": the vocabulary row keeps its id (so every organisation's and activity's
choice stays), and the other lists of these codes follow (grant schemes' guidance languages,
persons' preferred languages)."""

from django.db import migrations


LISTS = [("grants", "Scheme", "guidance_languages"), ("referrals", "Person", "languages")]


def _rename_in_lists(apps, old, new):
    # Row by row in Python: SQLite (the development database) has no JSON containment lookup.
    for app_label, model_name, field in LISTS:
        model = apps.get_model(app_label, model_name)
        for row in model.objects.only(field).iterator():
            codes = getattr(row, field) or []
            if old in codes:
                setattr(row, field, [new if code == old else code for code in codes])
                row.save(update_fields=[field])


def forwards(apps, schema_editor):
    LanguageTerm = apps.get_model("organizations", "LanguageTerm")
    if not LanguageTerm.objects.filter(code="nb").exists():
        LanguageTerm.objects.filter(code="no").update(code="nb")
    LanguageTerm.objects.get_or_create(code="nn")
    _rename_in_lists(apps, "no", "nb")


def backwards(apps, schema_editor):
    LanguageTerm = apps.get_model("organizations", "LanguageTerm")
    if not LanguageTerm.objects.filter(code="no").exists():
        LanguageTerm.objects.filter(code="nb").update(code="no")
    _rename_in_lists(apps, "nb", "no")


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0005_stored_search_vector"),
        ("grants", "0001_initial"),
        ("referrals", "0003_seed_information_sheets"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
