"""What django-axes stores as the username of a failed sign-in.

axes keeps a row per failed sign-in (``AccessAttempt.username``) for the lockout window. What
was typed may be an e-mail address or a phone number, not a username: a stored text nobody
guards. So an existing account is named by its username (admins can find a locked user) and
anything else by a keyed hash, which still counts repeated failures for the same text.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.crypto import salted_hmac


def axes_username(request, credentials) -> str | None:
    """The lockout key for axes (``AXES_USERNAME_CALLABLE``); never the unknown text."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None and hasattr(request, "POST"):
        typed = request.POST.get("username")
    if not typed:
        return None
    if get_user_model().objects.filter(username=typed).exists():
        return typed
    return "unknown-" + salted_hmac("coord.axes.username", typed).hexdigest()[:32]
