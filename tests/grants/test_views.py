"""Pages and permissions: public catalogue and helper, the tracker, the overview, draft review
and help slots, for every role; query counts flat in data size."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Application
from tests.factories import (
    ApplicationFactory,
    HelpSlotFactory,
    OrganizationFactory,
    SchemeFactory,
    set_organization_status,
)
from tests.grants.helpers import municipal_scheme_form

pytestmark = pytest.mark.django_db


def test_anyone_browses_published_schemes_but_not_drafts(client, municipality):
    published = SchemeFactory(name="Frifond")
    draft = SchemeFactory(name="Secret draft", status="draft", municipality=municipality)
    page = client.get(reverse("grants:catalogue")).content.decode()
    assert "Frifond" in page
    assert "Secret draft" not in page
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_coordinator_sees_and_edits_their_draft_scheme_others_get_404(
    client, municipality, coordinator, other_coordinator
):
    draft = SchemeFactory(status="draft", municipality=municipality)
    client.force_login(coordinator)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("grants:scheme_edit", args=[draft.slug])).status_code == 200
    client.force_login(other_coordinator)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("grants:scheme_edit", args=[draft.slug])).status_code == 404


def test_a_national_scheme_is_not_edited_by_a_coordinator(client, coordinator):
    scheme = SchemeFactory()
    client.force_login(coordinator)
    assert client.get(reverse("grants:scheme_edit", args=[scheme.slug])).status_code == 404


def test_a_bad_deadline_rule_is_shown_next_to_the_field_with_the_input_kept(
    english, client, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("grants:scheme_create"),
        municipal_scheme_form(
            "Local grant",
            administrator_name="Drammen",
            summary_en="Small grants.",
            deadline_rule="in the spring",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "1 March every year" in page
    assert 'value="in the spring"' in page


@pytest.mark.parametrize("role", [None, "plain_user"])
def test_the_helper_is_public_and_lists_fitting_schemes(english, client, role, request):
    if role:
        client.force_login(request.getfixturevalue(role))
    SchemeFactory(name="Integration scheme", requires_voluntary_register=True)
    response = client.get(reverse("grants:helper"), {"asked": "1", "registered": "yes"})
    assert response.status_code == 200
    fits = response.context["results"]["fits"]
    assert [m.scheme.name for m in fits] == ["Integration scheme"]


def test_the_helper_is_prefilled_from_the_organisations_profile(
    client, organization, organization_admin
):
    organization.in_voluntary_register = True
    organization.org_number = "987654321"
    organization.save()
    client.force_login(organization_admin)
    form = client.get(reverse("grants:helper")).context["form"]
    assert form.initial["registered"] == "yes"
    assert form.initial["has_org_number"] == "yes"


def test_the_deadline_calendar_is_public_in_month_and_list(client):
    SchemeFactory(name="VAT compensation", deadline_rule="1 September every year")
    month = client.get(reverse("grants:deadlines"), {"month": "2030-09"})
    assert "VAT compensation" in month.content.decode()
    listed = client.get(reverse("grants:deadlines"), {"view": "list"})
    assert "VAT compensation" in listed.content.decode()


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("month", ["9999-12", "0001-01", "9999-1", "0001-12"])
def test_a_month_far_away_shows_this_month_with_a_message_not_a_server_error(client, month):
    SchemeFactory(name="VAT compensation", deadline_rule="1 September every year")
    this_month = timezone.localdate().replace(day=1)

    response = client.get(reverse("grants:deadlines"), {"month": month})

    assert response.status_code == 200
    assert response.context["month"] == this_month
    assert "The deadline calendar goes from" in response.content.decode()


def test_following_is_for_admins_and_contact_persons(
    client, organization, organization_admin, member
):
    scheme = SchemeFactory()
    url = reverse("grants:follow", args=[scheme.slug])
    client.force_login(member)
    assert client.post(url, {"organization": organization.pk}).status_code == 404
    client.force_login(organization_admin)
    client.post(url, {"organization": organization.pk})
    assert scheme.follows.filter(organization=organization).exists()
    client.post(url, {"organization": organization.pk, "stop": "1"})
    assert not scheme.follows.exists()


def test_anonymous_visitors_are_sent_to_sign_in_for_applications(client, organization):
    application = ApplicationFactory(organization=organization)
    for url in (reverse("grants:applications"), application.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_who_sees_an_application(
    client, organization, organization_admin, member, coordinator, other_coordinator, plain_user
):
    application = ApplicationFactory(organization=organization)
    url = application.get_absolute_url()
    for user, status in [
        (organization_admin, 200),
        (member, 200),
        (coordinator, 200),
        (other_coordinator, 404),
        (plain_user, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_a_private_application_is_hidden_from_the_coordinator(client, organization, coordinator):
    application = ApplicationFactory(organization=organization, is_private=True, title="Hidden")
    client.force_login(coordinator)
    assert client.get(application.get_absolute_url()).status_code == 404
    assert "Hidden" not in client.get(reverse("grants:overview")).content.decode()


def test_a_platform_admin_reads_an_application_but_not_its_draft_and_changes_nothing(
    client, municipality, organization, coordinator, platform_admin
):
    # Platform admins are superusers: the grants rules, not Django's superuser bypass, decide.
    application = ApplicationFactory(
        organization=organization, draft_text="# Plan\nOur secret plan", shared_with=municipality
    )
    item = application.checklist.create(text="Statutes")
    client.force_login(platform_admin)
    page = client.get(application.get_absolute_url())
    assert page.status_code == 200
    assert "Our secret plan" not in page.content.decode()
    for name in ("edit", "draft", "delete"):
        assert client.get(reverse(f"grants:{name}", args=[application.pk])).status_code == 403
    posts = [
        (reverse("grants:status", args=[application.pk]), {"status": "submitted"}),
        (reverse("grants:tick", args=[application.pk, item.pk]), {"done": "1"}),
        (reverse("grants:share", args=[application.pk]), {}),
        (reverse("grants:comment", args=[application.pk]), {"section": "1", "body": "Hm."}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    application.refresh_from_db()
    item.refresh_from_db()
    assert (application.status, application.shared_with, item.done) == (
        "planned",
        municipality,
        False,
    )
    assert not application.draft_comments.exists()
    # The Django admin still lists applications for them.
    assert client.get(reverse("admin:grants_application_changelist")).status_code == 200


def test_a_platform_admin_keeps_the_shared_catalogue_not_a_municipalitys_schemes(
    client, municipality, platform_admin
):
    shared = SchemeFactory()
    own = SchemeFactory(municipality=municipality)
    client.force_login(platform_admin)
    assert client.get(reverse("grants:scheme_edit", args=[shared.slug])).status_code == 200
    assert client.get(reverse("grants:scheme_edit", args=[own.slug])).status_code == 404


def test_a_member_reads_but_does_not_change_an_application(client, organization, member):
    application = ApplicationFactory(organization=organization)
    client.force_login(member)
    assert client.get(reverse("grants:edit", args=[application.pk])).status_code == 403
    response = client.post(reverse("grants:status", args=[application.pk]), {"status": "submitted"})
    assert response.status_code == 403
    assert client.get(reverse("grants:delete", args=[application.pk])).status_code == 403


def test_the_coordinator_does_not_change_an_application(client, organization, coordinator):
    application = ApplicationFactory(organization=organization)
    client.force_login(coordinator)
    response = client.post(reverse("grants:status", args=[application.pk]), {"status": "submitted"})
    assert response.status_code == 403


def test_a_disallowed_status_change_is_explained(english, client, organization, organization_admin):
    application = ApplicationFactory(organization=organization)
    client.force_login(organization_admin)
    response = client.post(
        reverse("grants:status", args=[application.pk]),
        {"status": "granted", "amount_granted": "100"},
    )
    assert response.status_code == 400
    assert "cannot become “Granted”" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.PLANNED


def test_a_negative_amount_is_refused_next_to_the_field(
    english, client, organization, organization_admin
):
    scheme = SchemeFactory()
    client.force_login(organization_admin)
    response = client.post(
        reverse("grants:application_create"),
        {
            "organization": organization.pk,
            "scheme": scheme.pk,
            "title": "Café",
            "amount_applied": "-5",
            "currency": "NOK",
        },
    )
    assert response.status_code == 400
    assert "at most two decimals" in response.content.decode()
    assert not Application.objects.exists()


def test_deleting_an_application_asks_first(client, organization, organization_admin):
    application = ApplicationFactory(organization=organization)
    client.force_login(organization_admin)
    url = reverse("grants:delete", args=[application.pk])
    assert client.get(url).status_code == 200
    assert Application.objects.exists()
    client.post(url)
    assert not Application.objects.exists()


def test_checklist_ticks(client, organization, organization_admin):
    application = ApplicationFactory(organization=organization)
    item = application.checklist.create(text="Statutes")
    client.force_login(organization_admin)
    client.post(reverse("grants:tick", args=[application.pk, item.pk]), {"done": "1"})
    item.refresh_from_db()
    assert item.done


def test_the_overview_is_for_coordinators_with_totals(
    client, municipality, organization, coordinator, organization_admin, member
):
    ApplicationFactory(
        organization=organization,
        status="granted",
        amount_applied=Decimal("100"),
        amount_granted=Decimal("80.50"),
    )
    ApplicationFactory(organization=OrganizationFactory(), title="Elsewhere")
    client.force_login(coordinator)
    response = client.get(reverse("grants:overview"))
    assert response.context["totals"]["granted"] == Decimal("80.50")
    assert "Elsewhere" not in response.content.decode()
    client.force_login(organization_admin)
    assert client.get(reverse("grants:overview")).status_code == 403


def test_a_shared_draft_is_seen_by_the_coordinator_even_if_private(
    client, municipality, organization, organization_admin, coordinator, other_coordinator
):
    application = ApplicationFactory(
        organization=organization, is_private=True, draft_text="# Plan\nWe meet weekly."
    )
    client.force_login(organization_admin)
    client.post(reverse("grants:share", args=[application.pk]), {"municipality": municipality.pk})
    client.force_login(coordinator)
    assert "We meet weekly." in client.get(application.get_absolute_url()).content.decode()
    client.post(reverse("grants:comment", args=[application.pk]), {"section": "1", "body": "Good."})
    assert application.draft_comments.get().body == "Good."
    client.force_login(other_coordinator)
    assert client.get(application.get_absolute_url()).status_code == 404


def test_an_unshared_draft_is_not_shown_to_the_coordinator(client, organization, coordinator):
    application = ApplicationFactory(organization=organization, draft_text="Our secret plan")
    client.force_login(coordinator)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Our secret plan" not in page


def test_help_slots_are_published_by_coordinators_and_booked_by_organisations(
    client, municipality, organization, organization_admin, member, coordinator
):
    set_organization_status(organization, "verified")  # help times: verified organisations
    slot = HelpSlotFactory(municipality=municipality)
    client.force_login(member)
    assert client.get(reverse("grants:help_create")).status_code == 403
    client.post(reverse("grants:book", args=[slot.pk]), {"organization": organization.pk})
    slot.refresh_from_db()
    assert not slot.is_booked
    client.force_login(organization_admin)
    client.post(
        reverse("grants:book", args=[slot.pk]), {"organization": organization.pk, "topic": "Tips"}
    )
    slot.refresh_from_db()
    assert slot.organization == organization
    client.force_login(coordinator)
    assert client.get(reverse("grants:help_create")).status_code == 200
    assert client.get(reverse("grants:delete_slot", args=[slot.pk])).status_code == 200


def test_a_help_slot_of_another_municipality_is_404(client, other_municipality, coordinator):
    slot = HelpSlotFactory(municipality=other_municipality)
    client.force_login(coordinator)
    assert client.get(reverse("grants:delete_slot", args=[slot.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(
    ("name", "query", "most"),
    [
        pytest.param("grants:catalogue", {}, 3, id="the_catalogue"),
        pytest.param("grants:deadlines", {"view": "list"}, 2, id="the_deadline_calendar"),
        pytest.param("grants:helper", {"asked": "1"}, 3, id="the_helper"),
    ],
)
def test_a_public_scheme_page_query_count_is_flat(
    client, django_assert_max_num_queries, name, query, most, rows
):
    SchemeFactory.create_batch(rows)
    with django_assert_max_num_queries(most):
        client.get(reverse(name), query)


@pytest.mark.parametrize("rows", [1, 30])
def test_the_tracker_query_count_is_flat(
    client, organization, organization_admin, django_assert_num_queries, rows
):
    ApplicationFactory.create_batch(rows, organization=organization)
    client.force_login(organization_admin)
    client.get(reverse("grants:applications"))  # warm the ContentType and session caches
    with django_assert_num_queries(5):
        client.get(reverse("grants:applications"))


@pytest.mark.parametrize("rows", [1, 30])
def test_the_overview_query_count_is_flat(
    client, organization, coordinator, django_assert_num_queries, rows
):
    ApplicationFactory.create_batch(rows, organization=organization, status="submitted")
    client.force_login(coordinator)
    client.get(reverse("grants:overview"))
    # One fewer than before the tenant context: the view and the header share the list of the
    # coordinator's municipalities (accounts.tenancy).
    with django_assert_num_queries(8):
        client.get(reverse("grants:overview"))


def test_the_helpers_selects_are_written_without_a_template_per_option(client):
    """The helper's eight questions and its list of municipalities are <select>s written in
    Python (accounts.widgets.LongSelect, the same HTML): through Django's widget templates, one
    template per <option>, they were a third of the page's time (issue #24)."""
    from django.test.signals import template_rendered

    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        content = client.get(reverse("grants:helper")).content.decode()
    finally:
        template_rendered.disconnect(record)
    assert not [name for name in rendered if name and name.startswith("django/forms/widgets/")]
    assert content.count("<select") >= 7
    assert '<option value="" selected>' in content
