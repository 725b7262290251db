from django.apps import AppConfig


class UitwisselingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "uitwisseling"
    verbose_name = "Gegevens in en uit"
