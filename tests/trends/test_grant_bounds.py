"""Issue 17, part 1: a grant bounds every figure derived from the granter's data exactly as
it bounds the case list. The attack: a partner holding a narrow grant asks the trends API
for the granter's breakdown by dimensions the grant hides, or counts records outside its
filter. Both were answered before; now the first is a 400 naming the dimension and the
second counts only what the case list would show."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sharing_policies.access.cases import visible_cases
from sharing_policies.models import SharingGrant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("exact_publication")]

URL = "/api/v1/trends/"
CSV = "/api/v1/trends.csv"


@pytest.fixture
def grant(owner_org, owner_admin, grantee_org):
    def make(scope="summaries", fields=(), filter_=None) -> SharingGrant:
        today = timezone.localdate()
        return SharingGrant.objects.create(
            granting_organisation=owner_org,
            grantee_organisation=grantee_org,
            scope=scope,
            fields=list(fields),
            filter=filter_ or {},
            valid_from=today,
            valid_until=today + timedelta(days=30),
            approved_by=owner_admin,
        )

    return make


@pytest.fixture
def mixed_cases(add_cases):
    """Forced labour and sexual exploitation, in two regions and two age bands."""
    add_cases(
        6, exploitation_types=["forced_labour"], region="KH-12", age_band="18-20", consent="share"
    )
    add_cases(
        7,
        exploitation_types=["sexual_exploitation"],
        region="KH-3",
        age_band="24-26",
        consent="share",
    )
    add_cases(
        5,
        exploitation_types=["forced_labour"],
        region="KH-3",
        age_band="24-26",
        consent="aggregate",
    )


def _breakdown(api, user, url=URL, **params):
    return api.as_user(user).get(url, {"organisation": "owner-org", **params})


def test_it_refuses_a_dimension_the_grant_hides_and_names_it(
    api, grant, mixed_cases, grantee_caseworker
):
    grant(
        fields=["reported_month", "exploitation_types"],
        filter_={"exploitation_types": ["forced_labour"]},
    )
    res = _breakdown(api, grantee_caseworker, group_by="region,age_band")
    assert res.status_code == 400
    assert "group_by" in res.json()["fields"]
    assert "region" in str(res.json()["fields"]["group_by"]) or "age_band" in str(
        res.json()["fields"]["group_by"]
    )


def test_it_refuses_a_filter_on_a_field_the_grant_hides(
    api, grant, mixed_cases, grantee_caseworker
):
    grant(fields=["reported_month", "exploitation_types"])
    res = _breakdown(api, grantee_caseworker, group_by="month", region="KH-12")
    assert res.status_code == 400
    assert "region" in res.json()["fields"]


def test_it_refuses_the_csv_export_as_the_api(api, grant, mixed_cases, grantee_caseworker):
    grant(fields=["reported_month"])
    res = _breakdown(api, grantee_caseworker, url=CSV, group_by="age_band")
    assert res.status_code == 400


def test_it_counts_only_records_inside_the_grants_filter(
    api, grant, mixed_cases, grantee_caseworker
):
    grant(
        scope="narratives",
        fields=["exploitation_types"],
        filter_={"exploitation_types": ["forced_labour"]},
    )
    table = _breakdown(api, grantee_caseworker, group_by="exploitation_type").json()
    assert {c["exploitation_type"] for c in table["cells"]} == {"forced_labour"}
    # six shared forced-labour cases, five more only consented to be counted
    assert table["totals"]["all"]["count"] == 11


def test_it_allows_the_dimensions_the_grant_shows(api, grant, mixed_cases, grantee_caseworker):
    grant(fields=["region", "reported_month"])
    res = _breakdown(api, grantee_caseworker, group_by="month,region")
    assert res.status_code == 200
    assert res.json()["totals"]["all"]["count"] == 18


def test_it_still_gives_members_their_whole_organisation(api, mixed_cases, owner_caseworker):
    table = _breakdown(api, owner_caseworker, group_by="region,age_band").json()
    assert table["totals"]["all"]["count"] == 18


@pytest.mark.parametrize(
    ("fields", "filter_"),
    [
        ((), {}),
        (("exploitation_types",), {"exploitation_types": ["forced_labour"]}),
        (("region", "exploitation_types"), {"regions": ["KH-3"]}),
        (("exploitation_types",), {"regions": ["KH-12"], "exploitation_types": ["forced_labour"]}),
        (("exploitation_types",), {"reported_from": "2025-04"}),
    ],
)
def test_it_agrees_with_the_case_list_for_each_grant_shape(
    api, grant, add_cases, grantee_caseworker, fields, filter_
):
    """Only ``share`` cases (what the list may show): every counted record is a listed one."""
    add_cases(6, exploitation_types=["forced_labour"], region="KH-12", consent="share")
    add_cases(
        5,
        exploitation_types=["forced_labour"],
        region="KH-3",
        consent="share",
        reported_month=date(2025, 5, 1),
    )
    add_cases(8, exploitation_types=["sexual_exploitation"], region="KH-3", consent="share")
    grant(fields=fields, filter_=filter_)
    listed = visible_cases(grantee_caseworker, scope="shared").count()
    table = _breakdown(api, grantee_caseworker, group_by="exploitation_type").json()
    total = table["totals"]["all"]
    assert total["suppressed"] or total["count"] == listed
