"""The start page's referral figures link to the referral list only for those who can open it:
a leader (R73) reads the same figures without links (decided in dashboard.views, not by role in
the template)."""

import pytest
from django.urls import reverse

from accounts.models import MunicipalityMembership
from tests.factories import MunicipalityMembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def figures_and_links(client, user) -> tuple[bool, bool]:
    client.force_login(user)
    page = client.get(reverse("dashboard")).content.decode()
    return 'data-figure="referrals-submitted"' in page, reverse("referrals:list") in page


def test_a_leader_sees_the_referral_figures_without_links_to_the_list(client, municipality):
    leader = MunicipalityMembershipFactory(
        municipality=municipality, role=MunicipalityMembership.Role.LEADER
    ).user
    assert figures_and_links(client, leader) == (True, False)
    assert client.get(reverse("referrals:list")).status_code in (403, 404)


def test_the_coordinator_still_gets_the_figures_as_links(client, coordinator):
    assert figures_and_links(client, coordinator) == (True, True)
