"""The witness endpoints: signed tree heads, consistency and inclusion proofs; and the witness
script run against them (its HTTP fetch replaced by the test client)."""

from __future__ import annotations

import json

import pytest

from coord.audit import merkle, signing
from coord.audit.models import AuditEvent
from coord.audit.services import audit_append, sth_if_due
from coord.audit.witness import witness_check

STH = "/api/v1/audit/sth/"
CONSISTENCY = "/api/v1/audit/proofs/consistency/"
INCLUSION = "/api/v1/audit/proofs/inclusion/"


def append(count: int, organisation: str = "owner-org") -> None:
    for i in range(count):
        audit_append(action="case.read", organisation=organisation, object_id=f"C-{i}")


def test_it_serves_the_latest_signed_tree_head(api, grantee_caseworker):
    append(3)
    sth_if_due(force=True)
    body = api.as_user(grantee_caseworker).get(STH).json()
    assert set(body) == {"tree_size", "root_hash", "timestamp", "key_id", "signature"}
    assert body["tree_size"] == 3


def test_it_serves_a_past_tree_head_by_size(api, owner_caseworker):
    append(1)  # the first head (size 1) is signed at once
    append(2)
    sth_if_due(force=True)
    assert api.as_user(owner_caseworker).get(STH, {"tree_size": 1}).json()["tree_size"] == 1


def test_it_answers_404_for_a_size_never_signed(api, owner_caseworker):
    append(2)
    assert api.as_user(owner_caseworker).get(STH, {"tree_size": 2}).status_code == 404


def test_it_refuses_anonymous_callers(api):
    assert api.get(STH).status_code == 401


def test_it_proves_a_later_head_consistent_with_an_earlier_one(api, stranger_caseworker):
    append(1)
    first = api.as_user(stranger_caseworker).get(STH).json()
    append(6)
    sth_if_due(force=True)
    second = api.get(STH).json()
    body = api.get(CONSISTENCY, {"first": 1, "second": 7}).json()
    merkle.verify_consistency(
        1,
        7,
        bytes.fromhex(first["root_hash"]),
        bytes.fromhex(second["root_hash"]),
        [bytes.fromhex(h) for h in body["proof"]],
    )


def test_it_answers_404_for_a_proof_beyond_the_latest_signed_head(api, owner_caseworker):
    append(1)
    append(3)  # signed: 1 only (the interval has not passed)
    response = api.as_user(owner_caseworker).get(CONSISTENCY, {"first": 1, "second": 4})
    assert response.status_code == 404


def test_it_refuses_first_above_second(api, owner_caseworker):
    append(2)
    response = api.as_user(owner_caseworker).get(CONSISTENCY, {"first": 2, "second": 1})
    assert response.status_code == 400


def test_it_proves_an_event_of_the_callers_organisation_in_the_tree(api, owner_admin):
    append(5)
    sth = sth_if_due(force=True)
    body = api.as_user(owner_admin).get(INCLUSION, {"seq": 3, "tree_size": 5}).json()
    event = AuditEvent.objects.get(seq=3)
    assert body["leaf_index"] == 2
    root = merkle.root_from_inclusion_proof(
        2, 5, bytes.fromhex(body["leaf_hash"]), [bytes.fromhex(h) for h in body["proof"]]
    )
    assert root.hex() == sth.root_hash
    assert event.organisation == "owner-org"


def test_it_answers_404_for_an_event_of_another_organisation(api, stranger_admin):
    append(3)
    response = api.as_user(stranger_admin).get(INCLUSION, {"seq": 2, "tree_size": 3})
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_it_answers_the_same_404_for_an_event_that_does_not_exist(api, stranger_admin):
    append(3)
    response = api.as_user(stranger_admin).get(INCLUSION, {"seq": 99, "tree_size": 99})
    assert (response.status_code, response.json()) == (
        404,
        {"code": "not_found", "detail": "Not found."},
    )


def test_it_proves_any_event_to_a_coordinator(api, network_coordinator):
    append(3)
    response = api.as_user(network_coordinator).get(INCLUSION, {"seq": 2, "tree_size": 3})
    assert response.status_code == 200


@pytest.fixture
def over_the_api(api, owner_caseworker):
    """The witness script's fetch, answered by the real endpoints through the test client."""
    client = api.as_user(owner_caseworker)

    def fetch(path: str):
        response = client.get(path)
        if response.status_code != 200:
            raise AssertionError(f"GET {path}: {response.status_code}")
        return json.loads(response.content)

    return fetch


def test_the_witness_script_accepts_the_service_as_it_grows(tmp_path, over_the_api):
    state = str(tmp_path / "state.json")
    key = signing.public_key()
    append(2)
    assert witness_check(url="https://coord.test", state=state, key=key, fetch=over_the_api)[0] == 0
    append(5)
    sth_if_due(force=True)
    status, line = witness_check(url="https://coord.test", state=state, key=key, fetch=over_the_api)
    assert (status, line) == (0, "ok: tree head 7 extends tree head 1")
