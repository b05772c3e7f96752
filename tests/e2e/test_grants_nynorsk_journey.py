"""Issue #22's nynorsk journey: an organisation in Voss herad (which writes nynorsk) opens the
grant helper, answers, and reads the schemes that may fit: every page is `lang="nn"`, the
helper's questions have no bokmål-only word, no Danish scheme and no other municipality's own
scheme is proposed, an unconfirmed scheme says to check with the grant manager, and axe finds
nothing on any page."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from accounts.models import MunicipalityMembership
from grants import services
from grants.models import Application, HelpSlot
from organizations.models import OrganizationMembership
from tests.e2e.nordic_journey import BOKMAL_ONLY
from tests.factories import (
    ApplicationFactory,
    HelpSlotFactory,
    MunicipalityFactory,
    OrganizationMembershipFactory,
    SchemeFactory,
    staff_of,
    verified_in,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def voss_herad():
    """Voss, whose pages are in nynorsk by default."""
    return MunicipalityFactory(name="Voss herad", number="4621", slug="voss", default_language="nn")


def voss_womens_forum(voss):
    """A verified organisation of Voss and its admin, who has not chosen a language (Voss's)."""
    organization = verified_in(voss, "Voss kvinneforum")
    admin = OrganizationMembershipFactory(
        organization=organization,
        role=OrganizationMembership.Role.ADMIN,
        user__preferred_language="",
    ).user
    return organization, admin


def test_a_voss_organisation_uses_the_grant_helper_in_nynorsk(
    page, live_server, sign_in, assert_accessible
):
    voss = voss_herad()
    bergen = MunicipalityFactory(name="Bergen kommune", number="4601", slug="bergen")
    SchemeFactory(name="Bergens eiga ordning", administrator="municipality", municipality=bergen)
    SchemeFactory(name="Voss sin lokale runde", administrator="municipality", municipality=voss)
    _organization, admin = voss_womens_forum(voss)

    sign_in(admin.email)
    page.goto(f"{live_server.url}/grants/helper/")
    expect(page.get_by_role("heading", name="Kva for tilskot passar for oss?")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nn"
    questions = page.get_by_role("form", name="Spørsmål om organisasjonen din").inner_text()
    words = set(re.findall(r"[a-zæøå]+", questions.lower()))
    assert not words & BOKMAL_ONLY, words & BOKMAL_ONLY
    assert "CVR" not in questions  # a Norwegian organisation gets the Norwegian questions
    assert_accessible(page)

    page.get_by_role("button", name="Vis tilskotsordningane").click()
    expect(page.get_by_role("heading", name="Passar kanskje")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nn"
    results = page.locator("main").inner_text()
    assert "Voss sin lokale runde" in results
    assert "Bergens eiga ordning" not in results
    assert "§ 18-midler" not in results  # Danish schemes are for Danish organisations
    assert "Ikkje stadfesta" in results or "Vi har ikkje stadfesta" in results
    assert_accessible(page)

    page.get_by_role("link", name="Pilotordning for små og nyopprettede organisasjoner").click()
    expect(
        page.get_by_text("Nokre opplysningar om denne ordninga er ikkje stadfesta.")
    ).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nn"
    assert_accessible(page)


def nn(text: str, **values) -> str:
    """What the nynorsk interface says for an English message id."""
    with translation.override("nn"):
        return gettext(text) % values if values else gettext(text)


def in_nynorsk(page) -> None:
    """The page is nynorsk: its language, and no word that is only bokmål."""
    assert page.locator("html").get_attribute("lang") == "nn"
    words = set(re.findall(r"[a-zæøå]+", page.locator("main").inner_text().lower()))
    assert not words & BOKMAL_ONLY, words & BOKMAL_ONLY


def test_a_small_minority_organisation_in_voss_goes_from_before_you_apply_to_its_report(
    page, live_server, sign_in, assert_accessible
):
    """#22's journey after the helper, all in nynorsk: "Before you apply", a help time with an
    Arabic interpreter, the draft shared, the coordinator's comment answered, a second version,
    submitted, granted and reported."""
    voss = voss_herad()
    coordinator = staff_of(voss, MunicipalityMembership.Role.COORDINATOR)
    organization, admin = voss_womens_forum(voss)
    HelpSlotFactory(municipality=voss, created_by=coordinator)
    scheme = SchemeFactory(
        name="Voss sin lokale runde", administrator="municipality", municipality=voss
    )
    application = ApplicationFactory(
        organization=organization, scheme=scheme, draft_text="# Bakgrunn\nMange vil øve på norsk."
    )

    sign_in(admin.email)
    # -- what a scheme asks for before one applies
    page.goto(f"{live_server.url}/grants/before-you-apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text(nn("Before you apply"))
    in_nynorsk(page)
    assert_accessible(page)

    # -- a help time with an Arabic interpreter
    page.goto(f"{live_server.url}/grants/help/")
    page.get_by_label(nn("Do you want an interpreter?")).select_option(label="Arabisk")
    page.get_by_role("button", name=nn("Book this time")).click()
    expect(page.get_by_text("Arabisk").first).to_be_visible()
    assert HelpSlot.objects.get(municipality=voss).interpreter_language == "ar"
    in_nynorsk(page)
    assert_accessible(page)

    # -- the draft shared with Voss's coordinators, who comment on it
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_label(nn("Share with the coordinators of")).select_option(label="Voss herad")
    page.get_by_role("button", name=nn("Save sharing")).click()
    expect(page.get_by_role("region", name=nn("Draft and comments"))).to_contain_text(
        nn("Shared with the coordinators of %(name)s.", name="Voss herad")
    )
    in_nynorsk(page)
    services.draft_comment_add(
        by=coordinator,
        application=Application.objects.get(pk=application.pk),
        section=1,
        body="Kor mange kjem kvar gong?",
        now=timezone.now(),
    )

    # -- the organisation answers the comment and saves a second version
    page.reload()
    page.get_by_label(nn("Your answer")).fill("Rundt 20 kvar laurdag.")
    page.get_by_role("button", name=nn("Send the answer")).click()
    expect(page.get_by_text("Rundt 20 kvar laurdag.")).to_be_visible()
    in_nynorsk(page)
    assert_accessible(page)
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/draft/")
    page.get_by_label(nn("Save as a new version")).check()
    page.get_by_role("button", name=nn("Save the draft")).click()
    expect(
        page.get_by_role("heading", name=nn("Version %(number)s (the current one)", number=2))
    ).to_be_visible()
    in_nynorsk(page)

    # -- submitted, granted, and the report recorded
    for status, amount in (("Submitted", None), ("Granted", "20000"), ("Reported", None)):
        form = page.get_by_role("region", name=nn("Change the status"))
        form.get_by_label(f"{nn('New status')}*", exact=True).select_option(label=nn(status))
        if amount:
            form.get_by_label(nn("Amount granted"), exact=True).fill(amount)
        form.get_by_role("button", name=nn("Change the status")).click()
        expect(page.locator("main")).to_contain_text(nn(status))
    application.refresh_from_db()
    assert application.status == Application.Status.REPORTED
    assert application.reported_on is not None
    in_nynorsk(page)
    assert_accessible(page)
