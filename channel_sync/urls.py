from django.urls import path

from . import views

app_name = "channel_sync"

urlpatterns = [
    path("", views.account_list, name="account_list"),
    path("<int:pk>/test/", views.account_test, name="account_test"),
    path("<int:pk>/credentials/", views.account_credentials,
         name="account_credentials"),
    path("<int:pk>/sync/", views.account_sync, name="account_sync"),
    path("<int:pk>/pause/", views.account_pause, name="account_pause"),
    path("<int:pk>/resume/", views.account_resume, name="account_resume"),
    path("<int:pk>/disconnect/", views.account_disconnect, name="account_disconnect"),
    path("<int:pk>/runs/", views.run_list, name="run_list"),
    path("<int:pk>/push/", views.push_settings, name="push_settings"),
    path("<int:pk>/cafe24/authorize/", views.cafe24_authorize, name="cafe24_authorize"),
    path("cafe24/callback/", views.cafe24_callback, name="cafe24_callback"),
    path("codes/map/", views.code_map, name="code_map"),
    path("pick-list/", views.pick_list, name="pick_list"),
    path("movements/<int:pk>/", views.movement_line, name="movement_line"),
]
