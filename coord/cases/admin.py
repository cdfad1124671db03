"""Admin: categories only. The ciphertext columns are never shown or editable here."""

from django.contrib import admin

from coord.cases.models import CaseSummary


@admin.register(CaseSummary)
class CaseSummaryAdmin(admin.ModelAdmin):
    list_display = ("reference", "organisation", "reported_month", "region", "status", "consent")
    list_filter = ("status", "consent", "organisation")
    search_fields = ("reference",)
    exclude = ("summary_ct", "notes_ct")
    readonly_fields = ("reference", "organisation", "created_by", "created_at", "updated_at")

    # Cases change only through the services, so the PII guard, the encryption, the
    # category index and the audit trail always apply: the admin is view-only.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
