"""Helpers for audit tests: tampering as an attacker with database access would, synthetic
chains, and the "no identifier in any event" check the whole suite can run."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection

from coord.audit.bench import bulk_extend_chain
from coord.audit.models import AuditEvent
from coord.audit.triggers import drop_append_only_triggers, install_append_only_triggers

# Strings that must never appear in an audit event: the suite's passwords and the
# identifiers other test packages use as victim data. Extend it when you add such data.
FORBIDDEN_IN_EVENTS: tuple[str, ...] = (
    "correct-horse-battery",  # tests.conftest.TEST_PASSWORD
    "demo-pass-2026",  # the demo password
    "Nguyen Thi",  # victim-name sample used by the PII tests
    "passport",
)

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, maybe split by single spaces, dots, dashes or brackets, standing
# alone: a phone number. Digits inside a longer token (a hash, a UUID) do not count.
PHONE_LIKE = re.compile(r"(?<![\w-])\+?\(?\d(?:[\s().-]?\d){6,}(?![\w-])")
SCANNED_FIELDS = (
    "actor_username",
    "actor_organisation",
    "action",
    "object_type",
    "object_id",
    "organisation",
)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def identifier_problems(event: AuditEvent, forbidden: Iterable[str]) -> list[str]:
    """What in ``event`` looks like an identifier or a secret (empty list when clean)."""
    problems = []
    texts = [(name, getattr(event, name)) for name in SCANNED_FIELDS]
    texts += [("details", text) for text in _strings(event.details)]
    lowered = [s.lower() for s in forbidden if s]
    for name, text in texts:
        if not text:
            continue
        if EMAIL.search(text):
            problems.append(f"event {event.seq} {name}: e-mail address")
        if PHONE_LIKE.search(text):
            problems.append(f"event {event.seq} {name}: phone-like digit run")
        if any(s in text.lower() for s in lowered):
            problems.append(f"event {event.seq} {name}: forbidden string")
    return problems


def assert_no_identifiers_in_events(*, extra: Iterable[str] = ()) -> None:
    """Fail if any event carries an e-mail, a phone-like number, a listed string or a key.

    Meant to run after each test (autouse) so that every test's events are scanned. The
    message names the event and field, never the offending value.
    """
    forbidden = [
        *FORBIDDEN_IN_EVENTS,
        *extra,
        settings.COORD_MASTER_KEY,
        settings.COORD_AUDIT_SIGNING_KEY,
    ]
    problems = []
    for event in AuditEvent.objects.order_by("seq").iterator():
        problems += identifier_problems(event, forbidden)
    assert not problems, "identifiers in audit events:\n" + "\n".join(problems)


@contextmanager
def triggers_lifted():
    """Drop the append-only triggers, as an attacker with database access would."""
    drop_append_only_triggers(connection)
    try:
        yield
    finally:
        install_append_only_triggers(connection)


def tamper(sql: str, params: Iterable[Any] = ()) -> None:
    """Run raw SQL against the audit tables with the triggers lifted."""
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def make_chain(count: int) -> int:
    """Extend the trail by ``count`` valid synthetic events; returns the head seq."""
    return bulk_extend_chain(count)


def sequenced(rows):
    """The sequenced event(s) of outbox row(s) ``audit_append`` returned (inside a test's
    transaction the sequencer runs at once, see ``services._wake_sequencer``)."""
    if isinstance(rows, list):
        by_outbox = AuditEvent.objects.in_bulk([r.pk for r in rows], field_name="outbox_id")
        return [by_outbox[r.pk] for r in rows]
    return AuditEvent.objects.get(outbox_id=rows.pk)
