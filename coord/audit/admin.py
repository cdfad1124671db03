from django.contrib import admin

from coord.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only (the database refuses changes too)."""

    list_display = ["seq", "at", "action", "actor_username", "organisation", "outcome"]
    list_filter = ["outcome", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
