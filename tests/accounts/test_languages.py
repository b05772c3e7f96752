"""Each municipality has a default language (its målform, or Danish): its staff, its
organisations' people and the visitors of its pages start in it; a person's own choice wins;
e-mails go out in the recipient's language."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.languages import language_for
from accounts.models import Municipality, MunicipalityMembership
from accounts.services import user_enable_totp
from notifications.services import notification_schedule, notifications_send_due
from organizations.models import OrganizationMembership
from tests.factories import (
    TEST_PASSWORD,
    TOTP_SECRET,
    MunicipalityFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    UserFactory,
)
from tests.notifications.helpers import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def voss(db):
    return MunicipalityFactory(name="Voss herad", number="4621", slug="voss", default_language="nn")


def staff_of(municipality, *, language="", role=MunicipalityMembership.Role.COORDINATOR):
    user = UserFactory(preferred_language=language)
    MunicipalityMembershipFactory(user=user, municipality=municipality, role=role)
    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


def contact_person_in(municipality, *, language=""):
    organization = OrganizationFactory(municipalities=[municipality], verified=True)
    return OrganizationMembershipFactory(
        user=UserFactory(preferred_language=language),
        organization=organization,
        role=OrganizationMembership.Role.CONTACT,
    ).user


def page_language(response) -> str:
    assert response.status_code == 200
    return response["Content-Language"]


def test_the_staff_of_a_nynorsk_municipality_start_in_nynorsk(client, voss):
    client.force_login(staff_of(voss))

    response = client.get(reverse("dashboard"))

    assert page_language(response) == "nn"
    assert '<html lang="nn"' in response.content.decode()


def test_a_caseworker_of_a_nynorsk_municipality_reads_nynorsk(client, voss):
    client.force_login(staff_of(voss, role=MunicipalityMembership.Role.CASEWORKER))

    page = client.get(reverse("referrals:persons")).content.decode()

    assert "Personar" in page
    assert " ikke " not in page


def test_the_staff_of_a_bokmal_municipality_start_in_bokmal(client, municipality):
    client.force_login(staff_of(municipality))

    assert page_language(client.get(reverse("dashboard"))) == "nb"


def test_a_danish_municipality_speaks_danish_without_a_setting(client):
    naestved = MunicipalityFactory(name="Næstved Kommune", number="370", country="DK")
    client.force_login(staff_of(naestved))

    assert naestved.language == "da"
    assert page_language(client.get(reverse("dashboard"))) == "da"


def test_the_people_of_an_organisation_in_a_nynorsk_municipality_start_in_nynorsk(client, voss):
    client.force_login(contact_person_in(voss))

    assert page_language(client.get(reverse("dashboard"))) == "nn"


def test_a_persons_own_choice_wins_over_the_municipalitys(client, voss):
    coordinator = staff_of(voss, language="en")
    client.force_login(coordinator)
    assert page_language(client.get(reverse("dashboard"))) == "en"

    client.post(reverse("set_language"), {"language": "nb", "next": "/dashboard/"})

    coordinator.refresh_from_db()
    assert coordinator.preferred_language == "nb"
    client.cookies.clear()  # another computer: the saved choice still holds
    client.force_login(coordinator)
    assert page_language(client.get(reverse("dashboard"))) == "nb"


def test_switching_as_staff_without_a_choice_stores_the_choice(client, voss):
    coordinator = staff_of(voss)
    client.force_login(coordinator)

    client.post(reverse("set_language"), {"language": "en", "next": "/dashboard/"})

    coordinator.refresh_from_db()
    assert coordinator.preferred_language == "en"
    assert page_language(client.get(reverse("dashboard"))) == "en"


def test_a_visitor_to_a_municipalitys_directory_starts_in_its_language(client, voss):
    directory = reverse("organizations:directory")

    assert page_language(client.get(directory, {"municipality": "voss"})) == "nn"
    assert (
        page_language(
            client.get(reverse("organizations:activity_directory"), {"municipality": "voss"})
        )
        == "nn"
    )
    assert page_language(client.get(directory)) == "nb"
    assert page_language(client.get(reverse("home"))) == "nb"


def test_a_visitors_choice_wins_on_a_municipalitys_page(client, voss):
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})

    response = client.get(reverse("organizations:directory"), {"municipality": "voss"})

    assert page_language(response) == "nb"


@pytest.mark.parametrize("slug", ["no-such-place", "voss\x00", "x" * 80])
def test_an_unknown_or_odd_municipality_in_the_address_keeps_bokmal(client, voss, slug):
    response = client.get(reverse("organizations:directory"), {"municipality": slug})

    assert response.status_code in (200, 400)
    assert response["Content-Language"] == "nb"


def test_a_norwegian_municipality_cannot_default_to_danish(voss):
    voss.default_language = "da"
    with pytest.raises(ValidationError) as raised:
        voss.full_clean()
    assert "default_language" in raised.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.filter(pk=voss.pk).update(default_language="da")


def test_a_danish_municipality_cannot_default_to_nynorsk():
    naestved = MunicipalityFactory(country="DK", default_language="da")
    naestved.default_language = "nn"
    with pytest.raises(ValidationError):
        naestved.full_clean()


def welcome_subject(user) -> str:
    notification_schedule(recipient=user, kind="account_welcome", subject=user, due_at=NOW)
    notifications_send_due(now=NOW)
    (message,) = mail.outbox
    return message.subject


def test_an_email_to_staff_without_a_choice_is_in_the_municipalitys_language(voss):
    assert welcome_subject(staff_of(voss)) == "Velkomen til Brobygger"


def test_an_email_to_an_organisations_person_follows_the_organisations_municipality(voss):
    assert welcome_subject(contact_person_in(voss)) == "Velkomen til Brobygger"


def test_an_email_follows_the_recipients_own_choice(voss):
    assert welcome_subject(staff_of(voss, language="en")) == "Welcome to Brobygger"


def test_an_email_to_someone_without_a_choice_or_a_municipality_is_in_bokmal():
    user = UserFactory(preferred_language="")

    assert language_for(user) == "nb"
    assert welcome_subject(user) == "Velkommen til Brobygger"


def test_the_profile_offers_the_municipalitys_language(client, voss):
    coordinator = staff_of(voss, language="en")
    client.force_login(coordinator)

    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="">My municipality&#x27;s language</option>' in page

    client.post(
        reverse("accounts:profile"),
        {"full_name": coordinator.full_name, "preferred_language": ""},
    )

    coordinator.refresh_from_db()
    assert coordinator.preferred_language == ""
    assert page_language(client.get(reverse("dashboard"))) == "nn"


def test_django_allauths_messages_are_in_nynorsk_not_bokmal():
    """allauth ships no nynorsk: without locale_vendor/nn its strings fall back to bokmål."""
    from django.utils import translation

    with translation.override("nn"):
        assert translation.gettext("Successfully signed in as %(name)s.") == (
            "Logga inn som %(name)s."
        )
        assert translation.gettext("Forgot Password?") == "Gløymt passordet?"
    with translation.override("nb"):
        assert translation.gettext("Successfully signed in as %(name)s.") == (
            "Logget inn som %(name)s."
        )


def test_the_signed_in_message_is_in_the_persons_language_not_the_sign_in_pages(client, voss):
    person = contact_person_in(voss)  # no language of their own: Voss's nynorsk

    response = client.post(
        reverse("account_login"),
        {"login": person.email, "password": TEST_PASSWORD},
        follow=True,
    )

    page = response.content.decode()
    assert f"Logga inn som {person.full_name}" in page
    assert "Logget inn som" not in page


@pytest.mark.parametrize(("language", "saved"), [("nb", True), ("da", False)])
def test_a_platform_admin_sets_a_municipalitys_language(
    client, platform_admin, voss, language, saved
):
    platform_admin.preferred_language = "en"
    platform_admin.save(update_fields=["preferred_language"])
    client.force_login(platform_admin)
    url = reverse("admin:accounts_municipality_change", args=[voss.pk])

    response = client.post(
        url,
        {
            "name": voss.name,
            "number": voss.number,
            "country": voss.country,
            "default_language": language,
            "slug": voss.slug,
            "days_without_meetings": ["christmas_eve"],
        },
    )

    voss.refresh_from_db()
    if saved:
        assert response.status_code == 302
        assert voss.default_language == language
    else:
        assert response.status_code == 200
        assert "Choose a language of the municipality&#x27;s country" in response.content.decode()
        assert voss.default_language == "nn"


def test_an_emails_html_names_the_language_it_is_written_in(voss):
    coordinator = staff_of(voss)  # no choice of their own: Voss's nynorsk
    notification_schedule(
        recipient=coordinator, kind="account_welcome", subject=coordinator, due_at=NOW
    )
    notifications_send_due(now=NOW)

    (message,) = mail.outbox
    assert '<html lang="nn">' in message.alternatives[0][0]
