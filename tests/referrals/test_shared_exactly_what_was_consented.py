"""What is shared is exactly what was consented (R43), and the warning names every special
category (R44); agreement comments carry the same notice and check (R67) (issue #20).

The person below has a distinctive value in every field. Their consent shares the phone number
only; the referral carries a note (as one made before the note became a consented field would).
Nothing but the phone number may reach the organisation: not its pages, not its e-mails, not
the cache, and it has no export of the person."""

import pickle

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from agreements.models import Comment
from core.personal_data import SPECIAL_CATEGORIES
from notifications.services import notifications_send_due
from referrals import services
from referrals.models import Referral
from tests.factories import (
    AgreementFactory,
    ConsentFactory,
    PartyFactory,
    PersonFactory,
    refer,
)

pytestmark = pytest.mark.django_db

NOTE = "Zymurgistklubben på onsdager"
HIDDEN = {
    "given name": "Zaphira",
    "family name": "Quendolyn",
    "e-mail": "zaphira.q@example.net",
    "postcode": "3018",
    "postal area": "Tangenxyz",
    "street address": "Kvernveien 77",
    "language": "Tigrinya",
    "interest": "Cooking and food",
    "other interest": "Kajakkpadling",
    "household type": "Family with children",
    "children's ages": "13–17",
    "note": NOTE,
}
PHONE = "+47 41234999"


@pytest.fixture
def distinct_person(municipality, caseworker):
    return PersonFactory(
        municipality=municipality,
        given_name="Zaphira",
        family_name="Quendolyn",
        phone=PHONE,
        email="zaphira.q@example.net",
        postal_code="3018",
        postal_area="Tangenxyz",
        street_address="Kvernveien 77",
        languages=["ti"],
        interests=["cooking"],
        interests_other="Kajakkpadling",
        household="family",
        wants_family_offer=True,
        children_age_bands=["13-17"],
    )


def _leaks(text: str) -> list[str]:
    return [what for what, value in HIDDEN.items() if value in text]


def _cached_text() -> str:
    # The tests' cache is in memory (config/settings/test.py): every value, unpickled.
    store = getattr(cache, "_cache", {})
    values = [pickle.loads(value) for value in store.values()]  # noqa: S301 - our own values
    return "\n".join(repr(value) for value in values)


def test_no_value_outside_the_consents_list_reaches_the_organisation(
    english, client, distinct_person, caseworker, guide_organization, guide_contact
):
    consent = ConsentFactory(
        person=distinct_person, organizations=[guide_organization], shared_fields=["phone"]
    )
    referral = refer(distinct_person, consent, caseworker, guide_organization)
    Referral.objects.filter(pk=referral.pk).update(note=NOTE)  # an older referral's note
    client.force_login(guide_contact)
    seen = []

    def visit(url, status=200):
        response = client.get(url)
        assert response.status_code == status, url
        seen.append(response.content.decode())
        return response.content.decode()

    visit(referral.get_absolute_url())
    visit(reverse("referrals:list"))
    visit(reverse("home"))
    assert client.post(reverse("referrals:accept", args=[referral.pk])).status_code == 302
    page = visit(referral.get_absolute_url())
    assert PHONE in page  # what was consented is there
    visit(reverse("referrals:list"))
    visit(reverse("home"))
    # The organisation has no export of the person.
    visit(reverse("referrals:person_export", args=[distinct_person.pk]), status=404)
    visit(reverse("referrals:person_export_json", args=[distinct_person.pk]), status=404)
    visit(reverse("referrals:person_export_pdf", args=[distinct_person.pk]), status=404)
    assert (
        client.post(
            reverse("referrals:contact", args=[referral.pk]),
            {"handover": "self", "copies_deleted": "on"},
        ).status_code
        == 302
    )
    after = visit(referral.get_absolute_url())
    assert PHONE not in after

    for number, page in enumerate(seen):
        assert _leaks(page) == [], number

    notifications_send_due(now=timezone.now() + timezone.timedelta(minutes=1))
    to_organisation = [m for m in mail.outbox if guide_contact.email in m.to]
    assert to_organisation  # the referral arrived by e-mail
    for message in to_organisation:
        text = "\n".join([message.subject, message.body, *(a[0] for a in message.alternatives)])
        assert _leaks(text) == []
        assert PHONE not in text  # e-mails carry a link, never personal data

    assert _leaks(_cached_text()) == []


def test_the_caseworker_still_sees_everything(
    english, client, distinct_person, caseworker, guide_organization, guide_contact
):
    consent = ConsentFactory(
        person=distinct_person, organizations=[guide_organization], shared_fields=["phone"]
    )
    referral = refer(distinct_person, consent, caseworker, guide_organization)
    Referral.objects.filter(pk=referral.pk).update(note=NOTE)
    client.force_login(caseworker)
    content = client.get(referral.get_absolute_url()).content.decode()
    assert NOTE in content
    assert "13–17" in content


@pytest.mark.parametrize(
    ("shared", "shown", "hidden"),
    [
        (["phone", "household"], ["Family with children"], ["13–17", NOTE]),
        (["phone", "children_ages"], ["13–17"], ["Family with children", NOTE]),
        (["phone", "note"], [NOTE], ["Family with children", "13–17"]),
    ],
)
def test_household_childrens_ages_and_the_note_each_need_their_own_consent(
    english,
    client,
    distinct_person,
    caseworker,
    guide_organization,
    guide_contact,
    shared,
    shown,
    hidden,
):
    consent = ConsentFactory(
        person=distinct_person, organizations=[guide_organization], shared_fields=shared
    )
    referral = refer(
        distinct_person,
        consent,
        caseworker,
        guide_organization,
        note=NOTE if "note" in shared else "",
    )
    Referral.objects.filter(pk=referral.pk).update(note=NOTE)
    client.force_login(guide_contact)
    content = client.get(referral.get_absolute_url()).content.decode()
    for value in shown:
        assert value in content
    for value in hidden:
        assert value not in content


def test_a_note_the_consent_does_not_cover_is_refused(
    distinct_person, caseworker, guide_organization
):
    consent = ConsentFactory(
        person=distinct_person, organizations=[guide_organization], shared_fields=["phone"]
    )
    with pytest.raises(services.ValidationError) as refused:
        refer(distinct_person, consent, caseworker, guide_organization, note=NOTE)
    assert "note" in refused.value.message_dict


def test_the_consent_form_lists_the_note_and_the_childrens_ages(
    english, client, caseworker, person
):
    client.force_login(caseworker)
    # What may be shared is the consent form's second step.
    first_step = {"step": "0", "informed_on": "2026-12-07", "information_language": "en"}
    response = client.post(reverse("referrals:consent_new", args=[person.pk]), first_step)
    content = response.content.decode()
    assert "Step 2 of 3" in content
    assert 'value="note"' in content
    assert "The caseworker&#x27;s note to the organisation" in content
    assert 'value="children_ages"' in content


# -- the special categories (R44) and agreement comments (R67) ------------------------------------

ALL_CATEGORIES = (
    "health",
    "ethnic origin",
    "religion",
    "political opinions",
    "union membership",
    "sexual life",
    "criminal matters",
    "social or case matters",
    "internal family matters",
    "ID numbers",
    "finances",
)


def test_the_list_names_every_category_of_the_guide_and_gdpr(english):
    text = " ".join(str(category) for category in SPECIAL_CATEGORIES)
    for category in ALL_CATEGORIES:
        assert category in text


@pytest.mark.parametrize("page", ["person_new", "referral_new"])
def test_the_referral_and_person_forms_name_every_category(
    english, client, caseworker, person, guide_organization, page
):
    ConsentFactory(person=person, organizations=[guide_organization])
    client.force_login(caseworker)
    url = reverse(f"referrals:{page}", args=[] if page == "person_new" else [person.pk])
    content = client.get(url).content.decode()
    for category in ALL_CATEGORIES:
        assert category in content, category


@pytest.fixture
def agreement(municipality, guide_organization):
    agreement = AgreementFactory(municipality=municipality)
    PartyFactory(agreement=agreement, organization=guide_organization)
    return agreement


def test_agreement_comments_carry_the_notice(english, client, coordinator, agreement):
    client.force_login(coordinator)
    content = client.get(agreement.get_absolute_url()).content.decode()
    assert "No personal data here." in content
    for category in ALL_CATEGORIES:
        assert category in content, category


def test_an_agreement_comment_with_a_phone_number_waits_for_the_confirmation(
    english, client, coordinator, agreement
):
    client.force_login(coordinator)
    url = agreement.get_absolute_url()
    body = "Ring Amina på 412 34 567 om avtalen"
    response = client.post(url, {"comment": "1", "body": body})
    content = response.content.decode()
    assert response.status_code == 200
    assert "This may be personal data" in content
    assert "412 34 567" in content
    assert not Comment.objects.exists()
    response = client.post(url, {"comment": "1", "body": body, "confirm_no_personal_data": "on"})
    assert response.status_code == 302
    assert Comment.objects.get().body == body
