"""visible_cases / row fields / breakdowns: what a grant or share shows."""

from __future__ import annotations

from datetime import date

import pytest

from coord.audit.models import AuditEvent
from coord.cases.models import CaseSummary
from coord.cases.services import case_create
from coord.lib.errors import NotFound
from coord.organisations.models import Role
from coord.organisations.selectors import membership_of
from sharing_policies import services
from sharing_policies.access import cases as policy
from sharing_policies.access.trends import breakdown_for
from sharing_policies.grants import ALL_FIELDS, CATEGORY_FIELDS, META_FIELDS
from tests.factories import OrganisationFactory, member, readable_fields
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db


def shared_refs(user) -> set[str]:
    return set(policy.visible_cases(user, scope="shared").values_list("reference", flat=True))


def test_it_shows_cases_matching_the_grant_filter(make_case, make_grant, grantee_caseworker):
    labour = make_case(exploitation_types=["forced_labour"])
    make_case(exploitation_types=["sexual_exploitation"])
    make_grant(filter={"exploitation_types": ["forced_labour"]})
    assert shared_refs(grantee_caseworker) == {labour.reference}


def test_it_filters_on_regions_and_months(make_case, make_grant, grantee_caseworker):
    inside = make_case(region="KH-12", reported_month=date(2025, 3, 1))
    make_case(region="KH-1", reported_month=date(2025, 3, 1))
    make_case(region="KH-12", reported_month=date(2024, 1, 1))
    make_grant(filter={"regions": ["kh-12"], "reported_from": "2025-01", "reported_to": "2025-06"})
    assert shared_refs(grantee_caseworker) == {inside.reference}


def test_it_never_shows_cases_without_share_consent(make_case, make_grant, grantee_caseworker):
    make_case(consent="aggregate")
    make_case(consent="none")
    make_grant(scope="narratives")
    assert shared_refs(grantee_caseworker) == set()


def test_it_hides_a_case_at_once_when_consent_is_withdrawn(case, make_grant, grantee_caseworker):
    make_grant()
    assert shared_refs(grantee_caseworker) == {case.reference}
    CaseSummary.objects.filter(pk=case.pk).update(consent="aggregate")
    assert shared_refs(grantee_caseworker) == set()


def test_it_does_not_list_cases_for_an_aggregates_grant(case, make_grant, grantee_caseworker):
    make_grant(scope="aggregates")
    assert shared_refs(grantee_caseworker) == set()


def test_it_only_shows_grants_to_the_grantee(case, make_grant, stranger_caseworker):
    make_grant()
    assert shared_refs(stranger_caseworker) == set()


def test_it_says_which_grant_made_a_row_visible(case, make_grant, grantee_caseworker):
    grant = make_grant()
    row = policy.visible_cases(grantee_caseworker, scope="shared").get()
    assert policy.visible_via(row) == {"grant": str(grant.public_id)}


def test_it_says_which_share_made_a_row_visible(case, make_share, grantee_caseworker):
    share = make_share(case)
    row = policy.visible_cases(grantee_caseworker, scope="shared").get()
    assert policy.visible_via(row) == {"share": str(share.public_id)}


def test_it_needs_the_guardian_permission_as_well_as_the_share_row(
    case, make_share, grantee_caseworker
):
    from guardian.shortcuts import remove_perm

    from sharing_policies.services import organisation_group

    share = make_share(case)
    remove_perm("cases.view_shared_case", organisation_group(share.organisation), case)
    assert shared_refs(grantee_caseworker) == set()


def test_it_gives_the_grantee_group_the_object_permission(case, make_share, grantee_caseworker):
    make_share(case)
    assert grantee_caseworker.has_perm("cases.view_shared_case", case)


def test_it_takes_the_object_permission_back_on_revoke(
    case, make_share, owner_admin, grantee_caseworker
):
    share = make_share(case)
    services.share_revoke(actor=owner_admin, share=share)
    fresh = type(grantee_caseworker).objects.get(pk=grantee_caseworker.pk)
    assert not fresh.has_perm("cases.view_shared_case", case)


def test_it_lists_own_and_shared_cases_in_scope_all(
    make_case, make_grant, grantee_org, grantee_caseworker
):
    theirs = make_case()
    mine = make_case(organisation=grantee_org, actor=grantee_caseworker)
    make_grant()
    refs = set(
        policy.visible_cases(grantee_caseworker, scope="all").values_list("reference", flat=True)
    )
    assert refs == {theirs.reference, mine.reference}
    assert set(policy.visible_cases(grantee_caseworker).values_list("reference", flat=True)) == {
        mine.reference
    }


def test_it_gives_only_the_allowed_fields(case, make_grant, grantee_caseworker):
    make_grant(fields=["region", "exploitation_types"])
    row = policy.visible_cases(grantee_caseworker, scope="shared").get()
    assert policy.row_fields(grantee_caseworker, row) == {"region", "exploitation_types"} | set(
        META_FIELDS
    )


def test_it_gives_every_category_field_without_an_allowlist(case, make_grant, grantee_caseworker):
    make_grant()
    fields = readable_fields(grantee_caseworker, case)
    assert set(CATEGORY_FIELDS) <= fields
    assert "summary" not in fields
    assert "notes" not in fields


def test_it_adds_the_summary_for_scope_narratives(case, make_grant, grantee_caseworker):
    make_grant(scope="narratives")
    fields = readable_fields(grantee_caseworker, case)
    assert "summary" in fields
    assert "notes" not in fields


def test_it_never_gives_notes_through_a_share(case, make_share, grantee_caseworker):
    make_share(case, include_narrative=True)
    fields = readable_fields(grantee_caseworker, case)
    assert "summary" in fields
    assert "notes" not in fields


def test_it_gives_owners_every_field(case, owner_caseworker):
    assert readable_fields(owner_caseworker, case) == set(ALL_FIELDS)


def test_it_gives_strangers_no_field(case, make_grant, stranger_admin):
    make_grant(scope="narratives")
    assert readable_fields(stranger_admin, case) == set()


def test_it_cuts_a_list_row_down_to_the_allowed_fields(case, make_grant, grantee_caseworker):
    grant = make_grant(fields=["region"])
    row = policy.visible_cases(grantee_caseworker, scope="shared").get()
    data = {"reference": row.reference, "region": "KH-12", "gender": "female", "notes": "x"}
    assert policy.cut_rows(grantee_caseworker, [(row, data)]) == [
        {
            "reference": row.reference,
            "region": "KH-12",
            "visible_via": {"grant": str(grant.public_id)},
        }
    ]


def test_it_audits_a_read_from_outside_with_the_grant_id(case, make_grant, grantee_caseworker):
    grant = make_grant()
    policy.case_access(grantee_caseworker, case.reference)
    event = AuditEvent.objects.get(action="case.read", actor_username="grantee.caseworker")
    assert event.details == {"grant": str(grant.public_id)}
    assert event.organisation == "owner-org"


def test_it_does_not_audit_owner_reads(case, owner_caseworker):
    policy.case_access(owner_caseworker, case.reference)
    assert not AuditEvent.objects.filter(action="case.read").exists()


def test_it_audits_a_listed_page_from_outside_in_one_event(
    make_case, make_grant, grantee_caseworker
):
    make_case()
    make_case()
    make_grant()
    rows = list(policy.visible_cases(grantee_caseworker, scope="shared"))
    policy.audit_case_reads(grantee_caseworker, rows, listed=True)
    event = AuditEvent.objects.get(action="case.list_read")
    assert sorted(event.details["references"]) == sorted(r.reference for r in rows)
    assert not AuditEvent.objects.filter(action="case.read").exists()


def _grants_from_many_organisations(n: int, grantee_admin) -> None:
    """``n`` partner organisations, each with one shareable case and one live grant to the
    grantee (alternating summaries and narratives)."""
    for i in range(n):
        org = OrganisationFactory(slug=f"partner-{i}")
        admin = member(org, Role.ADMIN, f"partner{i}.admin")
        case_create(
            actor=admin,
            organisation=org,
            data={
                "reported_month": date(2025, 3, 1),
                "region": "KH-12",
                "exploitation_types": ["forced_labour"],
                "consent": "share",
            },
        )
        req = services.access_request_create(
            actor=grantee_admin,
            to_organisation=org,
            scope="narratives" if i % 2 else "summaries",
            valid_until=days(30),
            filter={"exploitation_types": ["forced_labour"], "regions": ["KH-12"]},
        )
        services.access_request_approve(actor=admin, access_request=req)


@pytest.mark.parametrize("grants", [1, 20])
def test_it_lists_shared_cases_in_two_queries_however_many_grants(
    grants,
    grantee_org,
    grantee_admin,
    grantee_caseworker,
    make_case,
    make_share,
    django_assert_max_num_queries,
):
    make_share(make_case())
    _grants_from_many_organisations(grants, grantee_admin)
    membership_of(grantee_caseworker)  # the per-request membership lookup, cached on the user
    with django_assert_max_num_queries(2):
        rows = list(policy.visible_cases(grantee_caseworker, scope="all"))
        fields = [policy.row_fields(grantee_caseworker, row) for row in rows]
    assert len(rows) == grants + 1
    assert [bool(r.via_share) for r in rows].count(True) == 1
    assert all("notes" not in f and "region" in f for f in fields)
    assert sum(1 for r in rows if r.via_grant) == grants


def test_it_gives_the_breakdown_under_a_live_aggregates_grant(
    owner_org, grantee_caseworker, make_grant
):
    make_grant(scope="aggregates")
    breakdown = breakdown_for(grantee_caseworker, "owner-org", dimensions={"month": "group_by"})
    assert breakdown.organisation == owner_org
    assert breakdown.cases is not None  # bounded by the grant


def test_it_refuses_the_breakdown_under_expired_or_revoked_grants(
    owner_admin, grantee_caseworker, make_grant
):
    make_grant(scope="aggregates", until=days(-1))
    services.grant_revoke(actor=owner_admin, grant=make_grant(scope="narratives"))
    with pytest.raises(NotFound):
        breakdown_for(grantee_caseworker, "owner-org", dimensions={"month": "group_by"})


def test_it_refuses_coordinators_any_breakdown(network_coordinator, make_grant):
    make_grant(scope="aggregates")
    with pytest.raises(NotFound):
        breakdown_for(network_coordinator, "owner-org", dimensions={"month": "group_by"})


def test_it_refuses_an_unknown_scope(grantee_caseworker):
    with pytest.raises(ValueError):
        policy.visible_cases(grantee_caseworker, scope="everything")


def test_it_finds_a_read_on_a_partners_list_page_in_each_cases_access_log(
    api, owner_caseworker, grantee_caseworker, make_case, make_grant
):
    """A partner's list page is one ``case.list_read`` event naming every reference shown;
    the owner's log of each case still shows it (through ``AuditEventObject``)."""
    first, second = make_case(), make_case()
    make_grant()
    api.as_user(grantee_caseworker).get("/api/v1/cases/", {"scope": "shared"})
    for case in (first, second):
        log = api.as_user(owner_caseworker).get(f"/api/v1/cases/{case.reference}/access-log/")
        rows = log.json()["results"]
        assert [(r["action"], r["actor_organisation"]) for r in rows] == [
            ("case.list_read", "grantee-org")
        ]
