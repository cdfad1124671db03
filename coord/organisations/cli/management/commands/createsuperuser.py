"""``createsuperuser`` with the same username checks as every other way to make an account:
NFKC, one script, not confusable with an existing username, not an e-mail address or a phone
number (``coord.organisations.usernames.clean_new_username``), interactive or ``--noinput``.
"""

from __future__ import annotations

from django.contrib.auth.management.commands import createsuperuser
from django.core.exceptions import ValidationError

from coord.organisations.usernames import clean_new_username


class Command(createsuperuser.Command):
    def _validate_username(self, username: str, verbose_field_name: str, database: str):
        """Django's checks first (taken, blank, its validators), then ours; the message never
        quotes the username."""
        error = super()._validate_username(username, verbose_field_name, database)
        if error:
            return error
        try:
            clean_new_username(username)
        except ValidationError as exc:
            return "Error: " + "; ".join(exc.message_dict.get("username", exc.messages))
        return None
