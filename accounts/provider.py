"""allauth finds the providers of each installed app in `<app>.provider`: the municipalities'
OpenID Connect provider lives in accounts/sso/provider.py (its URLs in accounts/sso/urls.py)."""

from accounts.sso.provider import provider_classes  # noqa: F401
