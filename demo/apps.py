from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Management commands only: no models, no pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
