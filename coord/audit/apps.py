from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "coord.audit"
    label = "audit"
    verbose_name = "Audit trail"
