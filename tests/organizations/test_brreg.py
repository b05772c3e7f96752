"""The register client against recorded responses served on 127.0.0.1 (never the network)."""

import socket

import pytest

from organizations import brreg

pytestmark = pytest.mark.usefixtures("english")


def test_lookup_returns_name_form_address_and_voluntary_register_status(recorded_register):
    entry = brreg.lookup("864139442")

    assert entry.name == "NORGES RØDE KORS"
    assert entry.organization_form == "FLI – Forening/lag/innretning"
    assert (entry.postal_address, entry.postal_code, entry.postal_city) == (
        "Postboks 1",
        "0130",
        "Oslo",
    )
    assert entry.in_voluntary_register is True
    assert entry.website == "https://www.rodekors.no"


def test_without_a_postal_address_the_business_address_is_used(recorded_register):
    entry = brreg.lookup("871033552")

    assert entry.postal_address == "Storgata 33A"


def test_an_unknown_number_gives_a_clear_message(recorded_register):
    with pytest.raises(brreg.RegisterError, match="no organisation with number 999999999"):
        brreg.lookup("999999999")


@pytest.mark.parametrize("number", ["971273577", "gone-971273577"])
def test_a_deleted_entity_is_reported_whether_200_with_slettedato_or_410(recorded_register, number):
    with pytest.raises(brreg.RegisterError, match="deleted"):
        brreg.lookup(number)


def test_a_server_error_asks_the_user_to_fill_in_by_hand(recorded_register):
    with pytest.raises(brreg.RegisterError, match="Fill in the details yourself"):
        brreg.lookup("error-864139442")


def test_an_unreachable_register_gives_a_message_not_an_exception(settings):
    with socket.socket() as sock:  # a port that nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.BRREG_BASE_URL = f"http://127.0.0.1:{port}"
    settings.BRREG_TIMEOUT = 1

    with pytest.raises(brreg.RegisterError, match="could not be reached"):
        brreg.lookup("864139442")
