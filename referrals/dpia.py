"""The risks the referral journey mitigates, and how: the declarations the DPIA page is built
from (issue #20). One row per risk; the page, its print and the tests read this table, so a new
control is added here, never as hand-written HTML.

A row: the key, where the control is (a URL name, `#anchor` into its page; `MUNICIPALITY` when
the page takes the municipality's slug), the risk, how it is mitigated, and the control's name."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MUNICIPALITY = True  # the control's page is the municipality's own: its address takes the slug


@dataclass(frozen=True)
class Risk:
    key: str
    where: str
    risk: Promise
    mitigation: Promise
    control: Promise
    per_municipality: bool = False

    def link(self, municipality) -> str:
        url_name, _hash, anchor = self.where.partition("#")
        url = reverse(url_name, args=[municipality.slug] if self.per_municipality else [])
        return f"{url}#{anchor}" if anchor else url


# fmt: off
RISKS: tuple[Risk, ...] = (
    Risk("consent_gate", "referrals:sheets",
         _("A person's data is passed on without their informed consent."),
         _("A referral can only be made under a valid consent that covers the organisation, "
           "checked by the application and again by the database. The consent is recorded with "
           "the version of the information sheet the person was given, in their language, and "
           "can be withdrawn at any time."),
         _("Information sheets and consent forms")),
    Risk("field_list", "referrals:record_of_processing#recipients",
         _("An organisation sees more about the person than it needs."),
         _("The organisation sees only the fields the person's consent lists: a summary first, "
           "the contact details only after accepting, until contact is made."),
         _("What a consent can share (record of processing)")),
    Risk("access_log", "referrals:access_log",
         _("Staff look up a person without a reason, and nobody notices."),
         _("Every display of a person's data is written to an access log that cannot be changed; "
           "the coordinator reads it, and a person's access request includes it."),
         _("Access log")),
    Risk("retention", "referrals:retention",
         _("Data is kept longer than it is needed."),
         _("Each kind of data has a retention period within legal bounds; every night the purge "
           "erases or deletes what is past its period and reports the counts."),
         _("Retention periods")),
    Risk("two_factor", "mfa_index",
         _("A stolen or guessed password opens a person's data."),
         _("Everyone who can see a person's data signs in with a second factor and is signed out "
           "after a short idle time."),
         _("Two-factor sign-in")),
    Risk("leavers", "accounts:staff",
         _("Staff who leave keep their access."),
         _("The municipality's coordinator removes staff and sees when each last signed in; "
           "a role lapses after a warning when its holder stops signing in."),
         _("Staff"),
         MUNICIPALITY),
    Risk("secrets", "accounts:sso_config",
         _("A copy of the database reveals the keys to the municipality's sign-in."),
         _("The client secret of the municipality's identity provider is stored encrypted; the "
           "key is kept in the server's settings, not in the database."),
         _("Sign-in settings"),
         MUNICIPALITY),
    Risk("special_categories", "referrals:record_of_processing#never-recorded",
         _("Sensitive data (health, religion, criminal matters and the like) is written down."),
         _("There is no field for special categories of data, and every free-text field warns "
           "against writing about them and names each category."),
         _("Special categories never recorded (record of processing)")),
    Risk("agreements", "referrals:missing_agreements",
         _("Contact data reaches an organisation with no agreement on how to handle it."),
         _("Only organisations with a cooperation agreement in force whose text says how contact "
           "data is passed on can be chosen; the coordinator sees which organisations lack one."),
         _("Organisations without an agreement")),
)
# fmt: on
