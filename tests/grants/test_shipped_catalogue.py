"""The shared catalogue that ships with the portal (data migration grants/0008): the schemes the
sources name, honest about what is not confirmed; the Danish catalogue in DKK for Danish
organisations only, with the helper's Danish questions (a CVR number, no
Frivillighetsregisteret)."""

import pytest
from django.urls import reverse

from accounts.models import MunicipalityMembership
from grants import matching
from grants.models import Scheme
from tests.factories import MunicipalityFactory, OrganizationFactory, SchemeFactory, person_of
from tests.factories import staff_of as _staff

pytestmark = pytest.mark.django_db

NORWEGIAN_ADDED = {
    "imdi-norwegian-training",
    "imdi-ukraine-extraordinary",
    "imdi-pilot-small-new-organisations",
    "volunteer-centres-operating-grant",
}
DANISH = {
    "dk-serviceloven-18",
    "dk-puf",
    "dk-slks-national-organisations",
    "dk-momskompensation",
    "dk-duf-initiativstoette",
}


@pytest.fixture
def naestved(db):
    return MunicipalityFactory(
        name="Næstved Kommune", number="0370", slug="naestved", country="DK", default_language="da"
    )


@pytest.fixture
def naestved_contact(naestved):
    association = OrganizationFactory(
        name="Næstved Lektiecafé",
        municipalities=[naestved],
        number_scheme="DK-CVR",
        org_number="13748136",
    )
    person = person_of(association, "contact")
    person.preferred_language = "da"
    person.save(update_fields=["preferred_language"])
    return person


def test_the_schemes_the_sources_name_are_in_the_shared_catalogue():
    shipped = Scheme.objects.filter(slug__in=NORWEGIAN_ADDED)
    assert {s.slug for s in shipped} == NORWEGIAN_ADDED
    for scheme in shipped:
        assert scheme.municipality is None
        assert (scheme.country, scheme.currency, scheme.status) == ("NO", "NOK", "published")
        # Only their names and managers are confirmed: nothing else is stated as fact.
        assert scheme.facts_confirmed is False
        assert scheme.last_verified is None


def test_no_shipped_scheme_lacks_a_source_or_a_text_in_its_countrys_language():
    for scheme in Scheme.objects.filter(slug__in=NORWEGIAN_ADDED | DANISH):
        assert scheme.source, scheme.slug
        assert scheme.official_url or not scheme.facts_confirmed, scheme.slug
        language = {"NO": "nb", "DK": "da"}[scheme.country]
        assert scheme.guidance_languages == [language]
        assert scheme.summary
        assert scheme.who_may_apply
        assert scheme.deadline_pattern


def test_an_unconfirmed_scheme_says_check_with_the_grant_manager(english, client):
    page = client.get(reverse("grants:scheme", args=["imdi-ukraine-extraordinary"]))
    html = page.content.decode()
    assert "Some facts about this scheme are not confirmed" in html
    assert "Not recorded: check with the grant manager." in html
    assert "ideas2evidence" in html  # where the facts come from


def test_the_helper_never_says_an_unconfirmed_scheme_fits(english):
    scheme = Scheme.objects.get(slug="imdi-pilot-small-new-organisations")
    found = matching.match(scheme, matching.Answers(size_band="under_100k"))
    assert found.verdict == matching.MIGHT_FIT
    assert any("Check with the grant manager" in item["text"] for item in found.missing)


def test_the_danish_catalogue_is_in_dkk_for_denmark():
    danish = Scheme.objects.filter(slug__in=DANISH)
    assert {s.slug for s in danish} == DANISH
    assert {(s.country, s.currency) for s in danish} == {("DK", "DKK")}
    assert Scheme.objects.get(slug="dk-serviceloven-18").delegated_to_municipality
    assert Scheme.objects.get(slug="dk-momskompensation").requires_cvr
    assert not any(s.requires_voluntary_register or s.requires_org_number for s in danish)


def test_a_naestved_association_gets_danish_questions_and_only_danish_schemes(
    client, naestved_contact
):
    client.force_login(naestved_contact)
    form = client.get(reverse("grants:helper")).context["form"]
    assert "has_cvr" in form.fields
    assert "registered" not in form.fields
    assert "has_org_number" not in form.fields
    assert form.initial["has_cvr"] == "yes"  # from the association's CVR number

    response = client.get(reverse("grants:helper"), {"asked": "1", "has_cvr": "yes"})
    html = response.content.decode()
    found = [m.scheme for group in response.context["results"].values() for m in group]
    assert {s.slug for s in found} >= DANISH
    assert {s.country for s in found} == {"DK"}
    assert "Frivillighetsregister" not in html
    assert "100.000\xa0kr." in html  # DUF's InitiativStøtte, in Danish kroner
    assert 'lang="da"' in html


def test_a_naestved_association_sees_no_norwegian_scheme_in_the_catalogue(client, naestved_contact):
    client.force_login(naestved_contact)
    html = client.get(reverse("grants:catalogue")).content.decode()
    assert "§ 18-midler" in html
    assert "Norskopplæringsordningen" not in html


def test_a_norwegian_organisation_never_gets_a_danish_scheme(client, organization_admin):
    client.force_login(organization_admin)
    assert "§ 18-midler" not in client.get(reverse("grants:catalogue")).content.decode()
    response = client.get(reverse("grants:helper"), {"asked": "1"})
    found = [m.scheme for group in response.context["results"].values() for m in group]
    assert {s.country for s in found} == {"NO"}
    assert "has_cvr" not in response.context["form"].fields


def test_a_visitor_can_switch_the_helper_to_denmark(english, client):
    response = client.get(reverse("grants:helper"), {"country": "DK", "asked": "1"})
    found = [m.scheme for group in response.context["results"].values() for m in group]
    assert {s.country for s in found} == {"DK"}
    assert "Frivillighetsregister" not in response.content.decode()


def test_a_cvr_number_is_what_a_danish_scheme_asks_for():
    scheme = SchemeFactory(country="DK", currency="DKK", requires_cvr=True)
    assert matching.match(scheme, matching.Answers(has_cvr=True)).verdict == matching.FITS
    found = matching.match(scheme, matching.Answers(has_cvr=None))
    assert found.verdict == matching.MIGHT_FIT
    assert "CVR" in found.missing[0]["text"]


def test_a_danish_municipalitys_own_scheme_is_for_danish_organisations(client, naestved):
    client.force_login(_staff(naestved, MunicipalityMembership.Role.COORDINATOR))
    response = client.post(
        reverse("grants:scheme_create"),
        {
            "name": "Næstved § 18-pulje 2027",
            "administrator": "municipality",
            "administrator_name": "Næstved Kommune",
            "status": "published",
            "summary_da": "Kommunens egen pulje.",
            "currency": "DKK",
            "facts_confirmed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Scheme.objects.get(name="Næstved § 18-pulje 2027").country == "DK"
