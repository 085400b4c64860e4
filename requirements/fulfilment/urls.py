"""URLs of requirement fulfilment."""

from django.urls import path

from . import views

app_name = "fulfilment"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/replaced/", views.replaced, name="replaced"),
    path("contracts/<int:pk>/", views.contract_matrix, name="contract"),
    path("contracts/<int:pk>/link/", views.contract_link, name="contract-link"),
    path("contracts/<int:pk>/pick/", views.contract_pick, name="contract-pick"),
    path("contracts/<int:pk>/fulfilment.xlsx", views.contract_xlsx, name="contract-xlsx"),
    path("contracts/<int:pk>/fulfilment.pdf", views.contract_pdf, name="contract-pdf"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/evidence/", views.item_evidence, name="item-evidence"),
]
