from django.contrib import admin

from coord.audit.models import AuditCheckpoint, AuditEvent


class _ReadOnly(admin.ModelAdmin):
    """Read-only: the trail is append-only (the database refuses changes too)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(_ReadOnly):
    list_display = ["seq", "at", "action", "actor_username", "organisation", "outcome"]
    list_filter = ["outcome", "action"]


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(_ReadOnly):
    list_display = ["seq", "created_at", "key_id"]
