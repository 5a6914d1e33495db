from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("invite/", views.member_invite, name="member_invite"),
    path("create/", views.member_create, name="member_create"),
    path("<int:pk>/role/", views.member_role, name="member_role"),
    path(
        "<int:pk>/deactivate/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path(
        "<int:pk>/reactivate/",
        views.member_reactivate,
        name="member_reactivate",
    ),
    path(
        "invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "invitations/<str:token>/",
        views.accept_invitation,
        name="invitation_accept",
    ),
    path("switch/", views.organization_switch, name="organization_switch"),
    path("settings/", views.organization_settings, name="organization_settings"),
    path("security/", views.sign_in_security, name="sign_in_security"),
]
