"""A stored tsvector beside `search_document` (PostgreSQL only), with the GIN index on it.

Searching with the expression index of 0003 made PostgreSQL parse `search_document` again for
every row a plan visited outside the index (the page of results walks the name index and
rechecks each row): about a third of the SQL time of a directory search. The generated column
is computed by PostgreSQL on every insert and update, so no code writes it; it is not a model
field, and `organizations.selectors.text_search` names it directly.
"""

from django.db import migrations

TABLES = [
    ("organizations_organization", "organization_search_idx"),
    ("organizations_activity", "activity_search_idx"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('norwegian'::regconfig, search_document)) STORED"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
            "USING gin (to_tsvector('norwegian'::regconfig, search_document))"
        )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_activity_title_idx")]

    operations = [migrations.RunPython(create, drop)]
