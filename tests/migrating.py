"""Tests of data migrations: go back to an older schema, seed rows with the historical models,
migrate forward and read what became of them."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets, app="organizations"):
    """Migrate `app` to `targets` and return the historical models of the database as it then is:
    every migration still applied, other apps' included (their newer fields filled by inserts),
    and none that depends on a later migration of `app` (those were unapplied)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    applied = [key for key in executor.loader.applied_migrations if key[0] != app]
    return executor.loader.project_state(targets + applied).apps


def migrate_to_latest():
    """Apply every migration (the leaf of each app)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def municipalities_in_three_languages(apps, slug_prefix):
    """Historical rows of Drammen (bokmål), Voss (nynorsk) and Næstved (Danish)."""
    Municipality = apps.get_model("accounts", "Municipality")
    return (
        Municipality.objects.create(name="Drammen", number="3301", slug=f"{slug_prefix}-drammen"),
        Municipality.objects.create(
            name="Voss herad", number="4621", slug=f"{slug_prefix}-voss", default_language="nn"
        ),
        Municipality.objects.create(
            name="Næstved Kommune", number="370", slug=f"{slug_prefix}-naestved", country="DK"
        ),
    )


def activity_with_history(apps, organization, municipality, **texts):
    """A homework-help activity (historical model) and its first history row, with `texts`
    (title, description) in both, as django-simple-history would have written them."""
    activity = apps.get_model("organizations", "Activity").objects.create(
        organization=organization, municipality=municipality, type="homework_help", **texts
    )
    apps.get_model("organizations", "HistoricalActivity").objects.create(
        id=activity.pk,
        uuid=activity.uuid,
        organization_id=organization.pk,
        municipality_id=municipality.pk,
        type="homework_help",
        is_free=True,
        is_active=True,
        **dict.fromkeys(("registration_required", "online", "has_evening", "has_weekend"), False),
        created_at=activity.created_at,
        history_date=activity.created_at,
        history_type="+",
        **texts,
    )
    return activity
