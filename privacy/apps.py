from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The AVG rights and the processing log's search: art. 15 inzage, retention terms."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = "Privacy (AVG)"
