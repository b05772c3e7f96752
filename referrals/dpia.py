"""The risks the referral journey mitigates, and how: the declarations the DPIA page is built
from (issue #20). One entry per risk; the page, its print and the tests read this list, so a new
control is added here, never as hand-written HTML.

`url` names the page of the control; `per_municipality` says it takes the municipality's slug;
`anchor` points into that page."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Risk:
    key: str
    risk: Promise
    mitigation: Promise
    control: Promise
    url: str
    per_municipality: bool = False
    anchor: str = ""

    def link(self, municipality) -> str:
        url = reverse(self.url, args=[municipality.slug] if self.per_municipality else [])
        return f"{url}#{self.anchor}" if self.anchor else url


RISKS: tuple[Risk, ...] = (
    Risk(
        key="consent_gate",
        risk=_("A person's data is passed on without their informed consent."),
        mitigation=_(
            "A referral can only be made under a valid consent that covers the organisation, "
            "checked by the application and again by the database. The consent is recorded with "
            "the version of the information sheet the person was given, in their language, and "
            "can be withdrawn at any time."
        ),
        control=_("Information sheets and consent forms"),
        url="referrals:sheets",
    ),
    Risk(
        key="field_list",
        risk=_("An organisation sees more about the person than it needs."),
        mitigation=_(
            "The organisation sees only the fields the person's consent lists: a summary first, "
            "the contact details only after accepting, until contact is made."
        ),
        control=_("What a consent can share (record of processing)"),
        url="referrals:record_of_processing",
        anchor="recipients",
    ),
    Risk(
        key="access_log",
        risk=_("Staff look up a person without a reason, and nobody notices."),
        mitigation=_(
            "Every display of a person's data is written to an access log that cannot be changed; "
            "the coordinator reads it, and a person's access request includes it."
        ),
        control=_("Access log"),
        url="referrals:access_log",
    ),
    Risk(
        key="retention",
        risk=_("Data is kept longer than it is needed."),
        mitigation=_(
            "Each kind of data has a retention period within legal bounds; every night the purge "
            "erases or deletes what is past its period and reports the counts."
        ),
        control=_("Retention periods"),
        url="referrals:retention",
    ),
    Risk(
        key="two_factor",
        risk=_("A stolen or guessed password opens a person's data."),
        mitigation=_(
            "Everyone who can see a person's data signs in with a second factor and is signed out "
            "after a short idle time."
        ),
        control=_("Two-factor sign-in"),
        url="mfa_index",
    ),
    Risk(
        key="leavers",
        risk=_("Staff who leave keep their access."),
        mitigation=_(
            "The municipality's coordinator removes staff and sees when each last signed in; "
            "a role lapses after a warning when its holder stops signing in."
        ),
        control=_("Staff"),
        url="accounts:staff",
        per_municipality=True,
    ),
    Risk(
        key="secrets",
        risk=_("A copy of the database reveals the keys to the municipality's sign-in."),
        mitigation=_(
            "The client secret of the municipality's identity provider is stored encrypted; the "
            "key is kept in the server's settings, not in the database."
        ),
        control=_("Sign-in settings"),
        url="accounts:sso_config",
        per_municipality=True,
    ),
    Risk(
        key="special_categories",
        risk=_("Sensitive data (health, religion, criminal matters and the like) is written down."),
        mitigation=_(
            "There is no field for special categories of data, and every free-text field warns "
            "against writing about them and names each category."
        ),
        control=_("Special categories never recorded (record of processing)"),
        url="referrals:record_of_processing",
        anchor="never-recorded",
    ),
    Risk(
        key="agreements",
        risk=_("Contact data reaches an organisation with no agreement on how to handle it."),
        mitigation=_(
            "Only organisations with a cooperation agreement in force whose text says how contact "
            "data is passed on can be chosen; the coordinator sees which organisations lack one."
        ),
        control=_("Organisations without an agreement"),
        url="referrals:missing_agreements",
    ),
)
