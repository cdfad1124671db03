"""``manage.py audit_grant_role ROLE``: run as the owner after ``migrate``; gives the service's
role SELECT and INSERT only on the audit tables (coord/audit/roles.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from coord.audit.roles import grant_app_role


class Command(BaseCommand):
    help = "Grant the application role its privileges: the audit tables SELECT, INSERT only."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role web, worker and beat connect as")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("database roles exist on PostgreSQL only")
        done = grant_app_role(connection, options["role"])
        self.stdout.write(f"{len(done)} statements: {options['role']} may not alter the log")
