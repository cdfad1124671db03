"""X-Request-ID is stored in every audit event of the request (append-only), so it is
accepted only as a strict format that holds no identifier; anything else is replaced."""

import pytest

from coord.audit.models import AuditEvent
from coord.audit.services import audit_append

URL = "/api/v1/audit/events/"


def request_id_of(api, user, header: str) -> str:
    response = api.as_user(user).get(URL, HTTP_X_REQUEST_ID=header)
    assert response.status_code == 200
    return response["X-Request-ID"]


def test_it_keeps_a_well_formed_request_id(api, owner_admin):
    assert request_id_of(api, owner_admin, "req-1234.abc_DEF") == "req-1234.abc_DEF"


@pytest.mark.parametrize(
    "header",
    [
        "0812345678",  # a Thai mobile number
        "+855-12-345-678",  # an international one, all characters allowed by the old pattern
        "req-0812345678",  # a phone inside an otherwise plain id
    ],
)
def test_it_replaces_a_request_id_that_holds_a_phone_number(api, owner_admin, header):
    replaced = request_id_of(api, owner_admin, header)
    assert replaced != header
    assert len(replaced) == 32


def test_it_never_writes_a_phone_number_from_the_header_into_the_audit_trail(api, owner_admin):
    response = api.as_user(owner_admin).get(URL, HTTP_X_REQUEST_ID="0812345678")
    audit_append(action="case.read", actor=owner_admin, request=response.wsgi_request)
    assert not AuditEvent.objects.filter(request_id__contains="0812345678").exists()


@pytest.mark.parametrize(
    "header", ["short", "x" * 65, "req id with spaces", "req/1234/5678", "ré-12345678"]
)
def test_it_replaces_a_request_id_outside_the_strict_format(api, owner_admin, header):
    assert request_id_of(api, owner_admin, header) != header
