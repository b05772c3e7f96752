from tests.sso.fixtures import sso_provider, sso_world  # noqa: F401  (the fixtures of tests/sso)
