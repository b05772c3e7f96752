"""A long form in steps on a phone (issue #23): the organisation registration at 390 px, in
bokmål, with the progress as text and as a list, Back that keeps what was typed, errors next to
the fields, focus on the error summary after a failed step, nothing saved before the last step,
no sideways scrolling and axe clean on each step."""

import re

import pytest
from playwright.sync_api import expect

from organizations.models import Organization

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_registration_in_steps_on_a_phone(
    page, live_server, sign_in, assert_accessible, plain_user, municipality
):
    page.set_viewport_size(PHONE)
    sign_in(plain_user.email)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/organisations/register/")

    progress = page.get_by_role("list", name=re.compile(r"Steg \d av 4"))
    expect(progress).to_have_accessible_name("Steg 1 av 4: Organisasjonen")
    expect(progress.get_by_role("listitem")).to_have_count(4)
    expect(progress.locator('[aria-current="step"]')).to_have_text("Organisasjonen")
    _fits_the_phone(page)
    assert_accessible(page)

    # A step sent without its required name: the error is next to the field, in bokmål, and
    # the focus is on the summary at the top of the form (a tiny script; CSP allows it).
    next_step = page.get_by_role("button", name="Neste", exact=True)
    next_step.click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Rett opp dette")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    name = page.locator('[name="name"]')
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile("Feltet er påkrevet"))
    expect(page.get_by_text("Velg minst én kategori.")).to_have_count(0)  # a later step's
    _fits_the_phone(page)
    assert_accessible(page)

    name.fill("Klatreklubben i Drammen")
    # An informal group (issue #18's kinds of actors): it needs no organisation number.
    page.locator('[name="kind"][value="network"]').check()
    page.locator(f'[name="municipalities"][value="{municipality.pk}"]').check()
    next_step.click()
    expect(progress.locator('[aria-current="step"]')).to_have_text("Hva dere gjør")
    expect(page.get_by_text("Steg 2 av 4")).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_have_count(0)  # a new step: no error yet
    _fits_the_phone(page)
    assert_accessible(page)
    page.locator('[name="categories"]').first.check()

    # Back keeps both what was typed on the step left and on the step before.
    page.get_by_role("button", name="Tilbake", exact=True).click()
    expect(page.get_by_text("Steg 1 av 4")).to_be_visible()
    expect(name).to_have_value("Klatreklubben i Drammen")
    next_step.click()
    expect(page.locator('[name="categories"]').first).to_be_checked()

    next_step.click()
    expect(page.get_by_text("Steg 3 av 4")).to_be_visible()
    _fits_the_phone(page)
    assert_accessible(page)
    next_step.click()
    expect(page.get_by_text("Steg 4 av 4")).to_be_visible()
    _fits_the_phone(page)
    assert_accessible(page)
    assert not Organization.objects.exists()  # nothing is saved before the last step

    page.get_by_role("button", name="Registrer", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{live_server.url}/organisations/\d+/$"))
    organization = Organization.objects.get()
    assert organization.name == "Klatreklubben i Drammen"
    assert list(organization.municipalities.all()) == [municipality]
