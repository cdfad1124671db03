import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings

from coord.audit.models import AuditCheckpoint
from coord.audit.services import (
    _queue_checkpoint,
    audit_append,
    audit_append_many,
    audit_checkpoint_create,
    audit_event,
)
from coord.audit.signing import checkpoint_message
from coord.audit.tasks import audit_checkpoint_task
from tests.audit.helpers import make_chain


def test_it_signs_the_head_with_a_key_the_public_endpoint_verifies(api, owner_caseworker):
    make_chain(4)
    checkpoint = audit_checkpoint_create()
    assert checkpoint.seq == 4
    body = api.as_user(owner_caseworker).get("/api/v1/audit/public-key/").json()
    assert body["algorithm"] == "Ed25519"
    assert body["key_id"] == checkpoint.key_id
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(body["public_key"]))
    key.verify(
        base64.b64decode(checkpoint.signature),
        checkpoint_message(seq=4, hash=checkpoint.hash, created_at=checkpoint.created_at),
    )
    assert body["pem"].startswith("-----BEGIN PUBLIC KEY-----")


def test_it_does_not_serve_the_public_key_anonymously(api, db):
    assert api.get("/api/v1/audit/public-key/").status_code in {401, 403}


def test_it_does_not_sign_the_same_head_twice(db):
    make_chain(3)
    assert audit_checkpoint_create() is not None
    assert audit_checkpoint_create() is None
    make_chain(1)
    assert audit_checkpoint_create().seq == 4
    assert AuditCheckpoint.objects.count() == 2


def test_it_signs_nothing_for_an_empty_trail(db):
    assert audit_checkpoint_task() is None
    assert not AuditCheckpoint.objects.exists()


def test_it_queues_a_checkpoint_every_n_events_after_commit(
    db, settings, django_capture_on_commit_callbacks
):
    settings.COORD_AUDIT_CHECKPOINT_EVERY = 3
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(7):
            audit_append(action="case.read")
    assert callbacks.count(_queue_checkpoint) == 2  # after events 3 and 6
    # Eager Celery: each callback signed the head as it was when it ran (event 7).
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [7]


def test_it_queues_a_checkpoint_when_a_batch_crosses_a_multiple_of_n(
    db, settings, django_capture_on_commit_callbacks
):
    settings.COORD_AUDIT_CHECKPOINT_EVERY = 3
    audit_append(action="case.read")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        audit_append_many([audit_event(action="case.read") for _ in range(3)])  # events 2-4
    assert callbacks.count(_queue_checkpoint) == 1


def test_it_queues_nothing_before_commit(db, settings, django_capture_on_commit_callbacks):
    settings.COORD_AUDIT_CHECKPOINT_EVERY = 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        audit_append(action="case.read")
    assert _queue_checkpoint not in callbacks


def test_it_schedules_the_hourly_checkpoint_in_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]
    assert entry["task"] == audit_checkpoint_task.name
    assert entry["schedule"].total_seconds() == 3600
