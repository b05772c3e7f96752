import pytest
from django.core.cache import cache
from django.db import connections

from accounts.models import MunicipalityMembership
from tests.factories import (
    MunicipalityFactory,
    OrganizationFactory,
    UserFactory,
    person_of,
    staff_of,
    with_totp,
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let every connection object find the serialized database (for `serialized_rollback`).

    Django keeps the serialized contents on the connection object of the context that created
    the test database. Once Playwright's sync API runs its event loop in this thread, Django's
    connections come from another (asgiref) storage: new objects without the contents, so every
    later transactional test would silently restore nothing and find the vocabularies seeded by
    migration 0002 flushed away. On the class, all connection objects see the contents.
    """
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and used TOTP codes live in the cache: every test starts clean. So does
    Django's in-memory ContentType cache: a transactional (browser) test empties and refills the
    tables, and a cached id from before would point at a row that no longer exists."""
    from django.contrib.contenttypes.models import ContentType

    cache.clear()
    ContentType.objects.clear_cache()
    yield
    cache.clear()
    ContentType.objects.clear_cache()


@pytest.fixture
def log_in(client, request):
    """Sign the test client in as one of the roles in ROLES (by fixture name); English pages.

    `force_login` is enough: allauth checks TOTP at login, the middleware only checks that TOTP
    is set up (the staff fixtures have it).
    """

    def log_in_as(role: str):
        if role == "anonymous":
            return None
        user = request.getfixturevalue(role)
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])
        client.force_login(user)
        return user

    return log_in_as


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Drammen kommune", number="3301", slug="drammen")


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(name="Asker kommune", number="3203", slug="asker")


@pytest.fixture
def coordinator(municipality):
    """A coordinator of `municipality`, with TOTP set up."""
    return staff_of(municipality, MunicipalityMembership.Role.COORDINATOR)


@pytest.fixture
def caseworker(municipality):
    return staff_of(municipality, MunicipalityMembership.Role.CASEWORKER)


@pytest.fixture
def other_coordinator(other_municipality):
    return staff_of(other_municipality, MunicipalityMembership.Role.COORDINATOR)


@pytest.fixture
def organization(municipality):
    return OrganizationFactory(name="Drammen Frivilligsentral", municipalities=[municipality])


@pytest.fixture
def organization_admin(organization):
    return person_of(organization, "admin")


@pytest.fixture
def contact_person(organization):
    return person_of(organization, "contact")


@pytest.fixture
def member(organization):
    return person_of(organization, "member")


@pytest.fixture
def platform_admin(db):
    return with_totp(UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def plain_user(db):
    return UserFactory()


@pytest.fixture
def recorded_register(settings):
    """BRREG_BASE_URL points at recorded responses on 127.0.0.1 (never the network)."""
    from tests.brreg_server import RecordedRegister

    with RecordedRegister() as url:
        settings.BRREG_BASE_URL = url
        yield url


@pytest.fixture
def english(client):
    """For tests that read English messages: every user saved meanwhile prefers English, the
    anonymous client asks for English, and code run by the test itself speaks English."""
    from django.db.models.signals import pre_save
    from django.utils import translation

    from accounts.models import User

    def prefer_english(sender, instance, **kwargs):
        instance.preferred_language = "en"

    pre_save.connect(prefer_english, sender=User)
    client.cookies["brobygger_language"] = "en"
    try:
        with translation.override("en"):
            yield
    finally:
        pre_save.disconnect(prefer_english, sender=User)


SEEDS = (
    "organizations.migrations.0002_seed_vocabularies",
    "agreements.migrations.0002_seed_templates",
    "referrals.migrations.0003_seed_information_sheets",
    "agreements.migrations.0006_seed_danish_template",
    "agreements.migrations.0010_seed_nynorsk_template",
    "referrals.migrations.0009_sheet_language_danish",
    "referrals.migrations.0012_sheet_drafts_and_approval",
    "referrals.migrations.0013_sheet_drafts_from_the_danish_original",
    "referrals.migrations.0016_sheet_language_nynorsk",
    "grants.migrations.0008_seed_missing_and_danish_schemes",
    "grants.migrations.0009_scheme_texts_in_four_languages",
)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _seeded_rows(request):
    """The rows that migrations seed (vocabularies, the shipped agreement templates) are there in
    every database test. A transactional test (the browser journeys, the Celery worker) ends by
    emptying every table; a test that runs after it puts them back inside its own transaction."""
    uses_db = request.node.get_closest_marker("django_db") or "db" in request.fixturenames
    if not uses_db or _is_transactional(request):
        return
    request.getfixturevalue("db")
    import importlib

    from django.apps import apps

    from organizations.models import CategoryTerm

    if not CategoryTerm.objects.exists():
        for module in SEEDS:
            importlib.import_module(module).seed(apps, None)
