"""A person's choice of notification kinds they also want by e-mail (issue 18). Off by
default; the mail itself is sent by ``sharing_policies.tasks.send_notification_emails``,
queued from ``common.notify``. docs/security.md, "Notification e-mail"."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from coord.audit.services import audit_append
from coord.lib.errors import Invalid
from coord.organisations.selectors import organisation_of
from sharing_policies.models import NotificationEmailOptIn, NotificationKind


@transaction.atomic
def notification_emails_set(*, user, kinds: Iterable[str], request=None) -> list[str]:
    """Make ``kinds`` exactly the kinds ``user`` receives by e-mail (only their own: the
    caller passes the signed-in person). Audited ``account.notification_email`` with the
    kinds (codes, no personal data) when anything changed. Returns the new kinds, sorted."""
    wanted = set(kinds)
    if not wanted <= set(NotificationKind.values):
        raise Invalid({"kinds": [_("Unknown kind of notification.")]})
    current = set(NotificationEmailOptIn.objects.filter(user=user).values_list("kind", flat=True))
    if wanted == current:
        return sorted(wanted)
    NotificationEmailOptIn.objects.filter(user=user, kind__in=current - wanted).delete()
    NotificationEmailOptIn.objects.bulk_create(
        NotificationEmailOptIn(user=user, kind=kind) for kind in sorted(wanted - current)
    )
    audit_append(
        action="account.notification_email",
        actor=user,
        organisation=organisation_of(user),
        object_type="user",
        object_id=str(user.pk),
        details={"kinds": sorted(wanted)},
        request=request,
    )
    return sorted(wanted)
