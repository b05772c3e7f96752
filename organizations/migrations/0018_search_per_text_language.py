"""Full-text search stems each description in its own language, not only in its country's
(organizations.search): a text in a language stemmed otherwise than the country's (English
anywhere, Danish in Norway, bokmål or nynorsk in Denmark) is kept in `search_texts` under its
configuration, and PostgreSQL stores a vector per configuration beside 0009's `search_vector`,
each with its GIN index. `search_document` keeps names, titles and the descriptions in the
country's language, stemmed with `search_config` as before.

Existing rows with such a description are split the way the services now split them; no other
row changes. Back: the other languages' texts return to `search_document` and the columns go.
"""

from django.db import migrations, models
from django.db.models import Q

CONFIG_OF = {"nb": "norwegian", "nn": "norwegian", "da": "danish", "en": "english"}
CONFIGS = ("norwegian", "danish", "english")
TABLES = {
    "organizations_organization": "organization",
    "organizations_activity": "activity",
}


def _split(row, neutral, country_config):
    document = [text for text in neutral if text]
    others = {}
    for code, config in CONFIG_OF.items():
        text = getattr(row, f"description_{code}", None)
        if not text:
            continue
        if config == country_config:
            document.append(text)
        else:
            others.setdefault(config, []).append(text)
    return "\n".join(document), {config: "\n".join(texts) for config, texts in others.items()}


def _other_language(config: str) -> Q:
    """Rows of `config` with a description in a language stemmed otherwise."""
    condition = Q()
    for code, language_config in CONFIG_OF.items():
        if language_config != config:
            condition |= Q(**{f"description_{code}__gt": ""})
    return Q(search_config=config) & condition


def split_texts(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    Activity = apps.get_model("organizations", "Activity")
    for config in ("norwegian", "danish"):
        for organization in Organization.objects.filter(_other_language(config)):
            titles = organization.activities.filter(is_active=True).values_list(
                "title", flat=True
            )
            neutral = [organization.name, *titles, organization.looking_for_partners]
            document, texts = _split(organization, neutral, config)
            Organization.objects.filter(pk=organization.pk).update(
                search_document=document, search_texts=texts
            )
        rows = Activity.objects.filter(_other_language(config)).select_related("organization")
        for activity in rows:
            neutral = [activity.title, activity.organization.name]
            document, texts = _split(activity, neutral, config)
            Activity.objects.filter(pk=activity.pk).update(
                search_document=document, search_texts=texts
            )


def join_texts(apps, schema_editor):
    for name in ("Organization", "Activity"):
        model = apps.get_model("organizations", name)
        for row in model.objects.exclude(search_texts={}):
            texts = [row.search_texts[c] for c in CONFIGS if row.search_texts.get(c)]
            model.objects.filter(pk=row.pk).update(
                search_document="\n".join([row.search_document, *texts])
            )


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The rows written above may have queued deferred constraint checks; PostgreSQL refuses to
    # alter a table while they are pending (see referrals/0013 `settle`).
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table, short in TABLES.items():
        for config in CONFIGS:
            # A generated column needs an immutable expression: the configuration is a literal.
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN search_vector_{config} tsvector GENERATED "
                f"ALWAYS AS (to_tsvector('{config}'::regconfig, "
                f"coalesce(search_texts ->> '{config}', ''))) STORED"
            )
            schema_editor.execute(
                f"CREATE INDEX {short}_search_{config}_idx ON {table} "
                f"USING gin (search_vector_{config})"
            )


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, short in TABLES.items():
        for config in CONFIGS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {short}_search_{config}_idx")
            schema_editor.execute(
                f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector_{config}"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0017_translated_activity_descriptions"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="search_texts",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="organization",
            name="search_texts",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(split_texts, join_texts),
        migrations.RunPython(add_vectors, drop_vectors),
    ]
