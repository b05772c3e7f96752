import re
import time
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Municipality, MunicipalityMembership, User
from demo.management.commands.demo_data import DEMO_PASSWORD, SIGNATORIES
from organizations.demo import ORGANIZATIONS
from organizations.models import Organization, OrganizationMembership

pytestmark = pytest.mark.django_db

LOGINS = {
    "coordinator": "koordinator@demo.brobygger.no",
    "caseworker": "saksbehandler@demo.brobygger.no",
    "admin": "leder@demo.brobygger.no",
    "leader": "kommuneledelse@demo.brobygger.no",
    "contact": "kontakt@demo.brobygger.no",
    "member": "frivillig@demo.brobygger.no",
    "platform admin": "admin@demo.brobygger.no",
}
VOSS_LOGINS = ["koordinator.voss@demo.brobygger.no", "kontakt.voss@demo.brobygger.no"]
# The contact person sees referral contact details: two-factor, like municipal staff.
WITH_TOTP = {"coordinator", "caseworker", "contact", "platform admin"}


def demo_data() -> str:
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


@pytest.fixture
def output():
    demo_data()
    return demo_data()  # the second run must work and find what the first one made


def test_demo_data_runs_twice_and_makes_everything_once(output):
    # Drammen; Voss herad (a coordinator, a volunteer centre and its contact person); Næstved
    # Kommune (a coordinator, a caseworker, two associations and a contact person)
    assert Municipality.objects.count() == 3
    assert Organization.objects.count() == len(ORGANIZATIONS) + 1 + 2
    assert User.objects.count() == len(LOGINS) + len(SIGNATORIES) + 2 + 3
    assert MunicipalityMembership.objects.count() == 3 + 1 + 2
    assert OrganizationMembership.objects.count() == 3 + len(SIGNATORIES) + 2 + 2
    assert (
        Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == len(WITH_TOTP) + 2 + 3
    )


def test_demo_data_has_a_nynorsk_municipality_whose_people_see_nynorsk(output, client):
    voss = Municipality.objects.get(slug="voss")
    assert voss.default_language == "nn"
    for email in VOSS_LOGINS:
        (line,) = [line for line in output.splitlines() if email in line]
        assert re.search(r"TOTP secret: [A-Z2-7]{16,}", line)
        user = User.objects.get(email=email)
        assert user.preferred_language == ""  # no choice of their own: Voss's nynorsk
        client.force_login(user)
        assert client.get("/dashboard/")["Content-Language"] == "nn"
    assert voss.organizations.get().name == "Voss frivilligsentral"


def test_demo_data_has_a_user_for_every_role(output):
    drammen = Municipality.objects.get(slug="drammen")
    users = {role: User.objects.get(email=email) for role, email in LOGINS.items()}

    assert users["coordinator"].municipality_memberships.get().role == "coordinator"
    assert users["caseworker"].municipality_memberships.get().role == "caseworker"
    assert users["leader"].municipality_memberships.get().role == "leader"
    assert {users["coordinator"].municipality_memberships.get().municipality} == {drammen}
    for role in ["admin", "contact", "member"]:  # the organisation roles
        assert users[role].organization_memberships.get().role == role
    assert users["platform admin"].is_staff
    assert users["platform admin"].is_superuser
    assert not any(users[role].is_staff for role in LOGINS if role != "platform admin")
    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    assert all(user.emailaddress_set.get().verified for user in users.values())
    assert set(drammen.organizations.values_list("name", flat=True)) == {
        row[0] for row in ORGANIZATIONS
    }


def test_demo_data_prints_every_login_with_a_working_totp_secret(output):
    assert DEMO_PASSWORD in output
    for role, email in LOGINS.items():
        (line,) = [line for line in output.splitlines() if email in line]
        secret = re.search(r"TOTP secret: (\S+)", line).group(1)
        if role not in WITH_TOTP:
            assert secret == "-"
            assert not Authenticator.objects.filter(user__email=email).exists()
            continue
        authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        assert TOTP(authenticator).validate_code(code), f"the printed secret for {email} works"


def test_demo_data_has_a_dozen_organisations_of_varied_categories_with_activities(output):
    from organizations.models import Activity

    verified = Organization.objects.filter(status="verified")
    assert Organization.objects.count() >= 12
    assert verified.count() >= 11
    assert Organization.objects.filter(status="pending").exists()  # one for the coordinator
    assert len(set(verified.values_list("categories__code", flat=True))) >= 8
    assert Activity.objects.filter(has_evening=True).exists()
    assert Activity.objects.filter(has_weekend=True).exists()


def test_demo_data_shows_every_kind_of_actor_and_a_verified_branch_under_its_umbrella(
    output, client
):
    """Issue #18 (R02–R04): each kind of actor once at least, with no organisation number for
    those that have none; Røde Kors Drammen, verified, under Norges Røde Kors, which lists it;
    the immigrant council invited to the dialogue meetings."""
    from meetings.models import Participation
    from organizations.choices import UNREGISTERED_KINDS, ActorKind

    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert kinds == set(ActorKind.values)
    assert not Organization.objects.filter(kind__in=UNREGISTERED_KINDS).exclude(org_number="")
    # Every kind is in the public directory, the informal network by a verified one.
    assert set(
        Organization.objects.filter(status="verified").values_list("kind", flat=True)
    ) == set(ActorKind.values)

    branch = Organization.objects.get(name="Røde Kors Drammen")
    assert branch.status == "verified"
    assert branch.parent.name == "Norges Røde Kors"
    assert branch.parent.status == "verified"
    umbrella_page = client.get(branch.parent.get_absolute_url()).content.decode()
    assert "Røde Kors Drammen" in umbrella_page

    council = Organization.objects.get(kind=ActorKind.COUNCIL)
    assert Participation.objects.filter(organization=council).exists()


def test_demo_activities_show_the_new_facts_on_the_directory(output, client):
    from organizations.models import Activity

    public = Activity.objects.filter(organization__status="verified")
    for facts in [
        {"childcare": True},
        {"transport_help": True},
        {"introduction_programme": True},
        {"open_on_holidays": True},
        {"level": "beginner"},
        {"level": "advanced"},
        {"age_from__isnull": False},
        {"children": "under_15"},
    ]:
        assert public.filter(**facts).exists(), facts
    page = client.get(reverse("organizations:activity_directory")).content.decode()
    for tag in ("Barnepass", "Introduksjonsprogrammet", "Hjelp med transport"):
        assert f">{tag}</span>" in page


def test_demo_data_has_crisis_contacts_stale_profiles_a_library_and_an_arena_request(
    output, client
):
    """The rest of issue #18 in the demo: crisis contacts with what they could do, a profile on
    the coordinator's list and one marked in the directory, the resource library, and an
    organisation waiting to present its offer at an arena."""
    from dashboard.models import PlaceRequest, Resource
    from organizations.selectors import stale_organizations_in

    drammen = Municipality.objects.get(slug="drammen")
    crisis = Organization.objects.filter(crisis_contact=True).exclude(crisis_capacity="")
    assert crisis.count() == 2
    stale = [o.name for o in stale_organizations_in(drammen, now=timezone.now())]
    assert stale == ["Drammen Moské – frivillighetsgruppen", "Bragernes menighet"]
    directory = client.get(reverse("organizations:directory")).content.decode()
    assert directory.count("Ikke bekreftet siden") == 1
    assert Resource.objects.filter(municipality=drammen, audience="public").count() == 2
    assert Resource.objects.filter(municipality=drammen, audience="members").count() == 1
    (request,) = PlaceRequest.objects.filter(municipality=drammen, arena__isnull=False)
    assert request.status == "waiting"


def test_demo_data_has_agreements_in_several_states_and_a_need_with_answers(output):
    from agreements.models import Agreement, Need

    drammen = Municipality.objects.get(slug="drammen")
    agreements = Agreement.objects.filter(municipality=drammen)
    by_status = {}
    for agreement in agreements:
        by_status.setdefault(agreement.status, []).append(agreement)

    assert agreements.count() == 4  # made once, though demo_data ran twice
    (draft,) = by_status["draft"]
    assert draft.kind == "initiative"
    assert [p.organization.name for p in draft.parties.exclude(organization=None)] == [
        "Røde Kors Drammen"
    ]
    assert draft.rows.exists()
    assert draft.sections.exists()

    (framework,) = by_status["active"]
    assert framework.kind == "framework"
    assert framework.parties.exclude(organization=None).count() == 3
    (version,) = framework.versions.all()
    assert version.number == 1
    assert version.approved_at is not None
    assert version.approvals.count() == framework.parties.count() == 4

    (waiting,) = by_status["approval"]
    pending = waiting.parties.exclude(approvals__version=waiting.versions.get())
    assert [p.organization.name for p in pending] == ["Drammen Frivilligsentral"]

    (revised,) = by_status["revision"]
    (approved,) = revised.versions.all()
    assert approved.approved_at is not None
    assert revised.rows.count() == len(approved.snapshot["rows"]) + 1  # the revision goes on

    need = Need.objects.get(title="Nettverksfamilier for 12 nyankomne husstander i vår")
    assert need.is_published
    assert need.quantity == 12
    assert need.responses.count() == 2


def test_demo_data_has_referrals_in_several_stages_made_through_the_services(output):
    from referrals.models import OfferPresentation, Person, Referral

    # Four referred, and one who said "not now" to the offer (to be offered again).
    assert Person.objects.count() == 5
    assert set(Referral.objects.values_list("status", flat=True)) == {
        "submitted",
        "accepted",
        "contact_made",
    }
    routing = Referral.objects.get(organization__isnull=True)
    assert routing.consent.municipality_chooses
    assert OfferPresentation.objects.get().answer == "not_now"
    assert Referral.objects.filter(interpreter_needed=True).exists()
    assert Referral.objects.get(status="contact_made").copies_deleted_at is not None


# Real organisation numbers the demo once gave to invented organisations (Norges Røde Kors,
# Norsk Folkehjelp, Norges Kristne Råd): the real organisations could not register on a demo site.
REAL_NUMBERS_USED_BEFORE = {"864139442", "871033552", "971273577"}


def test_demo_organisations_have_made_up_numbers_that_pass_the_check_digit(output):
    from organizations.validators import normalize_norwegian_org_number

    numbers = [
        n
        for n in Organization.objects.filter(number_scheme="NO-BRC").values_list(
            "org_number", flat=True
        )
        if n
    ]

    assert len(numbers) >= 3
    assert not set(numbers) & REAL_NUMBERS_USED_BEFORE
    for number in numbers:
        assert normalize_norwegian_org_number(number) == number
        assert number[0] not in "89"  # Brønnøysund's numbers begin with 8 or 9


# Words that give away English text; none is a Norwegian word.
ENGLISH_WORDS = {
    "the", "and", "with", "grant", "meeting", "room", "prefers", "evenings", "background",
    "what", "will", "clinic", "application", "budget", "short", "description", "activity",
    "small", "voluntary", "lift", "hearing", "loop", "platform", "weekday", "saturdays",
    "report", "accounts", "year", "after", "many", "newcomers", "want", "practise",
}  # fmt: skip


def norwegian_demo_texts() -> dict[str, str]:
    """Every text the demo shows in the Norwegian interface, by where it is."""
    from agreements.models import Need, NeedResponse
    from grants.models import Application, ChecklistItem, HelpSlot, Scheme
    from meetings.models import Meeting, Venue
    from organizations.models import Activity
    from referrals.models import Referral

    sources = {
        Organization: ["name", "description_nb"],
        Activity: ["title", "description"],
        Venue: ["name", "room", "accessibility_notes", "equipment", "contact"],
        Meeting: ["title", "description", "agenda", "minutes"],
        Need: ["title", "description", "target_group", "help_wanted"],
        NeedResponse: ["note"],
        Application: ["title", "draft_text", "notes"],
        ChecklistItem: ["text"],
        HelpSlot: ["place", "note"],
        Referral: ["note"],
        User: ["full_name"],
    }
    texts = {
        f"{model.__name__}.{field} #{pk}": value or ""  # a language column may be NULL
        for model, fields in sources.items()
        for field in fields
        for pk, value in model.objects.values_list("pk", field)
    }
    # The shared starter catalogue and the municipality's own; Danish schemes are shown only to
    # Danish organisations.
    for scheme in Scheme.objects.filter(country="NO"):
        for field in [
            "name",
            "administrator_name",
            # the bokmål texts (the translated fields have an English text too)
            "summary_nb",
            "who_may_apply_nb",
            "what_is_funded_nb",
            "co_funding",
            "reporting",
            "deadline_note",
            "other_conditions",
        ]:
            texts[f"Scheme.{field} #{scheme.pk}"] = getattr(scheme, field) or ""
        texts[f"Scheme.required_documents #{scheme.pk}"] = " ".join(scheme.required_documents)
    return texts


def test_demo_texts_in_the_norwegian_interface_are_norwegian(output):
    texts = norwegian_demo_texts()

    english = {
        where: sorted(set(re.findall(r"\w+", text.casefold())) & ENGLISH_WORDS)
        for where, text in texts.items()
    }

    assert len(texts) > 50
    assert {where: words for where, words in english.items() if words} == {}


def test_the_demo_volunteer_has_a_mobile_number_but_nothing_goes_there_unasked(output):
    from notifications.models import NotificationSettings

    preferences = NotificationSettings.objects.get(user__email=LOGINS["member"])
    assert preferences.has_verified_mobile
    assert preferences.sms_kinds == []


def test_the_demo_municipalitys_public_page_has_its_texts_and_contacts(output, client):
    from dashboard.models import PublishedContact

    drammen = Municipality.objects.get(slug="drammen")
    html = client.get(f"/m/{drammen.slug}/").content.decode()

    assert "Frivilligheten supplerer, den erstatter ikke." in html
    kinds = set(
        PublishedContact.objects.filter(municipality=drammen).values_list("kind", flat=True)
    )
    assert {"coordinator", "adult_education", "refugee_service", "nav"} <= kinds
    assert PublishedContact.objects.filter(municipality=drammen).count() == 5  # once, not twice
    assert "Ingrid Berg" in html
    assert "Tirsdager og torsdager 17:00–20:00" in html  # premises to borrow (seed 002 §5.2)
    assert "Drammen voksenopplæring" in html  # an arena where newcomers are
    assert drammen.premises.count() == 1  # once, not twice


def test_voss_public_page_has_nynorsk_texts_and_contacts(output, client):
    from dashboard.models import PublishedContact

    voss = Municipality.objects.get(slug="voss")
    response = client.get(f"/m/{voss.slug}/")
    html = response.content.decode()

    assert response["Content-Language"] == "nn"
    assert "Frivilligheita supplerer, ho erstattar ikkje." in html
    assert "Sigrid Lid" in html
    assert "Frivilligkoordinator" in html
    assert "vaksenopplæringa" in html
    kinds = set(PublishedContact.objects.filter(municipality=voss).values_list("kind", flat=True))
    assert {"coordinator", "adult_education", "refugee_service", "nav"} <= kinds
    assert PublishedContact.objects.filter(municipality=voss).count() == 4  # once, not twice


def test_demo_data_shows_drammens_sign_in_settings_as_a_disabled_entra_id_example(output, client):
    """No provider runs in the demo: Drammen's settings show how an Entra ID municipality fills
    them in, switched off, so the sign-in page offers no provider and every demo login stays."""
    from django.urls import reverse

    from accounts.models import SingleSignOnConfig

    config = SingleSignOnConfig.objects.get()  # made once, though demo_data ran twice
    assert config.municipality.slug == "drammen"
    assert not config.enabled
    assert config.uid_claims == "tid oid"  # Entra ID: tenant + object id, never the e-mail

    login = client.get(reverse("account_login")).content.decode()
    assert "Drammen kommune" not in login  # not offered: no "Sign in with Drammen kommune"

    client.force_login(User.objects.get(email=LOGINS["coordinator"]))
    page = client.get(reverse("accounts:sso_config", args=["drammen"])).content.decode()
    assert config.issuer in page
    assert "example-not-a-real-secret" not in page  # the secret is never shown
