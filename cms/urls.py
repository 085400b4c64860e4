"""URLs of the cms app: guidance search and checklist runs (guidance pages are Wagtail's)."""

from django.urls import path

from . import views

app_name = "cms"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("checklists/", views.checklist_run_list, name="checklist-run-list"),
    path("checklists/runs/new/", views.checklist_run_create, name="checklist-run-create"),
    path("checklists/runs/<int:pk>/", views.checklist_run_detail, name="checklist-run-detail"),
]
