"""Bad input for the referrals app: persons, consents (record, renew, withdraw), referrals
(create, decline, route), the information sheets, and the lists' filters (persons, referrals,
the access log) plus the sheet's `version` parameter."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given

from referrals.filters import AccessLogFilter, PersonFilter, ReferralFilter
from referrals.forms import (
    ConsentForm,
    ConsentRenewForm,
    ConsentWithdrawForm,
    DeclineForm,
    InformationSheetForm,
    PersonForm,
    ReferralForm,
    RouteForm,
)
from tests.factories import ReferralFactory
from tests.fuzz import strategies as fz

pytestmark = pytest.mark.django_db

PERSON_VALID = {"given_name": "Amal", "family_name": "Hassan", "postal_code": "3015"}


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(PersonForm)))
def test_registering_and_editing_a_person(client, caseworker, person, data):
    client.force_login(caseworker)
    data = {**PERSON_VALID, **data}
    fz.post_and_check(client, reverse("referrals:person_new"), data)
    fz.post_and_check(client, reverse("referrals:person_edit", args=[person.pk]), data)


def consent_valid(guide_organization):
    return {
        "informed_on": fz.today_iso(),
        "information_language": "nb",
        "organizations": [str(guide_organization.pk)],
        "offer": "refugee_guide",
        "signed_how": "paper",
        "person_confirmed": "on",
        "valid_until": "2099-01-01",
        "shared_fields": ["phone"],
    }


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(ConsentForm)))
def test_recording_a_consent(client, caseworker, person, guide_organization, data):
    client.force_login(caseworker)
    data = {**consent_valid(guide_organization), **data}
    fz.post_and_check(client, reverse("referrals:consent_new", args=[person.pk]), data)


@fz.FUZZ
@given(
    data=fz.submissions([*fz.field_names(ConsentRenewForm), *fz.field_names(ConsentWithdrawForm)])
)
def test_renewing_and_withdrawing_a_consent(client, caseworker, consent, data):
    client.force_login(caseworker)
    fz.post_and_check(client, reverse("referrals:consent_renew", args=[consent.pk]), data)
    fz.post_and_check(client, reverse("referrals:consent_withdraw", args=[consent.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(ReferralForm)))
def test_making_a_referral(client, caseworker, person, consent, guide_organization, data):
    client.force_login(caseworker)
    data = {"consent": str(consent.pk), "organization": str(guide_organization.pk), **data}
    fz.post_and_check(client, reverse("referrals:referral_new", args=[person.pk]), data)


@fz.FUZZ
@given(data=fz.submissions([*fz.field_names(DeclineForm), *fz.field_names(RouteForm)]))
def test_declining_and_routing_a_referral(
    client, caseworker, guide_contact, consent, guide_organization, data
):
    referral = ReferralFactory(consent=consent)
    client.force_login(guide_contact)
    fz.post_and_check(client, reverse("referrals:decline", args=[referral.pk]), data)
    client.force_login(caseworker)
    fz.post_and_check(client, reverse("referrals:route", args=[referral.pk]), data)


def test_far_dates_in_the_consent_forms(client, caseworker, person, consent, guide_organization):
    client.force_login(caseworker)
    url = reverse("referrals:consent_new", args=[person.pk])
    fz.one_field_at_a_time(
        client, url, consent_valid(guide_organization), fz.edge_fields(ConsentForm)
    )
    for name, form in (
        ("consent_renew", ConsentRenewForm),
        ("consent_withdraw", ConsentWithdrawForm),
    ):
        url = reverse(f"referrals:{name}", args=[consent.pk])
        fz.one_field_at_a_time(client, url, {}, fz.edge_fields(form))


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(InformationSheetForm)), language=fz.hostile_text)
def test_editing_an_information_sheet(client, coordinator, data, language):
    client.force_login(coordinator)
    fz.post_and_check(client, reverse("referrals:sheet_edit", args=["nb"]), data)
    segment = quote(language[:200], safe="") or "x"
    fz.assert_safe(client.get(f"/referrals/information-sheets/{segment}/edit/"))
    fz.assert_safe(
        client.get(f"/referrals/information-sheets/{segment}/print/", {"version": language})
    )


def test_form_bodies_that_are_not_utf8(client, caseworker, person):
    client.force_login(caseworker)
    fz.post_raw_bodies(client, reverse("referrals:person_new"))
    fz.post_raw_bodies(client, reverse("referrals:consent_new", args=[person.pk]))


# -- lists --------------------------------------------------------------------------------------


@fz.FUZZ
@given(
    params=fz.query_params(
        [*PersonFilter.base_filters, *ReferralFilter.base_filters, *AccessLogFilter.base_filters]
    )
)
def test_the_lists(client, caseworker, coordinator, consent, params):
    ReferralFactory(consent=consent)
    client.force_login(caseworker)
    fz.get_and_check(client, reverse("referrals:persons"), params)
    fz.get_and_check(client, reverse("referrals:list"), params)
    client.force_login(coordinator)
    fz.get_and_check(client, reverse("referrals:routing"), params)
    fz.get_and_check(client, reverse("referrals:access_log"), params)
    fz.get_and_check(
        client, reverse("referrals:sheet_print", args=["nb"]), {"version": params.get("q", "")}
    )


def test_query_strings_that_are_not_utf8(client, caseworker, coordinator):
    client.force_login(caseworker)
    fz.get_raw_queries(client, reverse("referrals:persons"), PersonFilter.base_filters)
    fz.get_raw_queries(client, reverse("referrals:list"), ReferralFilter.base_filters)
    client.force_login(coordinator)
    fz.get_raw_queries(client, reverse("referrals:access_log"), AccessLogFilter.base_filters)
