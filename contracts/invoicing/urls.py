"""URLs of invoices: uploads, the unmatched queue, invoice pages, deviations and their exports."""

from django.urls import path

from . import views

app_name = "invoicing"
urlpatterns = [
    path("", views.invoice_list, name="invoice-list"),
    path("unmatched/", views.unmatched_list, name="unmatched"),
    path("upload/", views.upload, name="upload"),
    path("upload/spreadsheet/", views.spreadsheet_upload, name="spreadsheet-upload"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload-detail"),
    path("uploads/<int:pk>/columns/", views.upload_mapping, name="upload-mapping"),
    path("<int:pk>/", views.invoice_detail, name="invoice-detail"),
    path("<int:pk>/match/", views.invoice_match, name="invoice-match"),
    path("<int:pk>/review/", views.invoice_review, name="invoice-review"),
    path("<int:pk>/supplier/", views.invoice_create_supplier, name="invoice-create-supplier"),
    path("deviations/", views.deviation_list, name="deviation-list"),
    path("deviations/export.xlsx", views.deviation_export_xlsx, name="deviation-export"),
    path("deviations/report.pdf", views.deviation_report_pdf, name="deviation-report"),
    path("contracts/<int:contract_pk>/", views.contract_invoices, name="contract-invoices"),
]
