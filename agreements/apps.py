from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agreements"

    def ready(self):
        from agreements.selectors import organization_profile_panel
        from organizations import profile_panels

        profile_panels.register(organization_profile_panel)
