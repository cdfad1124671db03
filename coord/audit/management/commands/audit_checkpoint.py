"""``manage.py audit_checkpoint``: sign the current chain head now (cron without Celery)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from coord.audit.services import audit_checkpoint_create


class Command(BaseCommand):
    help = "Sign the current head of the audit chain unless a checkpoint already covers it."

    def handle(self, *args, **options):
        checkpoint = audit_checkpoint_create()
        if checkpoint is None:
            self.stdout.write("nothing new to sign")
        else:
            self.stdout.write(f"signed checkpoint at event {checkpoint.seq}")
