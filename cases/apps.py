from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "Inwoners en aanmeldingen"

    def ready(self) -> None:
        from cases import startpagina  # noqa: F401  (registers its part of the start page)
        from cases.models import Inwoner
        from werkcoach.audit import inwonermodel_registreren

        inwonermodel_registreren(Inwoner)  # the processing log reads a resident's gemeente
