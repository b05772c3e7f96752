"""Agenda templates (R34): a new meeting of a kind starts from the municipality's agenda for it;
the portal ships the start-up, cooperation (Næstved's standing items), evaluation and grant
information agendas; a coordinator edits the municipality's own."""

import pytest
from django.urls import reverse

from accounts.models import Municipality
from accounts.services import user_enable_totp
from meetings.agenda_templates import SHIPPED
from meetings.models import AgendaTemplate, Kind
from tests.factories import TOTP_SECRET, MunicipalityFactory, MunicipalityMembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CREATE = reverse("meetings:create")
TEMPLATES = reverse("meetings:agenda_templates")
OWN = "1. Kaffe og kake\n2. Runden rundt bordet"


def agenda_field(page: str) -> str:
    start = page.index('name="agenda"')
    return page[start : page.index("</textarea>", start)]


def test_a_new_cooperation_meeting_starts_with_the_standing_items(client, coordinator):
    client.force_login(coordinator)
    page = client.get(CREATE, {"kind": Kind.COOPERATION}).content.decode()
    assert "Nye frivillige presenterer seg" in agenda_field(page)
    assert f'href="?kind={Kind.EVALUATION}"' in page


def test_a_danish_municipality_gets_danish_templates(client):
    naestved = MunicipalityFactory(
        name="Næstved Kommune", slug="naestved", number="370", country="DK"
    )
    user = MunicipalityMembershipFactory(municipality=naestved, role="coordinator").user
    user_enable_totp(user=user, secret=TOTP_SECRET)  # staff use two-factor sign-in
    client.force_login(user)
    page = client.get(CREATE, {"kind": Kind.COOPERATION}).content.decode()
    assert "Nye frivillige præsenterer sig" in agenda_field(page)


def test_a_coordinator_saves_the_municipalitys_own_agenda_and_meetings_start_from_it(
    client, coordinator, municipality
):
    client.force_login(coordinator)
    data = {kind: text for kind, text in SHIPPED["NO"].items()}
    data[Kind.COOPERATION] = OWN
    response = client.post(TEMPLATES, data)
    assert response.status_code == 302
    assert AgendaTemplate.objects.get(municipality=municipality).kind == Kind.COOPERATION
    page = client.get(CREATE, {"kind": Kind.COOPERATION}).content.decode()
    assert "Kaffe og kake" in agenda_field(page)
    # Emptying the field goes back to the shipped agenda.
    client.post(TEMPLATES, {**data, Kind.COOPERATION: ""})
    assert not AgendaTemplate.objects.exists()


def test_another_municipalitys_templates_are_untouched(client, coordinator, other_coordinator):
    client.force_login(other_coordinator)
    client.post(TEMPLATES, {Kind.COOPERATION: OWN})
    asker = Municipality.objects.get(slug="asker")
    assert AgendaTemplate.objects.get().municipality == asker
    client.force_login(coordinator)
    page = client.get(CREATE, {"kind": Kind.COOPERATION}).content.decode()
    assert "Kaffe og kake" not in page


@pytest.mark.parametrize("role", ["caseworker", "contact_person", "plain_user"])
def test_only_coordinators_edit_the_templates(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(TEMPLATES).status_code == 403
    assert client.post(TEMPLATES, {Kind.COOPERATION: OWN}).status_code == 403
    assert not AgendaTemplate.objects.exists()
