"""Næstved Kommune in the demo: a Danish municipality whose people see Danish, with associations
that have valid CVR numbers and Danish phone numbers, and an agreement from the Danish template."""

import re
import time
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.management import call_command

from accounts.models import Municipality, User
from agreements.models import Agreement
from demo.naestved import demo_cvr_number
from organizations.validators import normalize_danish_cvr

pytestmark = pytest.mark.django_db

LOGINS = {
    "coordinator": "koordinator.naestved@demo.brobygger.no",
    "caseworker": "sagsbehandler.naestved@demo.brobygger.no",
    "contact": "kontakt.naestved@demo.brobygger.no",
}


@pytest.fixture
def output():
    out = StringIO()
    call_command("demo_data", stdout=StringIO())
    call_command("demo_data", stdout=out)  # the second run finds what the first one made
    return out.getvalue()


def test_naestved_is_a_danish_municipality_with_its_real_kommunekode(output):
    naestved = Municipality.objects.get(slug="naestved")

    assert naestved.name == "Næstved Kommune"
    assert naestved.number == "0370"
    assert naestved.country == "DK"
    assert naestved.default_language == "da"


def test_naestveds_staff_are_printed_with_working_totp_secrets_and_see_danish(output, client):
    naestved = Municipality.objects.get(slug="naestved")
    for role, email in LOGINS.items():
        (line,) = [line for line in output.splitlines() if email in line]
        secret = re.search(r"TOTP secret: ([A-Z2-7]{16,})", line).group(1)
        authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        assert TOTP(authenticator).validate_code(code), f"the printed secret for {email} works"
        user = User.objects.get(email=email)
        if role != "contact":
            assert user.municipality_memberships.get().municipality == naestved
            assert user.municipality_memberships.get().role == role
        client.force_login(user)
        response = client.get("/dashboard/")
        assert response["Content-Language"] == "da"


def test_naestveds_associations_have_valid_cvr_numbers_danish_phones_and_activities(output):
    naestved = Municipality.objects.get(slug="naestved")
    associations = list(naestved.organizations.order_by("name"))

    assert [a.name for a in associations] == ["Røde Kors Næstved", "Sprogcafé Næstved"]
    for association in associations:
        assert association.number_scheme == "DK-CVR"
        assert normalize_danish_cvr(association.org_number) == association.org_number
        assert association.org_number.startswith("99")  # made up: belongs to no one
        assert re.fullmatch(r"\+45\d{8}", association.phone)
        assert association.status == "verified"
        assert association.activities.filter(municipality=naestved).exists()
        assert association.country == "DK"


def test_demo_cvr_numbers_pass_the_modulus_11_check():
    for serial in range(1, 30):
        assert normalize_danish_cvr(demo_cvr_number(serial)) == demo_cvr_number(serial)


def test_naestveds_agreement_comes_from_the_danish_template_and_both_parties_approved(output):
    (agreement,) = Agreement.objects.filter(municipality__slug="naestved")

    assert agreement.status == "active"
    assert agreement.meeting_frequency == "Hver anden måned"
    tasks = " ".join(agreement.rows.values_list("task", flat=True))
    assert "samtykke" in tasks
    assert "børneattester" in tasks
    (version,) = agreement.versions.all()
    assert version.approvals.count() == agreement.parties.count() == 2


def test_naestveds_public_page_has_danish_texts_and_contacts(output, client):
    from dashboard.models import PublishedContact

    naestved = Municipality.objects.get(slug="naestved")
    response = client.get(f"/m/{naestved.slug}/")
    html = response.content.decode()

    assert response["Content-Language"] == "da"
    assert "Frivilligheden supplerer, den erstatter ikke." in html
    assert "Mette Kjær" in html
    assert "mailto:frivillighed.naestved@demo.brobygger.no" in html
    assert "Frivilligkoordinator" in html
    kinds = set(
        PublishedContact.objects.filter(municipality=naestved).values_list("kind", flat=True)
    )
    assert {"coordinator", "adult_education", "refugee_service"} <= kinds
    assert PublishedContact.objects.filter(municipality=naestved).count() == 4  # once, not twice


def test_naestveds_referral_guide_has_the_coordinators_notes_in_danish(output, client):
    html = client.get("/m/naestved/guide/").content.decode()

    assert "Sprogcaféen er gratis og uden tilmelding." in html
    assert "Lektiehjælp i Næstved" in html  # an association's activity, under its kind
