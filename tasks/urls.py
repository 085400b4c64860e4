"""URLs of the tasks app: a user's notifications and preferences, failed emails for admins."""

from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_mark_all_read, name="read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("failed/", views.failed_list, name="failed"),
    path("failed/<int:pk>/retry/", views.failed_retry, name="retry"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_mark_read, name="read"),
]
