from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "coord.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from coord.audit import checks  # noqa: F401  (registers the startup check)
        from coord.audit.triggers import reinstall_after_migrate

        post_migrate.connect(reinstall_after_migrate, sender=self, dispatch_uid="audit-triggers")
