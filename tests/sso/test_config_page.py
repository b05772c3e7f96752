"""A municipality's coordinator (or a platform operator) enters its provider's settings; the
client secret is stored encrypted and never shown; nobody else reaches the page."""

import pytest
from django.urls import reverse

from accounts.models import SingleSignOnConfig
from accounts.sso.crypto import decrypt_secret

pytestmark = pytest.mark.django_db

SECRET = "s3cret-value-from-entra"


def form_data(**overrides):
    return {
        "enabled": "on",
        "issuer": "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0",
        "client_id": "brobygger-drammen",
        "client_secret": SECRET,
        "domains": "drammen.kommune.no\n@DRAMMEN.no",
        "scopes": "openid email profile",
        "uid_claims": "tid oid",
        "group_claim": "groups",
        "group_roles": "aaaa-bbbb = caseworker\ncccc-dddd = coordinator",
        "strong_amr": "mfa",
        "strong_acr": "",
        "acr_values": "",
        **overrides,
    }


def url(municipality):
    return reverse("accounts:sso_config", args=[municipality.slug])


def test_the_coordinator_saves_the_settings_and_the_secret_is_stored_encrypted(
    client, municipality, coordinator
):
    client.force_login(coordinator)
    response = client.post(url(municipality), form_data())
    assert response.status_code == 302
    config = SingleSignOnConfig.objects.get(municipality=municipality)
    assert SECRET not in config.client_secret_encrypted
    assert decrypt_secret(config.client_secret_encrypted) == SECRET
    assert config.domains == ["drammen.kommune.no", "drammen.no"]
    assert config.group_roles == {"aaaa-bbbb": "caseworker", "cccc-dddd": "coordinator"}
    assert config.uid_claims == "tid oid"
    page = client.get(url(municipality)).content.decode()
    assert "brobygger-drammen" in page
    assert SECRET not in page
    assert f"/accounts/sso/{config.provider_id}/login/callback/" in page
    # An empty secret keeps the stored one.
    client.post(url(municipality), form_data(client_secret="", client_id="changed"))
    config.refresh_from_db()
    assert config.client_id == "changed"
    assert decrypt_secret(config.client_secret_encrypted) == SECRET


def test_a_wrong_group_line_is_shown_next_to_the_field_and_input_is_kept(
    client, municipality, coordinator
):
    client.force_login(coordinator)
    response = client.post(url(municipality), form_data(group_roles="aaaa-bbbb = boss"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "group_roles" in form.errors
    assert "brobygger-drammen" in response.content.decode()
    assert not SingleSignOnConfig.objects.exists()


def test_a_domain_of_another_municipalitys_provider_is_refused(
    client, municipality, coordinator, other_municipality, other_coordinator
):
    client.force_login(other_coordinator)
    client.post(url(other_municipality), form_data())
    client.force_login(coordinator)
    response = client.post(url(municipality), form_data())
    assert response.status_code == 200
    assert "domains" in response.context["form"].errors


@pytest.mark.parametrize("who", ["anonymous", "caseworker", "other_coordinator"])
def test_nobody_else_reaches_the_settings(client, municipality, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(url(municipality))
    assert response.status_code == (302 if who == "anonymous" else 404)
    response = client.post(reverse("accounts:sso_try", args=[municipality.slug]))
    assert response.status_code in ((302,) if who == "anonymous" else (403, 404))
    assert not SingleSignOnConfig.objects.exists()


def test_a_platform_operator_reaches_the_settings(client, municipality, django_user_model):
    from accounts.services import user_enable_totp
    from tests.factories import TOTP_SECRET, UserFactory

    operator = UserFactory(is_staff=True, is_superuser=True)
    user_enable_totp(user=operator, secret=TOTP_SECRET)
    client.force_login(operator)
    assert client.get(url(municipality)).status_code == 200


def test_authorization_details_are_saved_as_json(client, municipality, coordinator):
    client.force_login(coordinator)
    details = '[{"type": "ansattporten:orgno", "orgno": ["964338531"]}]'
    response = client.post(url(municipality), form_data(authorization_details=details))
    assert response.status_code == 302
    config = SingleSignOnConfig.objects.get(municipality=municipality)
    assert config.authorization_details == [{"type": "ansattporten:orgno", "orgno": ["964338531"]}]
    assert "ansattporten:orgno" in client.get(url(municipality)).content.decode()


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ('[{"type": "ansattporten:orgno",}]', "This is not valid JSON (line 1, column 32)."),
        ('{"type": "ansattporten:orgno"}', 'Write a list of objects, each with a "type"'),
        ('[{"orgno": ["964338531"]}]', 'Write a list of objects, each with a "type"'),
    ],
)
def test_authorization_details_that_are_not_a_list_of_objects_are_refused_at_the_field(
    client, municipality, coordinator, details, message
):
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    client.force_login(coordinator)
    response = client.post(url(municipality), form_data(authorization_details=details))
    assert response.status_code == 200
    errors = response.context["form"].errors["authorization_details"]
    assert any(error.startswith(message) for error in errors), errors
    assert not SingleSignOnConfig.objects.exists()
