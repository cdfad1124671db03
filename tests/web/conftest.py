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
def _audit_triggers_lifted_for_flush(transactional_db):
    """Transactional tests (the live server) end with a flush, which on SQLite is a DELETE the
    audit trail's append-only triggers refuse. Lift them just before that flush; the flush's
    post_migrate signal puts them back (coord.audit.triggers.reinstall_after_migrate)."""
    yield
    from django.db import connection

    from coord.audit.triggers import drop_append_only_triggers

    if connection.vendor == "sqlite":
        drop_append_only_triggers(connection)
