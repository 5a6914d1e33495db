from django.urls import path

from . import web

app_name = "api_keys"

urlpatterns = [
    path("", web.api_key_list, name="api_key_list"),
    path("<int:pk>/revoke/", web.api_key_revoke, name="api_key_revoke"),
]
