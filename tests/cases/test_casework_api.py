"""Case work over the API (issue 19): ownership, "My cases", reassignment and the status
workflow, each rule both ways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from coord.audit.models import AuditEvent
from coord.cases.models import CaseSummary
from sharing_policies import services as sharing
from sharing_policies.models import Notification
from tests.factories import member

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cases/"


def url(reference: str, action: str = "") -> str:
    return f"/api/v1/cases/{reference}/" + (f"{action}/" if action else "")


def refs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["reference"] for row in response.json()["results"]}


def close(case: CaseSummary, actor, reason: str = "goals_met") -> None:
    from coord.cases.services import case_transition

    case_transition(actor=actor, case=case, action="close", closure_reason=reason)


@pytest.fixture
def shared_case(make_case, owner_admin, grantee_org):
    """A case with consent to share, shared with the grantee organisation for 30 days."""
    case = make_case(consent="share")
    sharing.share_create(
        actor=owner_admin,
        case=case,
        organisation=grantee_org,
        valid_until=timezone.localdate() + timedelta(days=30),
        include_narrative=False,
    )
    return case


# --- ownership ----------------------------------------------------------------------------


def test_it_makes_the_creator_the_owner(api, owner_caseworker, payload):
    response = api.as_user(owner_caseworker).post(LIST, payload, format="json")
    assert response.status_code == 201
    assert response.json()["owner"] == owner_caseworker.username
    case = CaseSummary.objects.get(reference=response.json()["reference"])
    assert case.owner == owner_caseworker


def test_it_starts_a_new_case_open_unless_told_active(api, owner_caseworker, payload):
    payload.pop("status")
    body = api.as_user(owner_caseworker).post(LIST, payload, format="json").json()
    assert body["status"] == "open"
    assert body["closure_reason"] == ""


def test_it_refuses_to_create_a_closed_case(api, owner_caseworker, payload):
    payload["status"] = "closed"
    response = api.as_user(owner_caseworker).post(LIST, payload, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["fields"]


def test_it_lists_my_cases_with_owner_me(api, owner_caseworker, owner_admin, make_case):
    mine = make_case()
    make_case(actor=owner_admin)
    assert refs(api.as_user(owner_caseworker).get(LIST, {"owner": "me"})) == {mine.reference}


def test_it_leaves_closed_cases_out_of_my_cases(api, owner_caseworker, make_case):
    working = make_case()
    closed = make_case()
    close(closed, owner_caseworker)
    client = api.as_user(owner_caseworker)
    assert refs(client.get(LIST, {"owner": "me"})) == {working.reference}
    assert refs(client.get(LIST, {"owner": "me", "status": "closed"})) == {closed.reference}
    assert refs(client.get(LIST)) == {working.reference, closed.reference}


def test_it_lists_one_caseworkers_caseload_by_username(
    api, owner_admin, owner_caseworker, make_case
):
    theirs = make_case()
    make_case(actor=owner_admin)
    params = {"owner": owner_caseworker.username}
    assert refs(api.as_user(owner_admin).get(LIST, params)) == {theirs.reference}


def test_it_lists_unassigned_cases_with_owner_none(api, owner_caseworker, make_case):
    unassigned = make_case()
    make_case()
    CaseSummary.objects.filter(pk=unassigned.pk).update(owner=None)
    assert refs(api.as_user(owner_caseworker).get(LIST, {"owner": "none"})) == {
        unassigned.reference
    }


@pytest.mark.parametrize("scope", ["shared", "all"])
def test_it_refuses_an_owner_filter_on_shared_cases(api, grantee_caseworker, scope):
    response = api.as_user(grantee_caseworker).get(LIST, {"scope": scope, "owner": "me"})
    assert response.status_code == 400
    assert "owner" in response.json()["fields"]


def test_it_never_shows_a_partner_who_owns_a_shared_case(api, grantee_caseworker, shared_case):
    client = api.as_user(grantee_caseworker)
    detail = client.get(url(shared_case.reference)).json()
    assert "owner" not in detail
    assert "closure_reason" not in detail
    row = client.get(LIST, {"scope": "shared"}).json()["results"][0]
    assert "owner" not in row
    assert "closure_reason" not in row


def test_it_shows_the_owner_inside_the_organisation(api, owner_admin, case, owner_caseworker):
    body = api.as_user(owner_admin).get(url(case.reference)).json()
    assert body["owner"] == owner_caseworker.username


# --- reassignment -------------------------------------------------------------------------


def test_it_lets_an_admin_reassign_a_case(api, owner_admin, owner_org, case):
    colleague = member(owner_org, "caseworker", "colleague.cw")
    response = api.as_user(owner_admin).post(
        url(case.reference, "assign"), {"owner": "colleague.cw"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["owner"] == "colleague.cw"
    case.refresh_from_db()
    assert case.owner == colleague


def test_it_audits_a_reassignment_by_user_ids(api, owner_admin, owner_org, case, owner_caseworker):
    colleague = member(owner_org, "caseworker", "colleague.cw")
    api.as_user(owner_admin).post(
        url(case.reference, "assign"), {"owner": "colleague.cw"}, format="json"
    )
    event = AuditEvent.objects.get(action="case.assign")
    assert event.object_id == case.reference
    assert event.details == {"from": owner_caseworker.pk, "to": colleague.pk}


def test_it_notifies_the_new_owner_only(api, owner_admin, owner_org, case, owner_caseworker):
    colleague = member(owner_org, "caseworker", "colleague.cw")
    api.as_user(owner_admin).post(
        url(case.reference, "assign"), {"owner": "colleague.cw"}, format="json"
    )
    notes = Notification.objects.filter(kind="case_assigned")
    assert [(n.recipient_user_id, n.object_id) for n in notes] == [(colleague.pk, case.reference)]


def test_it_refuses_reassignment_by_a_caseworker_with_403(api, owner_caseworker, owner_org, case):
    member(owner_org, "caseworker", "colleague.cw")
    response = api.as_user(owner_caseworker).post(
        url(case.reference, "assign"), {"owner": "colleague.cw"}, format="json"
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.owner == owner_caseworker
    assert AuditEvent.objects.filter(action="case.assign_denied", outcome="denied").exists()


def test_it_gives_an_admin_of_another_organisation_404_on_reassign(
    api, stranger_admin, stranger_org, case, owner_caseworker
):
    response = api.as_user(stranger_admin).post(
        url(case.reference, "assign"), {"owner": stranger_admin.username}, format="json"
    )
    assert response.status_code == 404
    assert (
        response.json()
        == api.as_user(stranger_admin)
        .post(url("C-0000000000", "assign"), {"owner": "x"}, format="json")
        .json()
    )
    case.refresh_from_db()
    assert case.owner == owner_caseworker


@pytest.mark.parametrize("who", ["stranger", "deactivated", "unknown"])
def test_it_refuses_an_owner_outside_the_active_members(
    api, owner_admin, owner_org, stranger_caseworker, case, who
):
    username = {
        "stranger": stranger_caseworker.username,
        "deactivated": "gone.cw",
        "unknown": "nobody.here",
    }[who]
    gone = member(owner_org, "caseworker", "gone.cw")
    gone.is_active = False
    gone.save()
    response = api.as_user(owner_admin).post(
        url(case.reference, "assign"), {"owner": username}, format="json"
    )
    assert response.status_code == 400
    assert "owner" in response.json()["fields"]
    assert not AuditEvent.objects.filter(action="case.assign").exists()


def test_it_answers_409_when_the_owner_would_not_change(api, owner_admin, case, owner_caseworker):
    response = api.as_user(owner_admin).post(
        url(case.reference, "assign"), {"owner": owner_caseworker.username}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already_owner"


# --- the status workflow --------------------------------------------------------------------


def test_it_walks_a_case_through_the_whole_workflow(api, owner_caseworker, case):
    client = api.as_user(owner_caseworker)
    assert client.post(url(case.reference, "activate"), format="json").json()["status"] == "active"
    closed = client.post(
        url(case.reference, "close"), {"closure_reason": "referred"}, format="json"
    )
    assert (closed.json()["status"], closed.json()["closure_reason"]) == ("closed", "referred")
    reopened = client.post(url(case.reference, "reopen"), format="json").json()
    assert (reopened["status"], reopened["closure_reason"]) == ("reopened", "")
    assert client.post(url(case.reference, "activate"), format="json").json()["status"] == "active"


def test_it_audits_each_transition_with_both_statuses(api, owner_caseworker, case):
    client = api.as_user(owner_caseworker)
    client.post(url(case.reference, "close"), {"closure_reason": "lost_contact"}, format="json")
    client.post(url(case.reference, "reopen"), format="json")
    events = AuditEvent.objects.filter(action__in=["case.close", "case.reopen"]).order_by("seq")
    assert [e.details for e in events] == [
        {"from": "open", "to": "closed", "closure_reason": "lost_contact"},
        {"from": "closed", "to": "reopened"},
    ]


@pytest.mark.parametrize(
    ("start", "action", "code"),
    [
        ("active", "activate", "case_already_active"),
        ("closed", "activate", "case_closed"),
        ("closed", "close", "case_already_closed"),
        ("open", "reopen", "case_not_closed"),
        ("active", "reopen", "case_not_closed"),
    ],
)
def test_it_refuses_an_impossible_transition_with_409_and_a_code(
    api, owner_caseworker, case, start, action, code
):
    CaseSummary.objects.filter(pk=case.pk).update(
        status=start, closure_reason="other" if start == "closed" else ""
    )
    body = {"closure_reason": "goals_met"} if action == "close" else {}
    response = api.as_user(owner_caseworker).post(url(case.reference, action), body, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == code
    case.refresh_from_db()
    assert case.status == start


@pytest.mark.parametrize("body", [{}, {"closure_reason": "because-xyz"}])
def test_it_refuses_to_close_without_a_listed_reason(api, owner_caseworker, case, body):
    response = api.as_user(owner_caseworker).post(url(case.reference, "close"), body, format="json")
    assert response.status_code == 400
    assert "closure_reason" in response.json()["fields"]
    assert "because-xyz" not in response.content.decode()
    case.refresh_from_db()
    assert case.status == "open"


def test_it_refuses_a_status_change_by_patch(api, owner_caseworker, case):
    response = api.as_user(owner_caseworker).patch(
        url(case.reference), {"status": "closed"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"]["status"][0]["code"] == "use_status_actions"
    case.refresh_from_db()
    assert case.status == "open"


def test_it_gives_an_outsider_404_on_a_transition(api, stranger_caseworker, case):
    response = api.as_user(stranger_caseworker).post(
        url(case.reference, "close"), {"closure_reason": "other"}, format="json"
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == "open"


def test_it_refuses_a_partner_a_transition_on_a_shared_case(api, grantee_caseworker, shared_case):
    response = api.as_user(grantee_caseworker).post(
        url(shared_case.reference, "activate"), format="json"
    )
    assert response.status_code == 403
    shared_case.refresh_from_db()
    assert shared_case.status == "open"


def test_it_keeps_the_shares_of_a_closed_case_working(
    api, owner_caseworker, grantee_caseworker, shared_case
):
    close(shared_case, owner_caseworker)
    response = api.as_user(grantee_caseworker).get(url(shared_case.reference))
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
