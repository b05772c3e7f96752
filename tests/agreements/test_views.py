"""The agreement and need pages: who may open them, editing with formsets, stale forms, the
approval round, versions and their differences, the organisation page and query counts."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_init
from django.urls import reverse
from django.utils.html import escape

from agreements import models as agreements_models
from agreements import services
from agreements.models import Agreement, Approval, NeedResponse
from organizations.models import Organization
from tests.factories import (
    AgreementFactory,
    NeedFactory,
    OrganizationFactory,
    PartyFactory,
    RowFactory,
    SectionFactory,
    TemplateFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
READERS = ["coordinator", "partner_admin", "partner_contact", "partner_member"]
STRANGERS = ["other_coordinator", "outsider_admin", "plain_user"]
# session + user (the roles and the TOTP check come from the cache, issue #24), then
# the list: count + the organisation filter's choices + a page of agreements + their parties
# + the header's municipalities
LIST_QUERIES = 7
# the page: the agreement + parties + sections + rows + comments + attachments + activities
# + evaluations + versions + their approvals + the header's municipalities
DETAIL_QUERIES = 14  # with the evaluations kept with the agreement, and the status history
STALE = "Someone else changed this agreement while you were editing."


def content(response) -> str:
    return response.content.decode()


# -- fixtures -------------------------------------------------------------------------------------


# Signing in (`log_in`), the partner organisation and its people: tests/agreements/conftest.py.


@pytest.fixture
def agreement(municipality, partner):
    agreement = AgreementFactory(municipality=municipality, title="Leksehjelp for nyankomne")
    PartyFactory(agreement=agreement, organization=partner)
    RowFactory(agreement=agreement, task="Melde behov", responsible="municipality")
    return agreement


@pytest.fixture
def sent(agreement, coordinator):
    """The agreement sent for approval: version 1 exists."""
    services.agreement_send_for_approval(by=coordinator, agreement=agreement)
    agreement.refresh_from_db()
    return agreement


def _party_value(row) -> str:
    if row.responsible == "organization":
        return f"org-{row.organization_id}" if row.organization_id else ""
    return row.responsible


def edit_data(agreement, *, rows=None, sections=None, **fields) -> dict:
    """What the edit form posts: the agreement as it is now, with `fields` and `rows` changed.
    `rows` lists every existing row first (add "DELETE": "on" to remove one), then new ones."""
    agreement.refresh_from_db()
    parties = list(agreement.parties.order_by("pk"))
    existing_rows = list(agreement.rows.all())
    existing_sections = list(agreement.sections.all())
    if rows is None:
        rows = [{"task": r.task, "party": _party_value(r)} for r in existing_rows]
    if sections is None:
        sections = [{"heading": s.heading, "body": s.body} for s in existing_sections]
    data = {
        "revision": agreement.revision,
        "title": agreement.title,
        "kind": agreement.kind,
        "purpose": agreement.purpose,
        "target_group": agreement.target_group,
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat() if agreement.ends_on else "",
        "review_on": agreement.review_on.isoformat() if agreement.review_on else "",
        "meeting_frequency": agreement.meeting_frequency,
        "contact_sharing": agreement.contact_sharing,
        "municipal_support": agreement.municipal_support,
        "parties-TOTAL_FORMS": len(parties),
        "parties-INITIAL_FORMS": len(parties),
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(existing_sections),
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": len(existing_rows),
        **fields,
    }
    for n, party in enumerate(parties):
        data[f"parties-{n}-id"] = party.pk
        data[f"parties-{n}-representatives"] = party.representatives
        data[f"parties-{n}-contact_person"] = party.contact_person
        data[f"parties-{n}-contributes"] = party.contributes
    for prefix, items in (("rows", rows), ("sections", sections)):
        for n, item in enumerate(items):
            for key, value in item.items():
                data[f"{prefix}-{n}-{key}"] = value
    return data


def url(name, agreement, *args) -> str:
    return reverse(f"agreements:{name}", args=[agreement.pk, *args])


# -- who may open what ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", *READERS, *STRANGERS])
@pytest.mark.parametrize("page", ["detail", "version", "diff", "print"])
def test_agreement_pages_are_for_the_coordinator_and_the_party_organisations(
    client, log_in, sent, role, page
):
    log_in(role)
    path = {
        "detail": url("detail", sent),
        "version": url("version", sent, 1),
        "diff": url("diff", sent) + "?a=1&b=1",
        "print": url("print", sent) + "?version=1",
    }[page]

    response = client.get(path)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
    elif role in READERS:
        assert response.status_code == 200
        assert "Leksehjelp for nyankomne" in content(response)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ["anonymous", *READERS, *STRANGERS])
def test_only_the_coordinator_edits(client, log_in, agreement, role):
    log_in(role)

    response = client.get(url("edit", agreement))

    expected = {"coordinator": 200, "anonymous": 302}.get(role, 403 if role in READERS else 404)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ["anonymous", *READERS, *STRANGERS])
def test_the_list_shows_the_coordinators_and_the_parties_agreements(
    client, log_in, agreement, role
):
    AgreementFactory(title="Someone else's agreement")  # another municipality, other parties
    log_in(role)

    response = client.get(reverse("agreements:list"))

    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert ("Leksehjelp for nyankomne" in content(response)) == (role in READERS)
    assert "Someone else&#x27;s agreement" not in content(response)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("coordinator", 200), ("partner_admin", 403), ("plain_user", 403)],
)
def test_only_coordinators_create_agreements_and_needs(client, log_in, partner, role, expected):
    log_in(role)

    assert client.get(reverse("agreements:create")).status_code == expected
    assert client.get(reverse("agreements:need_create")).status_code == expected


def test_the_list_filters_by_status_organisation_kind_review_and_title(
    client, log_in, agreement, partner, municipality
):
    from datetime import timedelta

    from django.utils import timezone

    other = AgreementFactory(
        municipality=municipality,
        title="Rammeavtale frivillighet",
        kind="framework",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    log_in("coordinator")
    list_url = reverse("agreements:list")

    def titles(**params):
        page = content(client.get(list_url, params))
        return {t for t in ("Leksehjelp for nyankomne", "Rammeavtale frivillighet") if t in page}

    assert titles() == {"Leksehjelp for nyankomne", "Rammeavtale frivillighet"}
    assert titles(kind="framework") == {"Rammeavtale frivillighet"}
    assert titles(organization=partner.pk) == {"Leksehjelp for nyankomne"}
    assert titles(review_due="on") == {"Rammeavtale frivillighet"}
    assert titles(q="leksehjelp") == {"Leksehjelp for nyankomne"}
    assert titles(status="active") == set()
    assert other.pk


# -- creating and editing -------------------------------------------------------------------------


def test_creating_from_a_template_copies_its_sections_and_matrix(
    client, log_in, municipality, partner
):
    template = TemplateFactory(municipality=municipality, name="Frivillig innsats")
    log_in("coordinator")
    assert "Frivillig innsats (Norwegian bokmål)" in content(
        client.get(reverse("agreements:create"))
    )

    response = client.post(
        reverse("agreements:create"),
        {"template": template.pk, "organizations": [partner.pk], "starts_on": "2030-01-01"},
    )

    agreement = Agreement.objects.get()
    assert response.url == url("edit", agreement)
    assert [s.heading for s in agreement.sections.all()] == ["Uenighet"]
    row = agreement.rows.get()
    assert (row.task, row.responsible, row.organization) == (
        "Rekruttere frivillige",
        "organization",
        partner,
    )
    assert agreement.parties.count() == 2


def test_the_create_page_stores_nothing_until_it_is_submitted(client, log_in, municipality):
    TemplateFactory(municipality=municipality)
    log_in("coordinator")

    page = content(client.get(reverse("agreements:create")))

    assert "Make it and send for approval" in page
    assert not Agreement.objects.exists()


def test_make_from_a_template_and_send_for_approval_in_one_submit(
    client, log_in, municipality, partner, partner_contact
):
    """The organisation's contact person is the party's contact for the agreement (R19)."""
    template = TemplateFactory(municipality=municipality)
    log_in("coordinator")

    response = client.post(
        reverse("agreements:create"),
        {
            "template": template.pk,
            "organizations": [partner.pk],
            "starts_on": "2030-01-01",
            "and_send": "1",
        },
    )

    agreement = Agreement.objects.get()
    assert response.url == url("detail", agreement)
    assert agreement.status == "approval"
    assert agreement.versions.count() == 1


def test_make_and_send_that_cannot_be_sent_leaves_no_stray_draft(client, log_in, municipality):
    """No organisation yet: the form says why, and nothing is stored."""
    template = TemplateFactory(municipality=municipality)
    log_in("coordinator")

    response = client.post(
        reverse("agreements:create"),
        {"template": template.pk, "starts_on": "2030-01-01", "and_send": "1"},
    )

    assert response.status_code == 200
    assert "Add at least one organisation as a party first." in content(response)
    assert not Agreement.objects.exists()


def test_the_draft_from_a_template_is_sent_from_the_edit_form_without_an_extra_save(
    client, log_in, municipality, partner, partner_contact
):
    template = TemplateFactory(municipality=municipality)
    log_in("coordinator")
    client.post(
        reverse("agreements:create"),
        {"template": template.pk, "organizations": [partner.pk], "starts_on": "2030-01-01"},
    )
    agreement = Agreement.objects.get()
    assert "Save and send for approval" in content(client.get(url("edit", agreement)))

    response = client.post(
        url("edit", agreement), {**edit_data(agreement, purpose="Leksehjelp"), "and_send": "1"}
    )

    agreement.refresh_from_db()
    assert response.url == url("detail", agreement)
    assert (agreement.purpose, agreement.status) == ("Leksehjelp", "approval")


def test_save_and_send_that_cannot_be_sent_saves_and_says_why(client, log_in, agreement):
    agreement.rows.all().delete()
    log_in("coordinator")

    response = client.post(
        url("edit", agreement),
        {**edit_data(agreement, purpose="Ny"), "and_send": "1"},
        follow=True,
    )

    agreement.refresh_from_db()
    assert (agreement.purpose, agreement.status) == ("Ny", "draft")
    assert "not sent for approval: Write at least one task" in content(response)


def test_a_draft_nobody_wants_is_discarded(client, log_in, agreement):
    log_in("coordinator")
    assert "Discard the draft" in content(client.get(url("edit", agreement)))

    response = client.post(url("discard", agreement))

    assert response.url == reverse("agreements:list")
    assert not Agreement.objects.filter(pk=agreement.pk).exists()


@pytest.mark.parametrize("role", ["partner_admin", "other_coordinator"])
def test_only_the_coordinator_discards_a_draft(client, log_in, agreement, role):
    log_in(role)

    client.post(url("discard", agreement))

    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_a_sent_agreement_cannot_be_discarded(client, log_in, sent):
    log_in("coordinator")

    response = client.post(url("discard", sent), follow=True)

    assert Agreement.objects.filter(pk=sent.pk).exists()
    assert "Only a draft that was never sent for approval can be discarded." in content(response)


def test_edit_reorders_adds_and_deletes_matrix_rows(client, log_in, agreement, partner):
    agreement.rows.all().delete()
    for n, task in enumerate(["A", "B", "C"]):
        RowFactory(agreement=agreement, task=task, position=n)
    SectionFactory(agreement=agreement, heading="Taushetsplikt")
    log_in("coordinator")

    response = client.post(
        url("edit", agreement),
        edit_data(
            agreement,
            rows=[
                {"task": "A", "party": "shared", "ORDER": 2},
                {"task": "B", "party": "shared", "ORDER": 3, "DELETE": "on"},
                {"task": "C", "party": "municipality", "ORDER": 1},
                {"task": "D", "party": f"org-{partner.pk}", "ORDER": 4},
            ],
            title="Leksehjelp 2.0",
        ),
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Leksehjelp 2.0"
    assert [(r.task, r.responsible, r.organization) for r in agreement.rows.all()] == [
        ("C", "municipality", None),
        ("A", "shared", None),
        ("D", "organization", partner),
    ]
    assert [s.heading for s in agreement.sections.all()] == ["Taushetsplikt"]


@pytest.mark.parametrize(
    ("fields", "rows", "field", "message"),
    [
        (
            {"starts_on": "2030-05-01", "ends_on": "2030-04-01"},
            None,
            "ends_on",
            "The agreement must end after it starts.",
        ),
        (
            {"starts_on": "2030-01-01", "ends_on": "2030-04-01", "review_on": "2030-06-01"},
            None,
            "review_on",
            "The review date is after the agreement ends.",
        ),
        ({}, [{"task": "Melde behov", "party": ""}], "party", "Choose which party organisation"),
    ],
)
def test_edit_errors_stand_next_to_the_field_and_keep_what_was_typed(
    client, log_in, agreement, fields, rows, field, message
):
    log_in("coordinator")

    response = client.post(
        url("edit", agreement), edit_data(agreement, rows=rows, purpose="Typed text", **fields)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    if field == "party":
        errors = response.context["rows"].forms[0].errors
    assert message in " ".join(errors[field])
    assert "Typed text" in content(response)
    agreement.refresh_from_db()
    assert agreement.purpose != "Typed text"


def test_a_stale_form_is_refused_and_nothing_of_it_is_saved(client, log_in, agreement):
    log_in("coordinator")
    first = edit_data(agreement, title="First edit")
    second = edit_data(
        agreement, title="Second edit", rows=[{"task": "Second task", "party": "shared"}]
    )

    client.post(url("edit", agreement), first)
    response = client.post(url("edit", agreement), second)

    assert response.status_code == 200
    assert STALE in content(response)
    assert 'value="Second edit"' in content(response)  # what was typed is kept
    agreement.refresh_from_db()
    assert agreement.title == "First edit"
    assert [r.task for r in agreement.rows.all()] == ["Melde behov"]


def test_an_active_agreement_is_not_edited_but_revised(client, log_in, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(status="active")
    log_in("coordinator")

    response = client.get(url("edit", agreement))

    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()


def test_the_coordinator_adds_an_organisation_as_a_party(client, log_in, agreement, municipality):
    newcomer = OrganizationFactory(verified=True, municipalities=[municipality])
    log_in("coordinator")

    client.post(url("party_add", agreement), {"organization": newcomer.pk})

    assert agreement.parties.filter(organization=newcomer).exists()


def test_party_representatives_are_saved_with_the_agreement(client, log_in, agreement, partner):
    log_in("coordinator")
    data = edit_data(agreement)
    party_index = next(
        n
        for n in range(2)
        if data[f"parties-{n}-id"] == agreement.parties.get(organization=partner).pk
    )
    data[f"parties-{party_index}-contact_person"] = "Kari Nordmann"

    client.post(url("edit", agreement), data)

    assert agreement.parties.get(organization=partner).contact_person == "Kari Nordmann"


def test_the_version_sent_for_approval_names_the_representatives_the_parties_see(
    client, log_in, sent, partner
):
    """Editing an agreement that waits for approval makes a new version: the parties approve
    that text, so it carries the representatives saved in the same edit, not the old ones."""
    log_in("coordinator")
    data = edit_data(sent)
    own = sent.parties.get(organization=partner).pk
    index = next(n for n in range(2) if data.get(f"parties-{n}-id") == own)
    data[f"parties-{index}-representatives"] = "Leder Kari Nordmann"
    data[f"parties-{index}-contact_person"] = "Ola Hansen"

    client.post(url("edit", sent), data)

    party = sent.parties.get(organization=partner)
    version = services.current_version(sent)
    assert version.number == 2
    [snapshot] = [p for p in version.snapshot["parties"] if p["organization_id"] == partner.pk]
    sent_for_approval = (snapshot["representatives"], snapshot["contact_person"])
    assert sent_for_approval == (party.representatives, party.contact_person)
    assert sent_for_approval == ("Leder Kari Nordmann", "Ola Hansen")


def test_a_refused_edit_leaves_the_representatives_as_they_were(client, log_in, agreement, partner):
    """One edit, one transaction: when the text is refused, the parties are not half saved."""
    log_in("coordinator")
    party = agreement.parties.get(organization=partner)
    data = edit_data(agreement)
    data["revision"] = agreement.revision + 1  # someone else saved meanwhile: stale
    index = next(n for n in range(2) if data.get(f"parties-{n}-id") == party.pk)
    data[f"parties-{index}-contact_person"] = "Ola Hansen"

    response = client.post(url("edit", agreement), data)

    assert response.status_code == 200  # the form again, with the error
    party.refresh_from_db()
    assert party.contact_person != "Ola Hansen"


# -- approval -------------------------------------------------------------------------------------


def test_send_then_the_organisation_and_the_coordinator_approve_and_it_is_active(
    client, log_in, agreement, partner_contact, coordinator
):
    log_in("coordinator")
    client.post(url("send", agreement))
    agreement.refresh_from_db()
    assert agreement.status == "approval"
    assert "Approve version 1" in content(client.get(url("detail", agreement)))

    log_in("partner_contact")
    page = content(client.get(url("detail", agreement)))
    assert "Approve version 1 for Røde Kors Drammen" in page
    assert "Approve version 1 for Drammen kommune" not in page
    client.post(url("approve", agreement), {"version_number": 1})
    agreement.refresh_from_db()
    assert agreement.status == "approval"

    log_in("coordinator")
    client.post(url("approve", agreement), {"version_number": 1})

    agreement.refresh_from_db()
    assert agreement.status == "active"
    page = content(client.get(url("detail", agreement)))
    assert "Approved by every party" in page
    assert partner_contact.full_name in page or str(partner_contact) in page


def test_a_party_member_reads_but_cannot_approve_or_comment(client, log_in, sent):
    log_in("partner_member")

    page = content(client.get(url("detail", sent)))
    response = client.post(url("approve", sent), {"version_number": 1})

    assert "Approve version" not in page
    assert "Add the comment" not in page
    assert response.status_code == 403
    assert not Approval.objects.exists()


def test_a_change_during_approval_makes_a_new_version_and_old_approvals_do_not_count(
    client, log_in, sent, partner_contact
):
    services.agreement_approve(by=partner_contact, agreement=sent, version_number=1)
    log_in("coordinator")

    client.post(url("edit", sent), edit_data(sent, purpose="A new purpose"))

    sent.refresh_from_db()
    assert sent.status == "approval"
    assert list(sent.versions.values_list("number", flat=True)) == [1, 2]
    page = content(client.get(url("detail", sent)))
    assert "Current version: 2." in page
    assert "No party has approved this version yet." in page
    client.post(url("approve", sent), {"version_number": 1})
    assert not Approval.objects.filter(version__number=2).exists()


def test_a_revision_is_approved_and_the_diff_shows_the_change(
    client, log_in, sent, partner_contact, coordinator
):
    for user in (partner_contact, coordinator):
        services.agreement_approve(by=user, agreement=sent, version_number=1)
    log_in("coordinator")

    client.post(url("revise", sent))
    client.post(
        url("edit", sent),
        edit_data(sent, rows=[{"task": "Melde behov", "party": "shared", "description": "Nå"}]),
    )
    client.post(url("send", sent))
    for user in (partner_contact, coordinator):
        services.agreement_approve(by=user, agreement=sent, version_number=2)

    sent.refresh_from_db()
    assert sent.status == "active"
    diff = content(client.get(url("diff", sent) + "?a=1&b=2"))
    assert "Changed" in diff
    assert "<del>Melde behov · The municipality</del>" in diff
    assert "<ins>Melde behov · Shared · Nå</ins>" in diff
    old = content(client.get(url("version", sent, 1)))
    assert "The municipality" in old
    assert "Nå" not in old


def test_the_coordinator_ends_an_agreement_after_being_asked(client, log_in, agreement):
    log_in("coordinator")

    assert "End “Leksehjelp for nyankomne”?" in content(client.get(url("end", agreement)))
    client.post(url("end", agreement))

    agreement.refresh_from_db()
    assert agreement.status == "ended"


def test_comments_and_attachments(client, log_in, agreement, partner_contact, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    log_in("partner_contact")
    client.post(url("detail", agreement), {"comment": "1", "body": "Kan vi møtes oftere?"})
    assert agreement.comments.get().body == "Kan vi møtes oftere?"

    log_in("coordinator")
    text = SimpleUploadedFile("notes.pdf", b"just text", content_type="application/pdf")
    response = client.post(url("detail", agreement), {"attachment": "1", "file": text})
    assert "Attach a PDF, PNG or JPEG file." in content(response)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    client.post(url("detail", agreement), {"attachment": "1", "file": pdf})
    attachment = agreement.attachments.get()

    log_in("partner_member")
    download = client.get(url("attachment", agreement, attachment.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"
    log_in("outsider_admin")
    assert client.get(url("attachment", agreement, attachment.pk)).status_code == 404


# -- public agreements on the organisation page ---------------------------------------------------


def test_a_public_agreement_is_on_the_organisation_page_without_names(
    client, log_in, sent, partner, partner_contact, coordinator
):
    sent.parties.filter(organization=partner).update(representatives="Kari Nordmann")
    services.comment_add(by=coordinator, agreement=sent, body="Ola Nordmann ringer.")
    for user in (partner_contact, coordinator):
        services.agreement_approve(by=user, agreement=sent, version_number=1)
    log_in("coordinator")
    client.post(url("public", sent), {"public": "1"})
    log_in("anonymous")

    page = content(client.get(partner.get_absolute_url()))

    assert "Cooperation agreements" in page
    assert "Leksehjelp for nyankomne" in page
    assert "Melde behov" in page
    assert "Nordmann" not in page
    assert str(partner_contact) not in page


def test_a_draft_is_not_on_the_organisation_page(client, agreement, partner):
    assert "Leksehjelp for nyankomne" not in content(client.get(partner.get_absolute_url()))


# -- needs ----------------------------------------------------------------------------------------


def test_published_needs_are_public_and_drafts_are_not(client, log_in, municipality):
    NeedFactory(municipality=municipality, title="Nettverksfamilier søkes")
    hidden = NeedFactory(municipality=municipality, title="Utkast", is_published=False)

    assert "Nettverksfamilier søkes" in content(client.get(reverse("agreements:needs")))
    assert client.get(reverse("agreements:need", args=[hidden.pk])).status_code == 404
    log_in("other_coordinator")
    assert client.get(reverse("agreements:need", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("agreements:need_edit", args=[hidden.pk])).status_code == 404
    log_in("coordinator")
    assert client.get(reverse("agreements:need", args=[hidden.pk])).status_code == 200


def test_a_coordinator_describes_a_need(client, log_in, municipality):
    log_in("coordinator")

    response = client.post(
        reverse("agreements:need_create"),
        {"title": "Leksehjelp", "description": "Tirsdager", "is_published": "on"},
    )

    need = municipality.needs.get()
    assert response.url == need.get_absolute_url()


def test_an_organisation_answers_and_the_coordinator_starts_an_agreement(
    client, log_in, municipality, partner, partner_contact
):
    need = NeedFactory(municipality=municipality, title="Nettverksfamilier")
    log_in("partner_contact")
    page = content(client.get(need.get_absolute_url()))
    assert "We can contribute" in page

    client.post(need.get_absolute_url(), {"organization": partner.pk, "note": "Ti familier."})
    assert NeedResponse.objects.get().note == "Ti familier."

    log_in("coordinator")
    page = content(client.get(need.get_absolute_url()))
    assert "Ti familier." in page
    response = client.post(
        need.get_absolute_url(),
        {"start": "1", "organizations": [partner.pk], "starts_on": "2030-01-01"},
    )

    agreement = Agreement.objects.get()
    assert response.url == url("edit", agreement)
    assert (agreement.title, agreement.need) == ("Nettverksfamilier", need)
    assert agreement.parties.filter(organization=partner).exists()


def test_the_answers_are_for_the_coordinator_only(client, log_in, municipality, partner):
    need = NeedFactory(municipality=municipality)
    NeedResponse.objects.create(need=need, organization=partner, note="Hemmelig notat")

    log_in("anonymous")
    assert "Hemmelig notat" not in content(client.get(need.get_absolute_url()))
    log_in("outsider_admin")
    assert "Hemmelig notat" not in content(client.get(need.get_absolute_url()))


# -- query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 10])
def test_the_list_costs_the_same_however_many_agreements(
    client, log_in, django_assert_num_queries, municipality, partner, count
):
    for _ in range(count):
        PartyFactory(agreement=AgreementFactory(municipality=municipality), organization=partner)
    log_in("coordinator")

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("agreements:list"))

    assert len(response.context["page_obj"].object_list) == count


@pytest.mark.parametrize("count", [1, 10])
def test_the_agreement_page_costs_the_same_however_many_rows(
    client, log_in, django_assert_num_queries, sent, partner_contact, count
):
    for _ in range(count - 1):
        RowFactory(agreement=sent)
    services.agreement_approve(by=partner_contact, agreement=sent, version_number=1)
    log_in("coordinator")

    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(url("detail", sent))

    assert content(response).count('<th scope="row">') == count


@pytest.mark.parametrize("count", [1, 12])
def test_the_organisation_filter_offers_every_party_without_building_one_object_each(
    client, log_in, django_assert_num_queries, municipality, count
):
    """Issue #24: a large municipality's agreements have hundreds of parties; the filter reads
    them as (id, name) pairs and writes its <option>s in Python (accounts.widgets.LongSelect)."""
    agreement = AgreementFactory(municipality=municipality)
    parties = [OrganizationFactory(municipalities=[municipality]) for _ in range(count)]
    for organization in parties:
        PartyFactory(agreement=agreement, organization=organization)
    log_in("coordinator")
    built = []

    def count_built(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count_built, sender=Organization)
    try:
        with django_assert_num_queries(LIST_QUERIES):
            response = client.get(reverse("agreements:list"))
    finally:
        post_init.disconnect(count_built, sender=Organization)

    page = content(response)
    for organization in parties:
        assert f'<option value="{organization.pk}">{escape(organization.name)}</option>' in page
    # The page's own rows still show their parties (at most the parties of one agreement).
    assert len(built) <= count


def test_the_filter_by_organisation_still_checks_the_choice(client, log_in, municipality, partner):
    ours = AgreementFactory(municipality=municipality, title="Leksehjelp")
    PartyFactory(agreement=ours, organization=partner)
    AgreementFactory(municipality=municipality, title="Språkkafé")
    stranger = OrganizationFactory()
    log_in("coordinator")

    chosen = client.get(reverse("agreements:list"), {"organization": partner.pk})
    refused = client.get(reverse("agreements:list"), {"organization": stranger.pk})

    assert [a.title for a in chosen.context["page_obj"].object_list] == ["Leksehjelp"]
    assert "Select a valid choice" in content(refused)


@pytest.mark.parametrize("count", [1, 12])
def test_a_framework_lists_its_initiatives_without_a_reverse_per_row(
    client, log_in, municipality, count
):
    """Issue #24: each initiative's address comes from one reverse() (core.views.address_of_pk)
    and each date is written once, not once per row."""
    framework = AgreementFactory(municipality=municipality, kind="framework")
    initiatives = [
        AgreementFactory(municipality=municipality, framework=framework) for _ in range(count)
    ]
    log_in("coordinator")

    with mock.patch(
        "agreements.models.reverse", wraps=agreements_models.reverse
    ) as reverse_in_models:
        page = content(client.get(framework.get_absolute_url()))

    for initiative in initiatives:
        assert f'<a href="{initiative.get_absolute_url()}">{escape(initiative.title)}</a>' in page
    assert reverse_in_models.call_count <= 1  # the framework's own, if any
