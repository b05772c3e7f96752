from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement, Attachment, Comment, Template
from agreements.services import (
    ATTACHMENT_MAX_BYTES,
    agreement_approve,
    agreement_create,
    agreement_end,
    agreement_send_for_approval,
    agreement_set_public,
    agreement_start_revision,
    agreement_update,
    attachment_add,
    comment_add,
    party_add,
)
from core.time import OSLO
from tests.factories import OrganizationFactory, person_of

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)
START = date(2026, 4, 1)
BEFRIENDING_NB = "Nettverks- og vennetilbud for flyktninger"
FRAMEWORK_NB = "Rammeavtale mellom kommunen og frivilligheten"

# Who is who, for the role-parametrised tests: fixtures of tests/conftest.py and this module.
ROLES = [
    "coordinator",
    "caseworker",
    "other_coordinator",
    "partner_admin",
    "partner_contact",
    "partner_member",
    "plain_user",
]


@pytest.fixture
def second_org(municipality):
    """With a contact person, whom a new party names as its contact (R19)."""
    organization = OrganizationFactory(
        name="Drammen Turlag", verified=True, municipalities=[municipality]
    )
    person_of(organization, "contact")
    return organization


@pytest.fixture
def second_admin(second_org):
    return person_of(second_org, "admin")


@pytest.fixture
def who(request):
    """The user named by the test's `role` parameter."""
    return request.getfixturevalue(request.node.callspec.params["role"])


@pytest.fixture
def befriending():
    return Template.objects.get(municipality=None, language="nb", name=BEFRIENDING_NB)


@pytest.fixture
def draft(coordinator, municipality, partner, partner_contact, befriending):
    """A befriending agreement between the municipality and one organisation, as created (the
    contact persons of both sides filled in from the coordinator and the organisation's)."""
    return agreement_create(
        by=coordinator,
        municipality=municipality,
        template=befriending,
        organizations=[partner],
        starts_on=START,
    )


def texts(agreement):
    """The working text as agreement_update takes it."""
    sections = [{"heading": s.heading, "body": s.body} for s in agreement.sections.all()]
    rows = [
        {
            "task": r.task,
            "responsible": r.responsible,
            "organization": r.organization,
            "description": r.description,
        }
        for r in agreement.rows.all()
    ]
    return sections, rows


def update(agreement, by, now=NOW, *, revision=None, sections=None, rows=None, **fields):
    """agreement_update as the edit form sends it: `fields` changed, the working text unless
    `sections` or `rows` are given, at the current revision unless `revision` (a stale form)."""
    agreement.refresh_from_db()
    current_sections, current_rows = texts(agreement)
    return agreement_update(
        by=by,
        agreement=agreement,
        revision=agreement.revision if revision is None else revision,
        fields=fields,
        sections=current_sections if sections is None else sections,
        rows=current_rows if rows is None else rows,
        now=now,
    )


def approve(agreement, by, now=NOW):
    number = agreement.versions.order_by("-number").first().number
    return agreement_approve(by=by, agreement=agreement, version_number=number, now=now)


# -- creating -------------------------------------------------------------------------------------


def test_create_copies_the_templates_text_sections_and_matrix(draft, befriending, partner):
    assert draft.status == Agreement.Status.DRAFT
    assert draft.kind == befriending.kind
    assert draft.title == befriending.title
    assert draft.purpose == befriending.purpose
    assert draft.meeting_frequency == befriending.meeting_frequency
    assert [(s.heading, s.body) for s in draft.sections.all()] == [
        (s["heading"], s["body"]) for s in befriending.sections
    ]
    assert [(r.task, r.responsible) for r in draft.rows.all()] == [
        (r["task"], r["responsible"]) for r in befriending.matrix
    ]
    # With one organisation, its tasks are its own.
    assert {r.organization for r in draft.rows.filter(responsible="organization")} == {partner}
    assert {p.organization for p in draft.parties.all()} == {None, partner}


def test_a_later_template_edit_leaves_the_agreement_alone(draft, befriending):
    before_sections, before_rows = texts(draft)

    befriending.sections = [{"heading": "Nytt avsnitt", "body": "Ny tekst"}]
    befriending.matrix = [{"task": "Ny oppgave", "responsible": "shared", "description": ""}]
    befriending.purpose = "Et nytt formål"
    befriending.save()

    draft.refresh_from_db()
    assert texts(draft) == (before_sections, before_rows)
    assert draft.purpose != "Et nytt formål"


def test_only_verified_organisations_can_be_parties(coordinator, municipality, befriending):
    pending = OrganizationFactory(name="Nytt nettverk", municipalities=[municipality])

    with pytest.raises(ValidationError) as error:
        agreement_create(
            by=coordinator,
            municipality=municipality,
            template=befriending,
            organizations=[pending],
            starts_on=START,
        )

    assert "organizations" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_an_unverified_organisation_cannot_be_added_later(draft, coordinator, municipality):
    pending = OrganizationFactory(municipalities=[municipality])

    with pytest.raises(ValidationError):
        party_add(by=coordinator, agreement=draft, organization=pending)

    assert not draft.parties.filter(organization=pending).exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_municipalitys_coordinators_create(role, who, municipality, partner, befriending):
    def create():
        return agreement_create(
            by=who,
            municipality=municipality,
            template=befriending,
            organizations=[partner],
            starts_on=START,
        )

    if role == "coordinator":
        assert create().municipality == municipality
    else:
        with pytest.raises(PermissionDenied):
            create()
        assert not Agreement.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_municipalitys_coordinators_edit(role, who, draft):
    if role == "coordinator":
        assert update(draft, who, title="Ny tittel").title == "Ny tittel"
    else:
        with pytest.raises(PermissionDenied):
            update(draft, who, title="Ny tittel")
        draft.refresh_from_db()
        assert draft.title != "Ny tittel"


# -- editing --------------------------------------------------------------------------------------


def test_a_stale_revision_is_refused_and_nothing_is_saved(draft, coordinator):
    opened_at = draft.revision
    update(draft, coordinator, title="Endret av en kollega")
    sections, rows = texts(draft)

    with pytest.raises(ValidationError) as error:
        update(
            draft,
            coordinator,
            revision=opened_at,
            sections=[{"heading": "Mitt avsnitt", "body": ""}],
            rows=rows[:1],
            title="Min endring",
        )

    assert error.value.code == "stale"
    draft.refresh_from_db()
    assert draft.title == "Endret av en kollega"
    assert texts(draft) == (sections, rows)
    assert draft.revision == opened_at + 1


def _parties_edit(agreement, by, **change):
    agreement.refresh_from_db()
    sections, rows = texts(agreement)
    party = agreement.parties.exclude(organization=None).get()
    return agreement_update(
        by=by,
        agreement=agreement,
        revision=agreement.revision,
        fields={},
        sections=sections,
        rows=rows,
        parties=[{"party": party, "representatives": "", "contact_person": "", **change}],
        now=NOW,
    )


def test_a_party_edit_waiting_for_approval_is_in_the_new_version(draft, coordinator, partner):
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)

    _parties_edit(draft, coordinator, representatives="Styreleder", contact_person="Ola")

    [sent] = [
        p
        for p in draft.versions.order_by("-number").first().snapshot["parties"]
        if p["organization_id"] == partner.pk
    ]
    assert (sent["representatives"], sent["contact_person"]) == ("Styreleder", "Ola")
    assert draft.versions.count() == 2


def test_the_parties_of_an_active_agreement_are_changed_only_by_a_revision(
    draft, coordinator, partner_admin
):
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    approve(draft, coordinator)
    approve(draft, partner_admin)
    draft.refresh_from_db()
    assert draft.status == Agreement.Status.ACTIVE

    with pytest.raises(ValidationError):
        _parties_edit(draft, coordinator, contact_person="Ola")

    assert draft.parties.filter(contact_person="Ola").count() == 0


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"ends_on": START - timedelta(days=1)}, "ends_on"),
        (
            {"ends_on": START + timedelta(days=365), "review_on": START + timedelta(days=400)},
            "review_on",
        ),
        ({"review_on": START - timedelta(days=1)}, "review_on"),
    ],
    ids=["end before start", "review after end", "review before start"],
)
def test_dates_are_validated_and_nothing_is_saved(draft, coordinator, fields, error_field):
    with pytest.raises(ValidationError) as error:
        update(draft, coordinator, title="Ny tittel", **fields)

    assert error_field in error.value.message_dict
    draft.refresh_from_db()
    assert draft.title != "Ny tittel"
    assert draft.revision == 0


def test_an_organisation_row_cannot_name_an_organisation_that_is_not_a_party(
    draft, coordinator, second_org
):
    sections, rows = texts(draft)
    rows.append(
        {"task": "Arrangere sommerfest", "responsible": "organization", "organization": second_org}
    )

    with pytest.raises(ValidationError) as error:
        update(draft, coordinator, sections=sections, rows=rows)

    assert "rows" in error.value.message_dict
    assert not draft.rows.filter(task="Arrangere sommerfest").exists()


def test_rows_and_sections_are_saved_in_their_new_order(draft, coordinator, partner):
    sections, rows = texts(draft)
    rows.reverse()
    rows.append({"task": "Ny oppgave", "responsible": "organization", "organization": partner})

    update(draft, coordinator, sections=sections[::-1], rows=rows)

    assert [r.task for r in draft.rows.all()] == [r["task"] for r in rows]
    assert [s.heading for s in draft.sections.all()] == [s["heading"] for s in sections[::-1]]


# -- approval -------------------------------------------------------------------------------------


def test_sending_for_approval_needs_an_organisation_party(coordinator, municipality, befriending):
    agreement = agreement_create(
        by=coordinator,
        municipality=municipality,
        template=befriending,
        organizations=[],
        starts_on=START,
    )
    # Its organisation rows name nobody: make them shared so only the missing party counts.
    sections, rows = texts(agreement)
    for row in rows:
        row["responsible"] = "shared"
    update(agreement, coordinator, revision=0, sections=sections, rows=rows)

    with pytest.raises(ValidationError):
        agreement_send_for_approval(by=coordinator, agreement=agreement, now=NOW)

    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    assert not agreement.versions.exists()


def test_sending_for_approval_needs_a_matrix_row(draft, coordinator):
    sections, _rows = texts(draft)
    update(draft, coordinator, sections=sections, rows=[])

    with pytest.raises(ValidationError):
        agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)

    draft.refresh_from_db()
    assert draft.status == Agreement.Status.DRAFT
    assert not draft.versions.exists()


def test_sending_for_approval_makes_version_one(draft, coordinator):
    version = agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)

    draft.refresh_from_db()
    assert draft.status == Agreement.Status.APPROVAL
    assert draft.approval_requested_at == NOW
    assert version.number == 1
    assert version.approved_at is None
    assert version.snapshot["title"] == draft.title
    assert len(version.snapshot["rows"]) == draft.rows.count()


@pytest.mark.parametrize("role", [*ROLES, "second_admin"])
def test_who_approves_for_which_party(role, who, draft, coordinator, second_org):
    party_add(by=coordinator, agreement=draft, organization=second_org)
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    may_approve = {
        "coordinator": None,  # the municipality
        "partner_admin": "Røde Kors Drammen",
        "partner_contact": "Røde Kors Drammen",
        "second_admin": "Drammen Turlag",
    }

    if role in may_approve:
        (approval,) = approve(draft, who)
        assert getattr(approval.party.organization, "name", None) == may_approve[role]
    else:
        with pytest.raises(PermissionDenied):
            approve(draft, who)
        assert not draft.versions.get().approvals.exists()


def test_when_every_party_approved_the_agreement_is_active(
    draft, coordinator, partner_admin, second_org, second_admin
):
    party_add(by=coordinator, agreement=draft, organization=second_org)
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    approve(draft, coordinator)
    approve(draft, partner_admin)
    draft.refresh_from_db()
    assert draft.status == Agreement.Status.APPROVAL
    assert draft.versions.get().approved_at is None

    approve(draft, second_admin, now=NOW + timedelta(days=2))

    draft.refresh_from_db()
    assert draft.status == Agreement.Status.ACTIVE
    assert draft.versions.get().approved_at == NOW + timedelta(days=2)


def test_approving_a_version_that_is_no_longer_current_is_refused(
    draft, coordinator, partner_admin
):
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    update(draft, coordinator, purpose="Et skarpere formål")  # makes version 2

    with pytest.raises(ValidationError) as error:
        agreement_approve(by=partner_admin, agreement=draft, version_number=1, now=NOW)

    assert error.value.code == "stale"
    assert not draft.versions.get(number=2).approvals.exists()


def test_an_edit_during_approval_makes_earlier_approvals_not_count(
    draft, coordinator, partner_admin
):
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    approve(draft, partner_admin)

    update(draft, coordinator, purpose="Et skarpere formål")
    approve(draft, coordinator)

    draft.refresh_from_db()
    assert draft.status == Agreement.Status.APPROVAL
    assert [v.number for v in draft.versions.all()] == [1, 2]
    assert draft.versions.get(number=2).approved_at is None
    assert draft.versions.get(number=2).snapshot["purpose"] == "Et skarpere formål"

    approve(draft, partner_admin)

    draft.refresh_from_db()
    assert draft.status == Agreement.Status.ACTIVE
    assert draft.versions.get(number=2).approved_at == NOW
    assert draft.versions.get(number=1).approved_at is None


# -- revision, end, public ------------------------------------------------------------------------


@pytest.fixture
def active(draft, coordinator, partner_admin):
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    approve(draft, coordinator)
    approve(draft, partner_admin)
    draft.refresh_from_db()
    assert draft.status == Agreement.Status.ACTIVE
    return draft


@pytest.mark.parametrize("status", ["draft", "approval", "revision", "ended"])
def test_a_revision_starts_only_from_an_active_agreement(draft, coordinator, status):
    Agreement.objects.filter(pk=draft.pk).update(status=status)
    draft.refresh_from_db()

    with pytest.raises(ValidationError):
        agreement_start_revision(by=coordinator, agreement=draft)

    draft.refresh_from_db()
    assert draft.status == status


def test_a_revision_ends_active_with_version_two_and_version_one_unchanged(
    active, coordinator, partner_admin
):
    first = active.versions.get()
    first_snapshot, first_approved_at = first.snapshot, first.approved_at
    with pytest.raises(ValidationError):  # an active text is not edited in place
        update(active, coordinator, title="Direkte endring")

    agreement_start_revision(by=coordinator, agreement=active)
    update(active, coordinator, title="Revidert avtale", meeting_frequency="Hver måned")
    agreement_send_for_approval(by=coordinator, agreement=active, now=NOW + timedelta(days=30))
    approve(active, coordinator, now=NOW + timedelta(days=31))
    approve(active, partner_admin, now=NOW + timedelta(days=32))

    active.refresh_from_db()
    assert active.status == Agreement.Status.ACTIVE
    assert [v.number for v in active.versions.all()] == [1, 2]
    second = active.versions.get(number=2)
    assert second.snapshot["title"] == "Revidert avtale"
    assert second.approved_at == NOW + timedelta(days=32)
    first.refresh_from_db()
    assert first.snapshot == first_snapshot
    assert first.approved_at == first_approved_at
    assert first.snapshot["title"] != "Revidert avtale"


def test_revision_and_end_act_on_the_stored_agreement_not_a_stale_copy(
    draft, coordinator, partner_admin
):
    opened_as_draft = Agreement.objects.get(pk=draft.pk)
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    approve(draft, coordinator)
    approve(draft, partner_admin)
    stored_revision = Agreement.objects.get(pk=draft.pk).revision

    agreement_start_revision(by=coordinator, agreement=opened_as_draft)

    draft.refresh_from_db()
    assert draft.status == Agreement.Status.REVISION
    assert draft.revision == stored_revision + 1
    agreement_end(by=coordinator, agreement=opened_as_draft, now=NOW)
    with pytest.raises(ValidationError):  # ended already, whatever the old copy says
        agreement_end(by=coordinator, agreement=opened_as_draft, now=NOW)


def test_ending_an_agreement_hides_it_and_happens_once(active, coordinator):
    agreement_set_public(by=coordinator, agreement=active, public=True)

    agreement_end(by=coordinator, agreement=active, now=NOW)

    active.refresh_from_db()
    assert active.status == Agreement.Status.ENDED
    assert not active.is_public
    with pytest.raises(ValidationError):
        agreement_end(by=coordinator, agreement=active, now=NOW)


@pytest.mark.parametrize("role", ROLES[1:])
def test_only_coordinators_end_an_agreement(role, who, active):
    with pytest.raises(PermissionDenied):
        agreement_end(by=who, agreement=active, now=NOW)

    active.refresh_from_db()
    assert active.status == Agreement.Status.ACTIVE


def test_only_an_approved_agreement_can_be_made_public(draft, coordinator, partner_admin):
    with pytest.raises(ValidationError):
        agreement_set_public(by=coordinator, agreement=draft, public=True)
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    with pytest.raises(ValidationError):
        agreement_set_public(by=coordinator, agreement=draft, public=True)

    approve(draft, coordinator)
    approve(draft, partner_admin)
    agreement_set_public(by=coordinator, agreement=draft, public=True)

    draft.refresh_from_db()
    assert draft.is_public


def test_a_revision_keeps_the_approved_agreement_publishable(active, coordinator):
    agreement_start_revision(by=coordinator, agreement=active)

    agreement_set_public(by=coordinator, agreement=active, public=True)

    active.refresh_from_db()
    assert active.is_public


# -- comments and attachments ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_party_editors_and_coordinators_comment(role, who, draft):
    if role in {"coordinator", "partner_admin", "partner_contact"}:
        comment = comment_add(by=who, agreement=draft, body="  Kan vi møtes oftere?  ")
        assert comment.body == "Kan vi møtes oftere?"
        expected = "Røde Kors Drammen" if role != "coordinator" else "Drammen kommune"
        assert comment.party_name == expected
    else:
        with pytest.raises(PermissionDenied):
            comment_add(by=who, agreement=draft, body="Kan vi møtes oftere?")
        assert not Comment.objects.exists()


def test_an_empty_comment_is_refused(draft, coordinator):
    with pytest.raises(ValidationError):
        comment_add(by=coordinator, agreement=draft, body="   ")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


@pytest.mark.parametrize(
    ("name", "content"), [("avtale.pdf", PDF), ("logo.png", PNG), ("signatur.jpg", JPEG)]
)
def test_pdf_png_and_jpeg_attachments_are_accepted(draft, coordinator, media, name, content):
    attachment = attachment_add(
        by=coordinator, agreement=draft, upload=SimpleUploadedFile(name, content)
    )

    assert attachment.name == name
    assert (media / attachment.file.name).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("avtale.pdf", b"Dette er bare tekst, ikke en PDF."),
        ("avtale.pdf", PDF[:4]),
        ("skript.png", b"<script>alert(1)</script>"),
    ],
)
def test_a_file_that_is_not_really_pdf_or_image_is_refused(
    draft, coordinator, media, name, content
):
    with pytest.raises(ValidationError) as error:
        attachment_add(by=coordinator, agreement=draft, upload=SimpleUploadedFile(name, content))

    assert "file" in error.value.message_dict
    assert not Attachment.objects.exists()


def test_a_real_pdf_with_another_extension_is_refused(draft, coordinator, media):
    with pytest.raises(ValidationError):
        attachment_add(by=coordinator, agreement=draft, upload=SimpleUploadedFile("a.exe", PDF))

    assert not Attachment.objects.exists()


def test_an_attachment_over_10_mb_is_refused(draft, coordinator, media):
    content = PDF + b"0" * (ATTACHMENT_MAX_BYTES + 1 - len(PDF))

    with pytest.raises(ValidationError) as error:
        attachment_add(
            by=coordinator, agreement=draft, upload=SimpleUploadedFile("stor.pdf", content)
        )

    assert "file" in error.value.message_dict
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("role", ROLES[1:])
def test_only_coordinators_attach_files(role, who, draft, media):
    with pytest.raises(PermissionDenied):
        attachment_add(by=who, agreement=draft, upload=SimpleUploadedFile("avtale.pdf", PDF))


def test_english_messages_for_a_stale_approval(english, draft, coordinator, partner_admin):
    agreement_send_for_approval(by=coordinator, agreement=draft, now=NOW)
    update(draft, coordinator, purpose="Et skarpere formål")

    with pytest.raises(ValidationError) as error:
        agreement_approve(by=partner_admin, agreement=draft, version_number=1, now=NOW)

    assert error.value.messages == [
        "The text changed after you opened it. Read the new version and approve that."
    ]


def test_framework_template_with_three_organisations_names_no_single_organisation(
    coordinator, municipality, partner, second_org
):
    third = OrganizationFactory(verified=True, municipalities=[municipality])
    framework = Template.objects.get(municipality=None, language="nb", name=FRAMEWORK_NB)

    agreement = agreement_create(
        by=coordinator,
        municipality=municipality,
        template=framework,
        organizations=[partner, second_org, third],
        starts_on=START,
    )

    assert agreement.kind == "framework"
    assert agreement.parties.count() == 4
    assert not agreement.rows.exclude(organization=None).exists()


def test_an_organisation_row_without_a_name_means_each_party_organisation(draft, coordinator):
    sections, rows = texts(draft)
    rows.append(
        {"task": "Utpeke kontaktperson", "responsible": "organization", "organization": None}
    )

    update(draft, coordinator, sections=sections, rows=rows)

    row = draft.rows.get(task="Utpeke kontaktperson")
    assert (row.responsible, row.organization) == ("organization", None)
