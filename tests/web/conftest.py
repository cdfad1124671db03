"""Web test helpers: a Django test client signed in as any fixture user."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def web():
    """A browser-like client; ``web.as_user(user)`` signs it in with a real session."""

    class WebClient(Client):
        def as_user(self, user):
            self.force_login(user)
            return self

    return WebClient()


@pytest.fixture
def verify_inline(monkeypatch):
    """Run chain verification jobs in this process, with or without a broker, so a test can
    look at the finished job (CI's second run has a real broker and worker)."""
    from coord.audit.tasks import audit_verify_task

    monkeypatch.setattr(
        audit_verify_task, "delay", lambda job_id: audit_verify_task.apply((job_id,))
    )
