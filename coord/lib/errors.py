"""Plain exceptions that services, selectors and the access policy raise.

They know nothing of HTTP: the API's exception handler (``coord.lib.api``) and the web
pages (``coord.web.views.base``) map them to a status once. Each carries a ``code`` from
its domain's error-code enum, so clients and tests can tell refusals apart without
parsing messages.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class AccessCode(StrEnum):
    """Refusals made by the access policy."""

    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"


class InputCode(StrEnum):
    INVALID = "invalid"


class ServiceError(Exception):
    """Base of every refusal a lower layer raises; ``message`` is safe to show a user."""

    default_message = _("The request could not be completed.")
    default_code: StrEnum = InputCode.INVALID

    def __init__(self, message: str | None = None, *, code: StrEnum | None = None) -> None:
        self.message = message or self.default_message
        self.code = code or self.default_code
        super().__init__(self.message)


class NotFound(ServiceError):  # noqa: N818 (named as the issue and the HTTP status)
    """Missing, or not for this caller: the two are never told apart."""

    default_message = _("Not found.")
    default_code = AccessCode.NOT_FOUND


class Forbidden(ServiceError):  # noqa: N818
    """The caller may see the object (or knows it exists) but may not do this."""

    default_message = _("You do not have permission to perform this action.")
    default_code = AccessCode.PERMISSION_DENIED


class Conflict(ServiceError):  # noqa: N818
    """The object's current state does not allow this (409)."""

    default_message = _("Conflicts with the current state.")


class Invalid(ServiceError):  # noqa: N818
    """Bad input, named per field: ``errors`` maps a field (or ``non_field_errors``) to
    its messages."""

    def __init__(self, errors: dict[str, list[str]], *, code: StrEnum | None = None) -> None:
        self.errors = errors
        first = next(iter(errors.values()), [""])
        super().__init__(first[0] if first else None, code=code)


class Unprocessable(ServiceError):  # noqa: N818
    """Well-formed input that cannot be honoured as sent (422), e.g. a reused
    ``Idempotency-Key``."""

    default_message = "The request cannot be processed as sent."


class Exhausted(ServiceError):  # noqa: N818
    """A limit the caller has spent (429): the message says when it comes back."""

    default_message = _("This limit is spent for now.")
