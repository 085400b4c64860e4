"""URLs of the organisations app."""

from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("switch/", views.organisation_switch, name="switch"),
    path("language/", views.language_switch, name="language"),
    path("members/", views.member_list, name="member-list"),
    path("members/<int:user_id>/", views.member_edit, name="member-edit"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation-edit"),
]
