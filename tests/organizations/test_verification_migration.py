"""Migration organizations/0008: the plain municipalities of an organisation become per-municipality
verifications, and nothing a coordinator decided before is lost."""

import pytest
from django.utils import timezone

from tests.migrating import migrate

BEFORE = [("organizations", "0007_text_length_limits")]
AFTER = [("organizations", "0008_verification_per_municipality")]

pytestmark = pytest.mark.usefixtures("back_to_the_latest_migrations")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_organisation_keeps_its_status_in_every_municipality_it_had():
    apps = migrate(BEFORE)
    Municipality = apps.get_model("accounts", "Municipality")
    Organization = apps.get_model("organizations", "Organization")
    drammen = Municipality.objects.create(name="Drammen", number="3301", slug="m-drammen")
    asker = Municipality.objects.create(name="Asker", number="3203", slug="m-asker")
    verified_at = timezone.now()
    verified = Organization.objects.create(
        name="Verifisert", status="verified", verified_at=verified_at
    )
    verified.municipalities.add(drammen, asker)
    pending = Organization.objects.create(name="Venter", status="pending")
    pending.municipalities.add(drammen)
    rejected = Organization.objects.create(
        name="Avvist", status="rejected", rejection_reason="Finnes ikke."
    )
    rejected.municipalities.add(asker)

    apps = migrate(AFTER)
    Link = apps.get_model("organizations", "OrganizationMunicipality")

    links = {
        (link.organization.name, link.municipality.name): link
        for link in Link.objects.select_related("organization", "municipality")
    }
    assert {key: link.status for key, link in links.items()} == {
        ("Verifisert", "Drammen"): "verified",
        ("Verifisert", "Asker"): "verified",
        ("Venter", "Drammen"): "pending",
        ("Avvist", "Asker"): "rejected",
    }
    assert links["Verifisert", "Asker"].verified_at == verified_at
    assert links["Avvist", "Asker"].rejection_reason == "Finnes ikke."
    Organization = apps.get_model("organizations", "Organization")
    assert set(Organization.objects.get(name="Verifisert").municipalities.all()) == {
        apps.get_model("accounts", "Municipality").objects.get(name=name)
        for name in ("Drammen", "Asker")
    }
