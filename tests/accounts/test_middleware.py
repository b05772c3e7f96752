import json
import logging

import pytest
from django.urls import reverse

from accounts.logging import JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="brobygger.request")

    def records():
        return [r for r in caplog.records if r.name == "brobygger.request"]

    return records


def test_each_request_writes_one_json_line_without_the_query_string(client, request_log):
    client.get("/privacy/?q=Ahmed+Hassan&page=2")

    (record,) = request_log()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["logger"] == "brobygger.request"
    assert entry["method"] == "GET"
    assert entry["path"] == "/privacy/"
    assert entry["status"] == 200
    assert entry["user_id"] is None
    assert isinstance(entry["duration_ms"], float)
    assert "Ahmed" not in line
    assert "page=2" not in line


def test_the_request_line_names_the_signed_in_user_and_the_real_status(
    client, plain_user, request_log
):
    client.force_login(plain_user)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.get("/no-such-page/")

    posted, missing = (json.loads(JsonFormatter().format(r)) for r in request_log())
    assert (posted["method"], posted["path"], posted["status"]) == ("POST", "/i18n/setlang/", 302)
    assert (missing["method"], missing["path"], missing["status"]) == ("GET", "/no-such-page/", 404)
    assert posted["user_id"] == missing["user_id"] == plain_user.pk
