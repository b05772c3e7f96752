from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"

    def ready(self):
        from accounts import profile_panels
        from meetings.selectors import profile_panel

        profile_panels.register(profile_panel)
