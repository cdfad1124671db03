"""Who may see and do what with trend observations and network aggregates.

- Observations are owned like cases: caseworkers and admins of the owning organisation
  create, list, read and change them; everyone else gets 404 on one (audited as denied)
  and coordinators get 403 on the list (they have no organisation).
- The dashboard's "latest observations" table is network-wide but never carries the note
  or the organisation (``observation_summaries``).
- Aggregates (``/api/v1/trends/``) are open to every member and coordinator; the
  ``organisation=`` breakdown (``breakdown_for``) for the organisation's own members, and
  for another organisation only under a live grant of scope aggregates or wider, bounded by
  the grant's fields and filter exactly as the case list is. Coordinators see network
  aggregates only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from coord.cases.models import CaseSummary
from coord.lib.errors import Invalid, NotFound
from coord.organisations.models import Organisation
from coord.organisations.selectors import membership_of, organisation_get
from coord.trends.models import ObservationCategory, ObservationDimension, TrendObservation
from sharing_policies.access.deny import deny
from sharing_policies.grants import grant_cases, grant_fields, live_grants_received
from sharing_policies.models import Scope, SharingGrant

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


# The case field each trend dimension (or filter) reads: a grant's field list bounds them.
DIMENSION_FIELDS = {
    "month": "reported_month",
    "region": "region",
    "exploitation_type": "exploitation_types",
    "technology": "technologies",
    "recruitment_method": "recruitment_methods",
    "age_band": "age_band",
    "gender": "gender",
}


@dataclass(frozen=True)
class Breakdown:
    """The policy's answer to ``organisation=slug``: whose figures, and which of its
    records may be counted (``None``: all it counts, for its own members)."""

    organisation: Organisation
    cases: QuerySet[CaseSummary] | None = None
    observations: QuerySet[TrendObservation] | None = None
    # Who may be handed the same published numbers: the members themselves, or one grantee
    # organisation under these grants (a cached release is never shared beyond it).
    audience: str = "members"

    @property
    def exact(self) -> bool:
        """Members see their own organisation's counts exactly (they can read the cases)."""
        return self.cases is None


def _grant_observations(grant: SharingGrant) -> QuerySet[TrendObservation]:
    """The granting organisation's observations that the grant's filter admits (regions,
    months, exploitation types), the observation counterpart of ``grant_cases``."""
    filter_ = grant.filter or {}
    qs = TrendObservation.objects.filter(organisation_id=grant.granting_organisation_id)
    if filter_.get("regions"):
        qs = qs.filter(region__in=sorted(r.upper() for r in filter_["regions"]))
    if filter_.get("reported_from"):
        qs = qs.filter(period__gte=f"{filter_['reported_from']}-01")
    if filter_.get("reported_to"):
        qs = qs.filter(period__lte=f"{filter_['reported_to']}-01")
    if filter_.get("exploitation_types"):
        qs = qs.filter(
            Exists(
                ObservationCategory.objects.filter(
                    observation=OuterRef("pk"),
                    dimension=ObservationDimension.EXPLOITATION_TYPE,
                    value__in=sorted(filter_["exploitation_types"]),
                )
            )
        )
    return qs.order_by()


def breakdown_for(user, slug: str, *, dimensions: Mapping[str, str], request=None) -> Breakdown:
    """The breakdown of organisation ``slug`` that ``user`` may see.

    Its own members: every record it counts. Another organisation: only under a live grant
    of scope aggregates or wider from it, and then bounded exactly as the grant bounds the
    case list: every dimension it groups or filters by must read a field the grant shows,
    and only the records the grant's filter (and the person's consent to be counted)
    admits are counted. ``dimensions`` maps each dimension used to the parameter that used
    it (``group_by``, ``region``, ``from``, ``to``), so a refusal names it (``Invalid``).
    Anyone else, coordinators included, gets 404 (audited when the organisation exists),
    so the answer never confirms a grant.
    """
    org = organisation_get(slug=slug) if isinstance(slug, str) else None
    if org is None:
        raise NotFound
    membership = membership_of(user)
    if membership is not None and membership.organisation_id == org.pk:
        return Breakdown(organisation=org)
    grants = []
    if membership is not None and membership.organisation_id is not None:
        grants = list(
            live_grants_received(membership.organisation_id, min_scope=Scope.AGGREGATES).filter(
                granting_organisation_id=org.pk
            )
        )
    if not grants:
        deny(
            user=user,
            action="trends.breakdown_denied",
            organisation=org,
            object_type="organisation",
            object_id=org.slug,
            request=request,
        )
    wanted = {DIMENSION_FIELDS[d] for d in dimensions}
    usable = [g for g in grants if wanted <= grant_fields(g.scope, list(g.fields or []))]
    if not usable:
        shown = set().union(*(grant_fields(g.scope, list(g.fields or [])) for g in grants))
        hidden = [d for d in dimensions if DIMENSION_FIELDS[d] not in shown] or list(dimensions)
        raise Invalid(
            {
                dimensions[d]: [
                    f"The grant from {org.slug} does not include the field this reads "
                    f"({d}): ask them to add it, or leave it out."
                ]
                for d in hidden
            }
        )
    cases = grant_cases(usable[0], counting=True).values("pk")
    observations = _grant_observations(usable[0]).values("pk")
    for grant in usable[1:]:
        cases = cases.union(grant_cases(grant, counting=True).values("pk"))
        observations = observations.union(_grant_observations(grant).values("pk"))
    audience = f"grantee:{membership.organisation_id}:" + ",".join(
        sorted(str(g.public_id) for g in usable)
    )
    return Breakdown(organisation=org, cases=cases, observations=observations, audience=audience)
