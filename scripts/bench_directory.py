"""Directory benchmark: SQL queries per page and server time (p50/p95) at several data sizes.

Seeds N verified organisations with three activities each (weekly times, languages) into the
database named by DATABASE_URL, then requests the directory pages through Django's test client
(the whole middleware stack, no network) and prints one line per page and size.
"""

import os
import random
import statistics
import sys
import time
from datetime import time as clock

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Municipality  # noqa: E402
from organizations import choices  # noqa: E402
from organizations.models import (  # noqa: E402
    Activity,
    ActivitySchedule,
    CategoryTerm,
    LanguageTerm,
    Organization,
)

WORDS = [
    "leksehjelp",
    "språkkafé",
    "turgruppe",
    "fotball",
    "nettverk",
    "kvinnegruppe",
    "dugnad",
    "familie",
    "barn",
    "ungdom",
]
PAGES = [
    ("directory", "/directory/"),
    ("directory search", "/directory/?q=leksehjelp"),
    ("directory filters", "/directory/?category=sports&evening=on&language=ar"),
    ("activities", "/directory/activities/"),
    ("activities filters", "/directory/activities/?type=language_cafe&weekday=1&evening=on"),
    ("hsds services", "/api/hsds/services"),
]
REPEATS = 40


def seed(total: int, municipalities: list[Municipality]) -> None:
    """Top up to `total` verified organisations with three activities each."""
    rng = random.Random(total)  # noqa: S311 - test data, not secrets
    have = Organization.objects.count()
    categories = list(CategoryTerm.objects.all())
    languages = list(LanguageTerm.objects.all())
    types = [code for code, _label in choices.ActivityType.choices]
    with transaction.atomic():
        organizations = Organization.objects.bulk_create(
            Organization(
                name=f"Lag {n} {rng.choice(WORDS)}",
                description_nb=" ".join(rng.choices(WORDS, k=12)),
                status=Organization.Status.VERIFIED,
                search_document=" ".join(rng.choices(WORDS, k=15)),
            )
            for n in range(have, total)
        )
        Organization.municipalities.through.objects.bulk_create(
            Organization.municipalities.through(
                organization_id=o.pk, municipality_id=rng.choice(municipalities).pk
            )
            for o in organizations
        )
        Organization.categories.through.objects.bulk_create(
            Organization.categories.through(organization_id=o.pk, categoryterm_id=c.pk)
            for o in organizations
            for c in rng.sample(categories, 2)
        )
        Organization.languages.through.objects.bulk_create(
            Organization.languages.through(organization_id=o.pk, languageterm_id=lang.pk)
            for o in organizations
            for lang in rng.sample(languages, 2)
        )
        activities = []
        slots = []
        for o in organizations:
            for _ in range(3):
                weekday = rng.randrange(7)
                hour = rng.choice([10, 12, 17, 18, 19])
                activity = Activity(
                    organization=o,
                    title=f"{rng.choice(WORDS).capitalize()} {o.pk}",
                    type=rng.choice(types),
                    description_nb=" ".join(rng.choices(WORDS, k=10)),
                    municipality=rng.choice(municipalities),
                    address="Torget 1",
                    has_evening=hour >= 17,
                    has_weekend=weekday >= 5,
                    weekdays=str(weekday),
                    search_document=" ".join(rng.choices(WORDS, k=8)),
                )
                activities.append(activity)
                slots.append((activity, weekday, hour))
        Activity.objects.bulk_create(activities)
        ActivitySchedule.objects.bulk_create(
            ActivitySchedule(
                activity=a, weekday=day, starts_at=clock(hour), ends_at=clock(hour + 2)
            )
            for a, day, hour in slots
        )
        Activity.languages.through.objects.bulk_create(
            Activity.languages.through(activity_id=a.pk, languageterm_id=rng.choice(languages).pk)
            for a in activities
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client: Client, url: str) -> tuple[int, float, float]:
    client.get(url)  # warm up
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    p95 = statistics.quantiles(times, n=20)[18]
    return len(queries), statistics.median(times), p95


def main(sizes: list[int]) -> None:
    # Not setup_test_environment(): its template instrumentation would be measured too.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    municipalities = [
        Municipality.objects.get_or_create(
            slug=f"bench-{n}", defaults={"name": f"Kommune {n}", "number": f"{3300 + n}"}
        )[0]
        for n in range(10)
    ]
    client = Client()
    print(
        f"{'page':<22} {'organisations':>13} {'activities':>10} {'queries':>7} "
        f"{'p50 ms':>8} {'p95 ms':>8}"
    )
    for size in sizes:
        seed(size, municipalities)
        activities = Activity.objects.count()
        for name, url in PAGES:
            queries, p50, p95 = measure(client, url)
            print(f"{name:<22} {size:>13} {activities:>10} {queries:>7} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 1000])
