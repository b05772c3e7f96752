"""Good stories (R72): an organisation's admin or contact person tells a short story about its
work, confirming that the people in it were asked and that no refugee is named; the
municipality's coordinator publishes it (on the public page and in the period report) or
declines it with a reason the organisation is told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import selectors
from dashboard.models import Story
from dashboard.services import story_decide, story_submit
from notifications.models import Notification
from tests.factories import OrganizationFactory, person_of, staff_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TEXT = "En frivillig og en familie som er nye i byen lagde mat sammen hver torsdag."


@pytest.fixture
def verified(municipality):
    return OrganizationFactory(name="Matglede", verified=True, municipalities=[municipality])


@pytest.fixture
def keeper(verified):
    return person_of(verified, "contact")


def submit(by, municipality, organization, **fields):
    return story_submit(
        by=by,
        municipality=municipality,
        organization=organization,
        **{"title": "Torsdagsmat", "text": TEXT, "people_asked": True, **fields},
    )


def test_an_organisation_submits_a_story_and_the_coordinators_are_told(
    client, municipality, coordinator, verified, keeper
):
    client.force_login(keeper)
    response = client.post(
        reverse("public:story_create", args=[municipality.slug]),
        {"organization": verified.pk, "title": "Torsdagsmat", "text": TEXT, "people_asked": "on"},
    )

    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.organization, story.status, story.submitted_by) == (
        verified,
        Story.Status.SUBMITTED,
        keeper,
    )
    assert Notification.objects.filter(kind="story_submitted", recipient=coordinator).exists()


def test_a_coordinator_whose_account_is_switched_off_is_not_told(
    municipality, coordinator, verified, keeper
):
    """Whom a service tells is asked in one place (accounts.selectors.coordinators_of): people
    who can still sign in, each once."""
    gone = staff_of(municipality, "coordinator", totp=False)
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    submit(keeper, municipality, verified)

    told = Notification.objects.filter(kind="story_submitted")
    assert list(told.values_list("recipient", flat=True)) == [coordinator.pk]


def test_a_story_without_the_confirmation_is_refused_next_to_the_box(
    client, municipality, verified, keeper
):
    client.force_login(keeper)
    response = client.post(
        reverse("public:story_create", args=[municipality.slug]),
        {"organization": verified.pk, "title": "Torsdagsmat", "text": TEXT},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["people_asked"]
    assert not Story.objects.exists()
    with pytest.raises(ValidationError):
        submit(keeper, municipality, verified, people_asked=False)


def test_a_phone_number_in_the_story_needs_a_second_confirmation(
    client, municipality, verified, keeper
):
    client.force_login(keeper)
    data = {
        "organization": verified.pk,
        "title": "Torsdagsmat",
        "text": TEXT + " Ring Aisha på 912 34 567.",
        "people_asked": "on",
    }
    url = reverse("public:story_create", args=[municipality.slug])

    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "912 34 567" in refused.text
    assert not Story.objects.exists()

    client.post(url, {**data, "confirm_no_personal_data": "on"})
    assert Story.objects.count() == 1


def test_a_member_or_an_unverified_organisation_cannot_submit(municipality):
    verified = OrganizationFactory(verified=True, municipalities=[municipality])
    with pytest.raises(PermissionDenied):
        submit(person_of(verified, "member"), municipality, verified)
    pending = OrganizationFactory(municipalities=[municipality])
    with pytest.raises(ValidationError):
        submit(person_of(pending, "admin"), municipality, pending)


def test_published_stories_are_on_the_public_page_and_in_the_period_report(
    client, municipality, coordinator, verified, keeper
):
    story = submit(keeper, municipality, verified)
    page = reverse("public:municipality", args=[municipality.slug])
    assert "Torsdagsmat" not in client.get(page).text  # waiting

    story_decide(by=coordinator, story=story, publish=True)

    assert "Torsdagsmat" in client.get(page).text
    told = Notification.objects.get(kind="story_decided", recipient=keeper)
    assert told.context["published"] is True
    client.force_login(coordinator)
    report = client.get(reverse("dashboard:report"))
    assert [s.title for s in report.context["report"].stories] == ["Torsdagsmat"]
    assert "Torsdagsmat" in report.text


def test_the_period_reports_csv_and_xlsx_carry_the_stories_published_in_the_period(
    client, municipality, coordinator, verified, keeper
):
    import csv
    import io
    from datetime import timedelta

    from django.utils import timezone
    from openpyxl import load_workbook

    published = submit(keeper, municipality, verified)
    story_decide(by=coordinator, story=published, publish=True)
    submit(keeper, municipality, verified, title="Venter fortsatt")  # not published
    last_year = submit(keeper, municipality, verified, title="Fjorårets historie")
    story_decide(by=coordinator, story=last_year, publish=True)
    Story.objects.filter(pk=last_year.pk).update(decided_at=timezone.now() - timedelta(days=400))
    today = timezone.localdate().isoformat()
    period = {"start": (timezone.localdate() - timedelta(days=30)).isoformat(), "end": today}
    client.force_login(coordinator)

    response = client.get(reverse("dashboard:report_csv"), period)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows.index(["Title", "Organisation", "Published", "The story"])
    assert rows[header - 1] == ["Good stories"]
    assert rows[header + 1 :] == [["Torsdagsmat", "Matglede", today, TEXT]]

    response = client.get(reverse("dashboard:report_xlsx"), period)
    sheet = load_workbook(io.BytesIO(response.content))["Good stories"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Title", "Organisation", "Published", "The story"],
        ["Torsdagsmat", "Matglede", today, TEXT],
    ]


def test_declining_needs_a_reason_which_the_organisation_reads(
    client, log_in, municipality, coordinator, verified, keeper
):
    story = submit(keeper, municipality, verified)
    url = reverse("public:story", args=[municipality.slug, story.pk])
    log_in("coordinator")

    refused = client.post(url, {"decision": "decline", "reason": ""})
    assert refused.status_code == 400
    story.refresh_from_db()
    assert story.status == Story.Status.SUBMITTED

    client.post(url, {"decision": "decline", "reason": "Familien kan kjennes igjen."})
    story.refresh_from_db()
    assert (story.status, story.reason) == (Story.Status.DECLINED, "Familien kan kjennes igjen.")
    told = Notification.objects.get(kind="story_decided", recipient=keeper)
    assert told.context["reason"] == "Familien kan kjennes igjen."
    client.force_login(keeper)
    assert "Familien kan kjennes igjen." in client.get(url).text
    assert (
        "Torsdagsmat"
        not in client.get(reverse("public:municipality", args=[municipality.slug])).text
    )


def test_only_the_municipalitys_coordinator_decides(
    municipality, other_coordinator, verified, keeper
):
    story = submit(keeper, municipality, verified)
    with pytest.raises(PermissionDenied):
        story_decide(by=other_coordinator, story=story, publish=True)
    with pytest.raises(PermissionDenied):
        story_decide(by=keeper, story=story, publish=True)


def test_an_organisation_sees_only_its_own_stories(municipality, verified, keeper):
    other = OrganizationFactory(verified=True, municipalities=[municipality])
    submit(person_of(other, "admin"), municipality, other, title="Andres")
    mine = submit(keeper, municipality, verified)
    assert list(selectors.stories_visible_to(keeper, municipality)) == [mine]


def test_the_stories_list_costs_the_same_queries_with_one_or_many(
    client, log_in, municipality, verified, keeper, django_assert_num_queries
):
    log_in("coordinator")
    url = reverse("public:stories", args=[municipality.slug])
    submit(keeper, municipality, verified)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(12):
        submit(keeper, municipality, verified, title=f"S{n}")
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 13
