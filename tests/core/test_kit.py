"""The shared kit: a service's refusal reaches the user next to the right field or as a message,
never as a 500; the wall-clock zones are the municipalities' own."""

import ast
from datetime import datetime
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from accounts.models import Municipality, MunicipalityMembership
from core.forms import apply_errors
from core.time import COPENHAGEN, OSLO, zone_for
from core.views import confirm_then, errors_to_form, errors_to_messages, get_permitted_or_404


class NameForm(forms.Form):
    name = forms.CharField()
    owner = forms.CharField(required=False)


def _valid_form() -> NameForm:
    form = NameForm({"name": "Leksehjelp"})
    assert form.is_valid()
    return form


def test_an_error_about_a_field_stands_next_to_that_field():
    form = _valid_form()
    apply_errors(form, ValidationError({"name": "This name is taken."}))
    assert form.errors == {"name": ["This name is taken."]}


def test_an_error_about_a_field_the_form_does_not_have_stands_at_the_top():
    form = _valid_form()
    apply_errors(form, ValidationError({"starts_at": "Too early."}))
    assert form.non_field_errors() == ["Too early."]


def test_a_renamed_field_gets_its_error_under_the_forms_name():
    form = _valid_form()
    apply_errors(form, ValidationError({"organization": "Not yours."}), {"organization": "owner"})
    assert form.errors == {"owner": ["Not yours."]}


def test_an_error_about_no_field_stands_at_the_top():
    form = _valid_form()
    apply_errors(form, ValidationError("The meeting is cancelled."))
    assert form.non_field_errors() == ["The meeting is cancelled."]


def test_a_refusal_skips_the_success_path_and_lands_on_the_form():
    form = _valid_form()
    reached = []
    with errors_to_form(form):
        raise ValidationError({"name": "This name is taken."})
        reached.append("success")  # pragma: no cover - the point is that it is skipped
    assert reached == []
    assert form.errors == {"name": ["This name is taken."]}


def test_success_leaves_the_form_without_errors():
    form = _valid_form()
    with errors_to_form(form):
        result = "saved"
    assert result == "saved"
    assert form.is_valid()


def test_a_permission_refusal_is_not_turned_into_a_form_error():
    form = _valid_form()
    with pytest.raises(PermissionDenied), errors_to_form(form):
        raise PermissionDenied
    assert form.is_valid()


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_becomes_an_error_message_on_the_next_page():
    request = _request()
    with errors_to_messages(request):
        raise ValidationError(["The agreement is not a draft.", "Ask the coordinator."])
    [message] = get_messages(request)
    assert message.level_tag == "error"
    assert str(message) == "The agreement is not a draft. Ask the coordinator."


@pytest.mark.django_db
def test_load_then_check_gives_the_object_only_to_whom_the_rule_allows(
    municipality, coordinator, other_coordinator
):
    def load(user, pk=municipality.pk):
        rule = "agreements.create_agreement"
        return get_permitted_or_404(Municipality.objects.all(), user=user, perm=rule, pk=pk)

    assert load(coordinator) == municipality
    with pytest.raises(Http404):  # forbidden: the same answer as missing
        load(other_coordinator)
    with pytest.raises(Http404):
        load(coordinator, pk=0)
    membership = MunicipalityMembership.objects.get(user=coordinator)
    assert (
        get_permitted_or_404(
            MunicipalityMembership.objects.all(),
            user=coordinator,
            perm="agreements.create_agreement",
            on=lambda found: found.municipality,
            pk=membership.pk,
        )
        == membership
    )


def test_wall_clock_times_are_in_the_municipalitys_own_zone():
    assert zone_for("NO") is OSLO
    assert zone_for("DK") is COPENHAGEN
    assert zone_for("") is OSLO
    assert datetime(2026, 7, 1, 12, tzinfo=OSLO).utcoffset().total_seconds() == 2 * 3600


def test_the_kit_imports_nothing_from_the_projects_other_apps():
    """core is the ground floor: accounts and every app may use it, it uses none of them."""
    root = Path(__file__).resolve().parents[2]
    apps = {p.parent.name for p in root.glob("*/apps.py")} - {"core"}
    found = []
    for path in (root / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in apps]
    assert apps, "no apps found next to core"
    assert found == []


# -- ask first, then act ---------------------------------------------------------------------


def _confirm(request, acted: list, monkeypatch):
    shown = []
    monkeypatch.setattr("core.views.render", lambda r, template, context: shown.append(template))
    response = confirm_then(
        request,
        act=lambda: acted.append("deleted"),
        done="Kari Nordmann is no longer shown on the page.",
        next_url="/public/drammen/edit/",
        template="dashboard/published_contact_remove.html",
    )
    return response, shown


def test_opening_the_question_changes_nothing(monkeypatch):
    acted = []
    request = RequestFactory().get("/")

    _response, shown = _confirm(request, acted, monkeypatch)

    assert acted == []
    assert shown == ["dashboard/published_contact_remove.html"]


def test_answering_the_question_acts_once_says_so_and_goes_back(monkeypatch):
    acted = []
    request = _request()

    response, shown = _confirm(request, acted, monkeypatch)

    assert acted == ["deleted"]
    assert shown == []
    assert (response.status_code, response["Location"]) == (302, "/public/drammen/edit/")
    [message] = get_messages(request)
    assert (message.level_tag, message.message) == (
        "success",
        "Kari Nordmann is no longer shown on the page.",
    )
