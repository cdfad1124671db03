"""Mass assignment: a client can never set the owner organisation, created_by, the
reference, a hash, or widen a grant beyond its request on approval. Each attempt is a 400
naming the field, and nothing is written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from coord.cases.models import CaseSummary
from sharing_policies import services as sharing
from sharing_policies.models import SharingGrant

pytestmark = pytest.mark.django_db

CASE = {
    "reported_month": "2025-03",
    "region": "KH-12",
    "exploitation_types": ["forced_labour"],
    "consent": "share",
}
SERVER_SET = {
    "organisation": "stranger-org",
    "owner": "stranger-org",
    "closure_reason": "referred",  # only through POST .../close/ (issue 19)
    "organisation_id": 1,
    "created_by": 1,
    "reference": "AAAAAAAAAAAA",
    "id": 1,
    "hash": "0" * 64,
    "prev_hash": "0" * 64,
    "summary_ct": "v1:forged",
    "created_at": "2020-01-01T00:00:00Z",
}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_it_creates_a_case_from_the_allowed_fields(owner_caseworker, owner_org):
    """The allow side: the same body without server-set fields is accepted."""
    response = _client(owner_caseworker).post("/api/v1/cases/", CASE, format="json")
    assert response.status_code == 201
    case = CaseSummary.objects.get(reference=response.json()["reference"])
    assert case.organisation == owner_org
    assert case.created_by == owner_caseworker


@pytest.mark.parametrize("name", sorted(SERVER_SET))
def test_it_refuses_a_server_set_field_on_create(owner_caseworker, stranger_org, name):
    body = {**CASE, name: SERVER_SET[name]}
    response = _client(owner_caseworker).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400
    assert name in response.json()["fields"]
    assert not CaseSummary.objects.exists()


@pytest.mark.parametrize("name", sorted(SERVER_SET))
def test_it_refuses_a_server_set_field_on_update(world, owner_admin, name):
    case = world.objects["case"]
    url = f"/api/v1/cases/{case.reference}/"
    response = _client(owner_admin).patch(url, {name: SERVER_SET[name]}, format="json")
    assert response.status_code == 400
    assert name in response.json()["fields"]
    fresh = CaseSummary.objects.get(pk=case.pk)
    assert (fresh.reference, fresh.organisation_id, fresh.created_by_id) == (
        case.reference,
        case.organisation_id,
        case.created_by_id,
    )


@pytest.mark.parametrize("name", ["owner", "organisation", "created_by", "public_id", "status"])
def test_it_refuses_a_server_set_field_on_an_observation(owner_caseworker, name):
    body = {
        "period": "2025-10",
        "region": "TH-83",
        "exploitation_types": ["forced_labour"],
        "estimated_count": "10-19",
        "indicator": "surge",
        name: "stranger-org",
    }
    response = _client(owner_caseworker).post("/api/v1/trend-observations/", body, format="json")
    assert response.status_code == 400
    assert name in response.json()["fields"]


@pytest.fixture
def narrow_request(grantee_admin, owner_org):
    return sharing.access_request_create(
        actor=grantee_admin,
        to_organisation=owner_org,
        scope="aggregates",
        fields=["region", "exploitation_types"],
        filter={"regions": ["KH-12"]},
        valid_until=owner_org.created_at.date() + timedelta(days=20),
    )


def _approve(user, access_request, body):
    url = f"/api/v1/access-requests/{access_request.public_id}/approve/"
    return _client(user).post(url, body, format="json")


@pytest.mark.parametrize(
    "body",
    [
        {"scope": "narratives"},
        {"fields": ["region", "exploitation_types", "gender"]},
        {"filter": {"regions": ["KH-12", "TH-10"]}},
        {"filter": {}},
        {"valid_until": "2099-01-01"},
        {"grantee_organisation": "stranger-org"},
        {"granting_organisation": "stranger-org"},
    ],
    ids=[
        "scope",
        "fields",
        "filter-regions",
        "filter-dropped",
        "valid_until",
        "grantee",
        "granting",
    ],
)
def test_it_never_widens_a_grant_on_approval(owner_admin, narrow_request, body):
    response = _approve(owner_admin, narrow_request, body)
    assert response.status_code == 400, response.content
    assert set(body) & set(response.json()["fields"])
    assert not SharingGrant.objects.exists()


def test_it_approves_a_narrower_grant(owner_admin, narrow_request):
    """The allow side: removing a field is a narrower grant, and it is what was approved."""
    response = _approve(owner_admin, narrow_request, {"fields": ["region"]})
    assert response.status_code == 201
    grant = SharingGrant.objects.get()
    assert (grant.scope, grant.fields) == ("aggregates", ["region"])
