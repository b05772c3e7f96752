"""Demo data: one municipality, a dozen organisations, a user for every role.

Safe to run again: it finds what it made before. Prints the logins and the TOTP secrets so that a
person can add them to an authenticator app.
"""

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Municipality, MunicipalityMembership, User
from accounts.services import user_enable_totp
from organizations.models import Organization, OrganizationMembership

DEMO_PASSWORD = "brobygger-demo-2026"  # noqa: S105 - printed on purpose; demo only

ORGANIZATIONS = [
    "Drammen Frivilligsentral",
    "Røde Kors Drammen",
    "Norsk Folkehjelp Drammen",
    "Drammen Turlag",
    "Strømsgodset IF Integrering",
    "Somalisk kvinneforening i Drammen",
    "Ukrainsk forening Buskerud",
    "Drammen Moské – frivillighetsgruppen",
    "Bragernes menighet",
    "Språkkafé Drammen bibliotek",
    "Nettverksfamilier Drammen (Facebook-gruppe)",
    "Sosialt entreprenørskap Drammen AS",
]

# name, e-mail, municipal role, organisation role, staff, TOTP secret (base32)
USERS = [
    (
        "Kari Nordmann",
        "koordinator@demo.brobygger.no",
        "coordinator",
        None,
        False,
        "JBSWY3DPEHPK3PXPJBSWY3DP",
    ),
    (
        "Ola Hansen",
        "saksbehandler@demo.brobygger.no",
        "caseworker",
        None,
        False,
        "KRSXG5CTMVRXEZLUKRSXG5CT",
    ),
    ("Amina Yusuf", "leder@demo.brobygger.no", None, "admin", False, None),
    ("Jonas Berg", "kontakt@demo.brobygger.no", None, "contact", False, None),
    ("Olena Kovalenko", "frivillig@demo.brobygger.no", None, "member", False, None),
    ("Platform Admin", "admin@demo.brobygger.no", None, None, True, "MFRGGZDFMZTWQ2LKNNWG23TP"),
]


class Command(BaseCommand):
    help = "Create demo data (idempotent) and print the demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        municipality, _ = Municipality.objects.get_or_create(
            slug="drammen", defaults={"name": "Drammen kommune", "number": "3301"}
        )
        organizations = []
        for name in ORGANIZATIONS:
            organization, _ = Organization.objects.get_or_create(name=name)
            organization.municipalities.add(municipality)
            organizations.append(organization)

        rows = []
        for full_name, email, municipal_role, org_role, staff, secret in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=full_name,
                    is_staff=staff,
                    is_superuser=staff,
                )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if municipal_role:
                MunicipalityMembership.objects.get_or_create(
                    user=user, municipality=municipality, role=municipal_role
                )
            if org_role:
                OrganizationMembership.objects.get_or_create(
                    user=user, organization=organizations[0], role=org_role
                )
            if secret:
                user_enable_totp(user=user, secret=secret)
            role = municipal_role or (org_role and f"organisation {org_role}") or "platform admin"
            rows.append((role, email, secret or "-"))

        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for role, email, secret in rows:
            self.stdout.write(f"  {role:<14} {email:<34} TOTP secret: {secret}")
