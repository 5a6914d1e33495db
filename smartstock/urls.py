from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from dashboard import urls as dashboard_urls
from dashboard import views as dashboard_views
from forecasting import urls as forecasting_urls
from inventory import urls as inventory_urls

# The admin login goes through allauth so its rate limits apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # Browsers ask for /favicon.ico where a page names no icon (downloads, API).
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("", dashboard_views.dashboard, name="dashboard"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("accounts.urls")),
    # The dashboard app's reports keep their historical paths and names (dashboard/urls.py).
    path("inventory/", include((inventory_urls.urlpatterns
                                + dashboard_urls.inventory_urlpatterns, "inventory"))),
    path("forecasts/", include((forecasting_urls.urlpatterns
                                + dashboard_urls.forecasting_urlpatterns, "forecasting"))),
    path("orders/", include("policy.urls")),
    path("alerts/", include("alerts.urls")),
    path("api/v1/", include("api.urls")),
    path("api-keys/", include("api.web_urls")),
    path("copilot/", include("copilot.urls")),
    path("channels/", include("channel_sync.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
