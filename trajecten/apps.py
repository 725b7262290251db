from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trajecten"
    verbose_name = "Klantreis en instrumentenwaaier"
