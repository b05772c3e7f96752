"""A signed-out visitor goes from the start page to a municipality's public page and finds whom
to contact and what it needs; its coordinator edits the page, opens the overlap view and writes to
the two organisations of an overlap. Axe on each page (issue #18)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dashboard.models import GuideNote, MunicipalityPage, PublishedContact
from organizations.models import Organization, TargetGroupTerm
from tests.e2e.helpers import required_field, totp_code
from tests.factories import (
    TOTP_SECRET,
    ActivityFactory,
    MeetingFactory,
    NeedFactory,
    OrganizationFactory,
    person_of,
    verified_in,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _accept_a_code_from_the_previous_window(settings):
    settings.MFA_TOTP_TOLERANCE = 1


def test_a_visitor_finds_the_contact_and_a_need_and_the_coordinator_edits_the_page(
    page, live_server, sign_in, assert_accessible, municipality, coordinator, settings
):
    settings.SINGLE_MUNICIPALITY = municipality.slug
    MunicipalityPage.objects.create(
        municipality=municipality,
        cooperation="Vi møtes i frivillighetsforum fire ganger i året.",
        supplements="Frivilligheten supplerer, den erstatter ikke.",
    )
    PublishedContact.objects.create(
        municipality=municipality,
        kind=PublishedContact.Kind.COORDINATOR,
        name="Kari Koordinator",
        phone="+47 32 00 00 01",
        email="kari@drammen.example",
    )
    NeedFactory(municipality=municipality, title="Leksehjelp onsdager")
    MeetingFactory(municipality=municipality, title="Åpent frivillighetsforum", is_public=True)

    # A deployment of one municipality opens on that municipality's page (issue #18).
    page.goto(live_server.url)
    expect(page).to_have_url(f"{live_server.url}/m/{municipality.slug}/")
    expect(page.get_by_role("heading", name=municipality.name, level=1)).to_be_visible()
    expect(page.get_by_text("Kari Koordinator")).to_be_visible()
    expect(page.get_by_role("link", name="Leksehjelp onsdager")).to_be_visible()
    expect(page.get_by_role("link", name="Åpent frivillighetsforum")).to_be_visible()
    assert_accessible(page)
    # ... and prints the offer list: a PDF generated from the directory.
    with page.expect_download() as download:
        page.get_by_role("link", name="Utskriftsvennlig liste over aktiviteter (PDF)").click()
    assert download.value.suggested_filename == f"offers-{municipality.slug}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/m/{municipality.slug}/")
    page.get_by_role("link", name="Rediger denne siden").click()
    assert_accessible(page)

    form = page.get_by_role("form", name="Legg til en kontaktperson")
    required_field(form, "Type").select_option(label="NAV")
    required_field(form, "Navn").fill("Nils Nav")
    form.get_by_role("button", name="Legg til på siden").click()
    expect(page.get_by_text("Nils Nav vises på siden.")).to_be_visible()
    assert_accessible(page)

    # Premises the municipality lends on fixed evenings (seed 002 §5.2).
    form = page.get_by_role("form", name="Legg til lokale")
    required_field(form, "Navn").fill("Fjell bydelshus")
    required_field(form, "Adresse").fill("Fjellveien 1")
    form.get_by_label("Tirsdag", exact=True).check()
    form.get_by_label("Torsdag", exact=True).check()
    required_field(form, "Fra").fill("17:00")
    required_field(form, "Til").fill("20:00")
    form.get_by_role("button", name="Legg til på siden").click()
    expect(page.get_by_text("Fjell bydelshus vises på siden.")).to_be_visible()

    page.get_by_role("link", name="Se siden slik besøkende ser den").click()
    expect(page.get_by_text("Nils Nav")).to_be_visible()
    expect(page.get_by_text("Tirsdager og torsdager 17:00–20:00")).to_be_visible()
    assert_accessible(page)


def test_the_coordinator_opens_the_overlap_view(
    page, live_server, sign_in, assert_accessible, municipality, coordinator
):
    youth = TargetGroupTerm.objects.get(code="youth")
    for name in ("Røde Kors Drammen", "Drammen Frivilligsentral"):
        organization = OrganizationFactory(name=name, verified=True, municipalities=[municipality])
        ActivityFactory(
            organization=organization,
            municipality=municipality,
            title=f"Språkkafé – {name}",
            type="language_cafe",
            schedules=[(1, "18:00", "20:00")],
        ).target_groups.set([youth])
        person_of(organization, "contact")
    # Røde Kors Drammen's profile was last confirmed over a year ago.
    Organization.objects.filter(name="Røde Kors Drammen").update(
        confirmed_at=timezone.now() - timedelta(days=400)
    )

    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.goto(f"{live_server.url}/account/municipalities/{municipality.slug}/")
    page.get_by_role("link", name="Overlappende aktiviteter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overlappende aktiviteter")
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Røde Kors Drammen", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Drammen Frivilligsentral", exact=True)).to_be_visible()
    assert_accessible(page)
    # ... and the profiles nobody has confirmed for a year
    page.go_back()
    page.get_by_role("link", name="Profiler som ikke er bekreftet på et år").click()
    expect(page.get_by_role("table")).to_contain_text("Røde Kors Drammen")
    assert_accessible(page)
    # ... and puts the two organisations in touch (R12): an announcement to just them.
    page.go_back()
    page.get_by_role("link", name="Overlappende aktiviteter").click()
    page.get_by_role("link", name="Skriv til disse 2 organisasjonene").click()
    required_field(page, "Tittel").fill("Dere driver det samme på tirsdager")
    required_field(page, "Tekst").fill("Vil dere snakke sammen om språkkafeene?")
    page.get_by_role("button", name="Send kunngjøringen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dere driver det samme på tirsdager")
    expect(page.get_by_text("Kunngjøringen er sendt til 2 kontaktpersoner.")).to_be_visible()
    assert_accessible(page)


def test_a_visitor_filters_the_needs_an_organisation_answers_and_the_coordinator_replies(
    page, live_server, sign_in, assert_accessible, municipality, coordinator
):
    organization = verified_in(municipality, "Drammen Frivilligsentral")
    admin = person_of(organization, "admin")
    NeedFactory(municipality=municipality, title="Leksehjelp onsdager", target_group="Barn")
    NeedFactory(municipality=municipality, title="Turvenner", target_group="Voksne")

    # a visitor narrows the board to one target group
    page.goto(f"{live_server.url}/m/{municipality.slug}/")
    page.get_by_label("Målgruppe").select_option(label="Barn")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_role("link", name="Leksehjelp onsdager")).to_be_visible()
    expect(page.get_by_role("link", name="Turvenner")).to_have_count(0)
    assert_accessible(page)

    # the organisation signs in, finds the board from its start page and answers
    sign_in(admin.email)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="Dette trenger kommunene nå").click()
    page.get_by_role("link", name="Leksehjelp onsdager").click()
    page.get_by_label("Hvordan dere kan bidra").fill("Vi har tre frivillige på onsdager.")
    page.get_by_role("button", name="Send svaret vårt").click()
    expect(page.get_by_text("Venter på kommunen")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    # the coordinator sees the answer waiting on the start page and replies
    sign_in(coordinator.email)
    required_field(page, "Kode").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_text("1 svar venter på svaret ditt")).to_be_visible()
    page.get_by_role("link", name="Leksehjelp onsdager").click()
    form = page.get_by_role("form", name="Svar Drammen Frivilligsentral")
    form.get_by_label("Ja, vi tar imot tilbudet").check()
    form.get_by_label("Noen ord til organisasjonen").fill("Takk! Vi ringer deg.")
    form.get_by_role("button", name="Svar Drammen Frivilligsentral").click()
    expect(page.get_by_text("Drammen Frivilligsentral får beskjed om svaret ditt.")).to_be_visible()
    assert_accessible(page)


def test_a_teacher_finds_where_to_refer_from_the_public_page(
    page, live_server, assert_accessible, municipality
):
    organization = verified_in(municipality, "Drammen Frivilligsentral")
    ActivityFactory(
        organization=organization,
        municipality=municipality,
        title="Leksehjelp på biblioteket",
        type="homework_help",
    ).target_groups.set([TargetGroupTerm.objects.get(code="children")])
    GuideNote.objects.create(
        municipality=municipality, topic="homework_help", note="Ring før første besøk."
    )

    page.goto(f"{live_server.url}/m/{municipality.slug}/")
    page.get_by_role(
        "link", name="Hvor du kan henvise: hvilken organisasjon hjelper med hva"
    ).click()
    expect(page.get_by_role("heading", name="Leksehjelp", level=2)).to_be_visible()
    expect(page.get_by_text("Ring før første besøk.")).to_be_visible()
    expect(page.get_by_role("link", name="Drammen Frivilligsentral")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("For hvem").select_option(label="Barn")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_role("link", name="Leksehjelp på biblioteket")).to_be_visible()
    assert_accessible(page)
