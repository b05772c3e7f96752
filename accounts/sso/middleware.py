"""The pages whose forms go on to a municipality's sign-in service may send the browser there.

The site's Content-Security-Policy allows forms to post only to the site itself
(`form-action 'self'`), and browsers apply it to the redirects that follow a form too: the
"Sign in with <municipality>" and "Try sign-in" forms answer with a redirect to the provider.
Only on these pages, the providers' origins are added to `form-action`.
"""

from urllib.parse import urlsplit

from accounts.sso.selectors import sso_configs_for_sign_in

PAGES = frozenset({"account_login", "accounts:sso_config", "municipal_oidc_login"})


class ProviderFormActionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.view_name in PAGES:
            origins = sorted(
                {
                    f"{parts.scheme}://{parts.netloc}"
                    for parts in (
                        urlsplit(config.issuer)
                        for config in sso_configs_for_sign_in(include_disabled=True)
                    )
                    if parts.scheme in ("https", "http") and parts.netloc
                }
            )
            if origins:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), *origins]
                response._csp_update = update
        return response
