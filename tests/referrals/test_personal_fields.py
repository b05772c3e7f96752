"""A person's personal fields are declared once, on the model (`Person.PERSONAL_FIELDS`), and
the person form, the erasure and the export all read that one declaration. A field added to the
form and missed in the erasure would never be erased; these tests make that impossible."""

import ast
from pathlib import Path

import pytest

from referrals import services
from referrals.forms import PersonForm
from referrals.models import Person

APP = Path(__file__).resolve().parents[2] / "referrals"

# One value per personal field that differs from the field's default.
FILLED = {
    "given_name": "Amina",
    "family_name": "Haddadi",
    "phone": "+47 41234567",
    "email": "amina@example.net",
    "postal_code": "3015",
    "postal_area": "Strømsø",
    "street_address": "Bragernes torg 1",
    "languages": ["ar"],
    "interests": ["outdoor"],
    "interests_other": "chess",
    "household": "family",
    "wants_family_offer": True,
    "children_age_bands": ["6-12"],
}


def test_every_field_of_a_person_is_classified_as_personal_or_not():
    """A new field on Person must be put in PERSONAL_FIELDS (erased, exported, on the form)
    or, after thought, in NOT_PERSONAL_FIELDS: until then this test fails."""
    concrete = {field.name for field in Person._meta.concrete_fields}
    personal, other = set(Person.PERSONAL_FIELDS), set(Person.NOT_PERSONAL_FIELDS)
    assert not personal & other
    assert concrete - personal - other == set(), "classify the new field on Person"
    assert (personal | other) - concrete == set(), "a declared field that Person does not have"


def test_the_person_form_asks_for_exactly_the_declared_personal_fields():
    assert list(PersonForm.base_fields) == list(Person.PERSONAL_FIELDS)


def test_no_other_list_of_a_persons_personal_fields_is_kept_in_the_app():
    """The form, the erasure and the export read `Person.PERSONAL_FIELDS`; a second list would
    drift from it."""
    personal = set(Person.PERSONAL_FIELDS)
    most = len(personal) // 2 + 1  # fewer is another list (a consent's shared fields)
    copies = []
    for path in sorted(APP.glob("*.py")):
        if path.name == "models.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                names = {e.value for e in node.elts if isinstance(e, ast.Constant)}
                if len(names & personal) >= most:
                    copies.append(f"{path.name}:{node.lineno}")
    assert copies == []


@pytest.mark.django_db
def test_erasure_empties_and_the_export_shows_every_declared_personal_field(caseworker, person):
    assert set(FILLED) == set(Person.PERSONAL_FIELDS)
    Person.objects.filter(pk=person.pk).update(**FILLED)
    person.refresh_from_db()

    exported = services.person_export(person=person, by=caseworker, path="/export")["person"]
    assert {name: exported[name] for name in Person.PERSONAL_FIELDS} == FILLED

    services.person_erase(person=person, by=caseworker)
    person.refresh_from_db()
    for name in Person.PERSONAL_FIELDS:
        assert getattr(person, name) == Person._meta.get_field(name).get_default(), name
