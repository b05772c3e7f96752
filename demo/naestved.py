"""Demo data for a Danish municipality: Næstved Kommune (kommunekode 0370), whose default language
is Danish, working as the Danish Red Cross guide describes.

A coordinator and a caseworker (with two-factor sign-in, like the other municipal staff), two
associations with CVR numbers and Danish phone numbers, their weekly activities, and a
cooperation agreement from the Danish template (agreements' migration 0006), approved by both
parties. Nobody has a language choice of their own, so everyone sees the portal in Danish.
Safe to run again: it finds what it made before.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Municipality, User
from accounts.services import municipality_membership_create, user_enable_totp
from agreements.models import Agreement, Template
from agreements.services import agreement_approve, agreement_create, agreement_send_for_approval
from core.countries import DENMARK, search_config_for
from dashboard import demo as dashboard_demo
from demo.users import demo_user
from organizations.demo import demo_activity, demo_organization
from organizations.models import Organization, OrganizationMembership
from organizations.services import organization_refresh_search

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
DANISH_TEMPLATE = "Netværkstilbud til flygtninge (Røde Kors' model)"

# name, e-mail, role, TOTP secret (base32)
COORDINATOR = ("Mette Kjær", "koordinator.naestved@demo.brobygger.no", "NZQWK43UMVSC2ZDLNZQWK43U")
CASEWORKER = ("Rasmus Holm", "sagsbehandler.naestved@demo.brobygger.no", "ONQWO43CMVUGC3TENRSXEMTB")
CONTACT = ("Lone Bech", "kontakt.naestved@demo.brobygger.no", "NZSXG5DWMVSGI2ZNNNXW45DB")

# name, serial of the made-up CVR number, categories, phone, description, activities
# (title, type, weekday, start, end, target groups)
ASSOCIATIONS = [
    (
        "Røde Kors Næstved",
        1,
        ["large"],
        "+4555720010",
        "Røde Kors i Næstved finder frivillige netværkspersoner og netværksfamilier til "
        "nyankomne flygtninge og har lektiehjælp for børn og unge hver tirsdag.",
        [
            ("Lektiehjælp i Næstved", "homework_help", 1, "16:00", "18:00", ["children", "youth"]),
            ("Netværksfamilier", "network_family", 5, "10:00", "13:00", ["families"]),
        ],
    ),
    (
        "Sprogcafé Næstved",
        2,
        ["network"],
        "+4520304050",
        "En forening af frivillige, der hver torsdag holder sprogcafé på biblioteket, hvor man "
        "kan øve dansk over en kop kaffe.",
        [("Sprogcafé på biblioteket", "language_cafe", 3, "17:00", "19:00", ["adults"])],
    ),
]


def demo_cvr_number(serial: int) -> str:
    """A made-up CVR number that passes the modulus-11 check and belongs to nobody: it begins
    with 99, a range Erhvervsstyrelsen has not given out (CVR numbers are never reused)."""
    for candidate in range(9_900_000 + serial * 10, 9_900_000 + serial * 10 + 10):
        digits = f"{candidate:07d}"
        remainder = sum(int(d) * w for d, w in zip(digits, CVR_WEIGHTS, strict=True)) % 11
        if remainder != 1:  # a remainder of 1 would need the check digit 10
            return digits + str((11 - remainder) % 11)
    raise ValueError(serial)


def _association(municipality, name, serial, categories, phone, description, activities):
    organization, created = demo_organization(
        municipality,
        name,
        categories=categories,
        languages=["da", "en", "ar"],
        org_number=demo_cvr_number(serial),
        number_scheme=Organization.NumberScheme.DENMARK,
        organization_form="Forening",
        description_da=description,
        status=Organization.Status.VERIFIED,
        verified_at=timezone.now(),
        email=f"kontakt@{name.split()[0].lower().replace('ø', 'oe')}-naestved.example.dk",
        phone=phone,
        postal_code="4700",
        postal_city="Næstved",
    )
    if not created:
        return organization
    for title, kind, weekday, start, end, groups in activities:
        demo_activity(
            organization,
            weekday=weekday,
            start=start,
            end=end,
            languages=["da", "en"],
            groups=groups,
            title_da=title,
            type=kind,
            description_da=description,
            municipality=municipality,
            address="Farimagsvej 4",
            postal_code="4700",
            city="Næstved",
            is_free=True,
            search_document=f"{title}\n{description}\n{name}",
            search_config=search_config_for(DENMARK),
        )
    organization_refresh_search(organization=organization)
    return organization


def _agreement(municipality, coordinator, contact, organization) -> None:
    """An agreement from the Danish template with Røde Kors Næstved, approved by both parties."""
    if Agreement.objects.filter(municipality=municipality).exists():
        return
    template = Template.objects.get(municipality=None, language="da", name=DANISH_TEMPLATE)
    now = timezone.now()
    agreement = agreement_create(
        by=coordinator,
        municipality=municipality,
        template=template,
        organizations=[organization],
        title="Samarbejdsaftale om netværkspersoner til flygtninge i Næstved",
        starts_on=timezone.localdate() - timedelta(days=30),
    )
    agreement_send_for_approval(by=coordinator, agreement=agreement, now=now)
    number = agreement.versions.order_by("-number").first().number
    for person in (coordinator, contact):
        agreement_approve(by=person, agreement=agreement, version_number=number, now=now)


def seed(*, password: str) -> list[tuple[str, str, str]]:
    """Næstved Kommune with its staff, associations and agreement; the logins as
    (role, e-mail, TOTP secret)."""
    naestved, _ = Municipality.objects.get_or_create(
        slug="naestved",
        defaults={
            "name": "Næstved Kommune",
            "number": "0370",
            "country": DENMARK,
            "default_language": "da",
        },
    )
    associations = [_association(naestved, *row) for row in ASSOCIATIONS]

    staff = {}
    for (full_name, email, secret), role in [
        (COORDINATOR, "coordinator"),
        (CASEWORKER, "caseworker"),
    ]:
        user = demo_user(full_name, email, password)
        if not user.municipality_memberships.filter(municipality=naestved).exists():
            municipality_membership_create(municipality=naestved, user=user, role=role, by=None)
        user_enable_totp(user=user, secret=secret)
        staff[role] = user

    full_name, email, contact_secret = CONTACT
    contact = demo_user(full_name, email, password)
    for role in (OrganizationMembership.Role.CONTACT, OrganizationMembership.Role.ADMIN):
        OrganizationMembership.objects.get_or_create(
            user=contact,
            organization=associations[0],
            role=role,
            defaults={"phone": "+4555720011" if role == "contact" else ""},
        )
    user_enable_totp(user=contact, secret=contact_secret)

    # Fresh objects: the roles cached on a user were read before the memberships were made.
    coordinator = User.objects.get(pk=staff["coordinator"].pk)
    _agreement(naestved, coordinator, User.objects.get(pk=contact.pk), associations[0])
    dashboard_demo.seed(naestved)  # its public page, in Danish
    return [
        ("Næstved coordinator (da)", COORDINATOR[1], COORDINATOR[2]),
        ("Næstved caseworker (da)", CASEWORKER[1], CASEWORKER[2]),
        ("Næstved org. contact (da)", CONTACT[1], contact_secret),
    ]
