from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and municipalities")

    def ready(self) -> None:
        from accounts import page_cache, permissions, signals  # noqa: F401
        from accounts.sso import adapter  # noqa: F401  (role sync after sign-in)

        page_cache.connect_signals()
