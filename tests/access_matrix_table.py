"""The declared access table of issue #9: what each role gets from every URL of the project.

Vocabulary: `ok` (200), `login` (302 to the login page), `redirect` (302 elsewhere), `forbidden`
(403), `missing` (404: the object does not exist for this role), `not_allowed` (405),
`bad_request` (400).

A row is `expect(default, **per_role)`. Options:
- `post=expect(...)`: the view is POST-only (GET is `not_allowed`); this is what an empty POST
  gives each role. Without it, a role that is refused a GET is also refused a POST (the same
  outcome, or 405), and nothing in the database changes.
- `public=True`: the objects in the path are public, so objects of municipality B give the same
  outcome as those of A (only A's are requested). Otherwise an object of B is `missing` for
  every role that A's object would let in (coordinator_b gets what coordinator_a gets for A's
  object); `b={...}` overrides.
- Keys `name@state` when PARAMS requests one URL for several objects (a referral in each state).
- The SSO roles (`caseworker_a_sso`, `coordinator_a_sso`: staff of A signed in through A's
  provider, access_world.SSO_ROLES) get, on every row, what the staff role they share gets
  (`caseworker_a`, `coordinator_a`), for A's objects and B's. A row where signing in through
  the provider must give something else names the SSO role itself (`caseworker_a_sso="..."`).
  `test_the_matrix_catches_sso_staff_who_get_more_than_their_group_gives` shows these rows
  failing when the sign-in gives more than the group claim.

Adding the URLs of a newly merged app (e.g. grants):
1. Run `test_every_url_pattern_is_in_the_table`: it lists the new URL names.
2. For each name with path parameters, add a builder to `tests/access_world.PARAMS` (and seed the
   objects in `_tenant` of `tests/access_world.py`, for municipality A and B alike).
3. Add a row here per name, and run the matrix: the failure lists what each role got.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.access_world import ROLES, SSO_ROLES

# Routes (after the prefix of their include) left out of the table: third-party URL sets that the
# project configures but does not write. A few representatives of each are rows of the table.
ALLOW_LIST_PREFIXES = (
    "admin/",  # Django admin: one rule for all of it (require_platform_admin)
    "accounts/",  # allauth: sign-in, sign-up, e-mail, password, two-factor
)

DENIED = frozenset({"login", "forbidden", "missing"})
# The platform admin of the seeded world is a Django superuser: that adds nothing. They hold only
# the rules of accounts/permissions.py granted to them (issue #16): they coordinate no
# municipality, so its agreements, meetings, venues, verification and imports are refused.


@dataclass(frozen=True)
class Expect:
    default: str
    roles: dict = field(default_factory=dict)
    post: Expect | None = None
    public: bool = False
    b: dict = field(default_factory=dict)

    def get(self, role: str) -> str:
        if role in self.roles:
            return self.roles[role]
        if role in SSO_ROLES:  # signed in through the provider: what the role gives
            return self.get(SSO_ROLES[role])
        return self.default

    def post_for(self, role: str, want_get: str) -> str | None:
        """What an empty POST must give: the POST row, or (for a refused role) the same refusal."""
        if self.post is not None:
            return self.post.get(role)
        return want_get if want_get in DENIED else None


def expect(default: str, *, post=None, public=False, b=None, **roles) -> Expect:
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return Expect(default=default, roles=roles, post=post, public=public, b=b or {})


def expected_b(entry: Expect, role: str, public: bool = False) -> str:
    """The outcome for an object of municipality B (`public`: of the row, for its POST row)."""
    if role in SSO_ROLES and role not in entry.b and role not in entry.roles:
        return expected_b(entry, SSO_ROLES[role], public)
    if role in entry.b:
        return entry.b[role]
    if role == "coordinator_b":
        return entry.get("coordinator_a")
    want = entry.get(role)
    if entry.public or public or role == "platform_admin" or want in DENIED | {"not_allowed"}:
        return want
    return "missing"


def personal_data_visible(role: str, key: str, person_of: str, requested: str) -> bool:
    """Who may see a person's name, phone and e-mail: the caseworker of the person's
    municipality, and the contact person of the organisation that accepted the referral."""
    role = SSO_ROLES.get(role, role)
    if person_of != "a":
        return False  # nobody among the roles is a caseworker or contact person in B
    if role == "caseworker_a":
        return True
    # The referral page (a decline of an accepted referral redirects to it with a message; contact
    # made or not reached without the confirmation that copies are deleted shows it again, with
    # the error next to the box).
    pages = {
        "referrals:referral@accepted",
        "referrals:contact@accepted",
        "referrals:unreachable@accepted",
    }
    return role == "contact_x" and key in pages and requested == "a"


# Rows that several URLs share.
COORDINATORS = expect(
    "forbidden", anonymous="login", coordinator_a="ok", coordinator_b="ok"
)  # any coordinator, for their own municipality
# The overview and the period report: coordinators and leaders (management, R73), each for their
# own municipality. Counts only: no person's data (the matrix checks every response for it).
OVERVIEW = expect(
    "forbidden", anonymous="login", coordinator_a="ok", coordinator_b="ok", leader_a="ok"
)


def application_editors(allowed: str) -> Expect:
    """A page or action on org X's application for its admins and contact persons: its other
    readers (a member, the coordinators of A, platform admins) are refused, others find nothing."""
    return expect(
        "missing",
        anonymous="login",
        member_x="forbidden",
        contact_x=allowed,
        admin_x=allowed,
        coordinator_a="forbidden",
        platform_admin="forbidden",
        b={"member_x": "missing", "coordinator_a": "missing"},
    )


def grant_work_visible(role: str, what: str, of: str) -> bool:
    """Who may see org X's grant work (access_world.GRANT_WORK) of municipality `of`: its people
    (only in A among the roles); the private application's title also platform admins (they read
    applications), the shared draft also the coordinators it is shared with."""
    role = SSO_ROLES.get(role, role)
    if role in {"member_x", "contact_x", "admin_x"} and of == "a":
        return True
    if what == "private":
        return role == "platform_admin"
    return role == f"coordinator_{of}"


def post_only(default: str, **roles) -> Expect:
    """A POST-only view (a GET is `not_allowed`): what an empty POST gives each role; anonymous
    users are sent to sign in."""
    return expect("not_allowed", post=expect(default, anonymous="login", **roles))


def contact_act(*, b=None, **roles) -> Expect:
    """An act of the referral's contact person (accept, decline, contact made, unreachable): the
    caseworker and coordinator of the referral's municipality are refused (403), those of
    municipality B find nothing (404), everyone else finds nothing either."""
    return post_only(
        "missing",
        caseworker_a="forbidden",
        coordinator_a="forbidden",
        b={"caseworker_a": "missing", "coordinator_a": "missing", **(b or {})},
        **roles,
    )


def nothing_for(*roles: str) -> dict:
    """For an object of municipality B: these roles find nothing (404)."""
    return dict.fromkeys(roles, "missing")


def urls(entry: Expect, *names: str) -> dict:
    """Rows of the table that give every role the same outcome: one row per URL name."""
    return dict.fromkeys(names, entry)


# Outcomes that several URLs share (the row names them; `urls(...)` expands them into the table).
EVERYONE = expect("ok")
SIGNED_IN = expect("ok", anonymous="login")
PUBLIC_OBJECT = expect("ok", public=True)  # anyone, for the objects of A and B alike
OWN_COORDINATOR = expect("missing", anonymous="login", coordinator_a="ok")
OWN_CASEWORKER = expect("missing", anonymous="login", caseworker_a="ok")
# Any coordinator (for their own municipality) and the caseworkers of A.
COORDINATORS_AND_CASEWORKER = expect(
    "forbidden", anonymous="login", caseworker_a="ok", coordinator_a="ok", coordinator_b="ok"
)
# The people who keep organisation X (its admins and contact persons), for X's objects only.
KEEPERS_OF_X = expect("missing", anonymous="login", admin_x="ok", contact_x="ok")
# The people who keep any organisation, in any municipality (A's objects and B's alike).
KEEPERS_ANYWHERE = {"admin_x": "ok", "contact_x": "ok", "contact_y": "ok"}
# An organisation's editors: its admins and contact persons, and platform operators.
ORGANIZATION_EDITORS = expect(
    "forbidden",
    anonymous="login",
    contact_x="ok",
    admin_x="ok",
    platform_admin="ok",
    b={"contact_x": "forbidden", "admin_x": "forbidden"},
)
# An organisation's admins (and platform operators) keep its members.
ORGANIZATION_ADMINS = expect(
    "forbidden", anonymous="login", admin_x="ok", platform_admin="ok", b={"admin_x": "forbidden"}
)
# The registry of organisations: any coordinator and platform operators.
REGISTRY_READERS = expect(
    "forbidden", anonymous="login", coordinator_a="ok", coordinator_b="ok", platform_admin="ok"
)
# Confirming a registry import: the coordinators of the municipality that uploaded it.
REGISTRY_IMPORT_ACTION = expect(
    "not_allowed",
    post=expect(
        "forbidden",
        anonymous="login",
        coordinator_a="redirect",
        coordinator_b="missing",
        platform_admin="forbidden",
    ),
)
# Agreement X–A: whoever is not a party (nor its municipality's coordinator) finds nothing.
NOT_PARTIES = {
    "plain": "missing",
    "contact_y": "missing",
    "caseworker_a": "missing",
    "coordinator_b": "missing",
}
AGREEMENT_READERS = expect("ok", anonymous="login", **NOT_PARTIES)


def agreement_coordinator(outcome: str) -> Expect:
    """A page or act of the agreement's own coordinators: its parties and leaders read the
    agreement but are refused (403), platform admins too; for an agreement of B they find
    nothing."""
    readers = ("member_x", "contact_x", "admin_x", "leader_a")
    return expect(
        "missing",
        anonymous="login",
        coordinator_a=outcome,
        platform_admin="forbidden",
        **dict.fromkeys(readers, "forbidden"),
        b=nothing_for(*readers),
    )


# A POST-only act of the agreement's coordinators (an empty POST: back to the agreement).
AGREEMENT_ACTION = expect("not_allowed", post=agreement_coordinator("redirect"))
# A meeting of A that organisation X is invited to: its invitees read it, others find nothing.
MEETING_READERS = expect(
    "ok", anonymous="login", plain="missing", contact_y="missing", coordinator_b="missing"
)
# Planning meetings and venues: staff and the people of organisations, not readers and leaders.
MEETING_PLANNERS = expect(
    "ok",
    anonymous="login",
    platform_admin="forbidden",
    plain="forbidden",
    member_x="forbidden",
    caseworker_a="forbidden",
    leader_a="forbidden",
)


def meeting_organisers(outcome: str, **b) -> Expect:
    """A page or act of the meeting's organisers: its invitees read the meeting but are refused
    (403); for a meeting of B they find nothing."""
    return expect(
        "forbidden",
        anonymous="login",
        plain="missing",
        contact_y="missing",
        coordinator_a=outcome,
        coordinator_b="missing",
        platform_admin="forbidden",
        b={**nothing_for("member_x", "contact_x", "admin_x", "caseworker_a", "leader_a"), **b},
    )


# Generated from a recorded run (ACCESS_MATRIX_RECORD=folder), then reviewed row by row against
# accounts/permissions.py. Representatives of the allow-listed admin and allauth URLs are rows too.
# Rows of the same outcome are grouped: `**urls(OUTCOME, "name", ...)`.
TABLE = {
    **urls(
        EVERYONE,
        "accessibility",
        "agreements:needs",
        "healthz",
        "home",
        "hsds:organization_list",
        "hsds:root",
        "hsds:service_list",
        "meetings:public_feed",
        "public:list",
        "meetings:public",
        "organizations:activity_directory",
        "organizations:directory",
        "privacy",
        "grants:catalogue",
        "grants:deadlines",
        "grants:before",
        "grants:helper",
        "grants:scheme@shared",
    ),
    **urls(
        SIGNED_IN,
        "account_email",
        "accounts:profile",
        # Deleting one's own account: every signed-in user reads what goes and what stays (staff
        # and an organisation's only admin read what to do first); an empty POST deletes nothing.
        "accounts:delete_account",
        "agreements:list",
        "dashboard",
        "meetings:calendar",
        "meetings:feeds",
        "meetings:venues",
        "mfa_index",
        "organizations:register",
        "announcements:list",
        "grants:applications",
        "grants:help",
        "notifications:list",
        "notifications:settings",
        # One's own mobile number for SMS: a form, the code (nothing waiting: back to the form)
        # and the question before removing it.
        "notifications:mobile",
        "notifications:mobile_remove",
    ),
    **urls(
        PUBLIC_OBJECT,
        "agreements:need",
        "hsds:organization_detail",
        "hsds:service_detail",
        "logo",
        "meetings:feed",
        # The signature is the key: no session needed, the same page for everyone with the link.
        "meetings:answer_link",
        "meetings:poll_link",
        "meetings:municipality_public_feed",
        # The municipality's public page (issue #18): anyone; its coordinators edit it.
        "public:municipality",
        "public:offers_pdf",
        "public:offers_print",
        "public:offers_leaflet_pdf",
        "public:guide",
        "public:privacy",
        "public:theme",
        # The resource library: public list (see public:resource_file for a members-only file).
        "public:resources",
        "organizations:activity",
        # The yearly e-mail's signed link: the signature is the key, the same page for everyone.
        "organizations:confirm_link",
        "organizations:detail",
        "grants:scheme@own",
    ),
    "account_login": expect("redirect", anonymous="ok"),
    "account_logout": expect("ok", anonymous="redirect"),
    "account_signup": expect("redirect", anonymous="ok"),
    "accounts:municipality": expect(
        "missing",
        anonymous="login",
        caseworker_a="ok",
        leader_a="ok",
        coordinator_a="ok",
        platform_admin="ok",
    ),
    # Switching the active municipality: an empty (unknown) choice is a 404 for everyone.
    "accounts:switch_municipality": expect(
        "not_allowed", anonymous="login", post=expect("missing", anonymous="login")
    ),
    # Only the municipality's coordinators give its staff roles (an empty form: 400).
    "accounts:staff_role_add": post_only(
        "missing",
        caseworker_a="forbidden",
        leader_a="forbidden",
        coordinator_a="bad_request",
        platform_admin="forbidden",
        b={"caseworker_a": "missing", "leader_a": "missing"},
    ),
    # Staff sign-in settings and staff management: the municipality's coordinators and platform
    # operators (accounts.manage_sso, accounts.manage_staff); for everyone else it does not exist.
    **urls(
        expect("missing", anonymous="login", coordinator_a="ok", platform_admin="ok"),
        "accounts:sso_config",
        "accounts:staff",
    ),
    # "Try sign-in" goes to A's provider, which the tests cannot reach: back to the settings
    # with a message. B has no provider: nothing to try.
    "accounts:sso_try": expect(
        "not_allowed",
        anonymous="login",
        post=expect(
            "missing",
            anonymous="login",
            coordinator_a="redirect",
            platform_admin="redirect",
            b={"coordinator_b": "missing", "platform_admin": "missing"},
        ),
    ),
    # Changing a role; inviting staff by e-mail (an empty POST: the form's error, back to the
    # staff page).
    **urls(
        expect(
            "not_allowed",
            anonymous="login",
            post=expect(
                "missing", anonymous="login", coordinator_a="redirect", platform_admin="redirect"
            ),
        ),
        "accounts:staff_change_role",
        "accounts:staff_invite",
    ),
    # The link in a staff invitation: whoever holds it, once signed in, reads it.
    **urls(
        expect("ok", anonymous="login", public=True),
        "accounts:staff_invitation",
        "organizations:invitation",
        "organizations:join",
    ),
    "accounts:staff_remove": expect(
        "missing",
        anonymous="login",
        coordinator_a="ok",
        platform_admin="ok",
        post=expect(
            "missing", anonymous="login", coordinator_a="redirect", platform_admin="redirect"
        ),
    ),
    **urls(
        expect("redirect", platform_admin="ok"),
        "admin:notifications_notification_changelist",
        "admin:accounts_user_changelist",
        "admin:index",
    ),
    "admin:accounts_user_change": expect("redirect", platform_admin="ok", public=True),
    "admin:referrals_informationsheet_changelist": expect("redirect", platform_admin="forbidden"),
    "agreements:approve": post_only("redirect", **NOT_PARTIES),
    **urls(
        AGREEMENT_READERS,
        "agreements:attachment",
        "agreements:detail",
        "agreements:print",
        "agreements:version",
        "agreements:version_pdf",
    ),
    # Any coordinator, for their own municipality (platform admins coordinate none).
    **urls(
        COORDINATORS,
        "agreements:create",
        "agreements:need_create",
        "agreements:templates",
        "registry_import:upload",
        # For the active municipality (accounts.tenancy): each coordinator edits their own.
        "meetings:agenda_templates",
        # Time polls: the municipality's coordinators start them (for the active municipality),
        # the invited organisation's admins and contact persons answer, the coordinators fix
        # the time.
        "meetings:poll_create",
        "referrals:missing_agreements",
        "referrals:retention",
        "referrals:retention_pdf",
        "referrals:record_of_processing",
        "referrals:record_of_processing_pdf",
        "referrals:dpia",
        "referrals:dpia_pdf",
        "referrals:privacy_notice",
        "referrals:access_log",
        "referrals:routing",
        "referrals:sheet_approve",
        "referrals:leaflet_approve",
        "referrals:sheet_edit",
        "grants:help_create",
        "grants:overview",
        "grants:scheme_create",
    ),
    "agreements:diff": expect("missing", anonymous="login"),
    # Editing and ending an agreement, and recording what an evaluation found (R27, R36): the
    # agreement's coordinators; the parties and leaders read it on the agreement's page.
    **urls(
        agreement_coordinator("ok"),
        "agreements:edit",
        "agreements:end",
        "agreements:evaluation",
    ),
    **urls(
        expect("missing", anonymous="login", coordinator_a="ok", platform_admin="missing"),
        "agreements:need_close",
        "agreements:need_edit",
    ),
    **urls(
        AGREEMENT_ACTION,
        "agreements:party_add",
        "agreements:public",
        "agreements:revise",
        "agreements:save_as_template",
        "agreements:send",
        # Taking over an organisation's draft: its municipality's coordinators. The world's
        # agreement is the coordinator's own, so the coordinator is sent back with a message.
        "agreements:take_over",
        # The evaluation meeting of an agreement (R36): planned by its municipality's
        # coordinators; the agreement's parties and leaders read the agreement but plan nothing.
        "meetings:evaluation_create",
    ),
    # Discarding a draft asks first (GET); the world's agreement was sent, so its coordinator is
    # sent back to it with a message.
    "agreements:discard": agreement_coordinator("redirect"),
    # An organisation's admin starts a draft with a municipality where it is verified (R22).
    "agreements:organization_draft": expect("forbidden", anonymous="login", admin_x="ok"),
    "agreements:template_delete": expect(
        "not_allowed",
        post=expect(
            "forbidden", anonymous="login", coordinator_a="redirect", coordinator_b="missing"
        ),
    ),
    "meetings:answer": expect("not_allowed", post=MEETING_READERS),
    **urls(MEETING_READERS, "meetings:detail", "meetings:ics"),
    **urls(
        meeting_organisers("not_allowed", coordinator_a="missing"),
        "meetings:attendance",
        "meetings:minutes",
    ),
    # The logistics checklist (R39) and the rest of a meeting's planning: its organisers only.
    **urls(meeting_organisers("ok"), "meetings:cancel", "meetings:logistics", "meetings:edit"),
    # The quarterly follow-up (R40, W13): each caseworker answers for their own municipality; its
    # coordinators and leaders read the answers together (no names, no persons).
    "referrals:staff_feedback": expect(
        "forbidden", anonymous="login", caseworker_a="ok", caseworker_a_sso="ok"
    ),
    # The overview and the period report (OVERVIEW: counts only, no person's data).
    **urls(
        OVERVIEW,
        "referrals:staff_feedback_summary",
        "dashboard:overview",
        "dashboard:report",
        "dashboard:report_csv",
        "dashboard:report_xlsx",
        "dashboard:report_pdf",
    ),
    # Publishing a draft (its invitations go out): the meeting's organisers. The world's meeting
    # is already published, so the organiser is sent back to it with a message.
    "meetings:publish": expect("not_allowed", post=meeting_organisers("redirect")),
    **urls(MEETING_PLANNERS, "meetings:create", "meetings:plan", "meetings:venue_create"),
    **urls(
        OWN_COORDINATOR,
        # The coordinating group (R30): the municipality's coordinators name its members.
        "meetings:group",
        "meetings:group_member_remove",
        "public:edit",
        "public:branding",
        "public:contact_remove",
        "public:premises_remove",
        "public:arena_remove",
        # Another time instead of a decline: the coordinators propose it, the people who keep
        # the organisation accept it (after being asked) or decline it with their reason.
        "public:request_propose",
        # The resource library: the coordinators keep it.
        "public:resource_create",
        "public:resource_edit",
        "public:resource_remove",
        "public:crisis_contacts",
        # The coordinator's views of the municipality's sector (issue #18).
        "organizations:overlaps",
        "organizations:stale",
        "grants:scheme_edit@draft",
        "grants:scheme_edit@own",
    ),
    # The coordinators record that a member agreed to be named (an empty POST: withdrew).
    "meetings:group_member_name": post_only("missing", coordinator_a="redirect"),
    # A member shows or hides their own name: in the seeded world each municipality's
    # coordinator is in its group (the SSO coordinator, another person, is not).
    "meetings:group_own_name": post_only(
        "missing", coordinator_a="redirect", coordinator_a_sso="missing"
    ),
    "meetings:poll": expect(
        "missing", anonymous="login", contact_x="ok", admin_x="ok", coordinator_a="ok"
    ),
    "meetings:poll_decide": post_only(
        "missing",
        contact_x="forbidden",
        admin_x="forbidden",
        coordinator_a="ok",
        b={"contact_x": "missing", "admin_x": "missing"},
    ),
    # Requests for premises and arenas: the people who keep an organisation ask (in any
    # municipality: the form says when none of theirs is verified there); the coordinators answer.
    # Good stories (R72): the people who keep an organisation tell them and see their own; the
    # municipality's coordinators publish or decline every story told there.
    **urls(
        expect("missing", anonymous="login", **KEEPERS_ANYWHERE, b=KEEPERS_ANYWHERE),
        "public:premises_request",
        "public:arena_request",
        "public:story_create",
    ),
    "public:stories": expect(
        "missing", anonymous="login", coordinator_a="ok", **KEEPERS_ANYWHERE, b=KEEPERS_ANYWHERE
    ),
    # Offers and needs (R08): the people of organisations and the municipality's coordinators.
    **urls(
        expect(
            "missing",
            anonymous="login",
            coordinator_a="ok",
            member_x="ok",
            **KEEPERS_ANYWHERE,
            b={"member_x": "ok", **KEEPERS_ANYWHERE},
        ),
        "public:requests",
        "organizations:offers_and_needs",
    ),
    "public:request": expect(
        "missing",
        anonymous="login",
        coordinator_a="ok",
        member_x="ok",
        admin_x="ok",
        contact_x="ok",
    ),
    **urls(
        KEEPERS_OF_X,
        "public:request_withdraw",
        "public:request_proposal_accept",
        "public:request_proposal_decline",
    ),
    "public:story": expect(
        "missing", anonymous="login", coordinator_a="ok", admin_x="ok", contact_x="ok"
    ),
    # A members-only file of the resource library: the people of any organisation and the
    # municipality's own staff and leaders.
    "public:resource_file": expect(
        "missing",
        member_x="ok",
        contact_x="ok",
        contact_y="ok",
        admin_x="ok",
        caseworker_a="ok",
        leader_a="ok",
        coordinator_a="ok",
        b={"member_x": "ok", "contact_x": "ok", "contact_y": "ok", "admin_x": "ok"},
    ),
    "meetings:feed_digest": expect("not_allowed", post=expect("redirect", anonymous="login")),
    "meetings:feed_regenerate": expect("not_allowed", post=expect("ok", anonymous="login")),
    "meetings:municipality_calendar": expect(
        "missing",
        anonymous="login",
        caseworker_a="ok",
        leader_a="ok",
        coordinator_a="ok",
        platform_admin="ok",
    ),
    "meetings:organization_calendar": expect(
        "missing", anonymous="login", member_x="ok", contact_x="ok", admin_x="ok"
    ),
    "meetings:register": expect("not_allowed", post=expect("ok", anonymous="login"), public=True),
    "meetings:venue": expect(
        "ok", anonymous="login", plain="missing", leader_a="missing", coordinator_b="missing"
    ),
    "meetings:venue_edit": expect(
        "forbidden",
        anonymous="login",
        plain="missing",
        leader_a="missing",
        coordinator_a="ok",
        coordinator_b="missing",
        platform_admin="forbidden",
        b=nothing_for("member_x", "contact_x", "contact_y", "admin_x", "caseworker_a"),
    ),
    # Everyone else has set up TOTP (or needs none): back to the two-factor page. Staff signed in
    # through the provider have not (its amr is their two-factor) and may add ours.
    "mfa_activate_totp": expect(
        "redirect", anonymous="login", caseworker_a_sso="ok", coordinator_a_sso="ok"
    ),
    # "The profile is still correct": the organisation's editors.
    "organizations:confirm": expect(
        "not_allowed",
        post=expect(
            "forbidden",
            anonymous="login",
            contact_x="redirect",
            admin_x="redirect",
            platform_admin="redirect",  # the operator keeps the registry
            b={"contact_x": "forbidden", "admin_x": "forbidden"},
        ),
    ),
    **urls(
        ORGANIZATION_EDITORS,
        "organizations:activity_create",
        "organizations:activity_delete",
        "organizations:activity_edit",
        "organizations:edit",
    ),
    # "Not our branch": the umbrella's admins, or a coordinator where the umbrella is active.
    "organizations:branch_detach": expect(
        "missing", anonymous="login", admin_x="ok", coordinator_a="ok"
    ),
    "organizations:answer_join_request": expect(
        "not_allowed", post=expect("missing", anonymous="login", admin_x="redirect")
    ),
    "organizations:history": expect(
        "forbidden",
        anonymous="login",
        admin_x="ok",
        coordinator_a="ok",
        platform_admin="ok",
        b={"admin_x": "forbidden", "coordinator_a": "forbidden"},
    ),
    # Closing an organisation (asks first): its admins, or a coordinator where it is active.
    "organizations:close": expect(
        "forbidden",
        anonymous="login",
        admin_x="ok",
        coordinator_a="ok",
        b={"admin_x": "forbidden", "coordinator_a": "forbidden"},
    ),
    "organizations:leave": post_only(
        "missing",
        member_x="redirect",
        contact_x="redirect",
        admin_x="redirect",
    ),
    **urls(ORGANIZATION_ADMINS, "organizations:member_roles", "organizations:members"),
    **urls(REGISTRY_READERS, "organizations:registry", "organizations:registry_export"),
    "organizations:reject": expect(
        "forbidden",
        anonymous="login",
        coordinator_a="ok",
        platform_admin="forbidden",
        b={"coordinator_a": "forbidden"},
    ),
    "organizations:verify": expect(
        "not_allowed",
        post=expect(
            "forbidden",
            anonymous="login",
            coordinator_a="redirect",
            platform_admin="forbidden",
            b={"coordinator_a": "forbidden"},
        ),
    ),
    "referrals:accept@accepted": contact_act(
        contact_x="redirect",  # to the referral, saying it was already accepted
        b={"contact_x": "missing"},
    ),
    "referrals:accept@routing": contact_act(),
    "referrals:accept@submitted": contact_act(
        contact_y="redirect",
    ),
    "referrals:close@accepted": post_only(
        "missing",
        contact_x="forbidden",
        caseworker_a="redirect",
        coordinator_a="forbidden",
        b={"contact_x": "missing", "coordinator_a": "missing"},
    ),
    "referrals:close@routing": post_only(
        "missing",
        caseworker_a="redirect",
        coordinator_a="forbidden",
        b={"coordinator_a": "missing"},
    ),
    "referrals:close@submitted": post_only(
        "missing",
        contact_y="forbidden",
        caseworker_a="redirect",
        coordinator_a="forbidden",
        b={"contact_y": "missing", "coordinator_a": "missing"},
    ),
    **urls(
        OWN_CASEWORKER,
        "referrals:consent",
        "referrals:consent_new",
        "referrals:consent_print",
        "referrals:consent_pdf",
        "referrals:consent_renew",
        "referrals:consent_withdraw",
        "referrals:person",
        "referrals:person_edit",
        "referrals:person_erase",
        "referrals:person_export",
        "referrals:person_export_json",
        "referrals:person_export_pdf",
        "referrals:referral_new",
        "referrals:offer_new",
    ),
    # Contact made or not reached: not without the confirmation that copies are deleted.
    **urls(
        expect(
            "not_allowed",
            post=expect(
                "missing",
                anonymous="login",
                contact_x="bad_request",
                caseworker_a="forbidden",
                coordinator_a="forbidden",
                b={"caseworker_a": "missing", "coordinator_a": "missing"},
            ),
        ),
        "referrals:contact@accepted",
        "referrals:unreachable@accepted",
    ),
    **urls(
        contact_act(),
        "referrals:contact@routing",
        "referrals:decline@routing",
        "referrals:unreachable@routing",
    ),
    # To the referral, saying to accept it first.
    **urls(
        contact_act(contact_y="redirect", b={"contact_y": "missing"}),
        "referrals:contact@submitted",
        "referrals:unreachable@submitted",
    ),
    "referrals:decline@accepted": contact_act(
        contact_x="redirect",  # to the referral, saying it was already accepted
    ),
    "referrals:decline@submitted": contact_act(
        contact_y="bad_request",
    ),
    "referrals:list": expect(
        "ok",
        anonymous="login",
        plain="forbidden",
        member_x="forbidden",
        admin_x="forbidden",
        leader_a="forbidden",
        platform_admin="forbidden",
    ),
    **urls(
        expect("forbidden", anonymous="login", caseworker_a="ok"),
        "referrals:person_new",
        "referrals:persons",
    ),
    "referrals:referral@accepted": expect(
        "missing", anonymous="login", contact_x="ok", caseworker_a="ok", coordinator_a="ok"
    ),
    "referrals:referral@routing": expect(
        "missing", anonymous="login", caseworker_a="ok", coordinator_a="ok"
    ),
    "referrals:referral@submitted": expect(
        "missing", anonymous="login", contact_y="ok", caseworker_a="ok", coordinator_a="ok"
    ),
    "referrals:route@accepted": expect("missing", anonymous="login", coordinator_a="redirect"),
    "referrals:route@routing": expect("missing", anonymous="login", coordinator_a="ok"),
    "referrals:route@submitted": expect("missing", anonymous="login", coordinator_a="redirect"),
    **urls(
        COORDINATORS_AND_CASEWORKER,
        "referrals:sheet_print",
        "referrals:sheet_pdf",
        "referrals:sheets",
    ),
    **urls(REGISTRY_IMPORT_ACTION, "registry_import:cancel", "registry_import:confirm"),
    "registry_import:preview": expect(
        "forbidden",
        anonymous="login",
        coordinator_a="ok",
        coordinator_b="missing",
        platform_admin="forbidden",
    ),
    "registry_import:progress": expect(
        "forbidden",
        anonymous="login",
        coordinator_a="redirect",
        coordinator_b="missing",
        platform_admin="forbidden",
    ),
    "set_language": expect("not_allowed", post=expect("redirect")),
    # -- announcements, the overview, grants and notifications (merged after the first table) --
    # For the active municipality (accounts.tenancy): each coordinator writes for their own.
    "announcements:create": expect(
        "missing",
        anonymous="login",
        caseworker_a="forbidden",
        leader_a="forbidden",
        coordinator_a="ok",
        coordinator_b="ok",
    ),
    "announcements:detail": expect(
        "missing", anonymous="login", contact_x="ok", coordinator_a="ok"
    ),
    "grants:application@private": expect(
        "missing",
        anonymous="login",
        member_x="ok",
        contact_x="ok",
        admin_x="ok",
        platform_admin="ok",
    ),
    "grants:application@shared": expect(
        "missing",
        anonymous="login",
        member_x="ok",
        contact_x="ok",
        admin_x="ok",
        coordinator_a="ok",
        platform_admin="ok",
    ),
    "grants:application_create": expect(
        "forbidden", anonymous="login", contact_x="ok", contact_y="ok", admin_x="ok"
    ),
    "grants:attachment": expect(
        "missing",
        anonymous="login",
        member_x="ok",
        contact_x="ok",
        admin_x="ok",
        coordinator_a="ok",
    ),
    **urls(
        expect("not_allowed", post=application_editors("bad_request")),
        "grants:attachment_add",
        "grants:status",
    ),
    **urls(
        application_editors("ok"),
        "grants:attachment_delete",
        "grants:delete",
        "grants:draft",
        "grants:edit",
    ),
    **urls(
        expect("not_allowed", post=application_editors("redirect")),
        "grants:resolve",
        "grants:share",
        "grants:tick",
    ),
    "grants:book": post_only(
        "missing",
        member_x="redirect",
        contact_x="redirect",
        contact_y="redirect",
        admin_x="redirect",
        coordinator_a="redirect",
    ),
    "grants:cancel_booking": expect(
        "missing",
        anonymous="login",
        member_x="forbidden",
        contact_x="ok",
        contact_y="forbidden",
        admin_x="ok",
        coordinator_a="ok",
        b={"member_x": "missing", "contact_y": "missing"},
    ),
    "grants:comment": post_only(
        "missing",
        member_x="forbidden",
        contact_x="forbidden",
        admin_x="forbidden",
        coordinator_a="bad_request",
        platform_admin="forbidden",
        b={"member_x": "missing", "contact_x": "missing", "admin_x": "missing"},
    ),
    "grants:delete_slot": expect(
        "missing",
        anonymous="login",
        member_x="forbidden",
        contact_x="forbidden",
        contact_y="forbidden",
        admin_x="forbidden",
        coordinator_a="ok",
        b=nothing_for("member_x", "contact_x", "contact_y", "admin_x"),
    ),
    "grants:follow": expect("not_allowed", post=expect("missing", anonymous="login")),
    # Answering a comment on the draft: the application's editors and the coordinators who
    # review it (an empty answer: 400 next to the field).
    "grants:reply": expect(
        "not_allowed",
        post=expect(
            "missing",
            anonymous="login",
            member_x="forbidden",
            contact_x="bad_request",
            admin_x="bad_request",
            coordinator_a="bad_request",
            platform_admin="forbidden",
            b={"member_x": "missing", "coordinator_a": "missing", "coordinator_b": "bad_request"},
        ),
    ),
    "grants:scheme@draft": expect("missing", coordinator_a="ok", platform_admin="ok"),
    "grants:scheme_edit@shared": expect("missing", anonymous="login", platform_admin="ok"),
    "notifications:open@contact": expect("missing", anonymous="login", contact_x="redirect"),
    # A notification is its recipient's own: coordinator_a's, not another coordinator's of A.
    "notifications:open@coordinator": expect(
        "missing", anonymous="login", coordinator_a="redirect", coordinator_a_sso="missing"
    ),
    "notifications:read@contact": expect(
        "not_allowed", post=expect("missing", anonymous="login", contact_x="redirect")
    ),
    "notifications:read@coordinator": expect(
        "not_allowed",
        post=expect(
            "missing", anonymous="login", coordinator_a="redirect", coordinator_a_sso="missing"
        ),
    ),
    "notifications:read_all": expect("not_allowed", post=expect("redirect", anonymous="login")),
    "notifications:mobile_confirm": expect("redirect", anonymous="login"),
}
