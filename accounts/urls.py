from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("settings/", views.organization_settings, name="organization_settings"),
]
