"""The public directories' content block is cached for everyone alike (organizations/public_cache):
a repeated question costs no query, a change shows at once, languages, directories, questions and
days never mix, and nothing about the visitor (CSRF token, name, menu) is ever in the cached part.
"""

import pickle
import re
import zlib
from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organizations import public_cache
from organizations.models import ActivitySchedule, LanguageTerm, Organization
from tests.factories import ActivityFactory, MunicipalityFactory, OrganizationFactory, terms

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("organizations:directory")
ACTIVITIES = reverse("organizations:activity_directory")
TUESDAY = 1


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def alfa(municipality):
    return OrganizationFactory(name="Alfa", verified=True, municipalities=[municipality])


def cached_blocks() -> list[str]:
    """Every content block in the cache, decompressed: the test looks inside the real store
    (LocMemCache in tests, which keeps pickled values)."""
    values = [pickle.loads(value) for value in list(cache._cache.values())]  # noqa: S301
    return [zlib.decompress(value[1]).decode() for value in values if isinstance(value, tuple)]


def main_part(response) -> str:
    """The page's main element: the header differs per request (its CSRF token is masked anew)."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_a_repeated_question_is_answered_without_a_query(client, django_assert_num_queries, alfa):
    first = client.get(DIRECTORY, {"q": "alfa"})

    with django_assert_num_queries(0):
        second = client.get(DIRECTORY, {"q": "alfa"})

    assert "Alfa" in second.content.decode()
    assert main_part(first) == main_part(second)


def test_a_renamed_organisation_shows_at_once(client, alfa):
    assert "Alfa" in client.get(DIRECTORY).content.decode()

    alfa.name = "Alfa og Omega"
    alfa.save()

    assert "Alfa og Omega" in client.get(DIRECTORY).content.decode()


def test_an_organisation_that_loses_its_verification_leaves_the_cached_directory(client, alfa):
    assert "Alfa" in client.get(DIRECTORY).content.decode()

    alfa.status = Organization.Status.REJECTED
    alfa.save()

    assert "Alfa" not in client.get(DIRECTORY).content.decode()


def test_a_new_municipality_and_a_changed_language_list_show_at_once(client, alfa):
    client.get(DIRECTORY)  # cached, with the municipality filter's choices
    MunicipalityFactory(name="Lier kommune", slug="lier")
    alfa.languages.add(*terms(LanguageTerm, ["so"]))

    page = client.get(DIRECTORY).content.decode()

    assert "Lier kommune" in page  # the new filter choice
    assert client.get(DIRECTORY, {"language": "so"}).context["page_obj"].paginator.count == 1


def test_a_changed_weekly_time_shows_at_once_in_the_activity_directory(client, alfa, municipality):
    activity = ActivityFactory(
        organization=alfa,
        municipality=municipality,
        title="Leksehjelp",
        schedules=[(TUESDAY, "18:00", "20:00")],
    )
    assert "18:00" in client.get(ACTIVITIES).content.decode()

    ActivitySchedule.objects.filter(activity=activity).get().delete()
    activity.schedules.create(weekday=TUESDAY, starts_at="17:15", ends_at="19:00")

    page = client.get(ACTIVITIES).content.decode()
    assert "17:15" in page
    assert "18:00" not in page


def test_the_languages_never_mix(client, settings, alfa):
    norwegian = client.get(DIRECTORY).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(DIRECTORY).content.decode()

    assert "Søk og filtrer" in norwegian
    assert "Search and filter" in english
    assert "Søk og filtrer" not in english


def test_the_two_directories_and_two_questions_never_mix(english, client, alfa, municipality):
    ActivityFactory(organization=alfa, municipality=municipality, title="Kvinnekafé")
    OrganizationFactory(name="Beta", verified=True, municipalities=[municipality])

    organisations = client.get(DIRECTORY, {"municipality": "drammen"}).content.decode()
    activities = client.get(ACTIVITIES, {"municipality": "drammen"}).content.decode()
    searched = client.get(DIRECTORY, {"q": "alfa"}).content.decode()

    assert "Directory of organisations" in organisations
    assert "Kvinnekafé" not in organisations
    assert "Kvinnekafé" in activities
    assert "Directory of organisations" not in activities
    assert "Beta" in organisations
    assert "Beta" not in searched


def test_the_looking_for_partners_filter_follows_the_date_without_a_save(
    client, monkeypatch, municipality
):
    today = timezone.localdate()
    OrganizationFactory(
        name="Gamma",
        verified=True,
        municipalities=[municipality],
        looking_for_partners="Leksehjelp",
        looking_for_partners_until=today,
    )
    assert client.get(DIRECTORY, {"partners": "on"}).context["page_obj"].paginator.count == 1

    tomorrow_noon = timezone.make_aware(
        datetime.combine(today + timedelta(days=1), datetime.min.time()) + timedelta(hours=12)
    )
    monkeypatch.setattr(timezone, "now", lambda: tomorrow_noon)

    assert "Gamma" not in client.get(DIRECTORY, {"partners": "on"}).content.decode()


def csrf_tokens(page: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)


def test_no_csrf_token_and_nothing_about_the_visitor_is_cached(client, alfa, organization_admin):
    client.force_login(organization_admin)
    signed_in = client.get(DIRECTORY).content.decode()
    client.logout()
    first = client.get(DIRECTORY).content.decode()
    second = client.get(DIRECTORY).content.decode()  # the whole page, from the cache
    blocks = cached_blocks()

    assert len(blocks) == 3, (
        "the results block, its filter fields, and the whole page for signed-out visitors"
    )
    seen = {*csrf_tokens(signed_in), *csrf_tokens(first), *csrf_tokens(second)}
    assert len(seen) == 3  # each answer its own token
    for block in blocks:
        assert set(csrf_tokens(block)) <= {public_cache.CSRF_PLACEHOLDER}
        assert not any(token in block for token in seen)
        assert organization_admin.email not in block
        assert "Logg ut" not in block
    assert "Logg ut" not in second
    assert "Alfa" in second


def test_the_token_in_a_page_from_the_cache_works(alfa):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(DIRECTORY)  # caches the page
    page = visitor.get(DIRECTORY).content.decode()
    [token] = csrf_tokens(page)

    response = visitor.post(
        reverse("set_language"),
        {"csrfmiddlewaretoken": token, "language": "en", "next": DIRECTORY},
    )

    assert response.status_code == 302
    assert "Search and filter" in visitor.get(DIRECTORY).content.decode()


def test_a_visitor_with_a_message_waiting_sees_it_on_a_cached_page(alfa, organization_admin):
    Client().get(DIRECTORY)  # another visitor has the page cached
    visitor = Client()
    visitor.force_login(organization_admin)
    visitor.post(reverse("account_logout"))

    page = visitor.get(DIRECTORY).content.decode()

    assert 'class="messages"' in page
    assert "Alfa" in page
    assert 'class="messages"' not in visitor.get(DIRECTORY).content.decode()  # shown once


def test_a_signed_in_visitor_gets_their_own_menu_around_a_cached_block(
    client, alfa, organization_admin
):
    anonymous = client.get(DIRECTORY).content.decode()  # cached by an anonymous visitor
    assert "Logg ut" not in anonymous

    client.force_login(organization_admin)
    signed_in = client.get(DIRECTORY).content.decode()

    assert "Logg ut" in signed_in
    assert "Alfa" in signed_in


def test_a_page_beyond_the_last_is_not_found_and_not_cached(client, alfa):
    assert client.get(DIRECTORY, {"page": "9"}).status_code == 404
    assert cached_blocks() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_version_changes_again_when_the_transaction_commits(municipality):
    with transaction.atomic():
        OrganizationFactory(name="Alfa", verified=True, municipalities=[municipality])
        during = cache.get(public_cache.DIRECTORIES.version_key)
        OrganizationFactory(name="Beta", verified=True, municipalities=[municipality])
        last_before_commit = cache.get(public_cache.DIRECTORIES.version_key)

    assert during is not None
    # A request between the save and the commit saw the old rows under the newest version; the
    # commit makes that version old.
    assert cache.get(public_cache.DIRECTORIES.version_key) != last_before_commit


def test_a_block_of_an_older_version_is_not_served(client, alfa):
    client.get(DIRECTORY)
    # A change that sends no signal (a bulk update) becomes visible once the version changes.
    Organization.objects.filter(pk=alfa.pk).update(name="Alfa (oppdatert)")
    assert "Alfa (oppdatert)" not in client.get(DIRECTORY).content.decode()

    public_cache.DIRECTORIES.new_version()

    assert "Alfa (oppdatert)" in client.get(DIRECTORY).content.decode()


def test_a_new_question_reuses_the_drawn_filter_fields_and_they_are_the_same_html(
    client, django_assert_num_queries, alfa, municipality
):
    """Only the search words differ between most questions: the other filter fields (and the
    municipality list behind them) are drawn once per language and data version, and the page
    has the very same fields as when they are drawn afresh."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    from organizations.filters import DirectoryFilter

    client.get(DIRECTORY, {"q": "first"})
    with django_assert_num_queries(1) as asked:  # the count; the page of results is empty
        page = client.get(DIRECTORY, {"q": "second"}).content.decode()

    assert not any("accounts_municipality" in query["sql"] for query in asked.captured_queries)
    form = DirectoryFilter({"q": "second"}, queryset=Organization.objects.none()).form
    fresh = "".join(as_crispy_field(field) for field in form if field.name != "q")
    assert fresh in page
    assert f'value="{municipality.slug}"' in fresh


def test_chosen_filters_are_drawn_as_chosen_from_the_cache(client, alfa, municipality):
    client.get(DIRECTORY, {"q": "first"})
    page = client.get(DIRECTORY, {"q": "second", "municipality": municipality.slug}).content
    assert f'value="{municipality.slug}" selected'.encode() in page
