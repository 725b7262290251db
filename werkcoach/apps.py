from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _rollen_inrichten(sender, **kwargs) -> None:
    from werkcoach.services import rollen_inrichten

    rollen_inrichten()


class WerkcoachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "werkcoach"
    verbose_name = "Organisatie en toegang"

    def ready(self) -> None:
        post_migrate.connect(_rollen_inrichten, sender=self, dispatch_uid="werkcoach_rollen")
        from werkcoach import signalen

        signalen.verbinden()
