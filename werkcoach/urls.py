from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from werkcoach import views

urlpatterns = [
    path("", views.start, name="start"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("gezondheid/", views.gezondheid, name="gezondheid"),
    path("aanmeldingen/", include("cases.urls")),
    path("trajecten/", include("trajecten.urls")),
    path("rapportage/", include("rapportage.urls")),
    path("beheer/", admin.site.urls),
]

admin.site.site_header = "werkcoach – functioneel beheer"
admin.site.site_title = "werkcoach beheer"
admin.site.index_title = "Beheer"
