"""Django admin for the superuser: organisations, users and memberships across tenants."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "municipality_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (None, {"fields": ["language"]}))
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_superuser"]
