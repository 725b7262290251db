from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.urls import urls as api_urls
from privacy import views as privacy_views
from werkcoach import sessie, tweefactor, views

tweefactor_urls = [
    path("instellen/", tweefactor.instellen, name="instellen"),
    path("inschrijven/<str:token>/", tweefactor.inschrijven, name="inschrijven"),
    path("code/", tweefactor.controleren, name="controleren"),
    path("reservecodes/", tweefactor.reservecodes, name="reservecodes"),
]
sessie_urls = [
    path("verlengen/", sessie.verlengen, name="verlengen"),
    path("overal-uitloggen/", sessie.overal_uitloggen, name="overal_uitloggen"),
]
audit_urls = [
    path("", privacy_views.audit_zoeken, name="zoeken"),
]
avg_urls = [
    path("inwoners/<int:pk>/inzage.pdf", privacy_views.inzage_pdf, name="inzage_pdf"),
    path("inwoners/<int:pk>/inzage.json", privacy_views.inzage_json, name="inzage_json"),
    path("bewaartermijnen/", privacy_views.bewaartermijnen, name="bewaartermijnen"),
]

urlpatterns = [
    path("", views.start, name="start"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("tweestapsverificatie/", include((tweefactor_urls, "tweefactor"))),
    path("sessie/", include((sessie_urls, "sessie"))),
    path("auditlog/", include((audit_urls, "audit"))),
    path("avg/", include((avg_urls, "avg"))),
    path("gezondheid/", views.gezondheid, name="gezondheid"),
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    path("privacy/", privacy_views.privacyverklaring, name="privacyverklaring"),
    path("aanmeldingen/", include("cases.urls")),
    path("aanmeldingen/", include("trajecten.aanmeldingen.urls")),
    path("trajecten/", include("trajecten.urls")),
    path("rapportage/", include("rapportage.urls")),
    path("uitwisseling/", include("uitwisseling.urls")),
    path("api/v1/", api_urls),
    path("beheer/", admin.site.urls),
]

# Dutch error pages in the application's layout; the 500 page needs no database or session.
handler403 = "werkcoach.fouten.geen_toegang"
handler404 = "werkcoach.fouten.niet_gevonden"
handler500 = "werkcoach.fouten.serverfout"

admin.site.site_header = "werkcoach – functioneel beheer"
admin.site.site_title = "werkcoach beheer"
admin.site.index_title = "Beheer"
