"""Who may see and do what with trend observations and network aggregates.

- Observations are owned like cases: caseworkers and admins of the owning organisation
  create, list, read and change them; everyone else gets 404 on one (audited as denied)
  and coordinators get 403 on the list (they have no organisation).
- The dashboard's "latest observations" table is network-wide but never carries the note
  or the organisation (``observation_summaries``).
- Aggregates (``/api/v1/trends/``) are open to every member and coordinator; the
  ``organisation=`` breakdown only for an organisation in
  ``aggregate_organisations(user)`` (own organisation, or a live
  grant of scope aggregates or wider). Coordinators see network aggregates only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from coord.lib.errors import NotFound
from coord.organisations.models import Organisation
from coord.organisations.selectors import membership_of, organisation_get
from coord.trends.models import TrendObservation
from sharing_policies.access.deny import deny
from sharing_policies.grants import live_grants_received
from sharing_policies.models import Scope

ACTIONS = ("read", "update")


def can_log_observations(user) -> bool:
    """Caseworkers and admins (members of an organisation) log and list observations."""
    membership = membership_of(user)
    return membership is not None and membership.organisation_id is not None


def ensure_can_log_observations(user, *, request=None) -> None:
    """403 (audited) for coordinators and users without an organisation."""
    if not can_log_observations(user):
        deny(user=user, action="trend_observation.list_denied", request=request, not_found=False)


def visible_observations(user) -> QuerySet[TrendObservation]:
    """The observations ``user`` may read in full: its own organisation's."""
    membership = membership_of(user)
    if membership is None or membership.organisation_id is None:
        return TrendObservation.objects.none()
    return TrendObservation.objects.filter(organisation_id=membership.organisation_id)


def can_read_note(user, observation: TrendObservation) -> bool:
    membership = membership_of(user)
    return (
        membership is not None
        and membership.organisation_id is not None
        and membership.organisation_id == observation.organisation_id
    )


def get_observation_for(
    user, public_id: str, *, action: str = "read", request=None
) -> TrendObservation:
    """The observation ``public_id`` if ``user`` may ``action`` it; 404 otherwise (the
    attempt on an existing one audited as denied)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    observation = (
        TrendObservation.objects.select_related("organisation").filter(public_id=public_id).first()
        if isinstance(public_id, str)
        else None
    )
    if observation is None:
        raise NotFound
    if not can_read_note(user, observation):
        deny(
            user=user,
            action=f"trend_observation.{action}_denied",
            organisation=observation.organisation,
            object_type="trend_observation",
            object_id=observation.public_id,
            request=request,
        )
    return observation


def observation_summaries(user) -> QuerySet[TrendObservation]:
    """Network-wide observations for the dashboard table: every signed-in member or
    coordinator; callers show categories, region, period and band only, never the note."""
    if membership_of(user) is None:
        return TrendObservation.objects.none()
    return TrendObservation.objects.all()


def can_read_trends(user) -> bool:
    """Every member and coordinator sees network aggregates (all suppressed below k)."""
    return membership_of(user) is not None


def ensure_can_read_trends(user, *, request=None) -> None:
    if not can_read_trends(user):
        deny(user=user, action="trends.read_denied", request=request, not_found=False)


def aggregate_organisations(user) -> set[int]:
    """Organisations whose own breakdown ``user`` may see in trends: its own, plus every
    organisation with a live grant of scope aggregates or wider to it. Coordinators and
    people without an organisation get an empty set (they see network totals only)."""
    membership = membership_of(user)
    if membership is None or membership.organisation_id is None:
        return set()
    granting = live_grants_received(
        membership.organisation_id, min_scope=Scope.AGGREGATES
    ).values_list("granting_organisation_id", flat=True)
    return {membership.organisation_id, *granting}


def organisation_for_breakdown(user, slug: str, *, request=None) -> Organisation:
    """The organisation whose own aggregates ``user`` asked for with ``organisation=slug``.

    Allowed for its members and for organisations holding a live aggregates (or wider)
    grant from it; everyone else, coordinators included, gets 404 (audited when the
    organisation exists), so the answer never confirms a grant.
    """
    org = organisation_get(slug=slug) if isinstance(slug, str) else None
    if org is None:
        raise NotFound
    if org.pk not in aggregate_organisations(user):
        deny(
            user=user,
            action="trends.breakdown_denied",
            organisation=org,
            object_type="organisation",
            object_id=org.slug,
            request=request,
        )
    return org
