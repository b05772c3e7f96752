"""The Danish agreement template that ships with Brobygger: the split of responsibilities of the
Danish Red Cross guide, contact persons on both sides, how contact data is passed on, and a
meeting every second month; a Danish coordinator makes an agreement from it."""

import html

import pytest
from django.urls import reverse

from agreements.models import Agreement, Template
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NAME = "Netværkstilbud til flygtninge (Røde Kors' model)"


def danish_template() -> Template:
    return Template.objects.get(municipality=None, language="da", name=NAME)


def test_the_danish_template_splits_the_work_as_the_guide_does():
    template = danish_template()
    by_side = {"municipality": [], "organization": [], "shared": []}
    for row in template.matrix:
        by_side[row["responsible"]].append(row["task"])
    municipality = " ".join(by_side["municipality"])
    organization = " ".join(by_side["organization"])

    assert "Informere kommunens medarbejdere og flygtninge" in municipality
    assert "Indhente samtykke" in municipality
    assert "forstår de frivilliges rolle" in municipality
    assert "Rekruttere frivillige" in organization
    assert "frivilligaftaler" in organization
    assert "børneattester" in organization
    assert "gode match" in organization
    assert "forstår kommunens opgaver og pligter" in organization
    assert "kontaktperson i kommunen" in municipality
    assert "kontaktpersoner i foreningen" in organization
    assert template.meeting_frequency == "Hver anden måned"
    assert "samtykke" in template.contact_sharing
    assert "Kontaktpersoner" in [section["heading"] for section in template.sections]


def test_a_danish_coordinator_makes_an_agreement_from_the_danish_template(
    client, coordinator, municipality
):
    municipality.country, municipality.default_language = "DK", "da"
    municipality.save()
    association = OrganizationFactory(verified=True, municipalities=[municipality])
    client.force_login(coordinator)

    page = html.unescape(client.get(reverse("agreements:create")).content.decode())
    assert NAME in page

    client.post(
        reverse("agreements:create"),
        {
            "template": danish_template().pk,
            "organizations": [association.pk],
            "starts_on": "2030-01-01",
        },
    )

    agreement = Agreement.objects.get()
    assert agreement.title == "Samarbejdsaftale om netværkstilbud til flygtninge"
    assert agreement.meeting_frequency == "Hver anden måned"
    assert agreement.rows.filter(task__contains="børneattester", responsible="organization")
    assert agreement.sections.filter(heading="Tavshedspligt og samtykke").exists()


NYNORSK_NAME = "Nettverks- og venetilbod for flyktningar"
BOKMAL_NAME = "Nettverks- og vennetilbud for flyktninger"
ENGLISH_NAME = "Network and befriending offer for refugees"


def offered(client) -> set[str]:
    page = html.unescape(client.get(reverse("agreements:create")).content.decode())
    return {name for name in (NAME, NYNORSK_NAME, BOKMAL_NAME, ENGLISH_NAME) if name in page}


def test_a_coordinator_is_offered_the_templates_in_the_countrys_languages_and_english(
    client, coordinator, municipality
):
    """A Danish coordinator was offered the Norwegian templates too (the Danish journey found
    "Rammeavtale mellom kommunen …" on the page); the agreement is written in the template's
    language, so only the country's languages and English are offered."""
    client.force_login(coordinator)
    assert offered(client) == {NYNORSK_NAME, BOKMAL_NAME, ENGLISH_NAME}

    municipality.country, municipality.default_language = "DK", "da"
    municipality.save()
    assert offered(client) == {NAME, ENGLISH_NAME}


def test_the_nynorsk_template_splits_the_work_as_the_bokmal_one_does():
    nynorsk = Template.objects.get(municipality=None, language="nn", name=NYNORSK_NAME)
    bokmal = Template.objects.get(municipality=None, language="nb", name=BOKMAL_NAME)

    assert [row["responsible"] for row in nynorsk.matrix] == [
        row["responsible"] for row in bokmal.matrix
    ]
    assert (nynorsk.kind, nynorsk.title) == (
        bokmal.kind,
        "Samarbeidsavtale om nettverkstilbod for flyktningar",
    )
    assert "samtykt" in nynorsk.contact_sharing
    assert "Teieplikt og samtykke" in [section["heading"] for section in nynorsk.sections]
