"""The application's URLs plus one page that fails, for the tests of the 500 page."""

from django.urls import path

from werkcoach.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


class ExpresFout(Exception):
    pass


def kapot(request):
    raise ExpresFout("een fout om de 500-pagina te testen")


urlpatterns = [*urlpatterns, path("kapot/", kapot, name="kapot")]
