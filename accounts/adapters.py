from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from accounts.languages import language_for_user
from accounts.site import absolute_url, current_site


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self) -> list[str]:
        """allauth's steps, with its two-factor step replaced by one that does not ask for our
        TOTP after a provider's own two-factor sign-in (accounts.sso.stages)."""
        return [
            "accounts.sso.stages.MunicipalAuthenticateStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]

    def save_user(self, request, user, form, commit=True):
        """A new user keeps the language they signed up in."""
        user.preferred_language = translation.get_language() or user.preferred_language
        return super().save_user(request, user, form, commit=commit)

    def add_message(self, request, level, message_template=None, message_context=None, **kwargs):
        """A message about a person ("Signed in as …") in that person's language: it is made
        while the sign-in page, still in the site's language, is answered."""
        user = (message_context or {}).get("user")
        language = language_for_user(request, user) if getattr(user, "pk", None) else None
        if language is None:
            return super().add_message(request, level, message_template, message_context, **kwargs)
        with translation.override(language):
            return super().add_message(request, level, message_template, message_context, **kwargs)

    # allauth's e-mails (confirm your address, reset your password, …) link to SITE_URL and
    # greet from the site's name, as every other e-mail does; by default they would take the
    # host of the request and the scheme of a setting ("https://127.0.0.1:8000" under
    # `make run`) and greet from the host ("Hello from 127.0.0.1:8000!").

    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return absolute_url(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix, email, context):
        context = {
            **context,
            "current_site": current_site(),
            # The other links allauth puts in its mails (signup_url, password_reset_url, …).
            **{
                key: absolute_url(value)
                for key, value in context.items()
                if key.endswith("_url") and isinstance(value, str) and value
            },
        }
        super().send_mail(template_prefix, email, context)
