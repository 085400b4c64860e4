"""Read-only JSON API of the contract register, for integrations (e.g. KITOS, ESDH systems)."""

from django.http import Http404
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission

from . import selectors
from .models import Contract, ContractDeadline


class IsMember(BasePermission):
    """Signed in and working in an organisation (the middleware has scoped the request)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user.is_authenticated and getattr(request, "organisation", None))


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractDeadline
        fields = ["kind", "due_date", "effective_date", "nominal_date", "done"]


class ContractSerializer(serializers.ModelSerializer):
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    supplier_cvr = serializers.CharField(source="supplier.cvr", read_only=True)
    next_deadline_date = serializers.DateField(read_only=True)
    next_notice_date = serializers.DateField(read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id", "title", "reference", "contract_type", "status", "supplier_name",
            "supplier_cvr", "template", "procurement_form", "start_date", "term_end",
            "irrevocable_until", "notice_months", "notice_to_end_of", "tacit_renewal_months",
            "total_value", "annual_value", "next_deadline_date", "next_notice_date",
        ]  # fmt: skip


class ContractDetailSerializer(ContractSerializer):
    deadlines = DeadlineSerializer(many=True, read_only=True)

    class Meta(ContractSerializer.Meta):
        fields = [*ContractSerializer.Meta.fields, "deadlines"]


class ContractViewSet(viewsets.ReadOnlyModelViewSet):
    """The current organisation's contracts with their computed deadlines."""

    permission_classes = [IsMember]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no organisation
            return Contract.objects.none()
        return selectors.contracts(organisation=self.request.organisation).order_by("pk")

    def get_serializer_class(self):
        return ContractDetailSerializer if self.action == "retrieve" else ContractSerializer

    def get_object(self):
        try:
            return selectors.contract_detail(
                organisation=self.request.organisation, pk=int(self.kwargs["pk"])
            )
        except (Contract.DoesNotExist, ValueError) as error:
            raise Http404 from error
