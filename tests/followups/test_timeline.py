"""The case timeline: the owner sees everything the audit trail holds about the case (field
names, never values) with its follow-ups; a partner sees the creation, its own
organisation's work and the follow-ups its grant shows; keyset pages; queries pinned."""

from __future__ import annotations

import pytest

from coord.audit.services import audit_sequence
from coord.cases.services import case_update
from tests.followups.conftest import SUMMARY

pytestmark = pytest.mark.django_db


def _timeline(api, user, case, **params):
    return api.as_user(user).get(f"/api/v1/cases/{case.reference}/timeline/", params)


def _events(response) -> list[str]:
    return [entry["event"] for entry in response.json()["results"]]


def test_it_shows_the_owner_creation_changes_and_follow_ups(
    api, case, owner_caseworker, make_followup
):
    case_update(actor=owner_caseworker, case=case, data={"summary": "Moved to a new shelter."})
    make_followup(kind="call")
    response = _timeline(api, owner_caseworker, case)
    assert response.status_code == 200
    assert _events(response) == ["followup.create", "case.update", "case.create"]
    change = response.json()["results"][1]
    assert change["fields"] == ["summary"]
    assert change["actor"] == "owner.caseworker"
    assert response.json()["results"][0]["follow_up"]["kind"] == "call"


def test_it_never_shows_text_old_or_new(api, case, owner_caseworker, make_followup):
    case_update(actor=owner_caseworker, case=case, data={"summary": "Moved to a new shelter."})
    make_followup()
    body = _timeline(api, owner_caseworker, case).content.decode()
    assert SUMMARY not in body
    assert "new shelter" not in body
    assert "vocational" not in body


def test_it_shows_the_owner_shares_and_outside_reads(
    api, case, owner_caseworker, grantee_caseworker, make_share
):
    make_share(case)
    api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/")
    events = _events(_timeline(api, owner_caseworker, case))
    assert "share.create" in events
    assert "case.read" in events
    read = next(
        e
        for e in _timeline(api, owner_caseworker, case).json()["results"]
        if e["event"] == "case.read"
    )
    assert (read["actor"], read["actor_organisation"]) == ("grantee.caseworker", "grantee-org")


def test_a_partner_sees_its_own_reads_but_not_the_owners_changes(
    api, case, owner_caseworker, grantee_caseworker, make_grant
):
    make_grant(scope="narratives")
    case_update(actor=owner_caseworker, case=case, data={"region": "KH-3"})
    events = _events(_timeline(api, grantee_caseworker, case))
    assert "case.update" not in events
    assert "share.create" not in events
    assert "case.create" in events
    assert "case.read" in events  # the partner's own opening of the case


def test_a_partner_does_not_learn_the_owners_names(
    api, case, grantee_caseworker, make_grant, make_followup
):
    make_grant(scope="narratives")
    make_followup()
    entries = _timeline(api, grantee_caseworker, case).json()["results"]
    for entry in entries:
        if entry["actor_organisation"] != "grantee-org":
            assert entry["actor"] is None
    assert "owner.caseworker" not in str(entries)


def test_a_partner_does_not_see_another_partners_reads(
    api,
    case,
    grantee_caseworker,
    stranger_caseworker,
    make_grant,
    make_share,
    stranger_org,
    owner_admin,
):
    from sharing_policies import services as sharing
    from tests.followups.conftest import days

    make_grant(scope="narratives")
    sharing.share_create(
        actor=owner_admin, case=case, organisation=stranger_org, valid_until=days(30)
    )
    api.as_user(stranger_caseworker).get(f"/api/v1/cases/{case.reference}/")
    body = _timeline(api, grantee_caseworker, case).content.decode()
    assert "stranger" not in body


def test_a_partner_sees_follow_ups_only_of_the_kinds_it_may(
    api, case, grantee_caseworker, make_grant, make_followup
):
    make_grant(scope="narratives")
    make_followup(kind="visit")
    make_followup(kind="note", note="Internal: team meeting.")
    kinds = [
        e["follow_up"]["kind"]
        for e in _timeline(api, grantee_caseworker, case).json()["results"]
        if e["follow_up"]
    ]
    assert kinds == ["visit"]


def test_a_summaries_partner_sees_no_follow_ups(
    api, case, grantee_caseworker, make_grant, make_followup
):
    make_grant(scope="summaries")
    make_followup(kind="visit")
    entries = _timeline(api, grantee_caseworker, case).json()["results"]
    assert not [e for e in entries if e["follow_up"]]


def test_a_partner_sees_only_field_names_its_grant_shows(api, case, grantee_caseworker, make_grant):
    make_grant(scope="summaries")
    created = next(
        e
        for e in _timeline(api, grantee_caseworker, case).json()["results"]
        if e["event"] == "case.create"
    )
    assert "summary" not in created["fields"]
    assert "region" in created["fields"]


def test_it_hides_the_timeline_from_a_stranger(api, case, stranger_caseworker):
    response = _timeline(api, stranger_caseworker, case)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_pages_by_cursor_without_repeats(api, case, owner_caseworker, make_followup):
    for _ in range(4):
        make_followup()
    seen, cursor = [], None
    for _ in range(5):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = _timeline(api, owner_caseworker, case, **params).json()
        seen += [(e["at"], e["event"]) for e in body["results"]]
        cursor = body["next"]
        if not cursor:
            break
    assert len(seen) == 5
    assert len(set(seen)) == 5


def test_a_partner_pages_across_both_sources(
    api, case, grantee_caseworker, make_grant, make_followup
):
    make_grant(scope="narratives")
    made = {str(make_followup().public_id) for _ in range(3)}
    seen, cursor = [], None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = _timeline(api, grantee_caseworker, case, **params).json()
        seen += body["results"]
        cursor = body["next"]
        if not cursor:
            break
    # Each page's own read is newer than the cursor, so only older entries follow.
    followups = [e["follow_up"]["id"] for e in seen if e["follow_up"]]
    assert sorted(followups) == sorted(made)
    assert [e["event"] for e in seen].count("case.create") == 1


@pytest.mark.parametrize("cursor", ["nonsense", "bm9uc2Vuc2U", "MjAyNS0wMS0wMXwxfDE"])
def test_it_refuses_a_cursor_it_did_not_give(api, case, owner_caseworker, cursor):
    response = _timeline(api, owner_caseworker, case, cursor=cursor)
    assert response.status_code == 400
    assert "cursor" in response.json()["fields"]


@pytest.mark.parametrize("limit", ["0", "201", "ten"])
def test_it_refuses_a_limit_outside_the_range(api, case, owner_caseworker, limit):
    assert _timeline(api, owner_caseworker, case, limit=limit).status_code == 400


def test_its_query_count_does_not_grow_with_the_events(
    api, case, owner_caseworker, make_followup, django_assert_max_num_queries
):
    make_followup()
    audit_sequence()
    client = api.as_user(owner_caseworker)
    _timeline(api, owner_caseworker, case)
    with django_assert_max_num_queries(10) as few:
        client.get(f"/api/v1/cases/{case.reference}/timeline/")
    for _ in range(30):
        make_followup()
    audit_sequence()  # pinning counts keeps the sequencer out of the test's transaction
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/api/v1/cases/{case.reference}/timeline/")
    assert len(response.json()["results"]) == 32
