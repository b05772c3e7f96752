"""The helper's matching rules, against the shipped catalogue and against small made-up schemes."""

import pytest
from django.core.management import call_command

from grants.matching import DOES_NOT_FIT, FITS, MIGHT_FIT, Answers, Level, match
from grants.models import Scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(english):
    call_command("loaddata", "grant_schemes", verbosity=0)
    return {scheme.slug: scheme for scheme in Scheme.objects.all()}


def test_a_registered_local_organisation_fits_the_local_integration_scheme(catalogue):
    answers = Answers(category="minority", registered=True, has_org_number=True, level=Level.LOCAL)
    found = match(catalogue["imdi-integration-local"], answers)
    assert found.verdict == FITS
    assert "You are in the Register of Non-Profit Organisations." in found.reasons


def test_an_unregistered_association_is_told_to_register_first(catalogue):
    answers = Answers(category="minority", registered=False, level=Level.LOCAL)
    for slug in ("imdi-integration-local", "vat-compensation"):
        found = match(catalogue[slug], answers)
        assert found.verdict == MIGHT_FIT
        assert any("Register" in item["text"] for item in found.missing)
        assert any("frivillighetsregisteret" in item["url"] for item in found.missing)


def test_a_youth_organisation_with_three_local_groups_fits_frifond_for_local_groups_only(
    catalogue,
):
    answers = Answers(
        category="other", registered=False, level=Level.NATIONAL_SMALL, target_group="youth"
    )
    assert match(catalogue["frifond-children-youth"], answers).verdict == FITS
    not_it = match(catalogue["frifond-organisation"], answers)
    assert not_it.verdict == DOES_NOT_FIT
    assert not_it.blockers


def test_a_local_red_cross_branch_applies_for_vat_compensation_through_its_central_body(
    catalogue,
):
    answers = Answers(category="large", registered=True, level=Level.BRANCH, size_band="100k_1m")
    found = match(catalogue["vat-compensation"], answers)
    assert found.verdict == FITS
    assert any("central body" in note for note in found.notes)


def test_unknown_answers_make_a_scheme_one_that_might_fit_with_what_to_check(catalogue):
    found = match(catalogue["bufdir-inclusion-children-youth"], Answers())
    assert found.verdict == MIGHT_FIT
    texts = " ".join(item["text"] for item in found.missing)
    assert "target group" in texts


def test_an_excluded_kind_of_organisation_does_not_fit():
    scheme = Scheme(excluded_categories=["sports"])
    assert match(scheme, Answers(category="sports")).verdict == DOES_NOT_FIT
    assert match(scheme, Answers(category="faith")).verdict == FITS


def test_a_target_group_outside_the_list_does_not_fit_and_says_who_it_is_for(english):
    scheme = Scheme(target_groups=["children", "youth"])
    found = match(scheme, Answers(target_group="seniors"))
    assert found.verdict == DOES_NOT_FIT
    assert "Children" in found.blockers[0]


def test_a_municipalitys_own_scheme_fits_only_organisations_active_there(municipality):
    scheme = Scheme(municipality=municipality)
    assert match(scheme, Answers(municipality_id=municipality.pk)).verdict == FITS
    assert match(scheme, Answers(municipality_id=municipality.pk + 1)).verdict == DOES_NOT_FIT
    assert match(scheme, Answers()).verdict == MIGHT_FIT


def test_an_organisation_number_is_missing_but_can_be_got():
    scheme = Scheme(requires_org_number=True)
    assert match(scheme, Answers(has_org_number=False)).verdict == MIGHT_FIT
    assert match(scheme, Answers(has_org_number=True)).verdict == FITS


def test_size_bands_decide_on_vat_compensation(catalogue):
    small = Answers(registered=True, size_band="under_100k", level=Level.LOCAL)
    assert match(catalogue["vat-compensation"], small).verdict == DOES_NOT_FIT
