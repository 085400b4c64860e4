"""URLs of the benefits app."""

from django.urls import path

from . import views

app_name = "benefits"
urlpatterns = [
    path("", views.benefit_list, name="benefit-list"),
    path("cases/", views.business_case_list, name="business-case-list"),
    path("cases/new/", views.business_case_create, name="business-case-create"),
    path("cases/<int:pk>/", views.business_case_detail, name="business-case-detail"),
    path("cases/<int:pk>/edit/", views.business_case_edit, name="business-case-edit"),
    path("cases/<int:pk>/history/", views.business_case_history, name="business-case-history"),
    path("cases/<int:pk>/report.pdf", views.business_case_report_pdf, name="business-case-report"),
    path("cases/<int:pk>/benefits/new/", views.benefit_create, name="benefit-create"),
    path("cases/<int:pk>/evaluate/", views.evaluation_create, name="evaluation-create"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation-detail"),
    path("<int:pk>/", views.benefit_detail, name="benefit-detail"),
    path("<int:pk>/edit/", views.benefit_edit, name="benefit-edit"),
    path("<int:pk>/delete/", views.benefit_delete, name="benefit-delete"),
    path("<int:pk>/measurements/", views.measurement_create, name="measurement-create"),
    path("measurements/<int:pk>/delete/", views.measurement_delete, name="measurement-delete"),
    path(
        "measurements/<int:pk>/evidence/",
        views.measurement_evidence,
        name="measurement-evidence",
    ),
    path("measurements/export.xlsx", views.measurement_export, name="measurement-export"),
    path("measurements/import/", views.measurement_import, name="measurement-import"),
]
