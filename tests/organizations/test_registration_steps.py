"""The registration in steps (issue #23, core/steps.py): each step checks its own fields, the
others travel along as hidden inputs, Back keeps them, and nothing is saved before the last."""

import re

import pytest
from django.urls import reverse

from organizations.models import Organization
from tests.factories import UserFactory, organization_form

pytestmark = pytest.mark.django_db

REGISTER = reverse("organizations:register")


def step_data(municipality, step, **overrides):
    data = organization_form(
        [municipality],
        "outdoor",
        step=str(step),
        kind="network",  # no organisation number (an association would need one)
        name="Fjellklatrerne",
        description_en="We climb.",
    )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.usefixtures("english")
def test_the_first_step_shows_its_fields_and_the_progress(client, plain_user):
    client.force_login(plain_user)

    html = client.get(REGISTER).content.decode()

    assert "Step 1 of 4: The organisation" in html
    current = re.findall(r'<li aria-current="step">([^<]+)</li>', html)
    assert current == ["The organisation"]
    assert "<ol" in html
    assert re.search(r'<input type="text" name="name"', html)
    assert 'name="website"' in html  # carried, hidden
    assert 'type="hidden" name="website"' in html
    assert 'name="logo"' not in html  # a file waits for the last step


@pytest.mark.usefixtures("english")
def test_a_step_checks_only_its_own_fields(client, plain_user, municipality):
    client.force_login(plain_user)

    response = client.post(REGISTER, step_data(municipality, 0, name="", categories=None))

    html = response.content.decode()
    assert "Step 1 of 4" in html
    assert re.search(r'name="name"[^>]*aria-invalid="true"', html)
    assert "Choose at least one category." not in html  # step 2's field: not yet
    assert not Organization.objects.exists()


@pytest.mark.usefixtures("english")
def test_next_shows_the_next_step_without_errors_and_keeps_what_was_typed(
    client, plain_user, municipality
):
    client.force_login(plain_user)

    html = client.post(REGISTER, step_data(municipality, 0, categories=None)).content.decode()

    assert "Step 2 of 4: What you do" in html
    assert "data-error-summary" not in html
    assert "Choose at least one category." not in html  # not sent yet: no error yet
    assert re.search(r'<input type="hidden" name="name" value="Fjellklatrerne"', html)
    assert not Organization.objects.exists()


@pytest.mark.usefixtures("english")
def test_back_keeps_the_data_of_both_steps(client, plain_user, municipality):
    client.force_login(plain_user)

    html = client.post(
        REGISTER, step_data(municipality, 1, go="back", description_en="We climb walls.")
    ).content.decode()

    assert "Step 1 of 4" in html
    assert re.search(r'<input type="text" name="name" value="Fjellklatrerne"', html)
    assert "We climb walls." in html  # step 2's text, carried
    assert "data-error-summary" not in html


@pytest.mark.usefixtures("english")
def test_nothing_is_saved_until_the_last_step(client, plain_user, municipality):
    client.force_login(plain_user)

    for step in range(3):
        response = client.post(REGISTER, step_data(municipality, step))
        assert f"Step {step + 2} of 4" in response.content.decode()
        assert not Organization.objects.exists()
    response = client.post(REGISTER, step_data(municipality, 3))

    organization = Organization.objects.get()
    assert response["Location"] == organization.get_absolute_url()
    assert organization.description_en == "We climb."


@pytest.mark.usefixtures("english")
def test_the_last_step_goes_back_to_the_first_step_with_an_error(client, plain_user, municipality):
    client.force_login(plain_user)

    # A forged or stale page: the last step sent with no category.
    html = client.post(REGISTER, step_data(municipality, 3, categories=None)).content.decode()

    assert "Step 2 of 4" in html
    assert "Choose at least one category." in html
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("language", "progress", "required"),
    [
        ("nb", "Steg 1 av 4", "Feltet er påkrevet."),
        ("nn", "Steg 1 av 4", "Feltet er påkravd."),
        ("da", "Trin 1 af 4", "Dette felt er påkrævet."),
    ],
)
def test_the_steps_and_their_errors_speak_the_readers_language(
    client, municipality, language, progress, required
):
    user = UserFactory(preferred_language=language)  # saved before `english` changes it
    client.cookies["brobygger_language"] = language
    client.force_login(user)

    html = client.post(REGISTER, step_data(municipality, 0, name="")).content.decode()

    assert f'lang="{language}"' in html
    assert progress in html
    assert required in html


@pytest.mark.parametrize(
    ("form_class", "steps", "kwargs"),
    [
        ("organizations.forms.OrganizationForm", "organizations.forms.REGISTRATION_STEPS", {}),
        ("referrals.forms.ConsentForm", "referrals.forms.CONSENT_STEPS", {"municipality": None}),
    ],
)
def test_every_field_of_a_stepped_form_is_on_exactly_one_step(form_class, steps, kwargs):
    """A field on no step is never shown, and its value never sent: it would be lost without a
    word (the registration's kind, umbrella, offers and needs came from another branch)."""
    from django.utils.module_loading import import_string

    if "municipality" in kwargs:
        from tests.factories import MunicipalityFactory

        kwargs = {"municipality": MunicipalityFactory()}
    form = import_string(form_class)(**kwargs)
    on_steps = [name for step in import_string(steps) for name in step.fields]
    assert sorted(on_steps) == sorted(set(on_steps)), "a field is on two steps"
    assert set(form.fields) - set(on_steps) == set()
    assert set(on_steps) - set(form.fields) == set()
