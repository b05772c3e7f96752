"""The DPIA page (issue #20): the risks the referral journey mitigates, generated from the
declarations in referrals.dpia, each linked to a control the coordinator can open."""

import re

import pytest
from django.urls import reverse

from referrals.dpia import RISKS

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
