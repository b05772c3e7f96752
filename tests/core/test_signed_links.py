"""The one way personal signed links are made and read (core.signed_links): a link opens only its
own purpose, object and person, for as long as its purpose allows, and its signature never
reaches a log line."""

from datetime import timedelta

import pytest
from django.core import signing
from django.http import HttpResponse

from accounts.logging import REDACTED, redact_path, redact_text
from core.signed_links import LinkRefused, SignedLink, open_link, path_pattern, private

LINK = SignedLink(salt="tests.link", max_age=timedelta(days=3), value="open")


def refusal(link: SignedLink, *args) -> LinkRefused:
    with pytest.raises(LinkRefused) as refused:
        link.check(*args)
    return refused.value


def test_a_link_opens_for_its_own_object_and_person_only():
    signature = LINK.sign(7, 42)

    LINK.check(7, 42, signature)  # no exception: the link is good

    assert refusal(LINK, 8, 42, signature).reason == "tampered"  # another object
    assert refusal(LINK, 7, 43, signature).reason == "tampered"  # another person
    assert refusal(LINK, 7, 42, signature[:-1] + "x").reason == "tampered"


def test_a_link_for_one_purpose_never_opens_another_with_the_same_ids():
    other = SignedLink(salt="tests.other-link", max_age=LINK.max_age, value=LINK.value)

    refused = refusal(other, 7, 42, LINK.sign(7, 42))

    assert (refused.reason, refused.status) == ("tampered", 400)


def test_a_link_expires_after_its_own_max_age(monkeypatch):
    signature = LINK.sign(7, 42)
    longer = SignedLink(salt=LINK.salt, max_age=timedelta(days=30), value=LINK.value)
    later = signing.time.time() + timedelta(days=4).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)

    refused = refusal(LINK, 7, 42, signature)

    assert (refused.reason, refused.status) == ("expired", 410)
    longer.check(7, 42, signature)  # the same signature, a purpose that allows longer


def test_a_link_opens_its_object_only_with_a_good_signature_and_while_it_exists():
    asked = []

    def find(object_id, person_id):
        asked.append((object_id, person_id))
        return None if object_id == 8 else ("invitation", "person")

    assert open_link(LINK, 7, 42, LINK.sign(7, 42), find) == ("invitation", "person")
    with pytest.raises(LinkRefused) as gone:  # the invitation was deleted since
        open_link(LINK, 8, 42, LINK.sign(8, 42), find)
    assert gone.value.reason == "tampered"
    with pytest.raises(LinkRefused):  # a bad signature: nothing is looked up
        open_link(LINK, 7, 42, "made-up", find)
    assert asked == [(7, 42), (8, 42)]


def test_the_signature_of_a_link_is_redacted_from_log_lines():
    pattern = path_pattern("/things/")
    signature = LINK.sign(7, 42)
    path = f"/things/7/42/{signature}/times/"

    assert pattern.sub(rf"\g<1>{REDACTED}", path) == f"/things/7/42/{REDACTED}/times/"
    assert pattern.sub(rf"\g<1>{REDACTED}", "/things/7/") == "/things/7/"
    # The links the portal sends are among the addresses every log path redacts.
    for prefix in ("/meetings/answers/", "/organisations/still-correct/"):
        assert redact_path(f"{prefix}7/42/{signature}/") == f"{prefix}7/42/{REDACTED}/"
        assert signature not in redact_text(f'"GET {prefix}7/42/{signature}/ HTTP/1.1" 200')


def test_a_link_page_is_kept_out_of_referrers_and_search_engines():
    response = private(HttpResponse("ok"))

    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
