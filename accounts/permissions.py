"""Who may do what, on which object: the one place. Views, services and templates ask these rules.

Scoping (which objects exist for a user) lives in the selectors; these rules decide what a user
may do with an object they can see.
"""

from __future__ import annotations

import rules

from accounts.selectors import user_roles


@rules.predicate
def is_platform_admin(user) -> bool:
    return user_roles(user).is_platform_admin


@rules.predicate
def is_coordinator(user) -> bool:
    return user_roles(user).is_coordinator


@rules.predicate
def is_caseworker(user) -> bool:
    return user_roles(user).is_caseworker


@rules.predicate
def is_organization_person(user) -> bool:
    return user_roles(user).is_organization_person


@rules.predicate
def is_coordinator_of(user, municipality) -> bool:
    return municipality is not None and municipality.pk in user_roles(user).coordinator_of


@rules.predicate
def is_staff_of(user, municipality) -> bool:
    """A coordinator or caseworker of this municipality."""
    return municipality is not None and municipality.pk in user_roles(user).municipalities


@rules.predicate
def is_contact_person(user) -> bool:
    """The contact person of at least one organisation: referrals are addressed to them."""
    return user_roles(user).is_contact_person


@rules.predicate
def is_leader(user) -> bool:
    return user_roles(user).is_leader


@rules.predicate
def is_leader_of(user, municipality) -> bool:
    """A leader (management) of this municipality: reads, never persons or referrals."""
    return municipality is not None and municipality.pk in user_roles(user).leader_of


# -- two-factor authentication: who must set it up, and before what ---------------------------
# The one list; accounts.middleware.RequireTwoFactorMiddleware is the one place that enforces it.
# Coordinators, caseworkers and platform admins reach personal data from many pages: before
# anything else.
rules.add_perm("accounts.needs_two_factor", is_coordinator | is_caseworker | is_platform_admin)
# An organisation's contact persons receive referrals: before the referral pages (the middleware
# names them).
rules.add_perm("referrals.needs_two_factor", is_contact_person)
# Who is signed out after a while without activity: whoever must have two-factor somewhere.
rules.add_perm(
    "accounts.sees_personal_data",
    is_coordinator | is_caseworker | is_platform_admin | is_contact_person,
)


# Municipality pages: its own staff, and platform admins.
rules.add_perm("accounts.view_municipality", is_staff_of | is_leader_of | is_platform_admin)


@rules.predicate
def has_no_coordinator(user, municipality) -> bool:
    return (
        municipality is not None
        and not municipality.memberships.filter(role="coordinator").exists()
    )


# Staff roles in a municipality are given by its coordinators; a platform admin gives only the
# first coordinator of a municipality that has none. Nobody gives one to themselves (the service
# checks that). Both are acts of the municipality.
rules.add_perm("accounts.add_staff_role", is_coordinator_of)
rules.add_perm("accounts.add_first_coordinator", is_platform_admin & has_no_coordinator)
# Its look (accent colour and logo, issue #23) is the municipality's own: its coordinators set it.
rules.add_perm("accounts.change_municipality_branding", is_coordinator_of)
# The Django admin site is for platform admins only.
rules.add_perm("accounts.use_admin_site", is_platform_admin)


# -- organisations ----------------------------------------------------------------------------


def _organization_municipality_ids(organization) -> set[int]:
    """Municipality ids of an organisation, from the prefetch cache when there is one."""
    cached = getattr(organization, "_municipality_ids", None)
    if cached is None:
        prefetched = getattr(organization, "_prefetched_objects_cache", {})
        if "municipality_links" in prefetched:
            cached = {link.municipality_id for link in prefetched["municipality_links"]}
        else:
            cached = {m.pk for m in organization.municipalities.all()}
        organization._municipality_ids = cached
    return cached


@rules.predicate
def is_public_organization(user, organization) -> bool:
    return organization is not None and organization.is_public


@rules.predicate
def is_organization_admin(user, organization) -> bool:
    return organization is not None and organization.pk in user_roles(user).organizations_with(
        "admin"
    )


@rules.predicate
def is_organization_editor(user, organization) -> bool:
    """Admins and contact persons keep the profile and the activities up to date."""
    return organization is not None and organization.pk in user_roles(user).organizations_with(
        "admin", "contact"
    )


@rules.predicate
def belongs_to_organization(user, organization) -> bool:
    return organization is not None and organization.pk in user_roles(user).organizations


@rules.predicate
def is_coordinator_for_organization(user, organization) -> bool:
    if organization is None:
        return False
    return bool(_organization_municipality_ids(organization) & user_roles(user).coordinator_of)


@rules.predicate
def is_staff_for_organization(user, organization) -> bool:
    if organization is None:
        return False
    return bool(_organization_municipality_ids(organization) & user_roles(user).municipalities)


rules.add_perm(
    "organizations.view_organization",
    is_public_organization
    | belongs_to_organization
    | is_staff_for_organization
    | is_platform_admin,
)
rules.add_perm("organizations.change_organization", is_organization_editor | is_platform_admin)
rules.add_perm("organizations.manage_members", is_organization_admin | is_platform_admin)
rules.add_perm("organizations.verify_organization", is_coordinator_for_organization)
# Closing (and anonymising) an organisation: its admins, or a coordinator where it is active.
rules.add_perm(
    "organizations.close_organization", is_organization_admin | is_coordinator_for_organization
)
rules.add_perm(
    "organizations.view_history",
    is_coordinator_for_organization | is_organization_admin | is_platform_admin,
)
# Contact persons' phone and e-mail: the municipality's coordinators and caseworkers only.
rules.add_perm("organizations.view_contact_details", is_staff_for_organization)
# An umbrella says that an organisation naming it is not its branch: the umbrella's admins, or a
# coordinator where the umbrella is active.
rules.add_perm(
    "organizations.detach_branch", is_organization_admin | is_coordinator_for_organization
)
rules.add_perm("organizations.view_registry", is_coordinator | is_platform_admin)
rules.add_perm("organizations.import_organizations", is_coordinator)
rules.add_perm("organizations.register_organization", rules.is_authenticated)
# Asking to join an organisation one is not in; leaving one is in.
rules.add_perm("organizations.join_organization", rules.is_authenticated & ~belongs_to_organization)
rules.add_perm("organizations.leave_organization", belongs_to_organization)


# -- meetings ---------------------------------------------------------------------------------


@rules.predicate
def is_meeting_organizer(user, meeting) -> bool:
    """The municipality's coordinators, or the admins and contact persons of the organising
    organisation."""
    if meeting is None:
        return False
    roles = user_roles(user)
    if meeting.organizer_organization_id:
        return meeting.organizer_organization_id in roles.organizations_with("admin", "contact")
    return meeting.municipality_id in roles.coordinator_of


@rules.predicate
def can_answer_participation(user, participation) -> bool:
    if participation is None:
        return False
    if participation.user_id:
        return participation.user_id == user.pk
    return participation.organization_id in user_roles(user).organizations_with("admin", "contact")


@rules.predicate
def can_manage_venue(user, venue) -> bool:
    if venue is None:
        return False
    roles = user_roles(user)
    if venue.organization_id:
        return venue.organization_id in roles.organizations_with("admin", "contact")
    return venue.municipality_id in roles.coordinator_of


@rules.predicate
def can_plan_meetings(user) -> bool:
    roles = user_roles(user)
    return roles.is_coordinator or bool(roles.organizations_with("admin", "contact"))


@rules.predicate
def is_meeting_invitee(user, meeting) -> bool:
    """Invited, or registered: in person or through an organisation one belongs to."""
    if meeting is None or not user.is_authenticated:
        return False
    organizations = user_roles(user).organizations
    return any(
        p.user_id == user.pk or p.organization_id in organizations
        for p in meeting.participations.all()
    )


@rules.predicate
def is_meeting_leader(user, meeting) -> bool:
    """A leader of the meeting's municipality (reads its minutes)."""
    return meeting is not None and meeting.municipality_id in user_roles(user).leader_of


@rules.predicate
def can_answer_time_poll(user, invitee) -> bool:
    """An invited organisation's admins and contact persons answer its time poll."""
    if invitee is None:
        return False
    return invitee.organization_id in user_roles(user).organizations_with("admin", "contact")


rules.add_perm("meetings.change_meeting", is_meeting_organizer)
# A time poll has the same organisers as the meeting it becomes.
rules.add_perm("meetings.change_time_poll", is_meeting_organizer)
rules.add_perm("meetings.answer_time_poll", can_answer_time_poll)
# The minutes: the organisers and those invited.
rules.add_perm(
    "meetings.view_minutes", is_meeting_organizer | is_meeting_invitee | is_meeting_leader
)
rules.add_perm("meetings.edit_agenda_templates", is_coordinator_of)
# The coordinating group (R30): the municipality's coordinators name its members.
rules.add_perm("meetings.manage_coordinating_group", is_coordinator_of)


@rules.predicate
def is_the_group_member(user, member) -> bool:
    """The person the membership of the coordinating group is about (sets their own name)."""
    return member is not None and user.is_authenticated and member.user_id == user.pk


rules.add_perm("meetings.set_own_group_name", is_the_group_member)
rules.add_perm("meetings.answer_participation", can_answer_participation)
rules.add_perm("meetings.manage_venue", can_manage_venue)
rules.add_perm("meetings.plan_meetings", can_plan_meetings)


# -- agreements -------------------------------------------------------------------------------


@rules.predicate
def is_agreement_coordinator(user, agreement) -> bool:
    return agreement is not None and agreement.municipality_id in user_roles(user).coordinator_of


@rules.predicate
def is_agreement_leader(user, agreement) -> bool:
    """A leader of the agreement's municipality reads it (and changes nothing)."""
    return agreement is not None and agreement.municipality_id in user_roles(user).leader_of


@rules.predicate
def is_agreement_party_person(user, agreement) -> bool:
    """Anyone in a party organisation reads; its admins and contact persons comment and approve."""
    if agreement is None:
        return False
    party_orgs = {p.organization_id for p in agreement.parties.all() if p.organization_id}
    return bool(party_orgs & set(user_roles(user).organizations))


@rules.predicate
def is_agreement_party_editor(user, agreement) -> bool:
    if agreement is None:
        return False
    party_orgs = {p.organization_id for p in agreement.parties.all() if p.organization_id}
    return bool(party_orgs & user_roles(user).organizations_with("admin", "contact"))


@rules.predicate
def may_approve_for_party(user, party) -> bool:
    """A coordinator approves for the municipality; an admin or contact person for their org."""
    if party is None:
        return False
    roles = user_roles(user)
    if party.organization_id is None:
        return party.agreement.municipality_id in roles.coordinator_of
    return party.organization_id in roles.organizations_with("admin", "contact")


@rules.predicate
def is_organization_draft(user, agreement) -> bool:
    """An organisation's own draft the municipality has not taken over yet (R22)."""
    return agreement is not None and agreement.is_organization_draft


@rules.predicate
def is_drafting_organization_admin(user, agreement) -> bool:
    """An admin of the organisation that wrote the draft."""
    return agreement is not None and agreement.drafted_by_id in user_roles(user).organizations_with(
        "admin"
    )


rules.add_perm(
    "agreements.view_agreement",
    is_agreement_coordinator | is_agreement_party_person | is_agreement_leader | is_platform_admin,
)
# The text is the coordinator's, except an organisation's draft before the coordinator takes it
# over (R22): that is its admins' to write (or delete), and the coordinator's to take over.
rules.add_perm(
    "agreements.change_agreement",
    (is_agreement_coordinator & ~is_organization_draft)
    | (is_organization_draft & is_drafting_organization_admin),
)
# Everything else done to an agreement (sending it for approval, parties, revising, ending,
# making it public, saving it as a template): its municipality's coordinators, never on a draft
# they have not taken over.
rules.add_perm("agreements.manage_agreement", is_agreement_coordinator & ~is_organization_draft)
rules.add_perm("agreements.take_over_draft", is_agreement_coordinator & is_organization_draft)
# An organisation's admin starts a draft with a municipality where it is verified (R22).
rules.add_perm("agreements.draft_agreement", is_organization_admin)
rules.add_perm("agreements.comment_agreement", is_agreement_coordinator | is_agreement_party_editor)
rules.add_perm("agreements.approve_for_party", may_approve_for_party)
rules.add_perm("agreements.create_agreement", is_coordinator_of)
rules.add_perm("agreements.manage_needs", is_coordinator_of)
# The agreements page (the header links it), and describing a need (the needs page offers it).
rules.add_perm("agreements.view_agreement_list", is_coordinator | is_organization_person)
rules.add_perm("agreements.describe_needs", is_coordinator)
# The evaluation meeting of an agreement (R36): its municipality's coordinators plan it.
rules.add_perm("meetings.plan_evaluation_meeting", is_agreement_coordinator)
# ...and record what it found, task by task (kept with the agreement).
rules.add_perm("agreements.record_evaluation", is_agreement_coordinator)


# -- referrals --------------------------------------------------------------------------------
# Personal data about refugees. Caseworkers of the person's municipality see and manage persons
# and referrals; coordinators route and follow statuses, and see the summary only while routing;
# an organisation's contact persons (not its other admins or members) see a summary of referrals
# addressed to it while they are answered, and the contact fields from acceptance until contact
# is made. Everyone else: nothing (the selectors make the objects not exist: 404).


def _contact_person_of(user, organization_id) -> bool:
    return organization_id is not None and organization_id in user_roles(user).organizations_with(
        "contact"
    )


@rules.predicate
def is_caseworker_of(user, municipality) -> bool:
    return municipality is not None and municipality.pk in user_roles(user).caseworker_of


@rules.predicate
def is_caseworker_for_person(user, person) -> bool:
    return person is not None and person.municipality_id in user_roles(user).caseworker_of


@rules.predicate
def is_caseworker_for_referral(user, referral) -> bool:
    return referral is not None and referral.municipality_id in user_roles(user).caseworker_of


@rules.predicate
def is_coordinator_for_referral(user, referral) -> bool:
    return referral is not None and referral.municipality_id in user_roles(user).coordinator_of


@rules.predicate
def is_referral_contact_person(user, referral) -> bool:
    return referral is not None and _contact_person_of(user, referral.organization_id)


@rules.predicate
def referral_consent_valid(user, referral) -> bool:
    return referral is not None and referral.consent.is_valid()


@rules.predicate
def referral_waiting_for_answer(user, referral) -> bool:
    return referral is not None and referral.is_waiting_for_answer


@rules.predicate
def referral_waiting_for_routing(user, referral) -> bool:
    return referral is not None and referral.is_waiting_for_routing


@rules.predicate
def referral_accepted(user, referral) -> bool:
    return referral is not None and referral.status == "accepted"


rules.add_perm("referrals.register_person", is_caseworker)
# Registering a person in this municipality (the active one, accounts.tenancy).
rules.add_perm("referrals.add_person", is_caseworker_of)
rules.add_perm("referrals.view_person", is_caseworker_for_person)
rules.add_perm("referrals.manage_person", is_caseworker_for_person)
rules.add_perm(
    "referrals.view_referral",
    is_caseworker_for_referral | is_coordinator_for_referral | is_referral_contact_person,
)
# The summary: interests, languages, postal area, household type and the offer.
rules.add_perm(
    "referrals.view_referral_summary",
    is_caseworker_for_referral
    | (is_coordinator_for_referral & referral_waiting_for_routing & referral_consent_valid)
    | (
        is_referral_contact_person
        & (referral_waiting_for_answer | referral_accepted)
        & referral_consent_valid
    ),
)
# Name, phone, e-mail and address, as far as the consent allows.
rules.add_perm(
    "referrals.view_referral_contact",
    is_referral_contact_person & referral_accepted & referral_consent_valid,
)
rules.add_perm(
    "referrals.answer_referral",
    is_referral_contact_person & referral_waiting_for_answer & referral_consent_valid,
)
rules.add_perm(
    "referrals.record_contact",
    is_referral_contact_person & referral_accepted & referral_consent_valid,
)
rules.add_perm(
    "referrals.route_referral",
    is_coordinator_for_referral & referral_waiting_for_routing & referral_consent_valid,
)
rules.add_perm("referrals.close_referral", is_caseworker_for_referral)
# The referral list: municipal staff, and the contact persons referrals are addressed to.
rules.add_perm("referrals.view_referral_list", is_coordinator | is_caseworker | is_contact_person)
# Who follows a referral as the caseworker: the person's name and every field on it.
rules.add_perm("referrals.view_referral_person", is_caseworker_for_referral)
# The contact persons of the organisation a referral is addressed to: they answer it and record
# the contact, and are told what happened when it moved on meanwhile.
rules.add_perm("referrals.receive_referral", is_referral_contact_person)
# Routing: the list is for coordinators; one referral's routing page for its municipality's.
rules.add_perm("referrals.view_routing", is_coordinator)
rules.add_perm("referrals.follow_routing", is_coordinator_for_referral)
rules.add_perm("referrals.view_access_log", is_coordinator_of)
rules.add_perm("referrals.manage_information_sheets", is_coordinator_of)
rules.add_perm("referrals.view_information_sheets", is_staff_of)
# Which verified organisations lack an agreement that says how contact data is passed on (R47).
rules.add_perm("referrals.view_missing_agreements", is_coordinator_of)
# What the data protection officer asks for: the record of processing (GDPR art. 30) and the
# retention per data type (R76), kept by the municipality's coordinators.
rules.add_perm("referrals.view_record_of_processing", is_coordinator_of)
rules.add_perm("referrals.manage_retention", is_coordinator_of)
# The DPIA page: the risks the system mitigates and the controls, for the same coordinators.
rules.add_perm("referrals.view_dpia", is_coordinator_of)
# The facts of the municipality's privacy notice (controller, legal basis, its DPO); anyone reads
# the notice on the public page /m/<slug>/privacy/.
rules.add_perm("referrals.manage_privacy_notice", is_coordinator_of)
# The quarterly follow-up (R40, W13): the municipality's caseworkers answer; its coordinators and
# leaders read the answers together (no names, no persons).
rules.add_perm("referrals.give_staff_feedback", is_caseworker_of)
rules.add_perm("referrals.view_staff_feedback", is_coordinator_of | is_leader_of)


# -- announcements (issue #8) -----------------------------------------------------------------
# A coordinator sends to the contact persons of their municipality's organisations; coordinators
# of that municipality and the recipients read them. Scoping: announcements.selectors.


@rules.predicate
def is_announcement_coordinator(user, announcement) -> bool:
    return (
        announcement is not None and announcement.municipality_id in user_roles(user).coordinator_of
    )


@rules.predicate
def is_announcement_recipient(user, announcement) -> bool:
    if announcement is None or not user.is_authenticated:
        return False
    return announcement.recipients.filter(pk=user.pk).exists()


rules.add_perm("announcements.send_announcement", is_coordinator_of)
# The announcements page (the header links it): coordinators, and organisations' people.
rules.add_perm("announcements.view_announcement_list", is_coordinator | is_organization_person)
rules.add_perm(
    "announcements.view_announcement", is_announcement_coordinator | is_announcement_recipient
)
# Whom it was sent to (counts) and the sender's personal-data confirmation: its coordinators.
rules.add_perm("announcements.view_delivery", is_announcement_coordinator)


# -- grants -----------------------------------------------------------------------------------


@rules.predicate
def is_scheme_owner(user, scheme) -> bool:
    """A municipality's own scheme is kept by its coordinators; the shared catalogue by platform
    admins (and the fixture)."""
    if scheme is None:
        return False
    if scheme.municipality_id is None:
        return user_roles(user).is_platform_admin
    return scheme.municipality_id in user_roles(user).coordinator_of


@rules.predicate
def is_grant_editor(user, organization) -> bool:
    """An organisation's admins and contact persons follow schemes and keep applications."""
    return organization is not None and organization.pk in user_roles(user).organizations_with(
        "admin", "contact"
    )


@rules.predicate
def is_application_reader(user, application) -> bool:
    """Everyone in the organisation; the coordinators of its municipalities unless it is private;
    the coordinators of the municipality a draft is shared with."""
    if application is None:
        return False
    roles = user_roles(user)
    if application.organization_id in roles.organizations:
        return True
    if application.shared_with_id and application.shared_with_id in roles.coordinator_of:
        return True
    if application.is_private:
        return False
    return bool(_organization_municipality_ids(application.organization) & roles.coordinator_of)


@rules.predicate
def is_application_editor(user, application) -> bool:
    return application is not None and application.organization_id in user_roles(
        user
    ).organizations_with("admin", "contact")


@rules.predicate
def is_draft_reviewer(user, application) -> bool:
    return (
        application is not None
        and application.shared_with_id is not None
        and application.shared_with_id in user_roles(user).coordinator_of
    )


@rules.predicate
def is_help_slot_coordinator(user, slot) -> bool:
    return slot is not None and slot.municipality_id in user_roles(user).coordinator_of


@rules.predicate
def is_help_slot_booker(user, slot) -> bool:
    """The admins and contact persons of the organisation that booked the slot."""
    return (
        slot is not None
        and slot.organization_id is not None
        and slot.organization_id in user_roles(user).organizations_with("admin", "contact")
    )


@rules.predicate
def keeps_grant_work(user) -> bool:
    """An admin or contact person of some organisation: they follow schemes and apply."""
    return bool(user_roles(user).organizations_with("admin", "contact"))


@rules.predicate
def is_application_member(user, application) -> bool:
    return application is not None and application.organization_id in user_roles(user).organizations


rules.add_perm("grants.create_scheme", is_coordinator_of)
rules.add_perm("grants.change_scheme", is_scheme_owner)
rules.add_perm("grants.follow_scheme", is_grant_editor)
rules.add_perm("grants.add_application", is_grant_editor)
rules.add_perm("grants.view_application", is_application_reader | is_platform_admin)
rules.add_perm("grants.change_application", is_application_editor)
rules.add_perm("grants.comment_draft", is_draft_reviewer)
rules.add_perm("grants.view_overview", is_coordinator_of)
# The grants pages' menu: an organisation's applications, the municipality's overview.
rules.add_perm("grants.view_own_applications", is_organization_person)
rules.add_perm("grants.view_applications_in_municipality", is_coordinator)
rules.add_perm("grants.manage_help_slots", is_coordinator_of)
rules.add_perm("grants.change_help_slot", is_help_slot_coordinator)
# Booking a help time for an organisation: its admins and contact persons (the service checks
# that the organisation is verified in the slot's municipality).
rules.add_perm("grants.book_help_slot", is_grant_editor)
# Who sees which organisation booked, and may cancel it: the slot's coordinators and the booker.
rules.add_perm("grants.cancel_help_booking", is_help_slot_coordinator | is_help_slot_booker)
rules.add_perm("grants.start_application", keeps_grant_work)
# An application's draft text and comments: its organisation, and the reviewers it is shared with.
rules.add_perm(
    "grants.view_draft", is_application_editor | is_draft_reviewer | is_application_member
)


# -- overview ---------------------------------------------------------------------------------
# The start page's role panels, the coordinator's charts and the period report. Counts only:
# no personal data is shown in any of them. A municipality the coordinator does not coordinate
# does not exist for them (the selector gives 404); these rules decide who gets the pages at all.

rules.add_perm("dashboard.view_overview", is_coordinator | is_leader)
rules.add_perm("dashboard.view_municipality_overview", is_coordinator_of | is_leader_of)
rules.add_perm("dashboard.view_caseworker_panel", is_caseworker)
rules.add_perm("dashboard.view_organization_panels", is_organization_person)
rules.add_perm("dashboard.view_own_municipalities", is_coordinator | is_caseworker | is_leader)
rules.add_perm("dashboard.view_referral_counts", is_caseworker | is_contact_person)
rules.add_perm("dashboard.view_referrals_to_answer", is_contact_person)


# -- the operator's tasks (the Django admin) ---------------------------------------------------
# The admin site asks Django's model permissions (`<app>.<action>_<model>`) without an object.
# They are rules like any other, granted to platform admins for the operator's tasks only:
# keeping users, municipalities and their first coordinator, the notification outbox, the
# organisation registry, the shared grant catalogue and the help times. Nothing here lets a
# platform admin approve, consent, accept or see persons: persons, consents, referrals and the
# access log are not in the admin, and the information sheets are the municipality's own.
OPERATOR_ADMIN_PERMISSIONS = (
    # users: unlock, correct, deactivate; their roles: read, remove, give the first coordinator
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.delete_user",
    "accounts.view_municipalitymembership",
    "accounts.add_municipalitymembership",
    "accounts.delete_municipalitymembership",
    # sign-in help: correct or verify an e-mail address, remove a lost authenticator so that its
    # owner sets up two-factor again
    "account.view_emailaddress",
    "account.change_emailaddress",
    "mfa.view_authenticator",
    "mfa.delete_authenticator",
    # break-glass: every sign-in of an operator's local account, to read (accounts/sso)
    "accounts.view_breakglasssignin",
    # municipalities: set up a new tenant
    "accounts.view_municipality",
    "accounts.add_municipality",
    "accounts.change_municipality",
    # the outbox: see what was sent and retry
    "notifications.view_notification",
    "notifications.change_notification",
    "notifications.delete_notification",
    # the organisation registry
    "organizations.view_organization",
    "organizations.add_organization",
    "organizations.change_organization",
    "organizations.delete_organization",
    "organizations.view_activity",
    "organizations.add_activity",
    "organizations.change_activity",
    "organizations.delete_activity",
    "organizations.view_invitation",
    "organizations.delete_invitation",
    "organizations.view_importbatch",
    # the shared grant catalogue, follows, the list of applications (not their texts), help times
    "grants.view_scheme",
    "grants.add_scheme",
    "grants.change_scheme",
    "grants.delete_scheme",
    "grants.view_follow",
    "grants.view_application",
    "grants.view_helpslot",
    "grants.delete_helpslot",
    # announcements: read, to answer a question about one
    "announcements.view_announcement",
)


@rules.predicate
def asked_for_the_admin_site(user, obj) -> bool:
    """The admin site asks model permissions without an object; the app asks with one."""
    return obj is None


# Names the app also asks about one object keep their own rule (above); the admin-site reading of
# them is added to it here.
_OBJECT_RULES_ALSO_ASKED_BY_THE_ADMIN = {
    "accounts.view_municipality",  # its own staff; platform admins already
    "organizations.view_organization",  # public ones, its people, its staff; platform admins
    "organizations.change_organization",  # its editors; platform admins
    "grants.change_scheme",  # its owner; the admin site (below)
    "grants.view_application",  # its readers; platform admins
    "announcements.view_announcement",  # its coordinators and recipients; the admin site (below)
}
for _name in OPERATOR_ADMIN_PERMISSIONS:
    if _name in _OBJECT_RULES_ALSO_ASKED_BY_THE_ADMIN:
        continue
    rules.add_perm(_name, is_platform_admin)
rules.set_perm(
    "grants.change_scheme", is_scheme_owner | (is_platform_admin & asked_for_the_admin_site)
)
rules.set_perm(
    "announcements.view_announcement",
    is_announcement_coordinator
    | is_announcement_recipient
    | (is_platform_admin & asked_for_the_admin_site),
)

# grants: the draft dialogue goes both ways (R62): the organisation answers a coordinator's
# comment, the coordinator answers back.
rules.add_perm("grants.reply_draft_comment", is_application_editor | is_draft_reviewer)


# -- staff single sign-on (accounts/sso) ------------------------------------------------------
# The municipality's provider settings: its coordinators, and platform operators.
rules.add_perm("accounts.manage_sso", is_coordinator_of | is_platform_admin)

# -- staff management (accounts/staff) --------------------------------------------------------
# The municipality's coordinators see its staff, change and remove roles (nobody their own: the
# service checks); platform operators too, so that a municipality without coordinators is not
# stuck with a leaver.
rules.add_perm("accounts.manage_staff", is_coordinator_of | is_platform_admin)
# The municipality's public page (issue #18): its coordinators write its texts and choose the
# contact persons it publishes.
rules.add_perm("dashboard.change_municipalitypage", is_coordinator_of)


# Requests for premises and arenas (R16, R17, issue #18): the people who keep an organisation ask;
# the municipality's coordinators answer; both sides see the request and its answer.
@rules.predicate
def keeps_an_organization(user) -> bool:
    return bool(user_roles(user).organizations_with("admin", "contact"))


@rules.predicate
def is_place_request_coordinator(user, place_request) -> bool:
    return (
        place_request is not None
        and place_request.municipality_id in user_roles(user).coordinator_of
    )


@rules.predicate
def is_place_request_organization_person(user, place_request) -> bool:
    return (
        place_request is not None
        and place_request.organization_id in user_roles(user).organizations
    )


@rules.predicate
def is_place_request_organization_editor(user, place_request) -> bool:
    return place_request is not None and place_request.organization_id in user_roles(
        user
    ).organizations_with("admin", "contact")


rules.add_perm("dashboard.add_placerequest", keeps_an_organization)
rules.add_perm("dashboard.view_placerequests", is_coordinator_of | is_organization_person)
rules.add_perm(
    "dashboard.view_placerequest",
    is_place_request_coordinator | is_place_request_organization_person,
)
rules.add_perm("dashboard.answer_placerequest", is_place_request_coordinator)
rules.add_perm("dashboard.withdraw_placerequest", is_place_request_organization_editor)
# A coordinator proposes another time instead of declining (answer_placerequest); the people who
# keep the organisation accept or decline the proposal.
rules.add_perm("dashboard.answer_slot_proposal", is_place_request_organization_editor)

# The resource library (R74): the municipality's coordinators publish; what is for members only
# is seen by the people of organisations and by the municipality's staff and leaders.
rules.add_perm("dashboard.manage_resources", is_coordinator_of)
# Crisis contacts (R13): the municipality's coordinators see who may be contacted in a crisis.
rules.add_perm("dashboard.view_crisis_contacts", is_coordinator_of)
# Good stories (R72): the people who keep an organisation submit them; the municipality's
# coordinators publish or decline them.
rules.add_perm("dashboard.submit_story", keeps_an_organization)
rules.add_perm("dashboard.review_stories", is_coordinator_of)
rules.add_perm("dashboard.view_stories", is_coordinator_of | keeps_an_organization)
rules.add_perm(
    "dashboard.view_members_resources", is_organization_person | is_staff_of | is_leader_of
)

# The overlap view (R12, issue #18): the municipality's coordinators see activities of the same
# kind, target group and weekday side by side; organisations do not watch each other.
rules.add_perm("organizations.view_overlaps", is_coordinator_of)

# Profiles that may be out of date (issue #18): the municipality's coordinators see the list.
rules.add_perm("organizations.view_stale", is_coordinator_of)

# Offers and needs (R08, issue #18): what organisations offer each other and need, read by the
# people of organisations and the municipality's coordinators.
rules.add_perm("organizations.view_offers_and_needs", is_coordinator_of | is_organization_person)
