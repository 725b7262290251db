from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trajecten"
    verbose_name = "Klantreis en instrumentenwaaier"

    def ready(self) -> None:
        from trajecten import startpagina  # noqa: F401  (registers its part of the start page)
