"""URLs of the exchange views; contracts/urls.py includes them under app_name "contracts"."""

from django.urls import path

from . import views_exchange as views

urlpatterns = [
    path("suppliers/import/", views.supplier_import, name="supplier-import"),
    path("suppliers/export/", views.supplier_export, name="supplier-export"),
    path("import/", views.contract_import, name="contract-import"),
    path("export/", views.contract_export, name="contract-export"),
    path("calendar/", views.feed_settings, name="feed-settings"),
    path("calendar/new-address/", views.feed_regenerate, name="feed-regenerate"),
    path("calendar/feed/<str:token>.ics", views.feed, name="feed"),
    path("<int:pk>/fact-sheet.pdf", views.contract_factsheet, name="contract-factsheet"),
    path("portfolio.pdf", views.portfolio_report, name="portfolio-report"),
]
