"""Root URLs: the app under /app/, accounts, the admins, the API, and Wagtail's pages last."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.dashboard import dashboard

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("app/", dashboard, name="dashboard"),
    path("app/organisation/", include("organisations.urls")),
    path("app/contracts/", include("contracts.urls")),
    path("app/invoices/", include("contracts.invoicing.urls")),
    path("app/requirements/", include("requirements.urls")),
    path("app/fulfilment/", include("requirements.fulfilment.urls")),
    path("app/benefits/", include("benefits.urls")),
    path("app/guidance/", include("cms.urls")),
    path("app/notifications/", include("tasks.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/", include("contracts.api_urls")),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
