from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "announcements"
    verbose_name = _("announcements")

    def ready(self) -> None:
        from announcements import receivers  # noqa: F401  (connects the retention receiver)
