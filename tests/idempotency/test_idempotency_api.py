"""``Idempotency-Key`` on the API's creates (docs/api.md "Idempotency")."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.cases.models import CaseSummary
from coord.idempotency.api import _fingerprint
from coord.idempotency.models import IdempotencyKey
from coord.idempotency.services import KEY_TTL, STALE_CLAIM, idempotency_digest
from coord.imports.models import Import
from sharing_policies.models import AccessRequest, CaseShare, Referral
from tests.imports.helpers import HEADERS, csv_bytes, good_row, upload
from tests.sharing_policies.conftest import SUMMARY, days

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"
KEY = "9b0c0b6e-3c1e-4f5e-9a51-1f0d2f6d7a10"


def _post(api, user, url, body, key=KEY):
    return api.as_user(user).post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_it_creates_one_case_when_the_same_create_is_sent_twice(api, owner_caseworker, payload):
    first = _post(api, owner_caseworker, CASES, payload)
    second = _post(api, owner_caseworker, CASES, payload)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert CaseSummary.objects.count() == 1


def test_it_creates_twice_without_a_key(api, owner_caseworker, payload):
    client = api.as_user(owner_caseworker)
    assert client.post(CASES, payload, format="json").status_code == 201
    assert client.post(CASES, payload, format="json").status_code == 201
    assert CaseSummary.objects.count() == 2


def test_it_refuses_the_same_key_for_a_different_body(api, owner_caseworker, payload):
    assert _post(api, owner_caseworker, CASES, payload).status_code == 201
    response = _post(api, owner_caseworker, CASES, {**payload, "region": "KH-3"})
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert CaseSummary.objects.count() == 1


def test_it_refuses_the_same_key_on_another_endpoint(api, owner_admin, grantee_org, case, payload):
    assert _post(api, owner_admin, CASES, payload).status_code == 201
    url = f"{CASES}{case.reference}/shares/"
    body = {"organisation": "grantee-org", "valid_until": str(days(10))}
    assert _post(api, owner_admin, url, body).json()["code"] == "idempotency_key_reused"


def test_it_keeps_keys_apart_per_user(api, owner_caseworker, owner_admin, payload):
    assert _post(api, owner_caseworker, CASES, payload).status_code == 201
    response = _post(api, owner_admin, CASES, payload)
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert CaseSummary.objects.count() == 2


def _claim(user, *, age: timedelta = timedelta(0), body_of=None) -> IdempotencyKey:
    """A claim as a request still running (or one that died ``age`` ago) leaves it."""
    return IdempotencyKey.objects.create(
        user=user,
        key_hash=idempotency_digest(KEY),
        fingerprint=body_of or "running",
        created_at=timezone.now() - age,
    )


class _Request:
    """What ``_fingerprint`` reads of a request."""

    FILES: dict = {}  # a JSON body: no uploads

    def __init__(self, body, method="POST", path=CASES):
        self.data, self.method, self.path = body, method, path


def test_it_answers_409_while_the_first_request_with_the_key_is_running(
    api, owner_caseworker, payload
):
    _claim(owner_caseworker, body_of=_fingerprint(_Request(payload)))
    response = _post(api, owner_caseworker, CASES, payload)
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_in_progress"
    assert CaseSummary.objects.count() == 0


def test_it_takes_over_the_claim_of_a_request_that_died(api, owner_caseworker, payload):
    fingerprint = _fingerprint(_Request(payload))
    _claim(owner_caseworker, age=STALE_CLAIM + timedelta(seconds=1), body_of=fingerprint)
    assert _post(api, owner_caseworker, CASES, payload).status_code == 201
    assert IdempotencyKey.objects.get().status == 201


def test_it_forgets_a_key_after_24_hours(api, owner_caseworker, payload):
    assert _post(api, owner_caseworker, CASES, payload).status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - KEY_TTL - timedelta(seconds=1))
    response = _post(api, owner_caseworker, CASES, payload)
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert CaseSummary.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1  # the old one was pruned on this write


def test_it_prunes_every_users_old_keys_on_a_write(api, owner_caseworker, owner_admin, payload):
    _claim(owner_admin, age=KEY_TTL + timedelta(minutes=1))
    assert _post(api, owner_caseworker, CASES, payload).status_code == 201
    assert list(IdempotencyKey.objects.values_list("user", flat=True)) == [owner_caseworker.pk]


def test_a_failed_create_does_not_keep_the_key(api, owner_caseworker, payload):
    bad = _post(api, owner_caseworker, CASES, {**payload, "region": "nowhere"})
    assert bad.status_code == 400
    assert IdempotencyKey.objects.count() == 0
    assert _post(api, owner_caseworker, CASES, payload).status_code == 201


def test_it_keeps_no_response_body_and_no_key_in_clear(api, owner_caseworker, payload):
    payload = {**payload, "summary": SUMMARY}
    body = _post(api, owner_caseworker, CASES, payload).json()
    row = IdempotencyKey.objects.values().get()
    stored = json.dumps(row, default=str)
    assert SUMMARY not in stored
    assert KEY not in stored
    assert (row["status"], row["object_id"]) == (201, body["reference"])


def test_a_replay_reads_the_object_as_it_is_now(api, owner_caseworker, owner_admin, payload):
    reference = _post(api, owner_caseworker, CASES, payload).json()["reference"]
    close = {"closure_reason": "goals_met"}
    closed = api.as_user(owner_admin).post(f"{CASES}{reference}/close/", close, format="json")
    assert closed.status_code == 200
    replay = _post(api, owner_caseworker, CASES, payload)
    assert (replay.status_code, replay.json()["status"]) == (201, "closed")


def test_a_replay_answers_404_once_the_object_is_gone(api, owner_caseworker, owner_admin, payload):
    reference = _post(api, owner_caseworker, CASES, payload).json()["reference"]
    assert api.as_user(owner_admin).delete(f"{CASES}{reference}/").status_code == 204
    replay = _post(api, owner_caseworker, CASES, payload)
    assert replay.status_code == 404
    assert replay.json() == {"code": "not_found", "detail": "Not found."}


@pytest.mark.parametrize("key", ["", "has space", "é", "x" * 256])
def test_it_refuses_a_malformed_key(api, owner_caseworker, payload, key):
    response = _post(api, owner_caseworker, CASES, payload, key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]
    assert CaseSummary.objects.count() == 0


def test_an_access_request_is_asked_once(api, grantee_admin, owner_org):
    body = {"to_organisation": "owner-org", "scope": "summaries", "valid_until": str(days(30))}
    first = _post(api, grantee_admin, "/api/v1/access-requests/", body)
    second = _post(api, grantee_admin, "/api/v1/access-requests/", body)
    assert (first.status_code, second.status_code) == (201, 201)  # not 409 duplicate_request
    assert second.json()["id"] == first.json()["id"]
    assert AccessRequest.objects.count() == 1


def test_a_case_is_shared_once(api, owner_admin, grantee_org, case):
    url = f"{CASES}{case.reference}/shares/"
    body = {"organisation": "grantee-org", "valid_until": str(days(10))}
    first, second = _post(api, owner_admin, url, body), _post(api, owner_admin, url, body)
    assert (first.status_code, second.status_code) == (201, 201)  # not 409 duplicate_share
    assert second.json() == first.json()
    assert CaseShare.objects.count() == 1


def test_a_case_is_referred_once(api, owner_caseworker, grantee_org, case):
    body = {
        "case": case.reference,
        "to_organisation": "grantee-org",
        "reason": "shelter",
        "valid_until": str(days(10)),
    }
    first = _post(api, owner_caseworker, "/api/v1/referrals/", body)
    second = _post(api, owner_caseworker, "/api/v1/referrals/", body)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert Referral.objects.count() == 1


IMPORTS = "/api/v1/imports/"


def _upload(api, user, content: bytes, key=KEY, **fields):
    body = {"file": upload(content), **fields}
    return api.as_user(user).post(IMPORTS, body, format="multipart", HTTP_IDEMPOTENCY_KEY=key)


def _sheet(*rows: int) -> bytes:
    return csv_bytes([HEADERS, *(good_row(n) for n in rows)])


def test_a_spreadsheet_is_uploaded_once(api, owner_caseworker):
    first = _upload(api, owner_caseworker, _sheet(1, 2))
    second = _upload(api, owner_caseworker, _sheet(1, 2))
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Import.objects.count() == 1


def test_the_same_key_with_another_file_of_the_same_name_is_refused(api, owner_caseworker):
    assert _upload(api, owner_caseworker, _sheet(1, 2)).status_code == 201
    response = _upload(api, owner_caseworker, _sheet(1, 3))
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Import.objects.count() == 1


def test_the_same_key_with_other_form_fields_is_refused(api, owner_caseworker):
    assert _upload(api, owner_caseworker, _sheet(1)).status_code == 201
    response = _upload(api, owner_caseworker, _sheet(1), import_key_column="case no")
    assert response.json()["code"] == "idempotency_key_reused"
    assert Import.objects.count() == 1


def test_an_upload_keeps_neither_the_file_nor_its_digest(api, owner_caseworker):
    content = _sheet(1)
    assert _upload(api, owner_caseworker, content).status_code == 201
    stored = json.dumps(IdempotencyKey.objects.values().get(), default=str)
    assert hashlib.sha256(content).hexdigest() not in stored
    assert "Shelter stay" not in stored


json_values = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
json_values |= st.lists(json_values, max_size=3)


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_the_fingerprint_ignores_key_order_but_not_content(body):
    reordered = dict(reversed(list(body.items())))
    assert _fingerprint(_Request(body)) == _fingerprint(_Request(reordered))
    assert _fingerprint(_Request(body)) != _fingerprint(_Request({**body, "\x00extra": 1}))
    assert _fingerprint(_Request(body)) != _fingerprint(_Request(body, path="/api/v1/referrals/"))
