"""What every sharing service shares: end dates, filters, notifications, decryption."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coord.audit.services import audit_append_many, audit_event
from coord.crypto import services as crypto
from coord.organisations.models import Organisation, Role
from coord.organisations.selectors import organisation_of
from sharing_policies.grants import today as _today
from sharing_policies.models import Notification, NotificationEmailOptIn, NotificationKind

EMAIL_TASK = "sharing_policies.tasks.send_notification_emails"

LIST_FILTER_KEYS = ("exploitation_types", "regions")
FILTER_KEYS = (*LIST_FILTER_KEYS, "reported_from", "reported_to")


def validate_valid_until(value: date | None, *, field: str = "valid_until") -> date:
    """Required, after today, and at most ``COORD_MAX_GRANT_DAYS`` days away."""
    if value is None:
        raise ValidationError(
            {field: [ValidationError(_("This field is required."), code="required")]}
        )
    if value <= _today():
        raise ValidationError(
            {
                field: [
                    ValidationError(_("The end date must be in the future."), code="past_end_date")
                ]
            }
        )
    limit = settings.COORD_MAX_GRANT_DAYS
    if value > _today() + timedelta(days=limit):
        message = gettext("The end date can be at most %(days)s days away.") % {"days": limit}
        raise ValidationError({field: [ValidationError(message, code="end_date_too_far")]})
    return value


def normalise_filter(filter_: dict[str, Any] | None) -> dict[str, Any]:
    """Canonical filter JSON: only known keys, sorted de-duplicated lists, ``YYYY-MM``
    months; empty values dropped (no key means "any")."""
    clean: dict[str, Any] = {}
    for key in LIST_FILTER_KEYS:
        values = (filter_ or {}).get(key) or []
        if values:
            clean[key] = sorted({str(v).upper() if key == "regions" else str(v) for v in values})
    for key in ("reported_from", "reported_to"):
        value = (filter_ or {}).get(key)
        if value:
            clean[key] = value if isinstance(value, str) else f"{value.year:04d}-{value.month:02d}"
    start, end = clean.get("reported_from"), clean.get("reported_to")
    if start and end and start > end:
        message = _("The first month must not be after the last month.")
        raise ValidationError({"filter": [ValidationError(message, code="months_reversed")]})
    return clean


def notify(
    *,
    kind: str,
    obj,
    object_type: str,
    organisation: Organisation | None = None,
    user=None,
    admins_only: bool = False,
    users: tuple = (),
    skip=None,
    object_id: str | None = None,
) -> int:
    """Deliver a note to the people who act on it, one row each (so each has its own
    unread state, docs/sharing.md "Notifications"): the admins of ``organisation``
    (``admins_only``) or all its active members, plus ``user``/``users`` by name (a
    case's author, a share's or referral's sender). ``skip`` (the actor) is never told
    of their own act. ``object_id`` names an object without a ``public_id`` (a case, by
    its reference). Returns how many were delivered."""
    from coord.organisations.models import Membership

    recipients: set[int] = set()
    if organisation is not None:
        roles = [Role.ADMIN] if admins_only else [Role.ADMIN, Role.CASEWORKER]
        recipients.update(
            Membership.objects.filter(
                organisation=organisation, role__in=roles, user__is_active=True
            ).values_list("user_id", flat=True)
        )
    for person in (user, *users):
        if person is not None and person.is_active:
            recipients.add(person.pk)
    if skip is not None:
        recipients.discard(skip.pk)
    Notification.objects.bulk_create(
        Notification(
            kind=kind,
            object_type=object_type,
            object_id=object_id or str(obj.public_id),
            recipient_user_id=user_id,
        )
        for user_id in sorted(recipients)
    )
    _queue_emails(kind=kind, recipients=recipients)
    return len(recipients)


def _queue_emails(*, kind: str, recipients: set[int]) -> None:
    """Once this transaction commits, e-mail the recipients who asked for ``kind`` by mail
    and have an address: one query here, whatever the number of recipients. The task gets
    user ids only (no address in the broker or its logs); it looks the addresses up."""
    if not recipients:
        return
    opted_in = sorted(
        NotificationEmailOptIn.objects.filter(user_id__in=recipients, kind=kind)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
    )
    if opted_in:
        # robust: a broker outage must not undo a committed request; the inbox still has it.
        transaction.on_commit(lambda: _send_task(EMAIL_TASK, kind, opted_in), robust=True)


def _send_task(name: str, *args: Any) -> None:
    """Queue a task by its registered name (tasks sit above the services, so this module
    does not import them); in a process that has not loaded the task modules yet, load them."""
    from celery import current_app

    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    current_app.tasks[name].delay(*args)


def decrypt_for_readers(
    *,
    reader,
    rows: list,
    ciphertext_attr: str,
    owner_attr: str,
    table: str,
    field: str,
    object_type: str,
    request=None,
) -> dict[int, str | None]:
    """The free text ``field`` of each row in clear ("" when none was written, None when it
    cannot be read), keyed by row pk.

    Every text decrypted for a reader outside the organisation that owns it leaves a
    ``<object_type>.decrypt`` event, all of a page in one append.
    """
    reader_org = organisation_of(reader)
    reader_org_id = reader_org.pk if reader_org else None
    texts: dict[int, str | None] = {}
    events = []
    for row in rows:
        token = getattr(row, ciphertext_attr)
        owner_id = getattr(row, f"{owner_attr}_id")
        text, state = crypto.decrypt_with_state(
            organisation=owner_id,
            table=table,
            field=field,
            row_id=str(row.public_id),
            token=token,
        )
        texts[row.pk] = "" if state == "empty" else text
        if token and owner_id != reader_org_id:
            events.append(
                audit_event(
                    action=f"{object_type}.decrypt",
                    actor=reader,
                    organisation=getattr(row, owner_attr),
                    object_type=object_type,
                    object_id=str(row.public_id),
                    details={"fields": [field]},
                    request=request,
                )
            )
    audit_append_many(events)
    return texts


def notify_tree_head(*, tree_size: int) -> int:
    """Deliver a new signed tree head of the audit log to every organisation (its members
    fetch it, ``GET /api/v1/audit/sth/?tree_size=N``, and keep it as witnesses)."""
    rows = [
        Notification(
            kind=NotificationKind.AUDIT_TREE_HEAD,
            object_type="audit_tree_head",
            object_id=str(tree_size),
            recipient_organisation=organisation,
        )
        for organisation in Organisation.objects.all()
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_witness_failed(*, tree_size: int) -> int:
    """Alert every organisation's admins and every coordinator that a witness check of the
    audit log failed at ``tree_size`` (the tree head the witness held)."""
    rows = [
        Notification(
            kind=NotificationKind.AUDIT_WITNESS_FAILED,
            object_type="audit_tree_head",
            object_id=str(tree_size),
            recipient_organisation=organisation,
            admins_only=True,
        )
        for organisation in Organisation.objects.all()
    ]
    rows += [
        Notification(
            kind=NotificationKind.AUDIT_WITNESS_FAILED,
            object_type="audit_tree_head",
            object_id=str(tree_size),
            recipient_user=user,
        )
        for user in get_user_model()
        .objects.filter(membership__role=Role.COORDINATOR, is_active=True)
        .order_by("pk")
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)
