"""GET /api/v1/cases/<reference>/access-log/"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def url(reference: str) -> str:
    return f"/api/v1/cases/{reference}/access-log/"


def test_it_shows_owner_members_who_outside_touched_the_case(
    api, owner_caseworker, stranger_caseworker, case
):
    api.as_user(stranger_caseworker).get(f"/api/v1/cases/{case.reference}/")
    response = api.as_user(owner_caseworker).get(url(case.reference))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["action"], r["outcome"], r["actor_organisation"]) for r in rows] == [
        ("case.read_denied", "denied", "stranger-org")
    ]


def test_it_leaves_out_the_owners_own_work(api, owner_admin, case):
    response = api.as_user(owner_admin).get(url(case.reference))
    assert response.json()["results"] == []


def test_it_gives_outsiders_404(api, stranger_admin, case):
    assert api.as_user(stranger_admin).get(url(case.reference)).status_code == 404


def test_it_gives_coordinators_404(api, network_coordinator, case):
    assert api.as_user(network_coordinator).get(url(case.reference)).status_code == 404
