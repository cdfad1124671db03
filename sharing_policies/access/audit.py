"""Who may read and verify the audit trail.

Coordinators read every event; an organisation admin reads the events that concern their
organisation's data or that were made by its members (the actor's organisation at the time
of the event); caseworkers and people without a role read none (the endpoints' door,
``sharing_policies.access.gate.Need.AUDIT_READER``, answers them 403, audited).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from coord.audit.models import AuditEvent
from coord.organisations.models import Role
from coord.organisations.selectors import membership_of


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


def hidden_detail_keys(user) -> frozenset[str]:
    """Keys of an event's ``details`` the caller may not see: ``owner`` (which organisation
    holds a case someone was refused) is for coordinators only, so an admin's audit view
    never confirms that a reference its members probed exists, or who holds it."""
    membership = membership_of(user)
    if membership is not None and membership.role == Role.COORDINATOR:
        return frozenset()
    return frozenset({"owner"})


def audit_event_for_proof(user, seq: int, *, request=None) -> AuditEvent:
    """The event ``seq`` if ``user`` may ask for its inclusion proof (the events it may read:
    an organisation's admins and members those about their organisation, coordinators any);
    an audited 404 otherwise, the same as for a ``seq`` that does not exist."""
    from coord.organisations.selectors import organisation_of
    from sharing_policies.access.deny import deny

    membership = membership_of(user)
    if membership is None:
        events = AuditEvent.objects.none()
    elif membership.role == Role.COORDINATOR:
        events = AuditEvent.objects.all()
    elif membership.organisation is not None:
        slug = membership.organisation.slug
        events = AuditEvent.objects.filter(Q(organisation=slug) | Q(actor_organisation=slug))
    else:
        events = AuditEvent.objects.none()
    event = events.filter(seq=seq).first()
    if event is None:
        deny(
            user=user,
            action="audit.proof_denied",
            organisation=organisation_of(user),
            object_type="audit_event",
            object_id=str(seq),
            request=request,
        )
    return event


def outside_access_events(
    user,
    *,
    partner_slug: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    request=None,
) -> QuerySet[AuditEvent]:
    """Who outside the caller's organisation read its cases (the "Outside access" page and
    its CSV): organisation admins only; caseworkers and coordinators get an audited 403
    (coordinators read the whole trail on the audit page instead)."""
    from coord.audit.selectors import outside_reads
    from sharing_policies.access.gate import Need, require

    caller = require(user, Need.ADMIN, action="audit.outside_denied", request=request)
    return outside_reads(
        organisation_slug=caller.organisation.slug,
        partner_slug=partner_slug,
        since=since,
        until=until,
    )
