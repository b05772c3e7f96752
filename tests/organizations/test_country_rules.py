"""What an organisation's country (its municipalities') decides in the registry: how a phone
number typed without a country code is stored, the currency of an activity's price, and the
language full-text search stems in (Danish for a Danish municipality's texts)."""

import pytest
from django.urls import reverse

from organizations import services
from organizations.models import Activity, Organization, OrganizationMembership
from tests.factories import (
    ActivityFactory,
    MunicipalityFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    organization_form,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REGISTER = reverse("organizations:register")
DIRECTORY = reverse("organizations:directory")
ACTIVITIES = reverse("organizations:activity_directory")


@pytest.fixture
def naestved(db):
    return MunicipalityFactory(name="Næstved Kommune", number="0370", slug="naestved", country="DK")


def form_data(municipality, **overrides):
    return organization_form(
        [municipality],
        "large",
        **{
            "name": "Lektiehjælpen Næstved",
            "kind": "network",  # no CVR number: an informal group (the rules here are the phone's)
            "number_scheme": "DK-CVR",
            "description_nb": "Vi hjælper med lektier.",
            **overrides,
        },
    )


# -- phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("22 33 44 55", "+4522334455"), ("+46 70 123 45 67", "+46701234567")],
)
def test_a_phone_typed_for_an_association_in_a_danish_municipality_is_stored_as_danish(
    client, plain_user, naestved, typed, stored
):
    client.force_login(plain_user)

    response = client.post(REGISTER, form_data(naestved, phone=typed))

    assert response.status_code == 302
    assert Organization.objects.get().phone == stored


def test_the_same_digits_in_a_norwegian_municipality_are_norwegian(
    client, plain_user, municipality
):
    client.force_login(plain_user)

    client.post(REGISTER, form_data(municipality, number_scheme="NO-BRC", phone="22 33 44 55"))

    assert Organization.objects.get().phone == "+4722334455"


def test_a_bad_phone_is_explained_next_to_the_field_and_the_form_keeps_the_typing(
    client, plain_user, naestved
):
    client.force_login(plain_user)

    response = client.post(REGISTER, form_data(naestved, phone="123"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "id_phone_error" in html
    assert 'value="Lektiehjælpen Næstved"' in html
    assert not Organization.objects.exists()


def test_the_registration_service_normalises_by_the_country_too(plain_user, naestved):
    organization = services.organization_register(
        by=plain_user,
        fields={
            "name": "Venneforeningen",
            "kind": "network",
            "number_scheme": "DK-CVR",
            "phone": "22334455",
        },
        m2m={"municipalities": [naestved]},
    )

    assert organization.phone == "+4522334455"


def test_editing_the_profile_keeps_the_danish_country(client, naestved):
    organization = OrganizationFactory(
        name="Lektiehjælpen", municipalities=[naestved], number_scheme="DK-CVR"
    )
    admin = OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.ADMIN
    ).user
    client.force_login(admin)

    response = client.post(
        reverse("organizations:edit", args=[organization.pk]),
        form_data(naestved, name="Lektiehjælpen", phone="40 50 60 70"),
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.phone == "+4540506070"


def test_a_contact_persons_phone_for_the_municipality_follows_the_organisations_country(
    client, naestved
):
    organization = OrganizationFactory(name="Lektiehjælpen", municipalities=[naestved])
    admin = OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.ADMIN
    ).user
    contact = OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.MEMBER
    ).user
    client.force_login(admin)

    response = client.post(
        reverse("organizations:member_roles", args=[organization.pk, contact.pk]),
        {"roles": ["contact"], "phone": "22 33 44 55"},
    )

    assert response.status_code == 302
    assert organization.memberships.get(user=contact).phone == "+4522334455"


# -- money --------------------------------------------------------------------------------------


def test_an_activity_price_in_a_danish_municipality_is_in_danish_kroner(client, naestved):
    organization = OrganizationFactory(
        name="Lektiehjælpen", verified=True, municipalities=[naestved]
    )
    danish = ActivityFactory(
        organization=organization, municipality=naestved, is_free=False, price=50
    )

    page = client.get(danish.get_absolute_url()).content.decode()
    listing = client.get(ACTIVITIES).content.decode()

    assert "50\xa0kr." in page
    assert "50\xa0kr." in listing
    assert "NOK" not in page


def test_an_activity_price_in_a_norwegian_municipality_is_in_norwegian_kroner(client, municipality):
    organization = OrganizationFactory(
        name="Turlaget", verified=True, municipalities=[municipality]
    )
    activity = ActivityFactory(
        organization=organization, municipality=municipality, is_free=False, price=50
    )

    page = client.get(activity.get_absolute_url()).content.decode()

    assert "kr\xa050" in page


def test_the_open_data_gives_a_danish_price_in_dkk(client, naestved):
    organization = OrganizationFactory(
        name="Lektiehjælpen", verified=True, municipalities=[naestved]
    )
    activity = ActivityFactory(
        organization=organization, municipality=naestved, is_free=False, price=50
    )

    service = client.get(reverse("hsds:service_detail", args=[str(activity.uuid)])).json()

    assert service["cost_options"][0]["currency"] == "DKK"


# -- full-text search in the text's language ----------------------------------------------------


def test_a_danish_search_finds_danish_word_forms(plain_user, client, naestved, municipality):
    danish = services.organization_register(
        by=plain_user,
        fields={
            "name": "Lektiehjælpen Næstved",
            "kind": "network",
            "number_scheme": "DK-CVR",
            "description_da": "Frivillige lektiehjælpere hjælper familierne hver tirsdag.",
        },
        m2m={"municipalities": [naestved]},
    )
    OrganizationFactory(name="Turlaget", verified=True, municipalities=[municipality])
    Organization.objects.filter(pk=danish.pk).update(status=Organization.Status.VERIFIED)
    danish.municipality_links.update(status=Organization.Status.VERIFIED)

    found = {
        query: [o.name for o in client.get(f"{DIRECTORY}?q={query}").context["page_obj"]]
        for query in ["lektiehjælp", "familie", "lektiehjælpen"]
    }

    assert danish.search_config == "danish"
    # The Norwegian stemmer leaves "lektiehjælpere" and "familierne" whole; the Danish one does not.
    assert found == {q: ["Lektiehjælpen Næstved"] for q in found}


def test_a_danish_activity_is_found_by_a_danish_word_form(client, naestved, plain_user):
    organization = OrganizationFactory(name="Foreningen", verified=True, municipalities=[naestved])
    admin = OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.ADMIN
    ).user
    services.activity_save(
        by=admin,
        organization=organization,
        activity=None,
        fields={
            "title": "Lektiehjælpen for familierne",
            "type": "homework_help",
            "municipality": naestved,
            "address": "Ringstedgade 12",
        },
        m2m={},
        schedules=[],
    )

    response = client.get(f"{ACTIVITIES}?q=familie")

    assert Activity.objects.get().search_config == "danish"
    assert [a.title for a in response.context["page_obj"]] == ["Lektiehjælpen for familierne"]


def test_norwegian_texts_keep_the_norwegian_stemming(plain_user, municipality):
    organization = services.organization_register(
        by=plain_user,
        fields={
            "name": "Leksehjelpen",
            "kind": "network",
            "description_nb": "Leksehjelp for barna.",
        },
        m2m={"municipalities": [municipality]},
    )

    assert organization.search_config == "norwegian"


# -- postcodes ----------------------------------------------------------------------------------


def test_an_association_in_a_danish_municipality_gives_danish_postcodes(
    client, plain_user, naestved
):
    client.force_login(plain_user)

    refused = client.post(
        REGISTER, form_data(naestved, postal_code="3900", visiting_postal_code="47000")
    )

    html = refused.content.decode()
    assert "3900 is not a Danish postcode" in html
    assert "A Danish postcode has 4 digits, for example 4700 Næstved." in html
    assert not Organization.objects.exists()

    client.post(REGISTER, form_data(naestved, postal_code="4700", visiting_postal_code="47 00"))
    organization = Organization.objects.get()
    assert (organization.postal_code, organization.visiting_postal_code) == ("4700", "4700")


def test_an_association_in_a_norwegian_municipality_is_told_a_norwegian_example(
    client, plain_user, municipality
):
    client.force_login(plain_user)

    refused = client.post(
        REGISTER, form_data(municipality, number_scheme="NO-BRC", postal_code="30150")
    )

    assert "A Norwegian postcode has 4 digits, for example 3015 Drammen." in (
        refused.content.decode()
    )


def test_an_activity_in_a_danish_municipality_has_a_danish_postcode(client, naestved):
    organization = OrganizationFactory(verified=True, municipalities=[naestved])
    admin = OrganizationMembershipFactory(
        organization=organization, role=OrganizationMembership.Role.ADMIN
    ).user
    client.force_login(admin)
    url = reverse("organizations:activity_create", args=[organization.pk])
    data = {
        "title_da": "Lektiehjælp",
        "type": "homework_help",
        "municipality": naestved.pk,
        "is_free": "on",
        "address": "Farimagsvej 4",
        "city": "Næstved",
        "is_active": "on",
        "schedules-TOTAL_FORMS": "0",
        "schedules-INITIAL_FORMS": "0",
        "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "1000",
    }

    refused = client.post(url, {**data, "postal_code": "470"})

    assert "A Danish postcode has 4 digits, for example 4700 Næstved." in (refused.content.decode())
    client.post(url, {**data, "postal_code": "4700"})
    assert Activity.objects.get().postal_code == "4700"
