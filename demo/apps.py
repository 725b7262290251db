from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run`: a believable pilot history, built through the services."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demogegevens"
