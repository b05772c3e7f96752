from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from organizations import public_cache, receivers  # noqa: F401

        public_cache.connect_signals()
