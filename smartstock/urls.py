from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from inventory import views as inventory_views

# The admin login goes through allauth so its rate limits apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", inventory_views.dashboard, name="dashboard"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("accounts.urls")),
    path("inventory/", include("inventory.urls")),
    path("forecasts/", include("forecasting.urls")),
    path("orders/", include("policy.urls")),
    path("alerts/", include("alerts.urls")),
    path("channels/", include("channel_sync.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
