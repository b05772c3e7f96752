import pytest

from accounts.services import user_set_language
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_setting_a_known_language_saves_it():
    user = UserFactory(preferred_language="nb")

    user_set_language(user=user, language="en")

    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.parametrize("language", ["xx", "", "de", "EN"])
def test_setting_an_unknown_language_is_ignored(language):
    user = UserFactory(preferred_language="en")

    user_set_language(user=user, language=language)

    user.refresh_from_db()
    assert user.preferred_language == "en"
