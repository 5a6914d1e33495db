from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="alert_list"),
    path("<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("<int:pk>/snooze/", views.alert_snooze, name="alert_snooze"),
    path("<int:pk>/resolve/", views.alert_resolve, name="alert_resolve"),
]
