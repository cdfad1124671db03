"""/api/v1/access-requests/: asking, listing, approving (never wider), denying, withdrawing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.audit.models import AuditEvent
from sharing_policies.models import AccessRequest, Notification, RequestStatus, SharingGrant
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db

URL = "/api/v1/access-requests/"


def body(**overrides) -> dict:
    data = {
        "to_organisation": "owner-org",
        "scope": "summaries",
        "fields": ["region", "exploitation_types", "reported_month"],
        "filter": {"exploitation_types": ["forced_labour"], "regions": ["KH-12"]},
        "purpose": "Plan legal aid for returnees from factory work.",
        "valid_until": str(days(60)),
    }
    data.update(overrides)
    return data


@pytest.fixture
def asked(api, owner_org, grantee_admin):
    response = api.as_user(grantee_admin).post(URL, body(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def approve(api, user, request_id, **data):
    return api.as_user(user).post(f"{URL}{request_id}/approve/", data, format="json")


# --- create ---------------------------------------------------------------------------


def test_it_creates_a_request_and_audits_it(api, owner_org, grantee_admin):
    response = api.as_user(grantee_admin).post(URL, body(), format="json")
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "pending"
    assert data["from_organisation"] == "grantee-org"
    assert data["purpose"] == "Plan legal aid for returnees from factory work."
    assert AuditEvent.objects.filter(action="access_request.create", object_id=data["id"]).exists()


def test_it_stores_the_purpose_encrypted(asked):
    stored = AccessRequest.objects.get(public_id=asked["id"])
    assert stored.purpose_ct.startswith("v1.")
    assert "legal aid" not in stored.purpose_ct


def test_it_uses_an_opaque_public_id(asked):
    assert len(asked["id"]) == 36
    assert str(AccessRequest.objects.get(public_id=asked["id"]).pk) != asked["id"]


def test_it_notifies_the_receiving_admins(owner_admin, owner_caseworker, asked, api):
    admin_kinds = [
        n["kind"] for n in api.as_user(owner_admin).get("/api/v1/notifications/").json()["results"]
    ]
    cw_kinds = [
        n["kind"]
        for n in api.as_user(owner_caseworker).get("/api/v1/notifications/").json()["results"]
    ]
    assert "request_received" in admin_kinds
    assert "request_received" not in cw_kinds


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"valid_until": None}, "valid_until"),
        ({"valid_until": str(days(0))}, "valid_until"),
        ({"valid_until": str(days(-3))}, "valid_until"),
        ({"valid_until": str(days(181))}, "valid_until"),
        ({"to_organisation": "grantee-org"}, "to_organisation"),
        ({"to_organisation": "no-such-org"}, "to_organisation"),
        ({"scope": "everything"}, "scope"),
        ({"fields": ["notes"]}, "fields"),
        ({"fields": ["summary"]}, "fields"),
        ({"filter": {"regions": ["nowhere"]}}, "filter"),
        ({"filter": {"colour": ["red"]}}, "filter"),
        ({"filter": {"reported_from": "2025-03-04"}}, "filter"),
        ({"filter": {"reported_from": "2025-06", "reported_to": "2025-01"}}, "filter"),
        ({"purpose": "Call the victim at +855 12 345 678 or jane@example.org"}, "purpose"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_it_refuses_bad_input_field_by_field(api, owner_org, grantee_admin, overrides, field):
    data = body(**overrides)
    if data.get("valid_until") is None:
        del data["valid_until"]
    response = api.as_user(grantee_admin).post(URL, data, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not AccessRequest.objects.exists()


def test_it_never_echoes_the_pii_it_refuses(api, owner_org, grantee_admin):
    response = api.as_user(grantee_admin).post(
        URL, body(purpose="Write to jane.doe@example.org please"), format="json"
    )
    assert response.status_code == 400
    assert "jane.doe" not in response.content.decode()


def test_it_honours_the_max_grant_days_setting(api, owner_org, grantee_admin, settings):
    settings.COORD_MAX_GRANT_DAYS = 10
    response = api.as_user(grantee_admin).post(URL, body(valid_until=str(days(11))), format="json")
    assert response.status_code == 400
    assert (
        api.as_user(grantee_admin)
        .post(URL, body(valid_until=str(days(10))), format="json")
        .status_code
        == 201
    )


def test_it_refuses_a_duplicate_pending_request(api, asked, grantee_admin):
    response = api.as_user(grantee_admin).post(URL, body(), format="json")
    assert response.status_code == 409
    assert AccessRequest.objects.count() == 1


def test_it_allows_a_new_request_once_the_first_is_withdrawn(api, asked, grantee_admin):
    api.as_user(grantee_admin).post(f"{URL}{asked['id']}/withdraw/", {}, format="json")
    assert api.as_user(grantee_admin).post(URL, body(), format="json").status_code == 201


def test_it_refuses_caseworkers_and_coordinators(
    api, owner_org, grantee_caseworker, network_coordinator
):
    for user in (grantee_caseworker, network_coordinator):
        assert api.as_user(user).post(URL, body(), format="json").status_code == 403
        assert api.as_user(user).get(URL).status_code == 403
    assert (
        AuditEvent.objects.filter(action="access_request.create_denied", outcome="denied").count()
        == 2
    )


@settings(
    max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(offset=st.integers(min_value=-400, max_value=400))
def test_it_accepts_exactly_the_end_dates_in_the_window(api, owner_org, grantee_admin, offset):
    AccessRequest.objects.all().delete()
    response = api.as_user(grantee_admin).post(
        URL, body(valid_until=str(days(offset))), format="json"
    )
    expected = 201 if 1 <= offset <= 180 else 400
    assert response.status_code == expected


# --- list -----------------------------------------------------------------------------


def test_it_lists_incoming_and_outgoing(api, asked, owner_admin, grantee_admin):
    incoming = api.as_user(owner_admin).get(URL, {"direction": "incoming"}).json()["results"]
    outgoing = api.as_user(owner_admin).get(URL, {"direction": "outgoing"}).json()["results"]
    assert [r["id"] for r in incoming] == [asked["id"]]
    assert outgoing == []
    mine = api.as_user(grantee_admin).get(URL, {"direction": "outgoing"}).json()["results"]
    assert [r["id"] for r in mine] == [asked["id"]]


def test_it_filters_the_list_by_status(api, asked, owner_admin):
    assert api.as_user(owner_admin).get(URL, {"status": "pending"}).json()["count"] == 1
    assert api.as_user(owner_admin).get(URL, {"status": "approved"}).json()["count"] == 0


def test_it_refuses_an_unknown_direction_or_status(api, owner_admin):
    assert api.as_user(owner_admin).get(URL, {"direction": "sideways"}).status_code == 400
    assert api.as_user(owner_admin).get(URL, {"status": "maybe"}).status_code == 400


def test_it_hides_requests_from_other_organisations(api, asked, stranger_admin):
    assert api.as_user(stranger_admin).get(URL).json()["count"] == 0


# --- approve --------------------------------------------------------------------------


def test_it_approves_as_asked(api, asked, owner_admin):
    response = approve(api, owner_admin, asked["id"])
    assert response.status_code == 201
    grant = response.json()
    assert grant["fields"] == asked["fields"]
    assert grant["filter"] == asked["filter"]
    assert grant["valid_until"] == asked["valid_until"]
    assert grant["state"] == "live"
    assert AccessRequest.objects.get(public_id=asked["id"]).status == RequestStatus.APPROVED
    assert AuditEvent.objects.filter(action="grant.approve", object_id=grant["id"]).exists()
    assert Notification.objects.filter(kind="request_approved").exists()


def test_it_approves_narrower(api, asked, owner_admin):
    end = str(days(20))
    response = approve(
        api,
        owner_admin,
        asked["id"],
        fields=["region"],
        filter={
            "exploitation_types": ["forced_labour"],
            "regions": ["KH-12"],
            "reported_from": "2025-01",
        },
        valid_until=end,
    )
    assert response.status_code == 201
    grant = SharingGrant.objects.get(public_id=response.json()["id"])
    assert grant.fields == ["region"]
    assert grant.valid_until.isoformat() == end
    assert grant.filter["reported_from"] == "2025-01"


@pytest.mark.parametrize(
    ("widening", "field"),
    [
        ({"fields": ["region", "gender"]}, "fields"),
        (
            {
                "filter": {
                    "exploitation_types": ["forced_labour", "child_labour"],
                    "regions": ["KH-12"],
                }
            },
            "filter",
        ),
        ({"filter": {"exploitation_types": ["forced_labour"]}}, "filter"),  # regions dropped = all
        ({"filter": {"regions": ["KH-12"]}}, "filter"),  # types dropped = all
        ({"valid_until": str(days(61))}, "valid_until"),
    ],
)
def test_it_refuses_an_approval_that_widens(api, asked, owner_admin, widening, field):
    response = approve(api, owner_admin, asked["id"], **widening)
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not SharingGrant.objects.exists()
    assert AccessRequest.objects.get(public_id=asked["id"]).status == RequestStatus.PENDING


def test_it_refuses_widening_a_month_range(api, owner_admin, grantee_admin):
    created = (
        api.as_user(grantee_admin)
        .post(
            URL, body(filter={"reported_from": "2025-01", "reported_to": "2025-06"}), format="json"
        )
        .json()
    )
    assert (
        approve(
            api,
            owner_admin,
            created["id"],
            filter={"reported_from": "2024-12", "reported_to": "2025-06"},
        ).status_code
        == 400
    )
    assert (
        approve(
            api,
            owner_admin,
            created["id"],
            filter={"reported_from": "2025-01", "reported_to": "2025-07"},
        ).status_code
        == 400
    )
    assert (
        approve(
            api,
            owner_admin,
            created["id"],
            filter={"reported_from": "2025-02", "reported_to": "2025-05"},
        ).status_code
        == 201
    )


def test_it_refuses_to_approve_twice(api, asked, owner_admin):
    assert approve(api, owner_admin, asked["id"]).status_code == 201
    assert approve(api, owner_admin, asked["id"]).status_code == 409
    assert SharingGrant.objects.count() == 1


def test_it_lets_only_the_receiving_admin_approve(
    api, asked, grantee_admin, owner_caseworker, stranger_admin
):
    assert approve(api, grantee_admin, asked["id"]).status_code == 403
    assert approve(api, owner_caseworker, asked["id"]).status_code == 404
    assert approve(api, stranger_admin, asked["id"]).status_code == 404
    assert (
        AuditEvent.objects.filter(action="access_request.approve_denied", outcome="denied").count()
        == 3
    )


def test_it_answers_404_for_unknown_and_malformed_ids(api, owner_admin):
    assert approve(api, owner_admin, "00000000-0000-0000-0000-000000000000").status_code == 404
    assert approve(api, owner_admin, "not-a-uuid").status_code == 404


# --- deny and withdraw ----------------------------------------------------------------


def test_it_denies_with_a_reason(api, asked, owner_admin):
    response = api.as_user(owner_admin).post(
        f"{URL}{asked['id']}/deny/", {"reason": "Outside our mandate."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "denied"
    assert response.json()["deny_reason"] == "Outside our mandate."
    assert AuditEvent.objects.filter(action="grant.deny", object_id=asked["id"]).exists()


def test_it_denies_without_a_reason(api, asked, owner_admin):
    response = api.as_user(owner_admin).post(f"{URL}{asked['id']}/deny/", {}, format="json")
    assert response.status_code == 200


def test_it_refuses_a_deny_reason_with_pii(api, asked, owner_admin):
    response = api.as_user(owner_admin).post(
        f"{URL}{asked['id']}/deny/", {"reason": "ask jane@example.org"}, format="json"
    )
    assert response.status_code == 400
    assert AccessRequest.objects.get(public_id=asked["id"]).status == RequestStatus.PENDING


def test_it_lets_the_requester_withdraw(api, asked, grantee_admin):
    response = api.as_user(grantee_admin).post(f"{URL}{asked['id']}/withdraw/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert AuditEvent.objects.filter(action="access_request.withdraw").exists()


def test_it_refuses_a_withdrawal_by_the_receiver(api, asked, owner_admin):
    assert (
        api.as_user(owner_admin)
        .post(f"{URL}{asked['id']}/withdraw/", {}, format="json")
        .status_code
        == 403
    )


def test_it_refuses_to_withdraw_a_decided_request(api, asked, owner_admin, grantee_admin):
    approve(api, owner_admin, asked["id"])
    assert (
        api.as_user(grantee_admin)
        .post(f"{URL}{asked['id']}/withdraw/", {}, format="json")
        .status_code
        == 409
    )
