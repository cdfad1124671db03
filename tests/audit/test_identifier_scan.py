"""The "no identifier in any event" check itself: it must catch what it is for, and not cry
wolf on the opaque ids, hashes and counts events legitimately carry."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coord.audit.models import AuditEvent
from coord.audit.services import audit_append
from tests.audit.helpers import assert_no_identifiers_in_events, identifier_problems


@pytest.mark.parametrize(
    "details",
    [
        {"contact": "someone@example.org"},
        {"note": "call +66 81 234 5678"},
        {"n": 8123456789},
        {"why": "wrong password correct-horse-battery"},
        {"nested": [{"k": "0812345678"}]},
    ],
)
def test_it_catches_identifiers_in_details(db, allow_identifiers_in_events, details):
    audit_append(action="case.read", details=details)
    with pytest.raises(AssertionError, match="event 1 details"):
        assert_no_identifiers_in_events()


def test_it_catches_an_email_as_a_username(db, allow_identifiers_in_events):
    audit_append(action="auth.login_failed", actor_username="victim@example.com")
    with pytest.raises(AssertionError, match="actor_username: e-mail"):
        assert_no_identifiers_in_events()


def test_it_catches_strings_passed_in_by_the_caller(db, allow_identifiers_in_events):
    audit_append(action="case.read", object_id="MEKONG-SECRET")
    with pytest.raises(AssertionError):
        assert_no_identifiers_in_events(extra=["mekong-secret"])


def test_it_does_not_name_the_offending_value(db, allow_identifiers_in_events):
    audit_append(action="case.read", details={"x": "victim@example.com"})
    with pytest.raises(AssertionError) as info:
        assert_no_identifiers_in_events()
    assert "victim@example.com" not in str(info.value)


def test_it_accepts_ordinary_events(db):
    audit_append(
        action="grant.approve",
        object_type="grant",
        object_id=str(uuid.uuid4()),
        details={"fields": ["summary"], "days": 90, "count": 123456},
    )
    assert_no_identifiers_in_events()


@given(st.uuids())
def test_it_does_not_mistake_a_uuid_or_hash_for_a_phone_number(value):
    event = AuditEvent(seq=1, object_id=str(value), details={"job": value.hex})
    assert identifier_problems(event, []) == []
