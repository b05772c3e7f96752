"""Demo data: one municipality, a dozen organisations with activities, a user for every role;
a nynorsk municipality, Voss herad, with a coordinator and a volunteer centre (demo/voss.py);
and a Danish one, Næstved Kommune, with its staff, associations and agreement (demo/naestved.py).

Safe to run again: it finds what it made before. Prints the logins and the TOTP secrets so that a
person can add them to an authenticator app. Each app's own demo data lives beside it
(`organizations/demo.py`, `meetings/demo.py`, `agreements/demo.py`, `referrals/demo.py`,
`grants/demo.py`, `notifications/demo.py`, `dashboard/demo.py`); this command makes the people and
puts them together.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Municipality, MunicipalityMembership, User
from accounts.services import municipality_membership_create, user_enable_totp
from agreements import demo as agreements_demo
from dashboard import demo as dashboard_demo
from demo import naestved as naestved_demo
from demo import sso as sso_demo
from demo import voss as voss_demo
from demo.users import demo_user
from grants import demo as grants_demo
from meetings import demo as meetings_demo
from notifications import demo as notifications_demo
from organizations import demo as organizations_demo
from organizations.models import Organization, OrganizationMembership
from referrals import demo as referrals_demo

DEMO_PASSWORD = "brobygger-demo-2026"  # noqa: S105 - printed on purpose; demo only


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
    # The municipality's management: reads the overview, reports, agreements and minutes.
    ("Siri Dahl", "kommuneledelse@demo.brobygger.no", "leader", None, False, None),
    (
        "Jonas Berg",
        "kontakt@demo.brobygger.no",
        None,
        "contact",
        False,
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",  # contact persons see referral contact details
    ),
    ("Olena Kovalenko", "frivillig@demo.brobygger.no", None, "member", False, None),
    (
        "Plattformadministrator",
        "admin@demo.brobygger.no",
        None,
        None,
        True,
        "MFRGGZDFMZTWQ2LKNNWG23TP",
    ),
]

# Contact persons who approve the demo agreements for their organisations: name, e-mail, org
SIGNATORIES = [
    ("Hanne Lie", "rodekors@demo.brobygger.no", "Røde Kors Drammen"),
    ("Abdi Warsame", "folkehjelp@demo.brobygger.no", "Norsk Folkehjelp Drammen"),
    ("Marte Solberg", "menighet@demo.brobygger.no", "Bragernes menighet"),
]


class Command(BaseCommand):
    help = "Create demo data (idempotent) and print the demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        municipality, _ = Municipality.objects.get_or_create(
            slug="drammen", defaults={"name": "Drammen kommune", "number": "3301"}
        )
        organizations = organizations_demo.seed(municipality)

        rows = []
        for full_name, email, municipal_role, org_role, staff, secret in USERS:
            user = demo_user(full_name, email, DEMO_PASSWORD, is_staff=staff, is_superuser=staff)
            if (
                municipal_role
                and not user.municipality_memberships.filter(
                    municipality=municipality, role=municipal_role
                ).exists()
            ):
                # Given as on the command line (by=None): the coordinators are told of it.
                municipality_membership_create(
                    municipality=municipality, user=user, role=municipal_role, by=None
                )
            if org_role:
                OrganizationMembership.objects.get_or_create(
                    user=user,
                    organization=organizations[0],
                    role=org_role,
                    defaults={"phone": "+4791234567" if org_role == "contact" else ""},
                )
            if secret:
                user_enable_totp(user=user, secret=secret)
            role = municipal_role or (org_role and f"organisation {org_role}") or "platform admin"
            rows.append((role, email, secret or "-"))

        for full_name, email, organization_name in SIGNATORIES:
            user = demo_user(full_name, email, DEMO_PASSWORD)
            OrganizationMembership.objects.get_or_create(
                user=user,
                organization=Organization.objects.get(name=organization_name),
                role=OrganizationMembership.Role.CONTACT,
            )
            rows.append(("organisation contact", email, "-"))

        meetings_demo.seed(municipality, organizations)
        agreements_demo.seed(municipality)
        referrals_demo.seed(municipality)
        dashboard_demo.seed(municipality)  # its public page
        dashboard_demo.seed_group_and_story(municipality, organizations[0])
        grants_demo.load(
            municipality=municipality,
            organization=organizations[0],
            coordinator=User.objects.filter(
                municipality_memberships__municipality=municipality,
                municipality_memberships__role=MunicipalityMembership.Role.COORDINATOR,
            ).first(),
            admin=User.objects.filter(email="leder@demo.brobygger.no").first(),
        )
        # Staff single sign-on as an Entra ID municipality would set it up; disabled (no provider
        # in the demo), shown on Drammen's sign-in settings page.
        sso_demo.seed(municipality, User.objects.get(email="admin@demo.brobygger.no"))
        rows += voss_demo.seed(password=DEMO_PASSWORD)  # a nynorsk municipality
        rows += naestved_demo.seed(password=DEMO_PASSWORD)  # a Danish municipality
        notifications_demo.seed(User.objects.filter(email="frivillig@demo.brobygger.no").first())
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for role, email, secret in rows:
            self.stdout.write(f"  {role:<22} {email:<34} TOTP secret: {secret}")
