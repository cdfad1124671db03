"""The authorization matrix: role x organisation x sharing state x action -> outcome.

Each cell is one test. The case is owned by ``owner-org`` (created by its admin, consent
``share``); "grantee" is the partner the state is about; "stranger" has nothing.

Outcomes: ``ok`` (allowed, 2xx), ``400``/``403``/``404``/``409`` (the HTTP answer),
``hidden`` (not in the user's case list), ``no`` (the case is readable but the field is
left out), ``-`` (nothing to act on in that state).

Actions:
  list      the case is in ``visible_cases(user, scope="all")`` (coordinators: 403)
  read      GET /api/v1/cases/<ref>/
  narr      the decrypted ``summary`` is in that response
  notes     ``notes`` is in that response
  update    PATCH /api/v1/cases/<ref>/
  delete    DELETE /api/v1/cases/<ref>/
  share     POST /api/v1/cases/<ref>/shares/ (with stranger-org)
  request   POST /api/v1/access-requests/ to owner-org, scope summaries
  approve   POST /api/v1/access-requests/<the state's request>/approve/
  revoke    POST /api/v1/grants/<the state's grant>/revoke/, or for the ``share`` state
            DELETE /api/v1/cases/<ref>/shares/<the share>/
"""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from coord.cases.models import CaseSummary
from coord.lib.errors import Forbidden
from sharing_policies.access import cases as policy
from tests.sharing_policies.conftest import days

ACTIONS = (
    "list",
    "read",
    "narr",
    "notes",
    "update",
    "delete",
    "share",
    "request",
    "approve",
    "revoke",
)
ACTORS = (
    "owner_caseworker",
    "owner_admin",
    "grantee_caseworker",
    "grantee_admin",
    "stranger_caseworker",
    "stranger_admin",
    "network_coordinator",
)

# Rows repeated in many states.
OWNER_CW = "ok     ok  ok  ok    ok   403  ok   403"
OWNER_AD = "ok     ok  ok  ok    ok   ok   ok   400"
OUTSIDER_CW = "hidden 404 404 404   404  404  404  403"
OUTSIDER_AD = "hidden 404 404 404   404  404  404  ok"
COORD = "403    404 404 404   404  404  404  403"
SUMMARIES = "ok     ok  no  no    403  403  403"
NARRATIVES = "ok     ok  ok  no    403  403  403"

#            list   read narr notes update delete share request | approve revoke
MATRIX: dict[str, dict[str, str]] = {
    "none": {
        "owner_caseworker": f"{OWNER_CW}  -   -",
        "owner_admin": f"{OWNER_AD}  -   -",
        "grantee_caseworker": f"{OUTSIDER_CW}  -   -",
        "grantee_admin": f"{OUTSIDER_AD}  -   -",
        "stranger_caseworker": f"{OUTSIDER_CW}  -   -",
        "stranger_admin": f"{OUTSIDER_AD}  -   -",
        "network_coordinator": f"{COORD}  -   -",
    },
    "pending": {
        "owner_caseworker": f"{OWNER_CW}  404 -",
        "owner_admin": f"{OWNER_AD}  ok  -",
        "grantee_caseworker": f"{OUTSIDER_CW}  404 -",
        "grantee_admin": "hidden 404 404 404 404 404 404 409  403 -",
        "stranger_caseworker": f"{OUTSIDER_CW}  404 -",
        "stranger_admin": f"{OUTSIDER_AD}  404 -",
        "network_coordinator": f"{COORD}  404 -",
    },
    "grant_aggregates": {
        "owner_caseworker": f"{OWNER_CW}  404 403",
        "owner_admin": f"{OWNER_AD}  409 ok",
        "grantee_caseworker": f"{OUTSIDER_CW}  404 403",
        "grantee_admin": f"{OUTSIDER_AD}  403 403",
        "stranger_caseworker": f"{OUTSIDER_CW}  404 404",
        "stranger_admin": f"{OUTSIDER_AD}  404 404",
        "network_coordinator": f"{COORD}  404 404",
    },
    "grant_summaries": {
        "owner_caseworker": f"{OWNER_CW}  404 403",
        "owner_admin": f"{OWNER_AD}  409 ok",
        "grantee_caseworker": f"{SUMMARIES} 403  404 403",
        "grantee_admin": f"{SUMMARIES} ok   403 403",
        "stranger_caseworker": f"{OUTSIDER_CW}  404 404",
        "stranger_admin": f"{OUTSIDER_AD}  404 404",
        "network_coordinator": f"{COORD}  404 404",
    },
    "grant_narratives": {
        "owner_caseworker": f"{OWNER_CW}  404 403",
        "owner_admin": f"{OWNER_AD}  409 ok",
        "grantee_caseworker": f"{NARRATIVES} 403  404 403",
        "grantee_admin": f"{NARRATIVES} ok   403 403",
        "stranger_caseworker": f"{OUTSIDER_CW}  404 404",
        "stranger_admin": f"{OUTSIDER_AD}  404 404",
        "network_coordinator": f"{COORD}  404 404",
    },
    # A narratives grant whose end date passed yesterday; the beat task has NOT run.
    "expired": {
        "owner_caseworker": f"{OWNER_CW}  404 403",
        "owner_admin": f"{OWNER_AD}  409 ok",
        "grantee_caseworker": f"{OUTSIDER_CW}  404 403",
        "grantee_admin": f"{OUTSIDER_AD}  403 403",
        "stranger_caseworker": f"{OUTSIDER_CW}  404 404",
        "stranger_admin": f"{OUTSIDER_AD}  404 404",
        "network_coordinator": f"{COORD}  404 404",
    },
    "revoked": {
        "owner_caseworker": f"{OWNER_CW}  404 403",
        "owner_admin": f"{OWNER_AD}  409 409",
        "grantee_caseworker": f"{OUTSIDER_CW}  404 403",
        "grantee_admin": f"{OUTSIDER_AD}  403 403",
        "stranger_caseworker": f"{OUTSIDER_CW}  404 404",
        "stranger_admin": f"{OUTSIDER_AD}  404 404",
        "network_coordinator": f"{COORD}  404 404",
    },
    # A single-case share to the grantee with the narrative; no request or grant.
    "share": {
        "owner_caseworker": f"{OWNER_CW}  -   ok",
        "owner_admin": f"{OWNER_AD}  -   ok",
        "grantee_caseworker": f"{NARRATIVES} 403  -   403",
        "grantee_admin": f"{NARRATIVES} ok   -   403",
        "stranger_caseworker": f"{OUTSIDER_CW}  -   404",
        "stranger_admin": f"{OUTSIDER_AD}  -   404",
        "network_coordinator": f"{COORD}  -   404",
    },
    # A live narratives grant and a live share, then consent moved to ``aggregate``.
    "consent_withdrawn": {
        "owner_caseworker": "ok ok ok ok ok 403 400 403  404 403",
        "owner_admin": "ok ok ok ok ok ok  400 400  409 ok",
        "grantee_caseworker": f"{OUTSIDER_CW}  404 403",
        "grantee_admin": f"{OUTSIDER_AD}  403 403",
        "stranger_caseworker": f"{OUTSIDER_CW}  404 404",
        "stranger_admin": f"{OUTSIDER_AD}  404 404",
        "network_coordinator": f"{COORD}  404 404",
    },
}


def _cells():
    for state, rows in MATRIX.items():
        assert set(rows) == set(ACTORS), state
        for actor, row in rows.items():
            outcomes = row.split()
            assert len(outcomes) == len(ACTIONS), (state, actor, outcomes)
            for action, expected in zip(ACTIONS, outcomes, strict=True):
                yield pytest.param(state, actor, action, expected, id=f"{state}-{actor}-{action}")


@pytest.fixture
def world(
    request,
    case,
    make_request,
    make_grant,
    make_share,
    owner_caseworker,
    owner_admin,
    grantee_caseworker,
    grantee_admin,
    stranger_caseworker,
    stranger_admin,
    network_coordinator,
):
    """Build one sharing state around ``case``; returns what the actions act on."""
    state = request.param
    objects = {"case": case, "request": None, "grant": None, "share": None}
    if state == "pending":
        objects["request"] = make_request()
    elif state.startswith("grant_"):
        objects["grant"] = make_grant(scope=state.removeprefix("grant_"))
    elif state == "expired":
        objects["grant"] = make_grant(scope="narratives", until=days(-1))
    elif state == "revoked":
        from sharing_policies.services import grant_revoke

        objects["grant"] = grant_revoke(actor=owner_admin, grant=make_grant(scope="narratives"))
    elif state == "share":
        objects["share"] = make_share(case, include_narrative=True)
    elif state == "consent_withdrawn":
        objects["grant"] = make_grant(scope="narratives")
        objects["share"] = make_share(case, include_narrative=True)
        CaseSummary.objects.filter(pk=case.pk).update(consent="aggregate")
    if objects["grant"] is not None:
        objects["request"] = objects["grant"].request
    return objects


def _status(response) -> str:
    return "ok" if 200 <= response.status_code < 300 else str(response.status_code)


def act(api, user, action: str, world) -> str:
    case = world["case"]
    url = f"/api/v1/cases/{case.reference}/"
    client = api.as_user(user)
    if action == "list":
        try:
            policy.require_case_member(user)
        except Forbidden:
            return "403"
        return (
            "ok"
            if policy.visible_cases(user, scope="all").filter(pk=case.pk).exists()
            else ("hidden")
        )
    if action in {"read", "narr", "notes"}:
        response = client.get(url)
        if response.status_code != 200:
            return _status(response)
        field = {"read": "reference", "narr": "summary", "notes": "notes"}[action]
        return "ok" if response.json().get(field) not in (None, "") else "no"
    if action == "update":
        return _status(client.patch(url, {"age_band": "21-23"}, format="json"))
    if action == "delete":
        return _status(client.delete(url))
    if action == "share":
        body = {"organisation": "stranger-org", "valid_until": str(days(10))}
        return _status(client.post(f"{url}shares/", body, format="json"))
    if action == "request":
        body = {"to_organisation": "owner-org", "scope": "summaries", "valid_until": str(days(10))}
        return _status(client.post("/api/v1/access-requests/", body, format="json"))
    if action == "approve":
        if world["request"] is None:
            return "-"
        target = f"/api/v1/access-requests/{world['request'].public_id}/approve/"
        return _status(client.post(target, {}, format="json"))
    if action == "revoke":
        if world["grant"] is not None:
            target = f"/api/v1/grants/{world['grant'].public_id}/revoke/"
            return _status(client.post(target, {}, format="json"))
        if world["share"] is not None:
            return _status(client.delete(f"{url}shares/{world['share'].public_id}/"))
        return "-"
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("world", "actor", "action", "expected"), list(_cells()), indirect=["world"]
)
def test_it_follows_the_matrix(world, actor, action, expected, api, request):
    user = request.getfixturevalue(actor)
    assert act(api, user, action, world) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "world", ["none", "expired", "revoked", "consent_withdrawn"], indirect=True
)
def test_it_audits_every_refused_read_by_the_grantee(world, api, grantee_caseworker):
    assert act(api, grantee_caseworker, "read", world) == "404"
    assert AuditEvent.objects.filter(
        action="case.read_denied",
        outcome="denied",
        actor_username="grantee.caseworker",
        object_id=world["case"].reference,
    ).exists()
