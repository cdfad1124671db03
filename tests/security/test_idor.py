"""IDOR: another organisation's case reference, share id, referral id, request id, grant id,
job id, notification id or observation id gives 404 (never 403, never the object) and the
attempt is audited as denied. A guessed id that matches nothing is a 404 too, and the
guessed value is never written to the audit trail."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from rest_framework.test import APIClient

from coord.audit.models import AuditEvent, Outcome
from coord.cases.services import case_create

pytestmark = pytest.mark.django_db

# (kind, method, URL template) for one endpoint that addresses each kind of object.
TARGETS = [
    ("case", "get", "/api/v1/cases/{reference}/"),
    ("case", "patch", "/api/v1/cases/{reference}/"),
    ("case", "delete", "/api/v1/cases/{reference}/"),
    ("share", "delete", "/api/v1/cases/{reference}/shares/{share_id}/"),
    ("referral", "post", "/api/v1/referrals/{referral_id}/accept/"),
    ("referral", "post", "/api/v1/referrals/{referral_id}/withdraw/"),
    ("request", "post", "/api/v1/access-requests/{request_id}/approve/"),
    ("request", "post", "/api/v1/access-requests/{request_id}/withdraw/"),
    ("grant", "post", "/api/v1/grants/{grant_id}/revoke/"),
    ("job", "get", "/api/v1/jobs/{job_id}/"),
    ("notification", "post", "/api/v1/notifications/{notification_id}/read/"),
    ("observation", "get", "/api/v1/trend-observations/{public_id}/"),
]
IDS = [f"{kind}-{method}-{url.split('/')[3]}" for kind, method, url in TARGETS]
# Where the target names an object by an id that is not a URL kwarg of the world.
FAKE = {
    "reference": "ZZZZZZZZZZZZ",
    "public_id": "ZZZZZZZZZZZZ",
}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def _call(client: APIClient, method: str, url: str):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    return getattr(client, method)(url, {}, format="json")


def _denials(user) -> int:
    return AuditEvent.objects.filter(actor_username=user.username, outcome=Outcome.DENIED).count()


@pytest.mark.parametrize(("kind", "method", "url"), TARGETS, ids=IDS)
@pytest.mark.parametrize("attacker", ["stranger_admin", "stranger_caseworker"])
def test_it_hides_another_organisations_object_and_audits_the_attempt(
    request, world, kind, method, url, attacker
):
    user = request.getfixturevalue(attacker)
    before = _denials(user)
    response = _call(_client(user), method, url.format(**world.kwargs))
    assert response.status_code == 404, response.content
    assert _denials(user) == before + 1


@pytest.mark.parametrize(("kind", "method", "url"), TARGETS, ids=IDS)
def test_it_answers_a_guessed_id_with_404_and_never_records_it(
    world, stranger_admin, kind, method, url
):
    guessed = {k: FAKE.get(k, str(uuid.uuid4())) for k in world.kwargs}
    guessed["slug"] = world.kwargs["slug"]
    if "{share_id}" in url:  # a real case of the attacker's own, a guessed share id
        guessed["reference"] = _own_case(stranger_admin).reference
    response = _call(_client(stranger_admin), method, url.format(**guessed))
    assert response.status_code == 404
    recorded = " ".join(
        f"{e.object_id} {e.details}"
        for e in AuditEvent.objects.filter(actor_username="stranger.admin")
    )
    for value in guessed.values():
        if value not in (world.kwargs["slug"], guessed.get("reference")):
            assert value not in recorded


def _own_case(user):
    from coord.organisations.selectors import organisation_of

    return case_create(
        actor=user,
        organisation=organisation_of(user),
        data={"reported_month": date(2025, 3, 1), "region": "VN-01", "consent": "share"},
    )


def test_it_refuses_another_cases_share_id_under_the_attackers_own_case(world, stranger_admin):
    """The share id is real but belongs to the owner's case: pairing it with a case the
    attacker owns must not reach it."""
    own = _own_case(stranger_admin)
    url = f"/api/v1/cases/{own.reference}/shares/{world.kwargs['share_id']}/"
    response = _client(stranger_admin).delete(url)
    assert response.status_code == 404
    world.objects["share"].refresh_from_db()
    assert world.objects["share"].revoked_at is None


def test_it_lets_the_owner_reach_the_same_objects(world, owner_admin):
    """The allow side of the IDOR tests: the same URLs work for the owner's admin."""
    client = _client(owner_admin)
    assert client.get(f"/api/v1/cases/{world.kwargs['reference']}/").status_code == 200
    assert client.get(f"/api/v1/jobs/{world.kwargs['job_id']}/").status_code == 200
    url = f"/api/v1/notifications/{world.kwargs['notification_id']}/read/"
    assert client.post(url, {}, format="json").status_code == 200
