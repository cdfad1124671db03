"""Demo sharing data for ``manage.py seed_demo``: requests in every state, two live grants
of different scopes, one expired grant, a single-case share and some referrals.

Idempotent: if any demo organisation already has an access request, nothing is added.
Deliberately leaves border-legal-aid -> mekong-shelter "summaries" unasked, so the
walk-through in docs/sharing.md can be followed from a fresh demo.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from coord.cases.models import CaseSummary
from coord.organisations.models import Membership, Organisation, Role
from sharing_policies import services
from sharing_policies.models import AccessRequest, SharingGrant

DEMO_ORGS = ("mekong-shelter", "border-legal-aid", "delta-outreach", "andaman-hotline")


def _admin(org: Organisation):
    return (
        Membership.objects.filter(organisation=org, role=Role.ADMIN)
        .select_related("user")
        .first()
        .user
    )


def _caseworker(org: Organisation):
    membership = Membership.objects.filter(organisation=org, role=Role.CASEWORKER).first()
    return membership.user if membership else _admin(org)


def seed(stdout) -> None:
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=DEMO_ORGS)}
    if len(orgs) != len(DEMO_ORGS):
        stdout.write("sharing demo: demo organisations missing, skipped")
        return
    if AccessRequest.objects.filter(from_organisation__in=orgs.values()).exists():
        stdout.write("sharing demo: already loaded")
        return
    today = timezone.localdate()
    mekong, border = orgs["mekong-shelter"], orgs["border-legal-aid"]
    delta, andaman = orgs["delta-outreach"], orgs["andaman-hotline"]

    def ask(frm, to, scope, days, **kwargs):
        return services.access_request_create(
            actor=_admin(frm),
            to_organisation=to,
            scope=scope,
            valid_until=today + timedelta(days=days),
            **kwargs,
        )

    # Two live grants of different scopes.
    services.access_request_approve(
        actor=_admin(mekong),
        access_request=ask(
            delta,
            mekong,
            "narratives",
            120,
            filter={"exploitation_types": ["forced_criminality", "forced_labour"]},
            purpose="Coordinate shelter places for people returning from scam compounds.",
        ),
        valid_until=today + timedelta(days=90),
    )
    services.access_request_approve(
        actor=_admin(border),
        access_request=ask(
            andaman, border, "aggregates", 60, purpose="Compare monthly trends along the border."
        ),
    )
    # One expired grant (its end date moved into the past, then the beat task's work).
    expired = services.access_request_approve(
        actor=_admin(border),
        access_request=ask(
            delta,
            border,
            "summaries",
            30,
            fields=["reported_month", "region", "exploitation_types", "status"],
            purpose="Follow up on legal cases for a research brief.",
        ),
    )
    SharingGrant.objects.filter(pk=expired.pk).update(
        valid_from=today - timedelta(days=40), valid_until=today - timedelta(days=2)
    )
    services.sharing_expire()
    # Pending, denied and withdrawn requests.
    ask(andaman, mekong, "summaries", 90, purpose="Identify shared recruitment routes.")
    ask(mekong, border, "aggregates", 180, purpose="Plan outreach in border provinces.")
    services.access_request_deny(
        actor=_admin(mekong),
        access_request=ask(andaman, mekong, "narratives", 30, purpose="Case conferencing."),
        reason="Narratives only for partners in an active referral.",
    )
    services.access_request_withdraw(
        actor=_admin(delta),
        access_request=ask(delta, andaman, "summaries", 30, purpose="Mapping of hotline calls."),
    )
    # A single-case share and referrals from mekong-shelter's shareable cases.
    shareable = list(
        CaseSummary.objects.filter(organisation=mekong, consent="share").order_by("id")[:3]
    )
    sender = _caseworker(mekong)
    if len(shareable) == 3:
        services.share_create(
            actor=sender,
            case=shareable[0],
            organisation=andaman,
            valid_until=today + timedelta(days=30),
            include_narrative=True,
        )
        services.referral_create(
            actor=sender,
            case=shareable[1],
            to_organisation=border,
            reason="legal",
            message="Needs advice on recovering withheld wages.",
            valid_until=today + timedelta(days=60),
        )
        accepted = services.referral_create(
            actor=sender,
            case=shareable[2],
            to_organisation=delta,
            reason="shelter",
            message="Safe accommodation needed on return.",
            valid_until=today + timedelta(days=45),
        )
        services.referral_transition(actor=_caseworker(delta), referral=accepted, action="accept")
    stdout.write("sharing demo: requests, grants, a share and referrals loaded")
