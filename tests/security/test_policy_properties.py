"""Property tests on the access policy (sharing_policies.access.cases) with random sharing states:
random consent, region, grant (scope, allowlist, region filter, live/expired/revoked) and
share (with or without narrative, live/expired/revoked), read by every principal.

Invariants: a stranger never sees the case; a coordinator never sees a case; notes never
leave the owner; nobody outside the owner sees a case without consent "share" and a live
grant (summaries or wider, filter matching) or a live share; the narrative only travels
with a live narratives grant or a share that includes it; the owner always sees everything.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.cases.services import case_create
from coord.organisations.selectors import membership_of
from sharing_policies import services as sharing
from sharing_policies.access import cases as policy
from sharing_policies.grants import GRANTABLE_FIELDS
from sharing_policies.models import CaseShare, SharingGrant
from tests.factories import readable_fields

pytestmark = pytest.mark.django_db

READERS = (
    "owner_caseworker",
    "owner_admin",
    "grantee_caseworker",
    "grantee_admin",
    "stranger_caseworker",
    "stranger_admin",
    "network_coordinator",
)
STATES = ("live", "expired", "revoked")
REGIONS = ("KH-12", "KH-3")

grants = st.none() | st.fixed_dictionaries(
    {
        "scope": st.sampled_from(["aggregates", "summaries", "narratives"]),
        "fields": st.lists(st.sampled_from(sorted(GRANTABLE_FIELDS)), unique=True, max_size=4),
        "regions": st.lists(st.sampled_from(REGIONS), unique=True, max_size=2),
        "state": st.sampled_from(STATES),
    }
)
shares = st.none() | st.fixed_dictionaries(
    {"narrative": st.booleans(), "state": st.sampled_from(STATES)}
)


def _yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def _build(users, orgs, consent, region, grant_spec, share_spec):
    owner_admin, grantee_admin = users["owner_admin"], users["grantee_admin"]
    case = case_create(
        actor=owner_admin,
        organisation=orgs["owner"],
        data={
            "reported_month": date(2025, 3, 1),
            "region": region,
            "exploitation_types": ["forced_labour"],
            "consent": consent,
            "summary": "Recruited through an online job advert for factory work abroad.",
            "notes": "Follow up on the legal aid referral next month.",
        },
    )
    until = timezone.localdate() + timedelta(days=30)
    if grant_spec:
        req = sharing.access_request_create(
            actor=grantee_admin,
            to_organisation=orgs["owner"],
            scope=grant_spec["scope"],
            fields=grant_spec["fields"],
            filter={"regions": grant_spec["regions"]} if grant_spec["regions"] else None,
            valid_until=until,
        )
        grant = sharing.access_request_approve(actor=owner_admin, access_request=req)
        if grant_spec["state"] == "expired":
            SharingGrant.objects.filter(pk=grant.pk).update(valid_until=_yesterday())
        elif grant_spec["state"] == "revoked":
            sharing.grant_revoke(actor=owner_admin, grant=grant)
    if share_spec and consent == "share":
        share = sharing.share_create(
            actor=owner_admin,
            case=case,
            organisation=orgs["grantee"],
            valid_until=until,
            include_narrative=share_spec["narrative"],
        )
        if share_spec["state"] == "expired":
            CaseShare.objects.filter(pk=share.pk).update(valid_until=_yesterday())
        elif share_spec["state"] == "revoked":
            sharing.share_revoke(actor=owner_admin, share=share)
    return case


def _fresh(user):
    """A user object without the per-request caches the policy keeps on it."""
    return type(user).objects.get(pk=user.pk)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    consent=st.sampled_from(["none", "aggregate", "share"]),
    region=st.sampled_from(REGIONS),
    grant_spec=grants,
    share_spec=shares,
)
def test_it_keeps_every_access_invariant_in_random_sharing_states(
    request, owner_org, grantee_org, consent, region, grant_spec, share_spec
):
    users = {name: request.getfixturevalue(name) for name in READERS}
    orgs = {"owner": owner_org, "grantee": grantee_org}
    with transaction.atomic():
        case = _build(users, orgs, consent, region, grant_spec, share_spec)
        live_grant = bool(
            grant_spec
            and grant_spec["state"] == "live"
            and grant_spec["scope"] != "aggregates"
            and (not grant_spec["regions"] or region in grant_spec["regions"])
        )
        live_share = bool(share_spec and share_spec["state"] == "live" and consent == "share")
        narrative_allowed = (live_grant and grant_spec["scope"] == "narratives") or (
            live_share and share_spec["narrative"]
        )
        for name in READERS:
            user = _fresh(users[name])
            listed = policy.visible_cases(user, scope="all").filter(pk=case.pk).exists()
            fields = readable_fields(_fresh(user), case)  # what a detail view is handed
            readable = bool(fields)
            org = membership_of(user).organisation
            if org == owner_org:
                assert listed and readable and {"summary", "notes"} <= fields, name
                continue
            assert "notes" not in fields, name
            if org is None or org == users["stranger_admin"].membership.organisation:
                assert not (listed or readable or fields), f"{name} sees the case"
                continue
            # the grantee organisation
            expected = consent == "share" and (live_grant or live_share)
            assert listed == expected, (name, consent, grant_spec, share_spec)
            assert readable == expected, (name, consent, grant_spec, share_spec)
            assert ("summary" in fields) == (expected and narrative_allowed), (
                name,
                grant_spec,
                share_spec,
            )
        transaction.set_rollback(True)
