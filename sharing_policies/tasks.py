"""Celery beat entry points: expiry bookkeeping and warnings (see ``sharing_expire``), and
pruning read notifications (``notifications_prune``)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from sharing_policies.services import notifications_prune, sharing_expire


@shared_task(name="sharing_policies.tasks.expire_and_warn")
def expire_and_warn() -> dict[str, int]:
    """Mark expired grants/shares and warn both sides before the end (idempotent)."""
    return sharing_expire()


@shared_task(name="sharing_policies.tasks.prune_notifications")
def prune_notifications() -> int:
    """Delete notifications read more than ``COORD_NOTIFICATION_KEEP_DAYS`` ago."""
    return notifications_prune(older_than_days=settings.COORD_NOTIFICATION_KEEP_DAYS)


@shared_task(name="sharing_policies.tasks.send_notification_emails")
def send_notification_emails(kind: str, user_ids: list[int]) -> int:
    """One plain e-mail to each opted-in person: a note of ``kind`` waits in their inbox.
    Only the kind's label and the inbox link, in the person's language: never a case
    reference, narrative, reason or organisation name (docs/security.md). Addresses are
    looked up here, never passed through the broker, never logged. Returns mails sent."""
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    from coord.organisations.models import Membership
    from sharing_policies.models import NotificationEmailOptIn, NotificationKind

    if kind not in NotificationKind.values:
        return 0
    # Re-checked at send time: an opt-out or a deactivation since the note was made wins.
    wanted = NotificationEmailOptIn.objects.filter(
        user_id__in=user_ids, kind=kind, user__is_active=True
    ).exclude(user__email="")
    people = get_user_model().objects.filter(pk__in=wanted.values("user_id"))
    languages = dict(Membership.objects.filter(user__in=people).values_list("user_id", "language"))
    link = settings.COORD_PUBLIC_URL.rstrip("/") + reverse("web:notifications")
    sent = 0
    for person in people.order_by("pk"):
        with translation.override(languages.get(person.pk) or settings.LANGUAGE_CODE):
            label = str(NotificationKind(kind).label)
            subject = _("New notification: %(kind)s") % {"kind": label}
            body = _(
                "You have a new notification: %(kind)s.\n\n"
                "Sign in to read it: %(link)s\n\n"
                "For your safety this e-mail never contains case details. You can turn these "
                "e-mails off on your profile page."
            ) % {"kind": label, "link": link}
        sent += send_mail(subject, body, None, [person.email])
    return sent
