"""``manage.py grant_coordinator USERNAME``: make an existing account a network coordinator.

The operator's way to assign the role (the admin site is for staff accounts only). An
account that is already a member of an organisation cannot be a coordinator; the
appointment is audited (actor: none, the command line).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from coord.organisations.services import coordinator_appoint


class Command(BaseCommand):
    help = "Make an existing account a network coordinator."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError("No active account has this username.")
        try:
            coordinator_appoint(actor=None, user=user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{username} is now a network coordinator.")
