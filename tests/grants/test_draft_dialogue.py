"""R62: the draft dialogue goes both ways. The organisation answers each coordinator comment and
saves a new version; each version keeps its thread with the application; the coordinator is told
of answers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import DraftReply
from notifications.models import Notification
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(municipality, organization, organization_admin, coordinator):
    application = ApplicationFactory(
        organization=organization, draft_text="# Background\nMany want to practise Norwegian."
    )
    now = timezone.now() - timedelta(hours=1)
    services.application_share_draft(
        by=organization_admin, application=application, municipality=municipality, now=now
    )
    comment = services.draft_comment_add(
        by=coordinator, application=application, section=1, body="Say how many come.", now=now
    )
    return application, comment


def test_the_organisation_answers_a_comment_and_the_coordinator_is_told(
    client, shared, organization_admin, coordinator
):
    application, comment = shared
    client.force_login(organization_admin)
    response = client.post(
        reverse("grants:reply", args=[application.pk, comment.pk]),
        {"body": "About 20 each Saturday."},
    )
    assert response.status_code == 302
    assert DraftReply.objects.get(comment=comment).body == "About 20 each Saturday."
    assert Notification.objects.filter(kind="grant_draft_reply", recipient=coordinator).exists()
    client.force_login(coordinator)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "About 20 each Saturday." in page
    client.post(
        reverse("grants:reply", args=[application.pk, comment.pk]), {"body": "Good, add it."}
    )
    assert Notification.objects.filter(
        kind="grant_draft_reply", recipient=organization_admin
    ).exists()


def test_a_new_version_keeps_the_earlier_one_with_its_thread(
    english, client, shared, organization_admin, coordinator
):
    application, comment = shared
    services.draft_comment_reply(
        by=organization_admin, comment=comment, body="About 20.", now=timezone.now()
    )
    client.force_login(organization_admin)
    client.post(
        reverse("grants:draft", args=[application.pk]),
        {"draft_text": "# Background\nAbout 20 people come each Saturday.", "new_version": "on"},
    )
    application.refresh_from_db()
    assert application.draft_version == 2
    assert application.draft_versions.get().text.endswith("practise Norwegian.")
    later = services.draft_comment_add(
        by=coordinator,
        application=application,
        section=None,
        body="Now clear.",
        now=timezone.now(),
    )
    assert later.version == 2
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Version 2 (the current one)" in page
    assert "Version 1 and its comments" in page
    earlier = page.split("Version 1 and its comments")[1]
    assert "Say how many come." in earlier
    assert "About 20." in earlier
    assert "practise Norwegian." in earlier
    current = page.split("Version 1 and its comments")[0]
    assert "Say how many come." not in current
    assert "Now clear." in current


def test_only_the_organisations_editors_and_the_reviewers_answer(
    client, shared, member, other_coordinator
):
    application, comment = shared
    url = reverse("grants:reply", args=[application.pk, comment.pk])
    client.force_login(member)
    assert client.post(url, {"body": "Hi"}).status_code == 403
    client.force_login(other_coordinator)
    assert client.post(url, {"body": "Hi"}).status_code == 404
    assert not DraftReply.objects.exists()


def test_an_empty_answer_is_shown_next_to_the_field(english, client, shared, organization_admin):
    application, comment = shared
    client.force_login(organization_admin)
    response = client.post(
        reverse("grants:reply", args=[application.pk, comment.pk]), {"body": "  "}
    )
    assert response.status_code == 400
    assert f'id="reply-{comment.pk}-error"' in response.content.decode()


def test_the_answer_e_mail_has_a_plain_text_and_an_html_part(
    english, shared, organization_admin, coordinator
):
    from django.core import mail

    from notifications.services import notifications_send_due

    application, comment = shared
    services.draft_comment_reply(
        by=organization_admin, comment=comment, body="About 20.", now=timezone.now()
    )
    notifications_send_due(now=timezone.now() + timedelta(seconds=1))
    (message,) = [m for m in mail.outbox if "New answer about the draft" in m.subject]
    assert message.to == [coordinator.email]
    assert application.title in message.body
    assert "About 20." not in message.body  # the answer itself stays in the portal
    assert message.alternatives[0][1] == "text/html"


def test_a_new_version_can_be_uploaded_as_a_file(english, client, shared, organization_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application, _comment = shared
    client.force_login(organization_admin)
    response = client.post(
        reverse("grants:draft", args=[application.pk]),
        {
            "draft_text": application.draft_text,
            "new_version": "on",
            "file": SimpleUploadedFile("draft2.pdf", b"%PDF-1.4 draft", "application/pdf"),
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.draft_version == 2
    assert application.attachments.get().name == "Draft, version 2 (draft2.pdf)"


def test_a_file_of_the_wrong_kind_keeps_the_draft_as_it_was(
    english, client, shared, organization_admin
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application, _comment = shared
    client.force_login(organization_admin)
    response = client.post(
        reverse("grants:draft", args=[application.pk]),
        {
            "draft_text": "A new text",
            "new_version": "on",
            "file": SimpleUploadedFile("draft.exe", b"MZ", "application/octet-stream"),
        },
    )
    assert response.status_code == 400
    assert "A new text" in response.content.decode()  # what was typed is kept
    application.refresh_from_db()
    assert application.draft_version == 1
    assert not application.attachments.exists()
    assert not application.draft_versions.exists()
