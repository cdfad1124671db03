"""A sequencer process killed (SIGKILL) in the middle of a batch loses and skips nothing: the
next run sequences the same outbox rows (PostgreSQL: the rows must be committed for another
process to see them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from coord.audit import services
from coord.audit.models import AuditEvent
from coord.audit.selectors import audit_verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CHILD = """
import time
import django
django.setup()
from coord.audit import services

def stop_mid_batch(name):
    if name == "events":  # the events are inserted, the tree is not extended yet
        print("mid-batch", flush=True)
        time.sleep(120)

services._step = stop_mid_batch
services.audit_sequence()
"""


def test_it_resumes_after_the_sequencer_process_is_killed_mid_batch(monkeypatch):
    monkeypatch.setattr(services, "_queue_sequencer", lambda: None)  # leave them pending
    for i in range(5):
        services.audit_append(action="case.read", object_id=f"C-{i}")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coord.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", CHILD],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "mid-batch"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert AuditEvent.objects.count() == 0  # the killed batch left nothing
    assert services.audit_sequence() == 5
    assert list(AuditEvent.objects.order_by("seq").values_list("object_id", flat=True)) == [
        f"C-{i}" for i in range(5)
    ]
    assert audit_verify()["ok"]
