"""API routes of the contract register."""

from rest_framework.routers import SimpleRouter

from .api import ContractViewSet

router = SimpleRouter()
router.register("contracts", ContractViewSet, basename="api-contract")
urlpatterns = router.urls
