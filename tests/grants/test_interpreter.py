"""R61: an organisation asks for an interpreter in a language when it books a help time; the
coordinator sees it on the help times page and in the booking notice, before the slot."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import HelpSlotFactory, set_organization_status

pytestmark = pytest.mark.django_db


def test_a_booking_asks_for_an_arabic_interpreter_and_the_coordinator_sees_it(
    english, client, municipality, organization, organization_admin, coordinator
):
    set_organization_status(organization, "verified")
    slot = HelpSlotFactory(municipality=municipality, created_by=coordinator)
    client.force_login(organization_admin)
    form_page = client.get(reverse("grants:help")).content.decode()
    assert 'name="interpreter_language"' in form_page
    client.post(
        reverse("grants:book", args=[slot.pk]),
        {"organization": organization.pk, "topic": "Budget", "interpreter_language": "ar"},
    )
    slot.refresh_from_db()
    assert slot.interpreter_language == "ar"
    notice = Notification.objects.get(kind="grant_help_booked", recipient=coordinator)
    assert notice.context["interpreter"] == "Arabic"
    client.force_login(coordinator)
    assert "Interpreter: Arabic" in client.get(reverse("grants:help")).content.decode()


def test_an_unknown_interpreter_language_does_not_book(
    client, municipality, organization, organization_admin
):
    set_organization_status(organization, "verified")
    slot = HelpSlotFactory(municipality=municipality)
    client.force_login(organization_admin)
    response = client.post(
        reverse("grants:book", args=[slot.pk]),
        {"organization": organization.pk, "interpreter_language": "xx"},
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert not slot.is_booked
