"""Shared fixtures: three organisations (owner, grantee, stranger) with a caseworker and an
admin each, a network coordinator, and API clients signed in as any of them."""

from __future__ import annotations

import shutil
import time

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from coord.organisations.models import Role
from tests.factories import OrganisationFactory, coordinator, member

TEST_PASSWORD = "correct-horse-battery"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need PostgreSQL; ``worker`` ones need a broker and a worker;
    ``production`` and ``slow`` ones need PostgreSQL and a redis-server binary (CI runs them
    as steps of their own in the PostgreSQL stage: .ci/run)."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    has_broker = not settings.CELERY_TASK_ALWAYS_EAGER
    # Production, fault and soak runs start private redis-servers (never the shared one).
    has_redis_server = shutil.which("redis-server") is not None
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))
        if "worker" in item.keywords and not has_broker:
            item.add_marker(pytest.mark.skip(reason="needs CELERY_BROKER_URL and a worker"))
        if ("production" in item.keywords or "slow" in item.keywords) and not (
            on_postgres and has_redis_server
        ):
            item.add_marker(pytest.mark.skip(reason="PostgreSQL stage only (and redis-server)"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_append_only_lifted_for_flush(request, django_db_blocker):
    """A transactional test ends with a flush: DELETE on SQLite and TRUNCATE on PostgreSQL,
    which the audit trail's triggers refuse. Lift them just before the flush; the flush's
    post_migrate puts them back (coord/audit/triggers.py, docs/audit.md). Test-only: the
    product has no way round the triggers."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")  # so this teardown runs before its flush
    yield
    from django.db import OperationalError, connection

    from coord.audit.triggers import drop_append_only_triggers

    with django_db_blocker.unblock():
        # A real worker (tests marked ``worker``) may still be sequencing this test's events;
        # dropping triggers takes an exclusive lock, so a deadlock is retried, not fatal.
        for attempt in range(20):
            try:
                drop_append_only_triggers(connection)
                break
            except OperationalError:
                if attempt == 19:
                    raise
                time.sleep(0.25)


@pytest.fixture(autouse=True)
def _celery_eager_unless_worker_test(request):
    """With a broker configured (CI's PostgreSQL run), only tests marked ``worker`` send
    tasks to the real worker; the rest run tasks in-process, since a worker cannot see
    the uncommitted rows of a test wrapped in a transaction."""
    from coord.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = request.node.get_closest_marker("worker") is None or before
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _audit_sequencer_not_counted(request, monkeypatch):
    """A test that pins a request's query count counts what the request does in production:
    append to the audit outbox; the sequencer runs after commit (coord/audit/services.py)."""
    names = request.fixturenames
    if "django_assert_num_queries" in names or "django_assert_max_num_queries" in names:
        from coord.audit import services

        monkeypatch.setattr(services, "SEQUENCE_INSIDE_TEST_TRANSACTION", False)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_crypto_key_cache():
    """Database ids are reused between tests, so no unwrapped data key may outlive one."""
    from coord.crypto.keys import clear_key_cache

    clear_key_cache()
    yield
    clear_key_cache()


@pytest.fixture
def allow_identifiers_in_events():
    """Request this in a test that plants identifiers on purpose (it skips the scan)."""


@pytest.fixture(autouse=True)
def _no_identifiers_in_events(request):
    """After every test that used the database, scan the audit events it produced for
    e-mails, phone-like numbers, passwords and keys: no event may carry an identifier."""
    from tests.audit.helpers import assert_no_identifiers_in_events

    names = request.fixturenames
    uses_db = request.node.get_closest_marker("django_db") or "db" in names
    if "transactional_db" in names or not uses_db or "allow_identifiers_in_events" in names:
        yield
        return
    request.getfixturevalue("db")  # set up first, so the scan runs before the rollback
    yield
    from django.db import connection

    if not connection.needs_rollback:  # a test that broke its transaction on purpose
        assert_no_identifiers_in_events()


@pytest.fixture
def owner_org(db):
    return OrganisationFactory(slug="owner-org", country="KH")


@pytest.fixture
def grantee_org(db):
    return OrganisationFactory(slug="grantee-org", country="TH")


@pytest.fixture
def stranger_org(db):
    return OrganisationFactory(slug="stranger-org", country="VN")


@pytest.fixture
def owner_caseworker(owner_org):
    return member(owner_org, Role.CASEWORKER, "owner.caseworker")


@pytest.fixture
def owner_admin(owner_org):
    return member(owner_org, Role.ADMIN, "owner.admin")


@pytest.fixture
def grantee_caseworker(grantee_org):
    return member(grantee_org, Role.CASEWORKER, "grantee.caseworker")


@pytest.fixture
def grantee_admin(grantee_org):
    return member(grantee_org, Role.ADMIN, "grantee.admin")


@pytest.fixture
def stranger_caseworker(stranger_org):
    return member(stranger_org, Role.CASEWORKER, "stranger.caseworker")


@pytest.fixture
def stranger_admin(stranger_org):
    return member(stranger_org, Role.ADMIN, "stranger.admin")


@pytest.fixture
def network_coordinator(db):
    return coordinator("network.coord")


@pytest.fixture
def api():
    """An API client; ``api.as_user(user)`` signs it in."""

    class Client(APIClient):
        def as_user(self, user):
            self.force_authenticate(user=user)
            return self

    return Client()


@pytest.fixture
def exact_publication(settings):
    """Publish exact suppressed tables (``COORD_TREND_MODE=suppression``): the tests of the
    suppression method and of who sees which breakdown check exact numbers."""
    settings.COORD_TREND_MODE = "suppression"
