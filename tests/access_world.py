"""The seeded world of the access matrix (tests/test_access_matrix.py): two municipalities with
one of everything, the eleven roles plus two staff of A signed in through its own OpenID Connect
provider, and the path parameters of every URL pattern."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import MunicipalityMembership, StaffInvitation
from agreements.services import agreement_send_for_approval, attachment_add
from grants import services as grant_services
from meetings import answer_links
from meetings.models import Kind, MeetingSeries, TimePoll, TimePollInvitee, TimePollOption
from meetings.services import feed_for
from organizations import confirm_links
from organizations.models import ImportBatch, JoinRequest, OrganizationMembership
from referrals import services as referral_services
from referrals.models import AccessLogEntry
from tests.factories import (
    SUITABLE,
    ActivityFactory,
    AgreementFactory,
    AnnouncementFactory,
    ApplicationFactory,
    ConsentFactory,
    InvitationFactory,
    MeetingFactory,
    MunicipalityFactory,
    NeedFactory,
    NotificationFactory,
    OrganizationFactory,
    ParticipationFactory,
    PartyFactory,
    PersonFactory,
    RowFactory,
    SchemeFactory,
    TemplateFactory,
    UserFactory,
    VenueFactory,
    person_of,
    staff_of,
    with_totp,
)

ROLES = (
    "anonymous",
    "plain",
    "member_x",
    "contact_x",
    "contact_y",
    "admin_x",
    "caseworker_a",
    "leader_a",
    "coordinator_a",
    "coordinator_b",
    "platform_admin",
    "caseworker_a_sso",
    "coordinator_a_sso",
)

# Staff of municipality A signed in through A's OpenID Connect provider: roles from the group
# claim (not by hand), no TOTP of ours (the provider's amr counts as two-factor), the session
# bound to the provider's. Each gets what the role it shares gets (access_matrix_table.Expect).
SSO_ROLES = {"caseworker_a_sso": "caseworker_a", "coordinator_a_sso": "coordinator_a"}
SSO_GROUPS = {"drammen-saksbehandlere": "caseworker", "drammen-koordinatorer": "coordinator"}

# Distinctive personal values: none may appear in a page the role may not see them on.
PERSONS = {
    "a": {
        "given_name": "Zainabella",
        "family_name": "Qorbanizadeh",
        "phone": "+4791736452",
        "email": "zainabella.q@example.net",
    },
    "b": {
        "given_name": "Yusrabelle",
        "family_name": "Mahmoudiyan",
        "phone": "+4792846153",
        "email": "yusrabelle.m@example.net",
    },
}

# Distinctive values of org X's grant work: the title of its private application and the text of
# its draft shared with the municipality (tests/access_matrix_table.grant_work_visible says who
# may see them).
GRANT_WORK = {
    "a": {"private": "Tangenvik closed bid", "draft": "Bragernes homework evenings"},
    "b": {"private": "Vollenholm closed bid", "draft": "Heggedal homework evenings"},
}

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class Tenant:
    """Everything of one municipality that a URL can point at."""

    key: str
    municipality: object
    objects: SimpleNamespace = field(default_factory=SimpleNamespace)


@dataclass
class World:
    users: dict  # role -> user (None for anonymous)
    a: Tenant
    b: Tenant
    sso_config: object = None  # A's provider settings
    sso_claims: dict = field(default_factory=dict)  # SSO role -> the ID token's claims

    def tenant(self, key: str) -> Tenant:
        return self.a if key == "a" else self.b

    def sign_in(self, client, role: str) -> None:
        """`role` signed in on `client`: a plain session, or for the SSO roles the session a
        sign-in through A's provider leaves (`sign_in_through_provider`)."""
        user = self.users[role]
        if role in SSO_ROLES:
            sign_in_through_provider(client, user, self.sso_config, self.sso_claims[role])
        else:
            client.force_login(user)


def sign_in_through_provider(client, user, config, claims: dict) -> None:
    """`user` signed in on `client` with the session that a sign-in through the municipality's
    provider leaves: Django's sign-in (and its signal: the idle clock), allauth's record of the
    "socialaccount" authentication with the provider and subject, and what
    accounts.sso.services.sso_session_record stores (the municipality, the provider's sid, its
    amr/acr counted as two-factor or not, the 8-hour expiry, the row a back-channel logout ends).
    tests/sso/test_sign_in.py compares it with a real sign-in's session, key by key."""
    from allauth.account.internal.flows.login import record_authentication

    from accounts.sso.services import sso_session_record

    client.force_login(user)
    session = client.session
    request = SimpleNamespace(session=session, user=user)
    record_authentication(
        request, user, "socialaccount", provider=config.provider_id, uid=claims["sub"]
    )
    sso_session_record(request=request, user=user, config=config, claims=claims)
    session.save()


def _sso_staff(config, role: str, local_part: str):
    """A user as a sign-in through A's provider leaves them: an account without a password,
    linked to the provider's subject, roles set from the group claim by the sign-in's sync."""
    from allauth.socialaccount.models import SocialAccount

    from accounts.sso.services import roles_from_claims, sso_roles_sync

    group = next(group for group, given in SSO_GROUPS.items() if given == role)
    claims = {
        "iss": config.issuer,
        "sub": f"{local_part}-subject",
        "sid": f"{local_part}-provider-session",
        "email": f"{local_part}@drammen.kommune.no",
        "amr": ["pwd", "mfa"],
        "acr": "substantial",
        "groups": [group],
    }
    user = UserFactory(email=claims["email"])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    SocialAccount.objects.create(
        user=user, provider=config.provider_id, uid=claims["sub"], extra_data={"id_token": claims}
    )
    sso_roles_sync(
        user=user, municipality=config.municipality, roles=roles_from_claims(config, claims)
    )
    return user, claims


def _tenant(
    key,
    municipality,
    *,
    coordinator,
    caseworker,
    org_x,
    org_x_contact,
    org_x_member,
    org_y,
    media,
    shared_scheme,
):
    """One municipality's objects. Org X is a party of the agreement and has accepted a referral;
    org Y has a referral waiting for its answer."""
    o = SimpleNamespace(org_x=org_x, org_x_member=org_x_member, org_y=org_y)
    o.activity = ActivityFactory(
        organization=org_x, municipality=municipality, schedules=[(1, "18:00", "20:00")]
    )
    o.venue = VenueFactory(municipality=municipality)
    from dashboard.models import PublishedContact

    o.published_contact = PublishedContact.objects.create(
        municipality=municipality, kind="coordinator", name=f"Contact {key}"
    )
    from dashboard.models import Arena, Premises

    o.premises = Premises.objects.create(
        municipality=municipality, name=f"Premises {key}", address="Street 1"
    )
    o.arena = Arena.objects.create(
        municipality=municipality, kind="school", name=f"School {key}", access="Ask"
    )
    # Org X asks for the premises on Tuesday evenings (R16, issue #18).
    from dashboard.models import PlaceRequest, PremisesSlot

    slot = PremisesSlot.objects.create(
        premises=o.premises, weekday=1, starts_at="17:00", ends_at="20:00"
    )
    o.place_request = PlaceRequest.objects.create(
        municipality=municipality, organization=org_x, premises=o.premises, message="Homework"
    )
    o.place_request.slots.add(slot)
    # The coordinator proposed Thursday instead of the Tuesday org X asked for in a second
    # request: org X accepts or declines the proposal.
    from dashboard.models import SlotProposal

    thursday = PremisesSlot.objects.create(
        premises=o.premises, weekday=3, starts_at="17:00", ends_at="20:00"
    )
    o.proposed_request = PlaceRequest.objects.create(
        municipality=municipality,
        organization=org_x,
        premises=o.premises,
        message="Choir",
        status="proposed",
    )
    o.proposed_request.slots.add(slot)
    SlotProposal.objects.create(
        place_request=o.proposed_request,
        slot=thursday,
        message="Tuesday is taken",
        proposed_at="2026-01-05T12:00:00Z",
    )
    # An organisation that names org X as its umbrella (R02–R04, issue #18).
    o.branch = OrganizationFactory(
        name=f"Branch {key}", parent=org_x, verified=True, municipalities=[municipality]
    )
    # A members-only document in the resource library (R74, issue #18).
    from dashboard.models import Resource

    (media / "resources").mkdir(parents=True, exist_ok=True)
    (media / "resources" / f"guide-{key}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    o.resource = Resource.objects.create(
        municipality=municipality,
        title=f"Guide {key}",
        category="guide",
        language="nb",
        file=f"resources/guide-{key}.pdf",
        audience="members",
        published_on=timezone.localdate(),
    )
    # A good story told by org X (R72) and a member of the coordinating group (R30).
    from dashboard.models import Story
    from meetings.models import GroupMember

    o.story = Story.objects.create(
        municipality=municipality,
        organization=org_x,
        title=f"Story {key}",
        text="A volunteer and a family new in town cooked together.",
        people_asked=True,
    )
    o.group_member = GroupMember.objects.create(
        municipality=municipality, user=coordinator, role_title="Coordinator"
    )
    start = timezone.now() + timedelta(days=10)
    series = MeetingSeries.objects.create(
        rrule="FREQ=MONTHLY;COUNT=2", dtstart=start, duration=timedelta(hours=2)
    )
    o.meeting = MeetingFactory(
        municipality=municipality,
        series=series,
        recurrence_id=start,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue=o.venue,
        created_by=coordinator,
    )
    o.participation = ParticipationFactory(meeting=o.meeting, organization=org_x)
    # The signed answer link that org X's contact person got by e-mail (meetings.answer_links).
    o.answer_link = {
        "pk": o.participation.pk,
        "person": org_x_contact.pk,
        "signature": answer_links.signature_for(o.participation, org_x_contact),
    }
    # The signed "is the profile still correct?" link org X's admin got by e-mail (issue #18).
    org_x_admin = next(
        (m.user for m in org_x.memberships.filter(role="admin").select_related("user")), None
    ) or person_of(org_x, OrganizationMembership.Role.ADMIN)
    o.confirm_link = {
        "pk": org_x.pk,
        "person": org_x_admin.pk,
        "signature": confirm_links.signature_for(org_x, org_x_admin),
    }
    # A time poll of the municipality, asking org X (meetings: time polls).
    o.poll = TimePoll.objects.create(
        municipality=municipality,
        kind=Kind.COOPERATION,
        title=f"Poll {key}",
        duration=timedelta(hours=2),
        created_by=coordinator,
    )
    TimePollOption.objects.create(poll=o.poll, starts_at=start + timedelta(days=1))
    poll_invitee = TimePollInvitee.objects.create(poll=o.poll, organization=org_x)
    o.poll_link = {
        "pk": poll_invitee.pk,
        "person": org_x_contact.pk,
        "signature": answer_links.poll_path(poll_invitee, org_x_contact).split("/")[-3],
    }
    o.public_event = MeetingFactory(
        municipality=municipality, kind=Kind.PUBLIC_EVENT, is_public=True, capacity=30
    )
    o.feed_token = feed_for(user=org_x_member).token
    o.need = NeedFactory(municipality=municipality, created_by=coordinator)
    o.template = TemplateFactory(municipality=municipality)
    o.agreement = AgreementFactory(municipality=municipality, created_by=coordinator)
    PartyFactory(agreement=o.agreement, organization=org_x)
    RowFactory(agreement=o.agreement)
    agreement_send_for_approval(by=coordinator, agreement=o.agreement)
    o.attachment = attachment_add(
        by=coordinator,
        agreement=o.agreement,
        upload=SimpleUploadedFile("plan.png", PNG, content_type="image/png"),
    )
    o.batch = ImportBatch.objects.create(
        municipality=municipality, uploaded_by=coordinator, filename="k.csv", rows=[]
    )
    o.invitation = InvitationFactory(organization=org_x)
    o.staff_invitation = StaffInvitation.objects.create(
        municipality=municipality, email=f"invited-{key}@example.no", role="caseworker"
    )
    o.join_request = JoinRequest.objects.create(organization=org_x, user=UserFactory())
    (media / "logos").mkdir(parents=True, exist_ok=True)
    (media / "logos" / f"{key}.png").write_bytes(PNG)
    o.logo = f"logos/{key}.png"

    # Referrals: a person with a consent for orgs X and Y, a referral submitted to Y, one accepted
    # by X, and one waiting for the coordinator to route it.
    o.person = PersonFactory(municipality=municipality, created_by=caseworker, **PERSONS[key])
    o.consent = ConsentFactory(
        person=o.person, organizations=[org_x, org_y], recorded_by=caseworker
    )
    create = functools.partial(referral_services.referral_create, suitability=SUITABLE)
    o.submitted = create(person=o.person, consent=o.consent, by=caseworker, organization=org_y)
    o.accepted = create(person=o.person, consent=o.consent, by=caseworker, organization=org_x)
    referral_services.referral_accept(referral=o.accepted, by=org_x_contact)
    routing_consent = ConsentFactory(
        person=o.person, municipality_chooses=True, recorded_by=caseworker
    )
    o.routing = create(person=o.person, consent=routing_consent, by=caseworker)
    referral_services.offer_leaflet_approve(
        municipality=municipality, language="uk", by=coordinator
    )
    referral_services.information_sheet_save(
        municipality=municipality,
        language="en",
        by=coordinator,
        title="About sharing",
        body="We share only what you agree to.",
        consent_text="I agree.",
    )
    referral_services.access_log_record(
        user=caseworker,
        person=o.person,
        reason=AccessLogEntry.Reason.PERSON_PAGE,
        path="/referrals/persons/",
    )
    o.notification_coordinator = NotificationFactory(recipient=coordinator)
    o.notification_contact = NotificationFactory(recipient=org_x_contact)
    NotificationFactory(recipient=org_x_member)

    # Announcements: one sent to org X's contact person.
    o.announcement = AnnouncementFactory(
        municipality=municipality, author=coordinator, recipients=[org_x_contact]
    )

    # Grants: the municipality's own scheme (published, and a draft), org X's application of it
    # with a checklist item, an attachment and a draft shared with the municipality that has a
    # coordinator's comment; a private application of X; a help slot after a grant information
    # meeting, booked by X; X follows the scheme.
    o.shared_scheme = shared_scheme
    o.scheme = SchemeFactory(
        municipality=municipality,
        slug=f"local-grant-{key}",
        administrator="municipality",
        required_documents=["Statutes"],
        created_by=coordinator,
    )
    o.draft_scheme = SchemeFactory(
        municipality=municipality, slug=f"draft-grant-{key}", status="draft", created_by=coordinator
    )
    grant_services.scheme_follow(by=org_x_contact, scheme=o.scheme, organization=org_x)
    o.application = grant_services.application_create(
        by=org_x_contact,
        organization=org_x,
        scheme=o.scheme,
        fields={
            "title": f"Homework café {key}",
            "amount_applied": Decimal("25000"),
            "draft_text": f"# Plan\n{GRANT_WORK[key]['draft']}.",
        },
    )
    o.checklist_item = o.application.checklist.get()
    o.grant_attachment = grant_services.attachment_add(
        by=org_x_contact,
        application=o.application,
        file=SimpleUploadedFile("budget.png", PNG, content_type="image/png"),
    )
    now = timezone.now()
    grant_services.application_share_draft(
        by=org_x_contact, application=o.application, municipality=municipality, now=now
    )
    o.comment = grant_services.draft_comment_add(
        by=coordinator, application=o.application, section=1, body="Good plan.", now=now
    )
    o.private_application = ApplicationFactory(
        organization=org_x, scheme=o.scheme, title=GRANT_WORK[key]["private"], is_private=True
    )
    grant_meeting = MeetingFactory(
        municipality=municipality,
        kind=Kind.GRANT_INFORMATION,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        created_by=coordinator,
    )
    o.help_slot = grant_services.help_slot_create(
        by=coordinator,
        municipality=municipality,
        fields={
            "meeting": grant_meeting,
            "starts_at": start + timedelta(hours=1),
            "place": "Frivilligsentralen",
        },
        now=now,
    )
    grant_services.help_slot_book(
        by=org_x_contact, slot=o.help_slot, organization=org_x, topic="Budget", now=now
    )
    return Tenant(key=key, municipality=municipality, objects=o)


def build_world(media) -> World:
    Role = OrganizationMembership.Role
    Staff = MunicipalityMembership.Role
    mun_a = MunicipalityFactory(name="Drammen kommune", number="3301", slug="drammen")
    mun_b = MunicipalityFactory(name="Asker kommune", number="3203", slug="asker")
    org_x = OrganizationFactory(name="Lag X", verified=True, municipalities=[mun_a])
    org_y = OrganizationFactory(name="Lag Y", verified=True, municipalities=[mun_a])
    org_xb = OrganizationFactory(name="Lag XB", verified=True, municipalities=[mun_b])
    org_yb = OrganizationFactory(name="Lag YB", verified=True, municipalities=[mun_b])
    person_of(org_yb, Role.CONTACT, totp=True)
    shared_scheme = SchemeFactory(slug="shared-grant", name="Shared catalogue grant")
    users = {
        "anonymous": None,
        "plain": UserFactory(),
        "member_x": person_of(org_x, Role.MEMBER),
        "contact_x": person_of(org_x, Role.CONTACT, totp=True),
        "contact_y": person_of(org_y, Role.CONTACT, totp=True),
        "admin_x": person_of(org_x, Role.ADMIN),
        "caseworker_a": staff_of(mun_a, Staff.CASEWORKER),
        "leader_a": staff_of(mun_a, Staff.LEADER, totp=False),
        "coordinator_a": staff_of(mun_a, Staff.COORDINATOR),
        "coordinator_b": staff_of(mun_b, Staff.COORDINATOR),
        "platform_admin": with_totp(UserFactory(is_staff=True, is_superuser=True)),
    }
    a = _tenant(
        "a",
        mun_a,
        coordinator=users["coordinator_a"],
        caseworker=users["caseworker_a"],
        org_x=org_x,
        org_x_contact=users["contact_x"],
        org_x_member=users["member_x"],
        org_y=org_y,
        media=media,
        shared_scheme=shared_scheme,
    )
    b = _tenant(
        "b",
        mun_b,
        coordinator=users["coordinator_b"],
        caseworker=staff_of(mun_b, Staff.CASEWORKER),
        org_x=org_xb,
        org_x_contact=person_of(org_xb, Role.CONTACT, totp=True),
        org_x_member=person_of(org_xb, Role.MEMBER),
        org_y=org_yb,
        media=media,
        shared_scheme=shared_scheme,
    )
    # A signs its staff in through its own provider (not reachable from the tests: only its
    # "try sign-in" would go there, and reports that it cannot be reached).
    from accounts.sso.services import sso_config_save

    sso_config = sso_config_save(
        municipality=mun_a,
        by=users["platform_admin"],
        issuer="http://127.0.0.1:9/drammen",
        client_id="brobygger-drammen",
        client_secret="secret-of-drammen",
        domains=["drammen.kommune.no"],
        group_roles=SSO_GROUPS,
        enabled=True,
        strong_amr=["mfa"],
    )
    sso_claims = {}
    for role, local_part in (("caseworker_a_sso", "sara"), ("coordinator_a_sso", "kjell")):
        staff_role = SSO_ROLES[role].removesuffix("_a")
        users[role], sso_claims[role] = _sso_staff(sso_config, staff_role, local_part)
    return World(users=users, a=a, b=b, sso_config=sso_config, sso_claims=sso_claims)


# -- path parameters ---------------------------------------------------------------------------
# URL name -> function(tenant objects, municipality) -> kwargs, or {"@variant": kwargs, ...} when
# one URL is requested for several objects (a referral in each state). URLs without parameters
# need no entry. A new URL with parameters needs one here and a row in the table.


def _pk(name):
    """A URL whose `pk` is that of the tenant's object `name`."""
    return lambda o, m: {"pk": getattr(o, name).pk}


_org = _pk("org_x")
_meeting = _pk("meeting")
_agreement = _pk("agreement")
_person = _pk("person")
_consent = _pk("consent")
_batch = _pk("batch")
_application = _pk("application")
_help_slot = _pk("help_slot")


def _referral_states(o, m):
    return {
        "@submitted": {"pk": o.submitted.pk},
        "@accepted": {"pk": o.accepted.pk},
        "@routing": {"pk": o.routing.pk},
    }


def _notification_states(o, m):
    return {
        "@coordinator": {"pk": o.notification_coordinator.pk},
        "@contact": {"pk": o.notification_contact.pk},
    }


def _scheme_states(o, m):
    return {
        "@shared": {"slug": o.shared_scheme.slug},
        "@own": {"slug": o.scheme.slug},
        "@draft": {"slug": o.draft_scheme.slug},
    }


def _application_states(o, m):
    return {"@shared": {"pk": o.application.pk}, "@private": {"pk": o.private_application.pk}}


def _grant_attachment(o, m):
    return {"pk": o.application.pk, "attachment_id": o.grant_attachment.pk}


PARAMS = {
    "accounts:municipality": lambda o, m: {"slug": m.slug},
    "accounts:staff_role_add": lambda o, m: {"slug": m.slug},
    "accounts:sso_config": lambda o, m: {"slug": m.slug},
    "accounts:sso_try": lambda o, m: {"slug": m.slug},
    "accounts:staff": lambda o, m: {"slug": m.slug},
    "accounts:staff_invite": lambda o, m: {"slug": m.slug},
    "accounts:staff_invitation": lambda o, m: {"token": o.staff_invitation.token},
    # The municipality's first role (its coordinator's).
    "accounts:staff_change_role": lambda o, m: {
        "slug": m.slug,
        "pk": m.memberships.order_by("pk").first().pk,
    },
    "accounts:staff_remove": lambda o, m: {
        "slug": m.slug,
        "pk": m.memberships.order_by("pk").first().pk,
    },
    "organizations:detail": _org,
    "organizations:activity": lambda o, m: {"pk": o.activity.pk},
    "organizations:edit": _org,
    "organizations:history": _org,
    "organizations:close": _org,
    "organizations:verify": _org,
    "organizations:reject": _org,
    "organizations:join": _org,
    "organizations:members": _org,
    "organizations:leave": _org,
    "organizations:member_roles": lambda o, m: {"pk": o.org_x.pk, "user_id": o.org_x_member.pk},
    "organizations:answer_join_request": lambda o, m: {"pk": o.join_request.pk, "answer": "accept"},
    "organizations:invitation": lambda o, m: {"token": o.invitation.token},
    "organizations:activity_create": _org,
    "organizations:activity_edit": lambda o, m: {"pk": o.activity.pk},
    "organizations:activity_delete": lambda o, m: {"pk": o.activity.pk},
    "organizations:registry_export": lambda o, m: {"fmt": "csv"},
    "meetings:organization_calendar": _org,
    "meetings:municipality_calendar": lambda o, m: {"slug": m.slug},
    "meetings:detail": _meeting,
    "meetings:ics": _meeting,
    "meetings:edit": _meeting,
    "meetings:cancel": _meeting,
    "meetings:publish": _meeting,
    "meetings:logistics": _meeting,
    "meetings:minutes": _meeting,
    "meetings:attendance": _meeting,
    "meetings:register": lambda o, m: {"pk": o.public_event.pk},
    "meetings:answer": lambda o, m: {"pk": o.participation.pk},
    "meetings:venue": lambda o, m: {"pk": o.venue.pk},
    "meetings:venue_edit": lambda o, m: {"pk": o.venue.pk},
    "meetings:feed": lambda o, m: {"token": o.feed_token},
    "meetings:answer_link": lambda o, m: o.answer_link,
    "meetings:poll": lambda o, m: {"pk": o.poll.pk},
    "meetings:poll_decide": lambda o, m: {"pk": o.poll.pk},
    "meetings:poll_link": lambda o, m: o.poll_link,
    "meetings:municipality_public_feed": lambda o, m: {"slug": m.slug},
    "public:municipality": lambda o, m: {"slug": m.slug},
    "public:offers_pdf": lambda o, m: {"slug": m.slug},
    "public:offers_print": lambda o, m: {"slug": m.slug},
    # The world's municipality A has approved the Ukrainian leaflet.
    "public:offers_leaflet_pdf": lambda o, m: {"slug": m.slug, "language": "uk"},
    "public:privacy": lambda o, m: {"slug": m.slug},
    "public:guide": lambda o, m: {"slug": m.slug},
    "public:edit": lambda o, m: {"slug": m.slug},
    "public:theme": lambda o, m: {"slug": m.slug},
    "public:branding": lambda o, m: {"slug": m.slug},
    "public:contact_remove": lambda o, m: {"slug": m.slug, "pk": o.published_contact.pk},
    "public:premises_remove": lambda o, m: {"slug": m.slug, "pk": o.premises.pk},
    "public:arena_remove": lambda o, m: {"slug": m.slug, "pk": o.arena.pk},
    "public:premises_request": lambda o, m: {"slug": m.slug, "pk": o.premises.pk},
    "public:arena_request": lambda o, m: {"slug": m.slug, "pk": o.arena.pk},
    "public:requests": lambda o, m: {"slug": m.slug},
    "public:request": lambda o, m: {"slug": m.slug, "pk": o.place_request.pk},
    "public:request_withdraw": lambda o, m: {"slug": m.slug, "pk": o.place_request.pk},
    "organizations:branch_detach": lambda o, m: {"pk": o.org_x.pk, "branch_id": o.branch.pk},
    "public:request_propose": lambda o, m: {"slug": m.slug, "pk": o.place_request.pk},
    "public:request_proposal_accept": lambda o, m: {"slug": m.slug, "pk": o.proposed_request.pk},
    "public:request_proposal_decline": lambda o, m: {"slug": m.slug, "pk": o.proposed_request.pk},
    "public:resources": lambda o, m: {"slug": m.slug},
    "public:resource_create": lambda o, m: {"slug": m.slug},
    "public:resource_edit": lambda o, m: {"slug": m.slug, "pk": o.resource.pk},
    "public:resource_remove": lambda o, m: {"slug": m.slug, "pk": o.resource.pk},
    "public:resource_file": lambda o, m: {"slug": m.slug, "pk": o.resource.pk},
    "public:crisis_contacts": lambda o, m: {"slug": m.slug},
    "public:stories": lambda o, m: {"slug": m.slug},
    "public:story_create": lambda o, m: {"slug": m.slug},
    "public:story": lambda o, m: {"slug": m.slug, "pk": o.story.pk},
    "meetings:group": lambda o, m: {"slug": m.slug},
    "meetings:group_member_remove": lambda o, m: {"slug": m.slug, "pk": o.group_member.pk},
    "meetings:group_member_name": lambda o, m: {"slug": m.slug, "pk": o.group_member.pk},
    "meetings:group_own_name": lambda o, m: {"slug": m.slug},
    "organizations:overlaps": lambda o, m: {"slug": m.slug},
    "organizations:stale": lambda o, m: {"slug": m.slug},
    "organizations:offers_and_needs": lambda o, m: {"slug": m.slug},
    "organizations:confirm": _org,
    "organizations:confirm_link": lambda o, m: o.confirm_link,
    "agreements:detail": _agreement,
    "meetings:evaluation_create": _agreement,
    "agreements:edit": _agreement,
    "agreements:party_add": _agreement,
    "agreements:attachment": lambda o, m: {"pk": o.agreement.pk, "attachment_id": o.attachment.pk},
    "agreements:send": _agreement,
    "agreements:approve": _agreement,
    "agreements:revise": _agreement,
    "agreements:discard": _agreement,
    "agreements:take_over": _agreement,
    "agreements:end": _agreement,
    "agreements:evaluation": _agreement,
    "agreements:public": _agreement,
    "agreements:version": lambda o, m: {"pk": o.agreement.pk, "number": 1},
    "agreements:version_pdf": lambda o, m: {"pk": o.agreement.pk, "number": 1},
    "agreements:diff": _agreement,
    "agreements:print": _agreement,
    "agreements:save_as_template": _agreement,
    "agreements:template_delete": lambda o, m: {"template_id": o.template.pk},
    "agreements:need": lambda o, m: {"pk": o.need.pk},
    "agreements:need_edit": lambda o, m: {"pk": o.need.pk},
    "agreements:need_close": lambda o, m: {"pk": o.need.pk},
    "referrals:person": _person,
    "referrals:person_edit": _person,
    "referrals:person_export": _person,
    "referrals:person_export_json": _person,
    "referrals:person_export_pdf": _person,
    "referrals:person_erase": _person,
    "referrals:consent_new": _person,
    "referrals:referral_new": _person,
    "referrals:offer_new": _person,
    "referrals:consent": _consent,
    "referrals:consent_print": _consent,
    "referrals:consent_pdf": _consent,
    "referrals:consent_renew": _consent,
    "referrals:consent_withdraw": _consent,
    "referrals:referral": _referral_states,
    "referrals:accept": _referral_states,
    "referrals:decline": _referral_states,
    "referrals:contact": _referral_states,
    "referrals:unreachable": _referral_states,
    "referrals:close": _referral_states,
    "referrals:route": _referral_states,
    "referrals:sheet_approve": lambda o, m: {"language": "ti"},
    "referrals:leaflet_approve": lambda o, m: {"language": "ar"},
    "referrals:sheet_edit": lambda o, m: {"language": "en"},
    "referrals:sheet_print": lambda o, m: {"language": "en"},
    "referrals:sheet_pdf": lambda o, m: {"language": "en"},
    "registry_import:preview": _batch,
    "registry_import:confirm": _batch,
    "registry_import:cancel": _batch,
    "registry_import:progress": _batch,
    "hsds:organization_detail": lambda o, m: {"object_id": str(o.org_x.uuid)},
    "hsds:service_detail": lambda o, m: {"object_id": str(o.activity.uuid)},
    "logo": lambda o, m: {"path": o.logo},
    "notifications:open": _notification_states,
    "notifications:read": _notification_states,
    "announcements:detail": lambda o, m: {"pk": o.announcement.pk},
    "grants:scheme": _scheme_states,
    "grants:scheme_edit": _scheme_states,
    "grants:follow": lambda o, m: {"slug": o.scheme.slug},
    "grants:application": _application_states,
    "grants:edit": _application,
    "grants:status": _application,
    "grants:delete": _application,
    "grants:tick": lambda o, m: {"pk": o.application.pk, "item_id": o.checklist_item.pk},
    "grants:attachment_add": _application,
    "grants:attachment": _grant_attachment,
    "grants:attachment_delete": _grant_attachment,
    "grants:draft": _application,
    "grants:share": _application,
    "grants:comment": _application,
    "grants:resolve": lambda o, m: {"pk": o.application.pk, "comment_id": o.comment.pk},
    "grants:reply": lambda o, m: {"pk": o.application.pk, "comment_id": o.comment.pk},
    "grants:book": _help_slot,
    "grants:cancel_booking": _help_slot,
    "grants:delete_slot": _help_slot,
    # representatives of the allow-listed Django admin
    "admin:accounts_user_change": lambda o, m: {"object_id": o.org_x_member.pk},
}
