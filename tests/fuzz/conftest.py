# The referrals tests' fixtures (a person, a consent, the receiving organisation and its contact).
from tests.referrals.conftest import (  # noqa: F401
    consent,
    guide_contact,
    guide_organization,
    person,
)
