"""Agreements that are followed up (R27): a review date is required before an agreement is sent
for approval; a new agreement proposes one a year after it starts."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement
from agreements.services import agreement_create, agreement_send_for_approval
from tests.factories import OrganizationFactory, RowFactory, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(coordinator, municipality):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    person_of(organization, "contact")  # the organisation's contact person for it (R19)
    agreement = agreement_create(
        by=coordinator,
        municipality=municipality,
        template=None,
        organizations=[organization],
        title="Flyktningguide",
        starts_on=date(2027, 2, 1),
    )
    RowFactory(agreement=agreement)
    Agreement.objects.filter(pk=agreement.pk).update(contact_sharing="Bare gjennom Brobygger.")
    agreement.refresh_from_db()
    return agreement


def test_a_new_agreement_proposes_a_review_a_year_after_it_starts(agreement):
    assert agreement.review_on == date(2028, 2, 1)


def test_an_agreement_without_a_review_date_is_not_sent_for_approval(coordinator, agreement):
    Agreement.objects.filter(pk=agreement.pk).update(review_on=None)
    with pytest.raises(ValidationError) as error:
        agreement_send_for_approval(by=coordinator, agreement=agreement)
    assert "review_on" in error.value.error_dict
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_with_a_review_date_it_is_sent(coordinator, agreement):
    agreement_send_for_approval(by=coordinator, agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.APPROVAL
