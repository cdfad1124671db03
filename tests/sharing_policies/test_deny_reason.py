"""The deny reason of an access request is free text like the purpose: refused by the PII
guard on every path, stored encrypted under the denying organisation, decrypted on reading
(audited when the requester reads it) and rotated with the organisation's keys."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ValidationError

from coord.audit.models import AuditEvent
from coord.crypto import services as crypto
from coord.crypto.registry import encrypted_fields
from sharing_policies.apps import ACCESS_REQUEST_TABLE
from sharing_policies.models import AccessRequest, RequestStatus
from sharing_policies.services import access_request_deny
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db

URL = "/api/v1/access-requests/"
REASON = "Outside our mandate this quarter."


@pytest.fixture
def asked(api, owner_org, grantee_admin):
    response = api.as_user(grantee_admin).post(
        URL,
        {"to_organisation": "owner-org", "scope": "summaries", "valid_until": str(days(60))},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def _reason_decrypts() -> list[AuditEvent]:
    events = AuditEvent.objects.filter(action="access_request.decrypt")
    return [e for e in events if e.details.get("fields") == ["deny_reason"]]


def deny(api, user, request_id, reason):
    return api.as_user(user).post(f"{URL}{request_id}/deny/", {"reason": reason}, format="json")


def test_it_never_stores_the_deny_reason_in_clear(api, asked, owner_admin):
    assert deny(api, owner_admin, asked["id"], REASON).status_code == 200
    row = AccessRequest.objects.filter(public_id=asked["id"]).values().get()
    assert all(REASON not in str(value) for value in row.values())
    assert row["deny_reason_ct"].startswith("v")


def test_it_encrypts_the_deny_reason_under_the_denying_organisation(api, asked, owner_admin):
    deny(api, owner_admin, asked["id"], REASON)
    stored = AccessRequest.objects.get(public_id=asked["id"])
    text = crypto.decrypt_text(
        organisation=stored.to_organisation_id,
        table=ACCESS_REQUEST_TABLE,
        field="deny_reason",
        row_id=str(stored.public_id),
        token=stored.deny_reason_ct,
    )
    assert text == REASON


def test_it_shows_the_requester_the_reason_and_audits_the_decryption(
    api, asked, owner_admin, grantee_admin
):
    deny(api, owner_admin, asked["id"], REASON)
    listed = api.as_user(grantee_admin).get(URL).json()["results"][0]
    assert listed["deny_reason"] == REASON
    [event] = _reason_decrypts()
    assert (event.object_id, event.actor_username) == (asked["id"], "grantee.admin")


def test_it_does_not_audit_the_denying_organisation_reading_its_own_reason(api, asked, owner_admin):
    deny(api, owner_admin, asked["id"], REASON)
    listed = api.as_user(owner_admin).get(URL).json()["results"][0]
    assert listed["deny_reason"] == REASON
    assert _reason_decrypts() == []


def test_it_refuses_a_deny_reason_with_a_phone_number_naming_kind_and_position(
    api, asked, owner_admin
):
    response = deny(api, owner_admin, asked["id"], "Call 0812345678 first")
    assert response.status_code == 400
    [error] = response.json()["fields"]["reason"]
    assert (error["kind"], error["start"], error["end"]) == ("phone_number", 5, 15)
    assert "0812345678" not in response.content.decode()


def test_it_refuses_a_deny_reason_with_pii_in_the_service_itself(asked, owner_admin):
    obj = AccessRequest.objects.get(public_id=asked["id"])
    with pytest.raises(ValidationError) as caught:
        access_request_deny(actor=owner_admin, access_request=obj, reason="ask lan@gmail.com")
    assert "reason" in caught.value.message_dict
    obj.refresh_from_db()
    assert (obj.status, obj.deny_reason_ct) == (RequestStatus.PENDING, "")


def test_it_registers_the_deny_reason_for_key_rotation():
    entries = [
        e for e in encrypted_fields() if e.model is AccessRequest and e.field == "deny_reason_ct"
    ]
    assert [(e.logical_field, e.organisation_attr) for e in entries] == [
        ("deny_reason", "to_organisation")
    ]


def test_it_reencrypts_the_deny_reason_after_a_key_rotation(api, asked, owner_admin, owner_org):
    deny(api, owner_admin, asked["id"], REASON)
    before = AccessRequest.objects.get(public_id=asked["id"]).deny_reason_ct
    crypto.organisation_key_rotate(organisation=owner_org)
    crypto.reencrypt(organisation=owner_org)
    after = AccessRequest.objects.get(public_id=asked["id"]).deny_reason_ct
    assert crypto.token_version(after) == crypto.token_version(before) + 1
    listed = api.as_user(owner_admin).get(URL).json()["results"][0]
    assert listed["deny_reason"] == REASON


# --- the data migration ---------------------------------------------------------------

BEFORE = [("sharing_policies", "0003_accessrequest_deny_reason_ct")]
AFTER = [("sharing_policies", "0004_encrypt_deny_reasons")]


@pytest.fixture
def migrator(transactional_db):
    """Migrate sharing_policies back to the clear column; always forward again after."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _old_rows(apps, owner_org, grantee_org, reasons):
    model = apps.get_model("sharing_policies", "AccessRequest")
    return [
        model.objects.create(
            from_organisation_id=grantee_org.pk,
            to_organisation_id=owner_org.pk,
            scope=scope,
            valid_until=days(30),
            status="denied",
            deny_reason=reason,
        )
        for scope, reason in zip(["aggregates", "summaries", "narratives"], reasons, strict=False)
    ]


def test_it_migrates_clear_reasons_into_ciphertext_once(migrator, owner_org, grantee_org):
    apps = migrator(BEFORE)
    clean, leaky = _old_rows(apps, owner_org, grantee_org, [REASON, "call 0812345678"])
    apps = migrator(AFTER)
    model = apps.get_model("sharing_policies", "AccessRequest")
    rows = {r.pk: r for r in model.objects.all()}
    assert rows[clean.pk].deny_reason == rows[leaky.pk].deny_reason == ""
    assert rows[leaky.pk].deny_reason_ct == ""  # refused by the guard: dropped, not kept
    token = rows[clean.pk].deny_reason_ct
    assert (
        crypto.decrypt_text(
            organisation=owner_org.pk,
            table=ACCESS_REQUEST_TABLE,
            field="deny_reason",
            row_id=str(rows[clean.pk].public_id),
            token=token,
        )
        == REASON
    )
    migration = importlib.import_module("sharing_policies.migrations.0004_encrypt_deny_reasons")
    migration.encrypt_clear_reasons(apps, None)  # a second run changes nothing
    assert model.objects.get(pk=clean.pk).deny_reason_ct == token
