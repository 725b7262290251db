from django.apps import AppConfig


class RapportageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rapportage"
    verbose_name = "Rapportage"

    def ready(self) -> None:
        from rapportage import maandcijfers

        maandcijfers.aansluiten()
