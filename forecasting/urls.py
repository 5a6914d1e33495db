from django.urls import path

from . import views

app_name = "forecasting"

urlpatterns = [
    path("", views.forecast_list, name="forecast_list"),
    path("products/<int:pk>/", views.forecast_detail, name="forecast_detail"),
    path("products/<int:pk>/rerun/", views.forecast_rerun, name="forecast_rerun"),
    path("products/<int:pk>/rerun/status/", views.forecast_rerun_status,
         name="forecast_rerun_status"),
    path("products/<int:pk>/override/", views.override_create, name="override_create"),
    path("overrides/<int:pk>/revert/", views.override_revert, name="override_revert"),
    path("runs/", views.run_list, name="run_list"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/upload/", views.event_upload, name="event_upload"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
]
