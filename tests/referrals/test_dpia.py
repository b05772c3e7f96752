"""The DPIA page (issue #20): the risks the referral journey mitigates, generated from the
declarations in referrals.dpia, each linked to a control the coordinator can open."""

import re

import pytest
from django.urls import reverse

from referrals.dpia import RISKS
from tests.pdf import pdf_download

pytestmark = pytest.mark.django_db


def test_every_declared_risk_is_listed_with_a_working_link_to_its_control(
    english, client, coordinator, municipality
):
    client.force_login(coordinator)
    response = client.get(reverse("referrals:dpia"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "print.css" in content
    keys = {risk.key for risk in RISKS}
    assert {
        "consent_gate",
        "field_list",
        "access_log",
        "retention",
        "two_factor",
        "leavers",
        "secrets",
        "special_categories",
        "agreements",
    } <= keys
    for risk in RISKS:
        section = re.search(rf'<section id="risk-{risk.key}">(.*?)</section>', content, re.S)
        assert section, risk.key
        assert str(risk.mitigation).replace("'", "&#x27;") in section.group(1)
        link = re.search(r'href="([^"]+)"', section.group(1)).group(1)
        path, _hash, anchor = link.partition("#")
        target = client.get(path)
        assert target.status_code == 200, (risk.key, path)  # the coordinator can open it
        if anchor:
            assert f'id="{anchor}"' in target.content.decode(), (risk.key, anchor)


def test_the_dpia_links_to_this_municipalitys_own_staff_page(
    english, client, coordinator, municipality
):
    client.force_login(coordinator)
    content = client.get(reverse("referrals:dpia")).content.decode()
    assert reverse("accounts:staff", args=[municipality.slug]) in content


def test_the_dpia_downloads_as_a_pdf_with_every_risk_and_its_controls_address(
    english, client, coordinator, municipality
):
    client.force_login(coordinator)
    assert reverse("referrals:dpia_pdf") in client.get(reverse("referrals:dpia")).content.decode()

    document = pdf_download(client.get(reverse("referrals:dpia_pdf")))

    assert document.title == "Data protection impact assessment – Drammen kommune"
    assert document.language == "en"
    text = " ".join(document.text.split())
    for risk in RISKS:
        assert " ".join(str(risk.risk).split()) in text, risk.key
    # Each control's address is printed in full, to be followed from paper too.
    staff_page = "http://testserver" + reverse("accounts:staff", args=[municipality.slug])
    assert staff_page in text.replace(" ", "")
    assert document.fonts
    assert all("Noto" in font for font in document.fonts), document.fonts


@pytest.mark.parametrize("who", ["caseworker", "contact_person", "plain_user"])
def test_the_dpia_pdf_is_not_for_others(request, client, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("referrals:dpia_pdf"))
    assert response.status_code == 403
    assert response["Content-Type"] != "application/pdf"


def test_another_coordinator_gets_their_own_municipalitys_dpia(
    english, client, other_coordinator, other_municipality
):
    client.force_login(other_coordinator)
    document = pdf_download(client.get(reverse("referrals:dpia_pdf")))
    assert other_municipality.name in document.title
    assert "Drammen" not in document.text
