"""Full-text search indexes (PostgreSQL only; SQLite searches with a simple match)."""

from django.db import migrations

INDEXES = [
    ("organization_search_idx", "organizations_organization"),
    ("activity_search_idx", "organizations_activity"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            "USING gin (to_tsvector('norwegian'::regconfig, search_document))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_seed_vocabularies")]

    operations = [migrations.RunPython(create, drop)]
