from django.contrib import admin

from coord.crypto.models import OrganisationKey


@admin.register(OrganisationKey)
class OrganisationKeyAdmin(admin.ModelAdmin):
    """Read-only: keys change only through the management commands and services."""

    list_display = ["organisation", "version", "state", "master_key_id", "created_at"]
    list_filter = ["state"]
    fields = ["organisation", "version", "state", "master_key_id", "created_at", "retired_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
