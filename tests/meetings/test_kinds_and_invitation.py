"""Meeting kinds of the cooperation routine (R31), and the agenda in the invitation (R34)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Kind
from notifications.services import notifications_send_due
from tests.factories import OrganizationFactory, person_of
from tests.meetings.helpers import online_cooperation_meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "cooperation", "follow_up"),
    [
        ("en", "Cooperation meeting", "Internal follow-up"),
        ("nb", "Samarbeidsmøte", "Intern oppfølging"),
    ],
)
def test_the_form_offers_cooperation_meetings_and_internal_follow_ups(
    client, coordinator, language, cooperation, follow_up
):
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])
    client.force_login(coordinator)
    client.cookies["brobygger_language"] = language
    page = client.get(reverse("meetings:create")).content.decode()
    assert f'<option value="{Kind.COOPERATION}">{cooperation}</option>' in page
    assert f'<option value="{Kind.INTERNAL_FOLLOW_UP}">{follow_up}</option>' in page


@pytest.mark.usefixtures("english")
def test_the_invitation_carries_the_agenda_in_both_parts(coordinator, municipality, mailoutbox):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    person_of(organization, "contact")
    online_cooperation_meeting(
        coordinator,
        municipality,
        organization,
        days=10,
        title="Samarbeidsmøte",
        agenda="1. Nye frivillige presenteres\n2. Nytt om nyankomne <flyktninger>",
        online_url="https://meet.example.no/s",
    )
    notifications_send_due(now=timezone.now())
    [invitation] = mailoutbox
    assert (
        "Agenda:\n1. Nye frivillige presenteres\n2. Nytt om nyankomne <flyktninger>"
        in invitation.body
    )
    html = invitation.alternatives[0][0]
    assert "1. Nye frivillige presenteres<br>2. Nytt om nyankomne &lt;flyktninger&gt;" in html
