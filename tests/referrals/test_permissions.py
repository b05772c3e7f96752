"""Who may see and do what with a person and a referral: every role in every referral state.

The table below is the issue's permission list written as data. A role's expected grants are
compared with `user.has_perm` (what views and templates ask) for each state a referral can be in,
including the moment between a consent running out and the nightly job expiring the referral.
"""

import datetime

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from referrals import selectors, services
from referrals.models import Consent, Referral
from tests.factories import (
    SUITABLE,
    ConsentFactory,
    OrganizationFactory,
    PersonFactory,
    ReferralFactory,
    person_of,
    staff_of,
)

pytestmark = pytest.mark.django_db

PERSON_PERMS = ("view_person", "manage_person")
REFERRAL_PERMS = (
    "view_referral",
    "view_referral_summary",
    "view_referral_contact",
    "answer_referral",
    "record_contact",
    "route_referral",
    "close_referral",
)

# A referral state; "…+lapsed": the consent ran out today but the nightly job has not yet
# expired the referral, so only the consent check stands between the organisation and the data.
STATES = (
    "waiting_for_routing",
    "submitted",
    "routed",
    "accepted",
    "declined",
    "contact_made",
    "unreachable",
    "closed",
    "withdrawn",
    "expired",
    "submitted+lapsed",
    "routed+lapsed",
    "accepted+lapsed",
)

CASEWORKER = {"view_person", "manage_person", "view_referral", "view_referral_summary"}


def expected(role: str, state: str) -> set[str]:
    """The issue's list. `view_referral` alone shows status and offer, never a personal field."""
    if role == "caseworker":
        return CASEWORKER | {"close_referral"}
    if role == "coordinator":
        if state == "waiting_for_routing":
            return {"view_referral", "view_referral_summary", "route_referral"}
        return {"view_referral"}
    if role == "contact_person":
        if state == "waiting_for_routing":
            return set()
        if state in ("submitted", "routed"):
            return {"view_referral", "view_referral_summary", "answer_referral"}
        if state == "accepted":
            return {
                "view_referral",
                "view_referral_summary",
                "view_referral_contact",
                "record_contact",
            }
        return {"view_referral"}
    return set()  # everyone else: nothing


ROLES = (
    "caseworker",
    "coordinator",
    "contact_person",
    "organization_admin",
    "organization_member",
    "other_organization_contact",
    "other_caseworker",
    "other_coordinator",
    "plain_user",
    "anonymous",
)


@pytest.fixture
def guide_member(guide_organization):
    return person_of(guide_organization, "member")


@pytest.fixture
def other_caseworker(other_municipality):
    return staff_of(other_municipality, "caseworker", totp=False)


@pytest.fixture
def other_contact(municipality):
    """The contact person of another verified organisation in the same municipality."""
    other = OrganizationFactory(verified=True, municipalities=[municipality])
    return person_of(other, "contact")


ROLE_FIXTURES = {
    "caseworker": "caseworker",
    "coordinator": "coordinator",
    "contact_person": "guide_contact",
    "organization_admin": "guide_admin",
    "organization_member": "guide_member",
    "other_organization_contact": "other_contact",
    "other_caseworker": "other_caseworker",
    "other_coordinator": "other_coordinator",
    "plain_user": "plain_user",
}


def _user(request, role):
    if role == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(ROLE_FIXTURES[role])


def referral_in(state: str, consent: Consent, organization) -> Referral:
    """A referral put straight into `state` (the services' paths are proved elsewhere)."""
    status, _, lapsed = state.partition("+")
    routing = status == "waiting_for_routing"
    referral = ReferralFactory(consent=consent, organization=None if routing else organization)
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.SUBMITTED if routing else status
    )
    today = timezone.localdate()
    if lapsed or status == "expired":
        Consent.objects.filter(pk=consent.pk).update(
            valid_from=today - datetime.timedelta(days=200),
            valid_until=today - datetime.timedelta(days=1),
        )
    if status == "withdrawn":
        Consent.objects.filter(pk=consent.pk).update(
            withdrawn_at=timezone.now(), withdrawn_on=today
        )
    return Referral.objects.select_related("consent", "person").get(pk=referral.pk)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_table(request, role, state, consent, guide_organization, guide_contact):
    user = _user(request, role)
    referral = referral_in(state, consent, guide_organization)
    granted = {perm for perm in PERSON_PERMS if user.has_perm(f"referrals.{perm}", referral.person)}
    granted |= {perm for perm in REFERRAL_PERMS if user.has_perm(f"referrals.{perm}", referral)}
    assert granted == expected(role, state)


@pytest.mark.parametrize("state", STATES)
def test_platform_admins_get_no_personal_data_from_the_rules(
    platform_admin, consent, state, guide_organization
):
    """The rule set itself grants a platform admin nothing about persons or referrals."""
    referral = referral_in(state, consent, guide_organization)
    granted = {
        perm
        for perm in PERSON_PERMS
        if rules.has_perm(f"referrals.{perm}", platform_admin, referral.person)
    } | {
        perm
        for perm in REFERRAL_PERMS
        if rules.has_perm(f"referrals.{perm}", platform_admin, referral)
    }
    assert granted == set()


def test_platform_admins_get_no_personal_data_from_has_perm(
    platform_admin, consent, guide_organization
):
    referral = referral_in("accepted", consent, guide_organization)
    assert not platform_admin.has_perm("referrals.view_person", referral.person)
    assert not platform_admin.has_perm("referrals.view_referral_contact", referral)


def test_platform_admins_cannot_act_through_the_services(
    platform_admin, consent, guide_organization, person
):
    """Services check the rule set, so a superuser's blanket `has_perm` opens nothing."""
    referral = referral_in("submitted", consent, guide_organization)
    with pytest.raises(PermissionDenied):
        services.referral_accept(referral=referral, by=platform_admin)
    with pytest.raises(PermissionDenied):
        services.person_export(person=person, by=platform_admin, path="/x/")
    with pytest.raises(PermissionDenied):
        services.person_erase(person=person, by=platform_admin)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SUBMITTED


def test_a_coordinator_never_sees_the_person(coordinator, person, consent):
    assert not coordinator.has_perm("referrals.view_person", person)
    with pytest.raises(PermissionDenied):
        services.person_export(person=person, by=coordinator, path="/x/")


def test_only_the_coordinators_of_the_municipality_route(
    other_coordinator, caseworker, guide_contact, person, guide_organization, coordinator
):
    consent = ConsentFactory(person=person, municipality_chooses=True)
    referral = services.referral_create(
        suitability=SUITABLE, person=person, consent=consent, by=caseworker
    )
    for user in (other_coordinator, caseworker, guide_contact):
        with pytest.raises(PermissionDenied):
            services.referral_route(referral=referral, by=user, organization=guide_organization)
    services.referral_route(referral=referral, by=coordinator, organization=guide_organization)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ROUTED


# -- the selectors' scope ---------------------------------------------------------------------


@pytest.fixture
def scoped(municipality, other_municipality, consent, guide_organization):
    """One referral to the guide organisation, one waiting for routing, one routed, and one
    referral of another municipality."""
    mine = ReferralFactory(consent=consent, organization=guide_organization)
    routing_consent = ConsentFactory(person=consent.person, municipality_chooses=True)
    waiting = ReferralFactory(consent=routing_consent, organization=None)
    routed = ReferralFactory(consent=routing_consent, organization=guide_organization)
    Referral.objects.filter(pk=routed.pk).update(status=Referral.Status.ROUTED)
    far_person = PersonFactory(municipality=other_municipality)
    far_org = OrganizationFactory(verified=True, municipalities=[other_municipality])
    far_consent = ConsentFactory(person=far_person, organizations=[far_org])
    far = ReferralFactory(consent=far_consent, organization=None)
    return {
        "mine": mine,
        "waiting": waiting,
        "routed": routed,
        "far": far,
        "far_person": far_person,
    }


def _pks(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_persons_visible_to_is_the_caseworkers_municipality_only(
    scoped, caseworker, other_caseworker, coordinator, guide_contact, platform_admin, person
):
    assert _pks(selectors.persons_visible_to(caseworker)) == {person.pk}
    assert _pks(selectors.persons_visible_to(other_caseworker)) == {scoped["far_person"].pk}
    for user in (coordinator, guide_contact, platform_admin, AnonymousUser()):
        assert _pks(selectors.persons_visible_to(user)) == set()


def test_referrals_visible_to_is_scoped(
    request, scoped, caseworker, coordinator, other_coordinator, guide_contact, platform_admin
):
    mine = {scoped[key].pk for key in ("mine", "waiting", "routed")}
    assert _pks(selectors.referrals_visible_to(caseworker)) == mine
    assert _pks(selectors.referrals_visible_to(coordinator)) == mine
    assert _pks(selectors.referrals_visible_to(other_coordinator)) == {scoped["far"].pk}
    assert _pks(selectors.referrals_visible_to(guide_contact)) == {
        scoped["mine"].pk,
        scoped["routed"].pk,
    }
    for role in ("organization_admin", "organization_member", "other_organization_contact"):
        assert _pks(selectors.referrals_visible_to(_user(request, role))) == set()
    for user in (platform_admin, request.getfixturevalue("plain_user"), AnonymousUser()):
        assert _pks(selectors.referrals_visible_to(user)) == set()


def test_referrals_to_route_is_the_coordinators_waiting_referrals_only(
    scoped, coordinator, other_coordinator, caseworker, guide_contact
):
    assert _pks(selectors.referrals_to_route(coordinator)) == {scoped["waiting"].pk}
    assert _pks(selectors.referrals_to_route(other_coordinator)) == {scoped["far"].pk}
    for user in (caseworker, guide_contact, AnonymousUser()):
        assert _pks(selectors.referrals_to_route(user)) == set()
