"""allauth's two-factor step at sign-in, aware of the municipality's provider.

allauth asks for our TOTP code at every sign-in of a user who has set it up, also after a
sign-in through a provider. When that provider's own sign-in already was two-factor (its
`amr`/`acr` meet the municipality's minimum, `services.is_strong`), asking again only costs the
caseworker time: the step is left out. Below the minimum it is asked as before.
"""

from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage

from accounts.sso import selectors
from accounts.sso.services import is_strong


def provider_sign_in_is_strong(sociallogin) -> bool:
    if sociallogin is None:
        return False
    config = selectors.sso_config_by_provider_id(sociallogin.account.provider)
    if config is None:
        return False
    return is_strong(config, (sociallogin.account.extra_data or {}).get("id_token") or {})


class MunicipalAuthenticateStage(AuthenticateStage):
    def _should_handle(self, request) -> bool:
        if provider_sign_in_is_strong((self.login.signal_kwargs or {}).get("sociallogin")):
            return False
        return super()._should_handle(request)
