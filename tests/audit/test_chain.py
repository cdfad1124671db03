import itertools
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coord.audit.chain import CHAINED_FIELDS, GENESIS_HASH, canonical, event_hash, normalise_details
from coord.audit.models import AuditEvent, ChainHead
from coord.audit.selectors import _STRINGS, audit_verify, body_sql
from coord.audit.services import audit_append, audit_append_many, audit_event
from tests.audit.helpers import sequenced


def test_it_links_every_event_to_the_previous_one(owner_caseworker):
    for i in range(5):
        audit_append(action="case.read", actor=owner_caseworker, object_id=f"C-{i}")
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    head = ChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (5, events[-1].hash)


def test_it_hashes_the_canonical_encoding_with_the_previous_hash(owner_caseworker):
    event = sequenced(
        audit_append(action="case.read", actor=owner_caseworker, details={"b": 1, "a": [2]})
    )
    values = {name: getattr(event, name) for name in ("seq", "at", "actor_id")}
    values.update(
        actor_username="owner.caseworker",
        actor_organisation="owner-org",
        action="case.read",
        object_type="",
        object_id="",
        organisation="",
        outcome="allowed",
        request_id="",
        details={"a": [2], "b": 1},
    )
    body = canonical(values)
    assert body.startswith(b'{"action":"case.read","actor_id":')
    assert b'"details":{"a":[2],"b":1}' in body
    assert event.hash == event_hash(GENESIS_HASH, values)


def test_it_leaves_no_event_when_the_transaction_rolls_back(db):
    audit_append(action="case.create")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_append(action="case.update")
        raise RuntimeError
    audit_append(action="case.delete")
    assert list(AuditEvent.objects.values_list("seq", "action")) == [
        (1, "case.create"),
        (2, "case.delete"),
    ]
    assert audit_verify()["ok"]


def test_it_recreates_a_missing_chain_head_from_the_last_event(db):
    first = sequenced(audit_append(action="auth.login"))
    ChainHead.objects.all().delete()
    second = sequenced(audit_append(action="auth.logout"))
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert audit_verify().items() >= {"ok": True, "events": 2, "checkpoints": 0}.items()


def test_it_starts_a_chain_when_the_head_row_is_missing_and_there_are_no_events(db):
    ChainHead.objects.all().delete()
    event = sequenced(audit_append(action="auth.login"))
    assert (event.seq, event.prev_hash) == (1, GENESIS_HASH)


def test_it_records_the_request_id_and_the_actor_at_the_time(api, owner_admin):
    response = api.as_user(owner_admin).get(
        "/api/v1/audit/events/", HTTP_X_REQUEST_ID="req-12345678"
    )
    assert response.status_code == 200
    # Reading the trail is not itself an event; an export is (tested in test_export_api).
    event = sequenced(
        audit_append(action="case.read", actor=owner_admin, request=response.wsgi_request)
    )
    assert event.request_id == "req-12345678"
    assert (event.actor_username, event.actor_organisation) == ("owner.admin", "owner-org")


def test_it_refuses_an_unknown_outcome(db):
    with pytest.raises(ValueError):
        audit_append(action="case.read", outcome="maybe")


@pytest.mark.parametrize(
    "details",
    [{"x": float("nan")}, {"x": 1e16}, {1: "a"}, {"x": object()}, {"x": [[[[[[[[[[1]]]]]]]]]]}],
)
def test_it_refuses_details_that_would_not_survive_the_database(db, details):
    with pytest.raises(TypeError):
        audit_append(action="case.read", details=details)
    assert not AuditEvent.objects.exists()


def test_it_stores_nul_and_lone_surrogates_as_replacement_characters(db):
    event = sequenced(
        audit_append(
            action="auth.login_failed", actor_username="a\x00\ud800", details={"k": "\x00"}
        )
    )
    event.refresh_from_db()
    assert event.actor_username == "a\ufffd?"
    assert event.details == {"k": "\ufffd"}
    assert audit_verify()["ok"]


def test_it_clips_over_long_fields_before_hashing(db):
    event = sequenced(audit_append(action="case.read", object_id="x" * 100))
    event.refresh_from_db()
    assert event.object_id == "x" * 64
    assert audit_verify()["ok"]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e14, max_value=1e14)
    | st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))),
            children,
            max_size=3,
        )
    ),
    max_leaves=8,
)
texts = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=20
)


def _body_from_database(values: dict) -> str:
    """``body_sql`` evaluated by the database over one event's stored column values."""
    field = AuditEvent._meta.get_field
    columns = [
        ("seq", "bigint", values["seq"]),
        ("at", "timestamptz", connection.ops.adapt_datetimefield_value(values["at"])),
        ("actor_id", "bigint", values["actor_id"]),
        *((name, "text", values[name]) for name in _STRINGS),
        ("details", "text", field("details").get_prep_value(values["details"])),
    ]
    postgres = connection.vendor == "postgresql"
    select = ", ".join(
        f'%s::{kind} AS "{name}"' if postgres else f'%s AS "{name}"' for name, kind, _ in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {body_sql(connection.vendor)} FROM (SELECT {select}) AS e",  # noqa: S608
            [value for _, _, value in columns],
        )
        return cursor.fetchone()[0]


def test_it_builds_the_body_from_every_chained_field():
    assert {*_STRINGS, "seq", "at", "actor_id", "details"} == set(CHAINED_FIELDS)


@pytest.mark.django_db
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seq=st.integers(min_value=1, max_value=2**62),
    micro=st.integers(min_value=0, max_value=999_999),
    actor_id=st.none() | st.integers(min_value=1, max_value=2**62),
    strings=st.lists(texts, min_size=8, max_size=8),
    details=st.dictionaries(texts, json_values, max_size=4),
)
def test_it_verifies_with_the_same_bytes_the_writer_hashed(seq, micro, actor_id, strings, details):
    values = {
        "seq": seq,
        "at": datetime(2026, 11, 25, 12, 0, 1, micro, tzinfo=UTC),
        "actor_id": actor_id,
        "details": normalise_details(details),
    }
    values.update(zip(_STRINGS, strings, strict=True))
    assert _body_from_database(values).encode() == canonical(values)


def test_it_appends_a_batch_in_order_under_one_head_update(owner_caseworker):
    audit_append(action="case.read", object_id="C-0")
    events = sequenced(
        audit_append_many(
            [
                audit_event(action="case.read", actor=owner_caseworker, object_id=f"C-{i}")
                for i in (1, 2)
            ]
        )
    )
    assert [e.seq for e in events] == [2, 3]
    assert [e.object_id for e in AuditEvent.objects.order_by("seq")] == ["C-0", "C-1", "C-2"]
    assert ChainHead.objects.values_list("seq", "hash").get() == (3, events[-1].hash)
    assert audit_verify()["ok"]


def test_it_appends_nothing_for_an_empty_batch(db):
    assert audit_append_many([]) == []
    assert not AuditEvent.objects.exists()


def test_it_stores_details_as_their_canonical_text(db):
    """The verifier hashes the column as read, so it must hold exactly the hashed bytes."""
    audit_append(action="case.read", details={"b": [1, 2], "a": "é"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM audit_auditevent")
        assert cursor.fetchone()[0] == '{"a":"é","b":[1,2]}'
    assert AuditEvent.objects.get().details == {"a": "é", "b": [1, 2]}
