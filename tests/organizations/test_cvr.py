"""The Danish CVR look-up (Erhvervsstyrelsen's system-to-system access) against recorded
responses served on 127.0.0.1 (never the network), and the registration form that uses it."""

import re
import socket

import pytest
from django.urls import reverse

from organizations import cvr
from organizations.brreg import RegisterError
from organizations.models import Organization
from tests.cvr_server import PASSWORD, SERVER_ERROR, USERNAME, RecordedCvr
from tests.factories import MunicipalityFactory, organization_form

pytestmark = pytest.mark.usefixtures("english")

REGISTER = reverse("organizations:register")


@pytest.fixture
def recorded_cvr(settings):
    """CVR_BASE_URL points at recorded responses on 127.0.0.1, with test credentials."""
    with RecordedCvr() as url:
        settings.CVR_BASE_URL = url
        settings.CVR_USERNAME, settings.CVR_PASSWORD = USERNAME, PASSWORD
        yield url


@pytest.fixture
def no_cvr_credentials(settings):
    settings.CVR_USERNAME = settings.CVR_PASSWORD = ""


def test_lookup_returns_name_address_company_form_and_municipality(recorded_cvr):
    entry = cvr.lookup("37001007")

    assert entry.name == "Foreningen Lektiehjælpen Næstved"
    assert entry.organization_form == "FOR – Forening"
    assert (entry.postal_address, entry.postal_code, entry.postal_city) == (
        "Ringstedgade 12B, 1. tv",
        "4700",
        "Næstved",
    )
    assert entry.municipality_number == "0370"
    assert entry.in_voluntary_register is False


def test_a_company_too(recorded_cvr):
    entry = cvr.lookup("41774037")

    assert (entry.name, entry.organization_form) == ("Tietgen Invest ApS", "APS – Anpartsselskab")
    assert entry.postal_address == "Hovedgaden 6, 1."


def test_an_unknown_number_gives_a_clear_message(recorded_cvr):
    with pytest.raises(RegisterError, match="no organisation with number 29190623"):
        cvr.lookup("29190623")


def test_a_dissolved_association_is_reported(recorded_cvr):
    with pytest.raises(RegisterError, match="deleted"):
        cvr.lookup("43700200")


def test_a_server_error_asks_the_user_to_fill_in_by_hand(recorded_cvr):
    with pytest.raises(RegisterError, match="Fill in the details yourself"):
        cvr.lookup(SERVER_ERROR)


def test_wrong_credentials_are_a_message_not_an_exception(recorded_cvr, settings):
    settings.CVR_PASSWORD = "wrong"

    with pytest.raises(RegisterError, match="refused the look-up"):
        cvr.lookup("37001007")


def test_an_unreachable_register_gives_a_message(settings):
    with socket.socket() as sock:  # a port that nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CVR_BASE_URL = f"http://127.0.0.1:{port}"
    settings.CVR_USERNAME, settings.CVR_PASSWORD, settings.CVR_TIMEOUT = "u", "p", 1

    with pytest.raises(RegisterError, match="could not be reached"):
        cvr.lookup("37001007")


def test_without_credentials_the_lookup_is_off_and_says_so(no_cvr_credentials):
    assert cvr.is_configured() is False
    with pytest.raises(RegisterError, match="not set up on this site"):
        cvr.lookup("37001007")


# -- the registration form ------------------------------------------------------------------------


@pytest.fixture
def naestved(db):
    return MunicipalityFactory(name="Næstved Kommune", number="0370", slug="naestved", country="DK")


def form_data(municipality, **overrides):
    return organization_form([municipality], **{"name": "", "number_scheme": "DK-CVR", **overrides})


@pytest.mark.django_db
def test_the_lookup_button_fills_in_a_danish_association_from_cvr(
    client, plain_user, naestved, recorded_cvr
):
    client.force_login(plain_user)

    response = client.post(
        REGISTER, {**form_data(naestved, org_number="DK 37 00 10 07"), "lookup": "1"}
    )

    html = response.content.decode()
    assert 'value="Foreningen Lektiehjælpen Næstved"' in html
    assert 'value="Ringstedgade 12B, 1. tv"' in html
    assert 'value="FOR – Forening"' in html
    assert 'value="4700"' in html
    assert not Organization.objects.exists()  # a look-up saves nothing


@pytest.mark.django_db
def test_an_invalid_check_digit_is_refused_before_any_lookup(
    client, plain_user, naestved, recorded_cvr
):
    client.force_login(plain_user)

    looked_up = client.post(REGISTER, {**form_data(naestved, org_number="37001008"), "lookup": "1"})
    saved = client.post(REGISTER, form_data(naestved, name="Foreningen", org_number="37001008"))

    message = "This is not a valid CVR number: the digits do not add up. Check for a typo."
    assert message in looked_up.content.decode()
    assert "Lektiehjælpen" not in looked_up.content.decode()
    assert message in saved.content.decode()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_without_credentials_the_form_says_so_and_manual_entry_works(
    client, plain_user, naestved, no_cvr_credentials
):
    client.force_login(plain_user)

    page = client.get(REGISTER).content.decode()
    looked_up = client.post(REGISTER, {**form_data(naestved, org_number="37001007"), "lookup": "1"})
    saved = client.post(
        REGISTER,
        form_data(
            naestved,
            name="Foreningen Lektiehjælpen Næstved",
            org_number="37001007",
            organization_form="Forening",
            phone="22 33 44 55",
        ),
    )

    assert "the look-up in the CVR register is not set up on this site" in page
    assert "not set up on this site. Fill in the details yourself." in looked_up.content.decode()
    assert saved.status_code == 302
    organization = Organization.objects.get()
    assert (organization.number_scheme, organization.org_number) == ("DK-CVR", "37001007")
    assert organization.phone == "+4522334455"


@pytest.mark.django_db
def test_with_credentials_the_form_does_not_say_to_fill_in_by_hand(
    client, plain_user, recorded_cvr
):
    client.force_login(plain_user)

    page = client.get(REGISTER).content.decode()

    assert "not set up on this site" not in page


@pytest.mark.parametrize("typed", ["DK 37 00 10 07", "dk-37001007", "CVR: 37001007", "37001007"])
def test_a_cvr_number_written_as_a_vat_number_is_accepted(typed):
    from organizations.validators import normalize_danish_cvr

    assert normalize_danish_cvr(typed) == "37001007"


@pytest.mark.django_db
def test_the_lookup_ticks_the_municipality_the_register_names(
    client, plain_user, naestved, recorded_cvr
):
    client.force_login(plain_user)
    data = {**form_data(naestved, org_number="37001007"), "lookup": "1"}
    del data["municipalities"]

    response = client.post(REGISTER, data)

    html = response.content.decode()
    assert re.search(rf'<input[^>]*value="{naestved.pk}"[^>]*checked', html) or re.search(
        rf'<input[^>]*checked[^>]*value="{naestved.pk}"', html
    )
