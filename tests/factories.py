"""factory_boy factories for every model."""

from datetime import datetime, time, timedelta

import factory
import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Municipality, MunicipalityMembership, User
from core.time import OSLO
from meetings.models import Kind, Meeting, Participation, Venue
from notifications.models import Notification
from organizations.models import (
    Activity,
    ActivitySchedule,
    CategoryTerm,
    Invitation,
    LanguageTerm,
    Organization,
    OrganizationMembership,
    OrganizationMunicipality,
    TargetGroupTerm,
)

TEST_PASSWORD = "a-long-test-password-1"
# The authenticator secret of every test user with two-factor set up (the browser tests compute
# codes from it).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def terms(model, codes):
    """Vocabulary rows by code. Migration 0002 seeds them, but a transactional test (the browser
    tests) flushes every table afterwards, so tests make sure they exist."""
    return [model.objects.get_or_create(code=code)[0] for code in codes]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    full_name = factory.Faker("name", locale="no_NO")
    preferred_language = "nb"  # as after signing up in bokmål; "" follows the municipality
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary address, as after sign-up; `verified=False` to skip."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Kommune {n}")
    number = factory.Sequence(lambda n: f"{1000 + n % 9000}")
    slug = factory.Sequence(lambda n: f"kommune-{n}")


class MunicipalityMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalityMembership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = MunicipalityMembership.Role.COORDINATOR


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Frivillig lag {n}")
    description_nb = "Vi driver språkkafé og turgrupper for nye i byen."
    email = factory.Sequence(lambda n: f"post{n}@lag.example.no")
    search_document = factory.LazyAttribute(lambda o: f"{o.name}\n{o.description_nb}")

    class Params:
        verified = factory.Trait(
            status=Organization.Status.VERIFIED,
            verified_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        """Verification is per municipality: each one given gets the organisation's status."""
        if create and extracted:
            verified = self.status == Organization.Status.VERIFIED
            self.municipalities.add(
                *extracted,
                through_defaults={
                    "status": self.status,
                    "verified_at": self.verified_at if verified else None,
                    "rejection_reason": self.rejection_reason,
                },
            )

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        """`categories=["sports", "faith"]` by code."""
        if create and extracted:
            self.categories.add(*terms(CategoryTerm, extracted))

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.add(*terms(LanguageTerm, extracted))


def set_organization_status(organization: Organization, status: str) -> None:
    """Set the organisation's verification in every one of its municipalities (and so its
    summary status), as if each municipality's coordinators had decided the same."""
    Organization.objects.filter(pk=organization.pk).update(status=status)
    OrganizationMunicipality.objects.filter(organization=organization).update(status=status)
    organization.status = status


class OrganizationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationMembership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = OrganizationMembership.Role.MEMBER


def with_totp(user: User) -> User:
    """`user` with TOTP set up (secret `TOTP_SECRET`), as staff and contact persons need it."""
    from accounts.services import user_enable_totp

    user_enable_totp(user=user, secret=TOTP_SECRET)
    return user


def person_of(organization: Organization, role: str = "member", *, totp: bool = False) -> User:
    """A new user who is `role` ("admin", "contact" or "member") of `organization`."""
    user = OrganizationMembershipFactory(organization=organization, role=role).user
    return with_totp(user) if totp else user


def person_fixture(organization: str, role: str):
    """A pytest fixture: a person with `role` in the organisation that fixture `organization`
    gives (`partner_admin = person_fixture("partner", "admin")` in a conftest)."""

    @pytest.fixture
    def person(request) -> User:
        return person_of(request.getfixturevalue(organization), role)

    return person


def staff_of(municipality: Municipality, role: str, *, totp: bool = True) -> User:
    """A new user who is `role` ("coordinator" or "caseworker") of `municipality`; with TOTP set
    up unless told otherwise."""
    user = MunicipalityMembershipFactory(municipality=municipality, role=role).user
    return with_totp(user) if totp else user


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "account_welcome"
    subject = factory.SelfAttribute("recipient")
    due_at = factory.LazyFunction(timezone.now)


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity; pass `schedules=[(weekday, "18:00", "20:00"), ...]` to give it weekly times."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory, verified=True)
    title = factory.Sequence(lambda n: f"Språkkafé {n}")
    type = "language_cafe"
    description_nb = "Øv på norsk over en kopp kaffe."
    municipality = factory.SubFactory(MunicipalityFactory)

    @factory.post_generation
    def schedules(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        rows = [
            ActivitySchedule(activity=self, weekday=day, starts_at=start, ends_at=end)
            for day, start, end in extracted
        ]
        ActivitySchedule.objects.bulk_create(rows)
        rows = list(self.schedules.all())
        self.has_evening = any(r.is_evening for r in rows)
        self.has_weekend = any(r.is_weekend for r in rows)
        self.weekdays = "".join(sorted({str(r.weekday) for r in rows}))
        self.search_document = "\n".join([self.title, self.description_nb or ""])
        self.save()

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.add(*terms(LanguageTerm, extracted))

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.add(*terms(TargetGroupTerm, extracted))


class ActivityScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySchedule

    activity = factory.SubFactory(ActivityFactory)
    weekday = 1
    starts_at = "18:00"
    ends_at = "20:00"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.no")
    role = OrganizationMembership.Role.MEMBER


def _next_week_at_six() -> datetime:
    """18:00 Oslo time a week from today: a default; time-dependent tests pass their own times."""
    day = timezone.localdate() + timedelta(days=7)
    return datetime.combine(day, time(18), tzinfo=OSLO)


class VenueFactory(factory.django.DjangoModelFactory):
    """A venue that is always open (no opening hours); add `VenueOpening` rows to close it."""

    class Meta:
        model = Venue

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Grendehuset {n}")
    room = "Storsalen"
    address = factory.Sequence(lambda n: f"Storgata {n + 1}")
    postal_code = "3015"
    city = "Drammen"
    capacity = 40


class MeetingFactory(factory.django.DjangoModelFactory):
    """A single two-hour dialogue meeting organised by the municipality, next week at 18:00."""

    class Meta:
        model = Meeting

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Kind.DIALOGUE
    title = factory.Sequence(lambda n: f"Dialogmøte {n}")
    starts_at = factory.LazyFunction(_next_week_at_six)
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))


class ParticipationFactory(factory.django.DjangoModelFactory):
    """An invitation of an organisation; pass `user=...` and `organization=None` for a person."""

    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    organization = factory.SubFactory(OrganizationFactory)


# -- agreements (shared by tests/agreements/*) ------------------------------------------------


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agreements.Need"

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Nettverksfamilier {n}")
    description = "Vi trenger familier som blir kjent med nyankomne husstander."


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agreements.Template"

    municipality = factory.SubFactory(MunicipalityFactory)
    language = "nb"
    name = factory.Sequence(lambda n: f"Mal {n}")
    kind = "initiative"
    title = "Samarbeidsavtale"
    sections = factory.LazyFunction(lambda: [{"heading": "Uenighet", "body": "Vi snakker sammen."}])
    matrix = factory.LazyFunction(
        lambda: [{"task": "Rekruttere frivillige", "responsible": "organization"}]
    )
    contact_sharing = "Kontaktopplysninger gis videre bare med samtykke, i portalen."


class AgreementFactory(factory.django.DjangoModelFactory):
    """A draft with the municipality as a party; add organisations with `PartyFactory`."""

    class Meta:
        model = "agreements.Agreement"
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "initiative"
    title = factory.Sequence(lambda n: f"Samarbeidsavtale {n}")
    starts_on = factory.LazyFunction(timezone.localdate)
    review_on = factory.LazyAttribute(lambda a: a.starts_on + timedelta(days=365))
    # R19: how contact data is passed on, and a contact person on both sides (PartyFactory).
    contact_sharing = "Kontaktopplysninger gis videre bare med samtykke, i portalen."

    @factory.post_generation
    def municipality_party(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.parties.create(organization=None, contact_person="Kari Koordinator")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agreements.Party"

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.SubFactory(OrganizationFactory, verified=True)
    contact_person = "Ola Kontakt"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agreements.Section"

    agreement = factory.SubFactory(AgreementFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Avsnitt {n}")
    body = "Tekst."


class RowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agreements.Row"

    agreement = factory.SubFactory(AgreementFactory)
    position = factory.Sequence(lambda n: n)
    task = factory.Sequence(lambda n: f"Oppgave {n}")
    responsible = "shared"


# -- referrals --------------------------------------------------------------------------------


class PersonFactory(factory.django.DjangoModelFactory):
    """A refugee's record with distinctive values, so that tests can look for any leftover."""

    class Meta:
        model = "referrals.Person"

    municipality = factory.SubFactory(MunicipalityFactory)
    given_name = factory.Sequence(lambda n: f"Amina{n}")
    family_name = factory.Sequence(lambda n: f"Haddadi{n}")
    phone = factory.Sequence(lambda n: f"+47 4{n % 10}{n:06d}"[:15])
    email = factory.Sequence(lambda n: f"amina.haddadi{n}@example.net")
    postal_code = "3015"
    postal_area = "Strømsø"
    languages = factory.LazyFunction(lambda: ["ar", "en"])
    interests = factory.LazyFunction(lambda: ["language_practice", "outdoor"])
    household = "single"


def _shipped_sheet(language="en"):
    from referrals.models import InformationSheet

    # The drafts come per country (Norwegian- and Danish-based); the factories' municipality is
    # Norwegian.
    return InformationSheet.objects.get(
        municipality=None, country__in=["", "NO"], language=language, version=1
    )


class ConsentFactory(factory.django.DjangoModelFactory):
    """A valid consent for a refugee guide, sharing every field, with the given organisations."""

    class Meta:
        model = "referrals.Consent"
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    informed_on = factory.LazyFunction(timezone.localdate)
    information_language = "en"
    information_sheet = factory.LazyAttribute(lambda o: _shipped_sheet(o.information_language))
    shared_fields = factory.LazyFunction(
        lambda: [
            "name",
            "phone",
            "email",
            "postal_area",
            "interests",
            "languages",
            "household",
            "children_ages",
            "note",
        ]
    )
    offer = "refugee_guide"
    signed_how = "screen"
    person_confirmed = True
    valid_from = factory.LazyFunction(timezone.localdate)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180))

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        """The organisations named get an agreement in force with the person's municipality
        (what a referral to them needs), unless `organizations__agreement=False`."""
        if create and extracted:
            self.organizations.add(*extracted)
            if kwargs.get("agreement", True):
                for organization in extracted:
                    ensure_contact_agreement(organization, self.person.municipality)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A submitted referral. Pass `consent=` (its person and organisations are used)."""

    class Meta:
        model = "referrals.Referral"

    consent = factory.SubFactory(ConsentFactory)
    person = factory.LazyAttribute(lambda o: o.consent.person)
    municipality = factory.LazyAttribute(lambda o: o.consent.person.municipality)
    organization = factory.LazyAttribute(lambda o: o.consent.organizations.first())
    offer = factory.LazyAttribute(lambda o: o.consent.offer)
    note = "Would like to practise Norwegian on weekday evenings."


# -- notification centre and announcements (issue #8) -----------------------------------------


class NotificationSettingsFactory(factory.django.DjangoModelFactory):
    """`email_modes={"registry": "digest"}`: group code → notifications.kinds.EmailMode."""

    class Meta:
        model = "notifications.NotificationSettings"

    user = factory.SubFactory(UserFactory)
    email_modes = factory.LazyFunction(dict)


class AnnouncementFactory(factory.django.DjangoModelFactory):
    """A sent announcement; add readers with `recipients=[user, ...]`."""

    class Meta:
        model = "announcements.Announcement"
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Kunngjøring {n}")
    body = "Søknadsfristen for tilskudd er 1. mars."
    sent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def recipients(self, create, extracted, **kwargs):
        if create and extracted:
            self.recipients.add(*extracted)
            self.recipient_count = len(extracted)
            self.save(update_fields=["recipient_count"])


# -- grants -------------------------------------------------------------------------------------


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "grants.Scheme"

    slug = factory.Sequence(lambda n: f"scheme-{n}")
    name = factory.Sequence(lambda n: f"Grant scheme {n}")
    administrator = "national"
    administrator_name = "IMDi"
    summary = "Money for integration work by voluntary organisations."
    status = "published"
    deadline_rule = "1 March every year"


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "grants.Follow"

    scheme = factory.SubFactory(SchemeFactory)
    organization = factory.SubFactory(OrganizationFactory)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "grants.Application"

    organization = factory.SubFactory(OrganizationFactory)
    scheme = factory.SubFactory(SchemeFactory)
    title = factory.Sequence(lambda n: f"Application {n}")
    amount_applied = 10000


class HelpSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "grants.HelpSlot"

    municipality = factory.SubFactory(MunicipalityFactory)
    starts_at = factory.LazyFunction(_next_week_at_six)
    place = "Frivilligsentralen"


# -- what a referral now needs (issue #20) ------------------------------------------------------

# Every point of the caseworker's suitability check (R45), ticked.
SUITABLE = ["fits_needs", "no_care_or_treatment", "no_case_work", "no_money_legal_or_housing"]


def refer(person, consent, by, organization=None, **fields):
    """A referral made through the service as a caseworker makes it: every suitability point
    ticked, under `consent`, to `organization` (None: the coordinator chooses)."""
    from referrals.services import referral_create

    return referral_create(
        suitability=SUITABLE,
        person=person,
        consent=consent,
        by=by,
        organization=organization,
        **fields,
    )


def contact_agreement(organization, municipality, **fields):
    """An agreement in force between the municipality and the organisation whose text says how
    contact data is passed on: what an organisation needs to receive referrals (R47)."""
    from agreements.models import Agreement

    agreement = AgreementFactory(
        **{
            "municipality": municipality,
            "status": Agreement.Status.ACTIVE,
            "starts_on": timezone.localdate() - timedelta(days=30),
            "contact_sharing": "Kontaktopplysninger sendes bare gjennom Brobygger.",
            **fields,
        }
    )
    PartyFactory(agreement=agreement, organization=organization)
    return agreement


def ensure_contact_agreement(organization, municipality):
    from agreements.models import Agreement

    if not Agreement.objects.filter(
        municipality=municipality,
        status=Agreement.Status.ACTIVE,
        parties__organization=organization,
    ).exclude(contact_sharing=""):
        contact_agreement(organization, municipality)


def verified_in(municipality: Municipality, name: str) -> Organization:
    """A new organisation named `name`, registered in `municipality` and verified there."""
    return OrganizationFactory(name=name, verified=True, municipalities=[municipality])


# -- the municipality's premises (issue #18) ----------------------------------------------------


def weekly_premises(municipality, **fields):
    """Premises the municipality lends out at weekly times (through the service, so each weekday
    has its slot): Fjell bydelshus on Tuesdays and Thursdays 17–20 unless `fields` say otherwise."""
    from dashboard.services import premises_create

    defaults = {
        "name": "Fjell bydelshus, sal 2",
        "address": "Fjellveien 1",
        "weekdays": [1, 3],
        "starts_at": time(17),
        "ends_at": time(20),
    }
    return premises_create(municipality=municipality, **{**defaults, **fields})


def ask_for_place(by, organization, *, message="x", **place):
    """A request by `by` for `organization`: `premises=` (with `slots=`, the weekly times asked
    for) or `arena=`, in the municipality the place belongs to."""
    from dashboard.services import place_request_create

    where = place.get("premises") or place["arena"]
    return place_request_create(
        by=by, municipality=where.municipality, organization=organization, message=message, **place
    )


# -- form data ----------------------------------------------------------------------------------


def organization_form(municipalities, category="other", **fields):
    """What the organisation form (registering or editing a profile) posts: a Norwegian
    organisation without a number, in `municipalities`, of one `category`; `fields` add to it or
    change it (at least the name)."""
    return {
        "number_scheme": "NO-BRC",
        "org_number": "",
        "categories": [terms(CategoryTerm, [category])[0].pk],
        "municipalities": [municipality.pk for municipality in municipalities],
        "in_voluntary_register": "unknown",
        "volunteers_insured": "unknown",
        **fields,
    }
