from django.urls import path

from . import views

app_name = "copilot"
urlpatterns = [
    path("", views.copilot_page, name="page"),
    path("answer/", views.copilot_answer_json, name="answer"),
]
