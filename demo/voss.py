"""Demo data for a nynorsk municipality: Voss herad, whose default language is nynorsk.

Its coordinator and the contact person of its volunteer centre have made no language choice of
their own, so they see the portal, and get their e-mails, in nynorsk (accounts.languages); the
language switcher still offers the other three. Safe to run again: it finds what it made before.
"""

from django.utils import timezone

from accounts.models import Municipality
from accounts.services import municipality_membership_create, user_enable_totp
from dashboard import demo as dashboard_demo
from demo.users import demo_user
from organizations.demo import demo_activity, demo_org_number, demo_organization
from organizations.models import Organization, OrganizationMembership
from organizations.services import organization_refresh_search

ORGANIZATION_NAME = "Voss frivilligsentral"
DESCRIPTION = (
    "Frivilligsentralen på Voss set frivillige i kontakt med nye innbyggjarar. Vi har "
    "språkkafé kvar onsdag og turar i helgene."
)
DESCRIPTION_EN = (
    "The volunteer centre in Voss puts volunteers in touch with new residents: a language café "
    "every Wednesday and walks at weekends."
)
ACTIVITY = "Språkkafé på Voss"

# name, e-mail, role, TOTP secret (base32); the names hold no bokmål-only word (the nynorsk
# browser journey looks for them).
COORDINATOR = ("Sigrid Lid", "koordinator.voss@demo.brobygger.no", "MZXW6YTBOJRGC4TEMFZGKZLY")
CONTACT = ("Torleiv Rong", "kontakt.voss@demo.brobygger.no", "ONSWG4TFORWWK3TUMFRGKZLR")


def _organization(municipality: Municipality) -> Organization:
    organization, created = demo_organization(
        municipality,
        ORGANIZATION_NAME,
        categories=["volunteer_centre"],
        languages=["nn", "nb", "en"],
        org_number=demo_org_number(4621),
        description_nn=DESCRIPTION,
        description_en=DESCRIPTION_EN,
        status=Organization.Status.VERIFIED,
        verified_at=timezone.now(),
        email="post@vossfrivillig.example.no",
        postal_city="Voss",
    )
    if not created:
        return organization
    demo_activity(
        organization,
        weekday=2,
        start="18:00",
        end="20:00",
        languages=["nn", "en"],
        groups=["adults"],
        title_nn=ACTIVITY,
        type="language_cafe",
        description_nn=DESCRIPTION,
        municipality=municipality,
        address="Uttrågata 19",
        postal_code="5700",
        city="Voss",
        is_free=True,
        search_document=f"{ACTIVITY}\n{DESCRIPTION}\n{ORGANIZATION_NAME}",
    )
    organization_refresh_search(organization=organization)
    return organization


def seed(*, password: str) -> list[tuple[str, str, str]]:
    """Voss herad with a coordinator and a volunteer centre; the logins as (role, e-mail, TOTP)."""
    voss, _ = Municipality.objects.get_or_create(
        slug="voss",
        defaults={"name": "Voss herad", "number": "4621", "default_language": "nn"},
    )
    organization = _organization(voss)

    full_name, email, secret = COORDINATOR
    coordinator = demo_user(full_name, email, password)
    if not coordinator.municipality_memberships.filter(municipality=voss).exists():
        municipality_membership_create(
            municipality=voss, user=coordinator, role="coordinator", by=None
        )
    user_enable_totp(user=coordinator, secret=secret)

    full_name, email, contact_secret = CONTACT
    contact = demo_user(full_name, email, password)
    OrganizationMembership.objects.get_or_create(
        user=contact,
        organization=organization,
        role=OrganizationMembership.Role.CONTACT,
        defaults={"phone": "+4795512345"},
    )
    OrganizationMembership.objects.get_or_create(
        user=contact, organization=organization, role=OrganizationMembership.Role.ADMIN
    )
    user_enable_totp(user=contact, secret=contact_secret)
    dashboard_demo.seed(voss)  # its public page, in nynorsk
    return [
        ("Voss coordinator (nn)", COORDINATOR[1], secret),
        ("Voss org. contact (nn)", CONTACT[1], contact_secret),
    ]
