"""The issue's "Done when", as a new user would do it through the API with the demo names."""

from __future__ import annotations

from datetime import date

import pytest

from coord.cases.services import case_create
from coord.organisations.models import Role
from tests.factories import OrganisationFactory, member
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db

ALLOWED = ["exploitation_types", "region", "reported_month", "status"]


@pytest.fixture
def demo():
    mekong = OrganisationFactory(slug="mekong-shelter", country="KH")
    border = OrganisationFactory(slug="border-legal-aid", country="TH")
    people = {
        "mekong.admin": member(mekong, Role.ADMIN, "mekong.admin"),
        "mekong.caseworker": member(mekong, Role.CASEWORKER, "mekong.caseworker"),
        "border.admin": member(border, Role.ADMIN, "border.admin"),
        "border.caseworker": member(border, Role.CASEWORKER, "border.caseworker"),
    }

    def case(types, consent="share"):
        return case_create(
            actor=people["mekong.caseworker"],
            organisation=mekong,
            data={
                "reported_month": date(2025, 3, 1),
                "region": "KH-12",
                "gender": "female",
                "exploitation_types": types,
                "consent": consent,
                "summary": "Recruited for factory work across the border.",
                "notes": "Internal follow-up only.",
            },
        )

    cases = {
        "labour": case(["forced_labour"]),
        "labour_private": case(["forced_labour"], consent="aggregate"),
        "sexual": case(["sexual_exploitation"]),
    }
    return people, cases


def test_it_walks_through_request_approve_list_revoke_and_access_log(api, demo):
    people, cases = demo
    labour = cases["labour"]

    # 1. border.admin asks mekong-shelter for summaries of forced-labour cases.
    asked = api.as_user(people["border.admin"]).post(
        "/api/v1/access-requests/",
        {
            "to_organisation": "mekong-shelter",
            "scope": "summaries",
            "fields": ALLOWED,
            "filter": {"exploitation_types": ["forced_labour"]},
            "purpose": "Prepare legal aid for returning factory workers.",
            "valid_until": str(days(90)),
        },
        format="json",
    )
    assert asked.status_code == 201, asked.json()

    # 2. mekong.admin sees it and approves with a narrower end date.
    incoming = api.as_user(people["mekong.admin"]).get(
        "/api/v1/access-requests/", {"direction": "incoming", "status": "pending"}
    )
    assert [r["id"] for r in incoming.json()["results"]] == [asked.json()["id"]]
    approved = api.as_user(people["mekong.admin"]).post(
        f"/api/v1/access-requests/{asked.json()['id']}/approve/",
        {"valid_until": str(days(30))},
        format="json",
    )
    assert approved.status_code == 201, approved.json()
    grant = approved.json()
    assert grant["valid_until"] == str(days(30))

    # 3. border.caseworker lists them: only matching shareable cases, only allowed fields.
    listed = api.as_user(people["border.caseworker"]).get("/api/v1/cases/", {"scope": "shared"})
    assert listed.status_code == 200, listed.json()
    rows = listed.json()["results"]
    assert [row["reference"] for row in rows] == [labour.reference]
    row = rows[0]
    assert row["visible_via"] == {"grant": grant["id"]}
    assert "summary" not in row
    assert "notes" not in row
    assert "gender" not in row
    assert set(ALLOWED) <= set(row)
    detail = api.as_user(people["border.caseworker"]).get(f"/api/v1/cases/{labour.reference}/")
    assert detail.status_code == 200
    assert "summary" not in detail.json()
    assert "notes" not in detail.json()
    assert "gender" not in detail.json()

    # 4. mekong.admin revokes; the next request for the same case is a 404.
    revoked = api.as_user(people["mekong.admin"]).post(
        f"/api/v1/grants/{grant['id']}/revoke/", {}, format="json"
    )
    assert revoked.status_code == 200
    gone = api.as_user(people["border.caseworker"]).get(f"/api/v1/cases/{labour.reference}/")
    assert gone.status_code == 404
    assert (
        api.as_user(people["border.caseworker"])
        .get("/api/v1/cases/", {"scope": "shared"})
        .json()["results"]
        == []
    )

    # 5. mekong.admin sees every one of those reads in the case's access log.
    log = api.as_user(people["mekong.admin"]).get(f"/api/v1/cases/{labour.reference}/access-log/")
    assert log.status_code == 200
    by_border = [
        (event["action"], event["outcome"])
        for event in log.json()["results"]
        if event["actor_username"] == "border.caseworker"
    ]
    assert sorted(by_border) == sorted(
        [("case.list_read", "allowed"), ("case.read", "allowed"), ("case.read_denied", "denied")]
    )
