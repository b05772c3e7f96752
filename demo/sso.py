"""Demo data for staff single sign-on: Drammen's settings page filled in as a municipality that
uses Microsoft Entra ID would fill it in, switched off.

There is no identity provider in the demo, so the example stays disabled: the sign-in page does
not offer it and no address goes to it, but a coordinator or platform operator sees on
the municipality's sign-in settings page what the fields hold in practice (docs/sso.md). A
configuration someone entered is never overwritten. Safe to run again.
"""

from accounts.models import Municipality, User
from accounts.sso.selectors import sso_config_of
from accounts.sso.services import sso_config_save

# Entra ID's documentation uses this form of tenant and object ids; none of them is real.
EXAMPLE_TENANT = "00000000-0000-0000-0000-0000000d3a11"
EXAMPLE = {
    "issuer": f"https://login.microsoftonline.com/{EXAMPLE_TENANT}/v2.0",
    "client_id": "00000000-0000-0000-0000-00000000b0b0",
    "client_secret": "example-not-a-real-secret",  # demo only; stored encrypted
    "domains": ["drammen.kommune.no"],
    "uid_claims": "tid oid",
    "group_claim": "groups",
    "group_roles": {
        "11111111-1111-1111-1111-111111111111": "coordinator",
        "22222222-2222-2222-2222-222222222222": "caseworker",
        "33333333-3333-3333-3333-333333333333": "leader",
    },
    "strong_amr": ["mfa"],
    "enabled": False,
}


def seed(municipality: Municipality, operator: User) -> None:
    """Drammen's example settings (disabled), saved by the demo's platform operator."""
    if sso_config_of(municipality) is None:
        sso_config_save(municipality=municipality, by=operator, **EXAMPLE)
