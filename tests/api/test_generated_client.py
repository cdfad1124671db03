"""A partner's view of the API (issue 24): a Python client generated from the live schema
with ``openapi-python-client`` (pinned in the dev extra) runs the main flows of every role
with strict parsing: an undocumented status raises, a missing required key or an unknown
enum value fails to parse, and a key the schema does not declare fails the test."""

from __future__ import annotations

import importlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from knox.models import AuthToken

from tests.api.contract import published_schema
from tests.imports.helpers import HEADERS, csv_bytes, good_row

pytestmark = pytest.mark.django_db

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
# verify_audit's JSON may grow keys (documented ``additionalProperties: true``).
OPEN_MODELS = {"AuditVerifyResult"}


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """The client package generated from the schema ``/api/schema/`` serves."""
    if not GENERATOR.exists():
        pytest.fail("openapi-python-client is missing: install the dev extra")
    work = tmp_path_factory.mktemp("client")
    spec = work / "schema.json"
    spec.write_text(json.dumps(published_schema(), default=str))
    command = [str(GENERATOR), "generate", "--path", str(spec), "--meta", "none"]
    subprocess.run(  # noqa: S603 (our own pinned tool on our own schema)
        [*command, "--output-path", str(work / "coord_client")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    sys.path.insert(0, str(work))
    try:
        yield importlib.import_module("coord_client")
    finally:
        sys.path.remove(str(work))
        for name in [m for m in sys.modules if m.split(".")[0] == "coord_client"]:
            del sys.modules[name]
        shutil.rmtree(work, ignore_errors=True)


def _api(module: str):
    return importlib.import_module(f"coord_client.api.{module}")


def _models():
    return importlib.import_module("coord_client.models")


def strict(value, where: str = "body"):
    """Fail on any key a parsed model did not declare (kept in ``additional_properties``);
    a map (a model with no declared keys, e.g. ``ErrorFields``) is checked value by value."""
    if hasattr(value, "__attrs_attrs__"):
        declared = [a.name for a in value.__attrs_attrs__ if a.name != "additional_properties"]
        extra = getattr(value, "additional_properties", None) or {}
        if not declared:
            for key, item in extra.items():
                strict(item, f"{where}[{key!r}]")
            return value
        if extra and type(value).__name__ not in OPEN_MODELS:
            raise AssertionError(f"{where}: undeclared keys {sorted(extra)}")
        for name in declared:
            strict(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            strict(item, f"{where}[{index}]")
    return value


def call(module: str, status: int, **kwargs):
    """Call a generated operation; the answer must have ``status`` and parse strictly."""
    response = _api(module).sync_detailed(**kwargs)
    assert response.status_code == status, response.content
    return strict(response.parsed)


@pytest.fixture
def client_for(generated):
    """A generated client signed in as ``user``, talking to the app in this process. As
    Django's test client does, the end of a request does not close the database connection
    (it holds the test's transaction)."""
    app = get_wsgi_application()
    request_finished.disconnect(close_old_connections)
    request_started.disconnect(close_old_connections)

    def make(user):
        _, token = AuthToken.objects.create(user)
        client = generated.AuthenticatedClient(
            base_url="http://testserver", token=token, raise_on_unexpected_status=True
        )
        client.set_httpx_client(
            httpx.Client(
                base_url="http://testserver",
                transport=httpx.WSGITransport(app=app),
                headers={"Authorization": f"Token {token}"},
            )
        )
        return client

    yield make
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_it_runs_the_caseworkers_flow(client_for, owner_caseworker):
    m = _models()
    me = client_for(owner_caseworker)
    body = m.CaseInputRequest(
        reported_month="2025-03",
        region="KH-12",
        age_band=m.AgeBandEnum.A18_20,
        exploitation_types=[m.ExploitationTypeEnum.FORCED_LABOUR],
        consent=m.ConsentEnum.SHARE,
        summary="Recruited through an online job advert for factory work.",
    )
    case = call("cases.cases_create", 201, client=me, body=body)
    assert case.visible_via is None
    listed = call("cases.cases_list", 200, client=me)
    assert [row.reference for row in listed.results] == [case.reference]
    read = call("cases.cases_retrieve", 200, client=me, reference=case.reference)
    assert read.summary_state == m.TextStateEnum.AVAILABLE
    changed = m.PatchedCaseUpdateInputRequest(age_band=m.AgeBandEnum.A21_23)
    call("cases.cases_update", 200, client=me, reference=case.reference, body=changed)
    reason = m.CaseCloseInputRequest(closure_reason=m.ClosureReasonEnum.GOALS_MET)
    closed = call("cases.cases_close", 200, client=me, reference=case.reference, body=reason)
    assert closed.status == m.CaseStatusEnum.CLOSED


def test_it_retries_creates_with_an_idempotency_key(client_for, owner_caseworker, grantee_org):
    m = _models()
    me = client_for(owner_caseworker)
    body = m.CaseInputRequest(reported_month="2025-03", region="KH-12", consent=m.ConsentEnum.SHARE)
    key = "3f2b8c1e-7d4a-4b6e-9c0f-1a2b3c4d5e6f"
    case = call("cases.cases_create", 201, client=me, body=body, idempotency_key=key)
    again = call("cases.cases_create", 201, client=me, body=body, idempotency_key=key)
    assert again.reference == case.reference
    other = m.CaseInputRequest(reported_month="2025-04", region="KH-12")
    reused = call("cases.cases_create", 422, client=me, body=other, idempotency_key=key)
    assert reused.code == "idempotency_key_reused"
    referral = m.ReferralInputRequest(
        case=case.reference,
        to_organisation="grantee-org",
        reason=m.ReferralReasonEnum.SHELTER,
        valid_until=_in_days(10),
    )
    sent = call("sharing.referrals_create", 201, client=me, body=referral, idempotency_key="r-1")
    resent = call("sharing.referrals_create", 201, client=me, body=referral, idempotency_key="r-1")
    assert resent.id == sent.id
    read = call("sharing.referrals_retrieve", 200, client=me, referral_id=str(sent.id))
    assert read.status == m.ReferralStatusEnum.PENDING


def test_it_parses_a_refusal_as_the_error_model(client_for, owner_caseworker):
    m = _models()
    me = client_for(owner_caseworker)
    body = m.CaseInputRequest(reported_month="2025-03", region="KH-12", summary="mail a@b.org")
    error = call("cases.cases_create", 400, client=me, body=body)
    [item] = error.fields["summary"]
    assert (item.code, item.kind) == ("pii_detected", m.PiiKindEnum.EMAIL)
    missing = call("cases.cases_retrieve", 404, client=me, reference="ZZZZ-0000")
    assert missing.code == "not_found"


def test_it_runs_the_admins_sharing_flow(client_for, owner_admin, grantee_admin, case):
    m = _models()
    partner, owner = client_for(grantee_admin), client_for(owner_admin)
    asked = call(
        "sharing.access_requests_create",
        201,
        client=partner,
        body=m.AccessRequestInputRequest(
            to_organisation="owner-org",
            scope=m.ScopeEnum.SUMMARIES,
            valid_until=_in_days(30),
            fields=[m.GrantableFieldEnum.REGION],
        ),
    )
    assert asked.status == m.RequestStatusEnum.PENDING
    seen = call("sharing.access_requests_retrieve", 200, client=owner, request_id=str(asked.id))
    assert seen.from_organisation == "grantee-org"
    share = call(
        "cases.cases_shares_create",
        201,
        client=owner,
        reference=case.reference,
        body=m.ShareInputRequest(organisation="grantee-org", valid_until=_in_days(10)),
        idempotency_key="share-1",
    )
    shown = call(
        "cases.cases_shares_retrieve",
        200,
        client=owner,
        reference=case.reference,
        share_id=str(share.id),
    )
    assert shown.status == m.LifecycleStatusEnum.LIVE
    grant = call(
        "sharing.access_requests_approve",
        201,
        client=owner,
        request_id=str(asked.id),
        body=m.ApproveInputRequest(),
    )
    assert grant.status == m.LifecycleStatusEnum.LIVE
    call("sharing.grants_list", 200, client=partner)
    again = call(
        "sharing.access_requests_approve",
        409,
        client=owner,
        request_id=str(asked.id),
        body=m.ApproveInputRequest(),
    )
    assert again.code == "request_not_pending"
    revoked = call("sharing.grants_revoke", 200, client=owner, grant_id=str(grant.id))
    assert revoked.status == m.LifecycleStatusEnum.REVOKED


def test_it_runs_a_partners_reads_through_a_narrowed_grant(
    client_for, grantee_caseworker, case, make_grant
):
    m = _models()
    partner = client_for(grantee_caseworker)
    grant = make_grant(fields=["region"])
    page = call("cases.cases_list", 200, client=partner, scope=m.CasesListScope.SHARED)
    [row] = page.results
    assert row.visible_via.grant == grant.public_id
    assert isinstance(row.age_band, importlib.import_module("coord_client.types").Unset)
    read = call("cases.cases_retrieve", 200, client=partner, reference=case.reference)
    assert read.region == "KH-12"


def test_it_runs_a_partners_read_through_a_share(client_for, grantee_caseworker, case, make_share):
    partner = client_for(grantee_caseworker)
    share = make_share(case, include_narrative=True)
    read = call("cases.cases_retrieve", 200, client=partner, reference=case.reference)
    assert read.visible_via.share == share.public_id


def test_it_runs_the_coordinators_verification(
    client_for, network_coordinator, django_capture_on_commit_callbacks
):
    m = _models()
    coordinator = client_for(network_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        started = call("audit.audit_verify", 202, client=coordinator)
    assert started.status == m.JobStartedStatusEnum.PENDING
    job = call("jobs.jobs_retrieve", 200, client=coordinator, job_id=started.id)
    assert job.status == m.JobStatusEnum.SUCCEEDED
    assert isinstance(job.result, m.AuditVerifyResult) and job.result.ok is True
    call("audit.audit_events_list", 200, client=coordinator)


def _in_days(n: int):
    from tests.sharing_policies.conftest import days

    return days(n)


def test_it_uploads_a_spreadsheet_once_with_an_idempotency_key(client_for, owner_caseworker):
    m = _models()
    types = importlib.import_module("coord_client.types")
    me = client_for(owner_caseworker)

    def body(*rows: int):
        content = csv_bytes([HEADERS, *(good_row(n) for n in rows)])
        return m.ImportInputRequest(file=types.File(payload=io.BytesIO(content), file_name="a.csv"))

    api = _api("imports.imports_create")
    first = api.sync_detailed(client=me, body=body(1), idempotency_key="up-1")
    again = api.sync_detailed(client=me, body=body(1), idempotency_key="up-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert strict(again.parsed).id == strict(first.parsed).id
    assert again.headers["Idempotent-Replayed"] == "true"
    other = call("imports.imports_create", 422, client=me, body=body(2), idempotency_key="up-1")
    assert other.code == "idempotency_key_reused"
