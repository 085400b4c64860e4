"""URLs of the contract register."""

from django.urls import path

from . import views
from .urls_exchange import urlpatterns as exchange_urlpatterns

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="contract-list"),
    path("new/", views.contract_create, name="contract-create"),
    path("suggestions/", views.contract_suggestions, name="contract-suggestions"),
    path("<int:pk>/", views.contract_detail, name="contract-detail"),
    path("<int:pk>/edit/", views.contract_edit, name="contract-edit"),
    path("<int:pk>/notice/", views.contract_give_notice, name="contract-notice"),
    path("<int:pk>/delete/", views.contract_delete, name="contract-delete"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment-remove"),
    path("options/<int:pk>/exercise/", views.option_exercise, name="option-exercise"),
    path("milestones/<int:pk>/met/", views.milestone_met, name="milestone-met"),
    path("suppliers/", views.supplier_list, name="supplier-list"),
    path("suppliers/suggestions/", views.supplier_suggestions, name="supplier-suggestions"),
    path("suppliers/<int:pk>/", views.supplier_edit, name="supplier-edit"),
    path("systems/", views.it_system_list, name="system-list"),
    path("systems/<int:pk>/", views.it_system_edit, name="system-edit"),
    path("capabilities/", views.capability_duplicates, name="capabilities"),
]

# The exchange views (import/export, calendar feed, PDF reports) live in their own module.
urlpatterns += exchange_urlpatterns
