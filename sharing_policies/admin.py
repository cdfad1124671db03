"""Read-only admin views: changes go through the services so they are audited."""

from django.contrib import admin

from sharing_policies.models import AccessRequest, CaseShare, Notification, Referral, SharingGrant


class ReadOnlyAdmin(admin.ModelAdmin):
    exclude = ("purpose_ct", "message_ct")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "from_organisation", "to_organisation", "scope", "status")
    list_filter = ("status", "scope")


@admin.register(SharingGrant)
class SharingGrantAdmin(ReadOnlyAdmin):
    list_display = (
        "public_id",
        "granting_organisation",
        "grantee_organisation",
        "scope",
        "valid_until",
        "revoked_at",
        "expired",
    )


@admin.register(CaseShare)
class CaseShareAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "case", "organisation", "valid_until", "revoked_at", "expired")


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "from_organisation", "to_organisation", "reason", "status")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "kind", "recipient_organisation", "created_at", "read_at")
