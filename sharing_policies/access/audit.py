"""Who may read and verify the audit trail.

Coordinators read every event; an organisation admin reads the events that concern their
organisation's data or that were made by its members (the actor's organisation at the time
of the event); caseworkers and people without a role read none and get 403, audited.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from coord.audit.models import AuditEvent
from coord.organisations.models import Role
from coord.organisations.selectors import membership_of
from sharing_policies.access.deny import deny


def visible_audit_events(user) -> QuerySet[AuditEvent]:
    """Every audit event ``user`` may read (none for caseworkers)."""
    membership = membership_of(user)
    if membership is None:
        return AuditEvent.objects.none()
    if membership.role == Role.COORDINATOR:
        return AuditEvent.objects.all()
    if membership.role == Role.ADMIN and membership.organisation is not None:
        slug = membership.organisation.slug
        return AuditEvent.objects.filter(Q(organisation=slug) | Q(actor_organisation=slug))
    return AuditEvent.objects.none()


def can_read_audit(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role in {Role.COORDINATOR, Role.ADMIN}


def require_audit_reader(user, *, request=None) -> None:
    """403 (audited as ``audit.read_denied``) unless ``user`` is an admin or a coordinator.

    A 403, not a 404: the endpoint's existence is no secret, only the events are.
    """
    if not can_read_audit(user):
        membership = membership_of(user)
        deny(
            user=user,
            action="audit.read_denied",
            organisation=membership.organisation if membership else None,
            object_type="audit_trail",
            request=request,
            not_found=False,
        )


def require_audit_verifier(user, *, request=None) -> None:
    """Only coordinators verify the whole chain (403, audited, for everyone else)."""
    membership = membership_of(user)
    if membership is None or membership.role != Role.COORDINATOR:
        deny(
            user=user,
            action="audit.verify_denied",
            organisation=membership.organisation if membership else None,
            object_type="audit_trail",
            request=request,
            not_found=False,
        )
