"""Every text field of every form has a length limit, and a text box says what it is.

A 4.5 MB announcement was once accepted and e-mailed to every contact person, and a 4 MB agenda
saved: free text without a limit. This walks every form class of the project's apps.
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

from organizations.importing import ImportUploadForm


def project_form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    base = Path(settings.BASE_DIR).resolve()
    for app in apps.get_app_configs():
        if Path(app.path).resolve().parent != base:
            continue  # Django's and third-party apps (also when .venv is inside the repository)
        for module_info in pkgutil.iter_modules([app.path]):
            if module_info.name in ("forms", "importing"):
                module = importlib.import_module(f"{app.name}.{module_info.name}")
                for _name, cls in inspect.getmembers(module, inspect.isclass):
                    if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                        found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[key] for key in sorted(found)]


FORMS = project_form_classes()
TEXT_FIELDS = [
    pytest.param(form, name, id=f"{form.__module__}.{form.__name__}.{name}")
    for form in FORMS
    for name, field in form.base_fields.items()
    if isinstance(field, forms.CharField)
]


def test_the_walk_finds_the_forms_of_every_app():
    modules = {form.__module__ for form in FORMS}
    for module in (
        "accounts.forms",
        "agreements.forms",
        "announcements.forms",
        "grants.forms",
        "meetings.forms",
        "organizations.forms",
        "organizations.importing",
        "referrals.forms",
    ):
        assert module in modules
    assert ImportUploadForm in FORMS
    assert len(TEXT_FIELDS) > 80


@pytest.mark.parametrize(("form", "name"), TEXT_FIELDS)
def test_every_text_field_has_a_length_limit(form, name):
    field = form.base_fields[name]

    assert field.max_length, f"{form.__name__}.{name} takes text of any length"
    assert field.max_length <= 50_000
    assert field.widget_attrs(field.widget).get("maxlength") == str(field.max_length)


@pytest.mark.parametrize(
    ("form", "name"),
    [
        p
        for p in TEXT_FIELDS
        if isinstance(p.values[0].base_fields[p.values[1]].widget, forms.Textarea)
    ],
)
def test_every_text_box_says_its_limit(form, name):
    field = form.base_fields[name]
    bound_field = field.get_bound_field(forms.Form(), name)

    with translation.override("en"):
        english = type(bound_field)(forms.Form(), field, name).help_text
    with translation.override("nb"):
        norwegian = type(bound_field)(forms.Form(), field, name).help_text

    assert f"At most {field.max_length:,} characters." in english
    assert f"Høyst {field.max_length:,} tegn.".replace(",", "\xa0") in norwegian


def project_filter_text_fields() -> list:
    from django_filters import CharFilter, FilterSet

    found = []
    for module_name in (
        "agreements.filters",
        "grants.filters",
        "organizations.filters",
        "referrals.filters",
    ):
        module = importlib.import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, FilterSet) and cls.__module__ == module.__name__:
                for name, flt in cls.base_filters.items():
                    if isinstance(flt, CharFilter):
                        found.append(pytest.param(flt, id=f"{cls.__qualname__}.{name}"))
    return found


@pytest.mark.parametrize("flt", project_filter_text_fields())
def test_every_search_box_has_a_length_limit(flt):
    field = flt.field

    assert field.max_length, "a search box takes text of any length"
    if not field.widget.is_hidden:
        assert field.widget_attrs(field.widget).get("maxlength") == str(field.max_length)


@pytest.mark.django_db
def test_an_overlong_search_is_refused_with_a_message(client, english):
    response = client.get("/directory/", {"q": "x" * 201})

    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
