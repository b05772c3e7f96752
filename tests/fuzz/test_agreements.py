"""Bad input for the agreements app: creating an agreement, the edit page (main form, sections,
the matrix, parties), adding a party, comments, attachments, the actions with their small
parameters (approve, public, save as template), versions, the diff and print parameters, the
list's filters, needs and the answers to them.

Attachments: the service's checks (type by content, 10 MB) are in
tests/agreements/test_services.py; here the same refusals through the page, with the reason shown.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given

from agreements.filters import AgreementFilter
from agreements.forms import (
    AgreementCreateForm,
    AgreementForm,
    CommentForm,
    NeedForm,
    NeedResponseForm,
    NeedStartForm,
    RowForm,
    SectionForm,
)
from agreements.models import Attachment, Template
from tests.factories import AgreementFactory, NeedFactory, OrganizationFactory, PartyFactory
from tests.fuzz import strategies as fz

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def partner(municipality):
    return OrganizationFactory(verified=True, municipalities=[municipality])


@pytest.fixture
def agreement(municipality, partner):
    agreement = AgreementFactory(municipality=municipality)
    PartyFactory(agreement=agreement, organization=partner)
    return agreement


def create_valid(municipality, partner):
    template = Template.objects.filter(municipality__isnull=True).order_by("pk").first()
    return {
        "template": str(template.pk) if template else "",
        "organizations": [str(partner.pk)],
        "title": "Samarbeid",
        "starts_on": fz.today_iso(),
    }


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(AgreementCreateForm)))
def test_creating_an_agreement(client, coordinator, municipality, partner, data):
    client.force_login(coordinator)
    data = {**create_valid(municipality, partner), **data}
    fz.post_and_check(client, reverse("agreements:create"), data)


def edit_valid(agreement):
    return {
        "title": "Samarbeid",
        "kind": "initiative",
        "starts_on": "2030-01-01",
        "ends_on": "2031-01-01",
        "review_on": "2030-06-01",
        "revision": str(agreement.revision),
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-heading": "Formål",
        "sections-0-body": "Tekst",
        "sections-0-ORDER": "1",
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-0-task": "Møte",
        "rows-0-party": "municipality",
        "rows-0-due_on": "2030-03-01",
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
    }


EDIT_FIELDS = [
    *fz.field_names(AgreementForm),
    *fz.field_names(SectionForm, "sections-0-"),
    "sections-0-ORDER",
    "sections-0-DELETE",
    *fz.field_names(RowForm, "rows-0-"),
    "rows-0-ORDER",
    "rows-TOTAL_FORMS",
    "sections-TOTAL_FORMS",
    "parties-TOTAL_FORMS",
    "parties-INITIAL_FORMS",
    "parties-0-id",
    "parties-0-representatives",
    "parties-0-contact_person",
]


@fz.FUZZ
@given(data=fz.submissions(EDIT_FIELDS))
def test_editing_an_agreement(client, coordinator, agreement, data):
    client.force_login(coordinator)
    agreement.refresh_from_db()
    data = {**edit_valid(agreement), **data}
    fz.post_and_check(client, reverse("agreements:edit", args=[agreement.pk]), data)


def test_far_dates_and_huge_numbers_in_the_agreement_forms(
    client, coordinator, municipality, partner, agreement
):
    client.force_login(coordinator)
    valid = create_valid(municipality, partner)
    fz.one_field_at_a_time(client, reverse("agreements:create"), valid, ["starts_on"])
    fields = [*fz.edge_fields(AgreementForm), "rows-0-due_on", "sections-0-ORDER", "rows-0-ORDER"]
    for name in fields:
        agreement.refresh_from_db()
        fz.one_field_at_a_time(
            client, reverse("agreements:edit", args=[agreement.pk]), edit_valid(agreement), [name]
        )


@fz.FUZZ
@given(data=fz.submissions(["organization", *fz.field_names(CommentForm), "attachment", "name"]))
def test_party_add_and_comments(client, coordinator, agreement, data):
    client.force_login(coordinator)
    fz.post_and_check(client, reverse("agreements:party_add", args=[agreement.pk]), data)
    fz.post_and_check(client, reverse("agreements:detail", args=[agreement.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(["version_number", "public", "name", "confirm"]))
def test_the_actions(client, coordinator, agreement, data):
    client.force_login(coordinator)
    for name in ("send", "approve", "public", "save_as_template"):
        fz.post_and_check(client, reverse(f"agreements:{name}", args=[agreement.pk]), data)


@fz.FUZZ
@given(params=fz.query_params(["a", "b", "version"]), number=fz.hostile_text)
def test_versions_diff_and_print(client, coordinator, agreement, params, number):
    from urllib.parse import quote

    client.force_login(coordinator)
    fz.get_and_check(client, reverse("agreements:diff", args=[agreement.pk]), params)
    fz.get_and_check(client, reverse("agreements:print", args=[agreement.pk]), params)
    fz.assert_safe(
        client.get(f"/agreements/{agreement.pk}/versions/{quote(number[:300], safe='')}/")
    )


@fz.FUZZ
@given(params=fz.query_params(AgreementFilter.base_filters))
def test_the_agreement_list(client, coordinator, contact_person, agreement, params):
    client.force_login(coordinator)
    fz.get_and_check(client, reverse("agreements:list"), params)
    client.force_login(contact_person)
    fz.get_and_check(client, reverse("agreements:list"), params)
    fz.get_and_check(client, reverse("agreements:needs"), params)


def test_query_strings_and_bodies_that_are_not_utf8(client, coordinator, agreement):
    client.force_login(coordinator)
    fz.get_raw_queries(client, reverse("agreements:list"), AgreementFilter.base_filters)
    fz.get_raw_queries(client, reverse("agreements:diff", args=[agreement.pk]), ["a", "b"])
    fz.post_raw_bodies(client, reverse("agreements:create"))
    fz.post_raw_bodies(client, reverse("agreements:edit", args=[agreement.pk]))
    fz.post_raw_bodies(client, reverse("agreements:detail", args=[agreement.pk]))


# -- needs --------------------------------------------------------------------------------------


def need_valid():
    return {"title": "Leksehjelp", "description": "Hjelp", "starts_on": fz.today_iso()}


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(NeedForm)))
def test_creating_and_editing_a_need(client, coordinator, municipality, data):
    client.force_login(coordinator)
    data = {**need_valid(), **data}
    fz.post_and_check(client, reverse("agreements:need_create"), data)
    need = NeedFactory(municipality=municipality)
    fz.post_and_check(client, reverse("agreements:need_edit", args=[need.pk]), data)


@fz.FUZZ
@given(
    data=fz.submissions(
        [*fz.field_names(NeedResponseForm), *fz.field_names(NeedStartForm), "start"]
    )
)
def test_answering_and_starting_from_a_need(
    client, coordinator, organization_admin, organization, municipality, data
):
    need = NeedFactory(municipality=municipality, is_published=True)
    client.force_login(organization_admin)
    fz.post_and_check(client, reverse("agreements:need", args=[need.pk]), data)
    client.force_login(coordinator)
    fz.post_and_check(client, reverse("agreements:need", args=[need.pk]), {**data, "start": "1"})


def test_far_dates_in_the_need_forms(client, coordinator, municipality):
    client.force_login(coordinator)
    fz.one_field_at_a_time(
        client, reverse("agreements:need_create"), need_valid(), fz.edge_fields(NeedForm)
    )


# -- attachments through the page ---------------------------------------------------------------

PNG_HEAD = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("avtale.pdf", b"<html><script>alert(1)</script></html>", "Attach a PDF, PNG or JPEG"),
        ("logo.png", b"<?php system($_GET['c']); ?>", "Attach a PDF, PNG or JPEG"),
        ("bilde.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "PDF, PNG"),
        ("avtale.pdf", b"PK\x03\x04" + b"\x00" * 100, "Attach a PDF, PNG or JPEG"),
        ("avtale.pdf", b"", "The submitted file is empty"),
        ("avtale.exe", b"MZ\x90\x00", "Attach a PDF, PNG or JPEG"),
    ],
)
def test_an_attachment_that_is_not_what_it_says_is_refused_with_a_reason(
    client, coordinator, agreement, settings, tmp_path, name, content, reason
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)

    response = client.post(
        reverse("agreements:detail", args=[agreement.pk]),
        {"attachment": "1", "file": SimpleUploadedFile(name, content), "name": "Vedlegg"},
    )

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Attachment.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_an_oversized_attachment_is_refused_through_the_page(
    client, coordinator, agreement, settings, tmp_path, monkeypatch
):
    from agreements import services

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", 1024)
    client.force_login(coordinator)

    upload = SimpleUploadedFile("avtale.pdf", b"%PDF-1.7\n" + b"0" * 2048)
    response = client.post(
        reverse("agreements:detail", args=[agreement.pk]), {"attachment": "1", "file": upload}
    )

    assert response.status_code == 200
    assert "larger than 10 MB" in response.content.decode()
    assert not Attachment.objects.exists()


@fz.FUZZ
@given(name=fz.hostile_text, filename=fz.hostile_text)
def test_attachment_names(client, coordinator, agreement, settings, tmp_path, name, filename):
    """Hostile display names and file names: refused or stored, never a 500 or live HTML."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    upload = SimpleUploadedFile((filename[:200] or "x") + ".pdf", b"%PDF-1.7\n")
    response = client.post(
        reverse("agreements:detail", args=[agreement.pk]),
        {"attachment": "1", "file": upload, "name": name},
        follow=True,
    )
    fz.assert_safe(response)


@pytest.mark.parametrize("name", ["a\x00b", "x" * 201])
def test_a_template_name_that_cannot_be_stored_is_refused(client, coordinator, agreement, name):
    """Found by the fuzzing: a NUL or a name over 200 characters was a 500."""
    client.force_login(coordinator)

    response = client.post(
        reverse("agreements:save_as_template", args=[agreement.pk]), {"name": name}, follow=True
    )

    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
    assert not Template.objects.filter(municipality=agreement.municipality).exists()


@pytest.mark.parametrize(
    "management",
    [
        {"parties-TOTAL_FORMS": "3", "parties-INITIAL_FORMS": "2"},
        {"parties-TOTAL_FORMS": "1", "parties-INITIAL_FORMS": "0", "parties-0-contact_person": "x"},
        {"parties-TOTAL_FORMS": "5", "parties-INITIAL_FORMS": "5", "parties-0-id": "x"},
    ],
)
def test_posted_party_forms_cannot_stand_for_a_new_party(
    client, coordinator, agreement, management
):
    """Found by the fuzzing: more party forms than parties (or a wrong id) was a 500."""
    client.force_login(coordinator)
    parties = agreement.parties.count()

    response = client.post(
        reverse("agreements:edit", args=[agreement.pk]), {**edit_valid(agreement), **management}
    )

    assert response.status_code in (200, 302)
    assert agreement.parties.count() == parties
