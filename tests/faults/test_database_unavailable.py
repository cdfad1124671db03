"""A database that cannot answer is a 503 with Retry-After, never a 500 (issue 23).

On SQLite every SELECT is made to fail the way a dead server fails (``OperationalError``);
the PostgreSQL tests use the real thing: a statement cancelled by ``statement_timeout`` while
another session holds a lock, and a server that is not there.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from django.db import OperationalError, connection

from coord.cases.models import CaseSummary
from coord.lib import unavailable
from coord.lib.api import json_server_error
from coord.lib.db import use_statement_timeout


@contextlib.contextmanager
def every_read_fails():
    """Every SELECT raises as a database that went away does; transaction control still runs,
    so the test's own transaction survives."""

    def fail(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT"):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


def test_the_api_answers_503_with_retry_after_when_the_database_fails(api, owner_caseworker):
    client = api.as_user(owner_caseworker)
    with every_read_fails():
        response = client.get("/api/v1/cases/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {"detail": unavailable.MESSAGE, "code": "unavailable"}


def test_a_page_answers_503_with_retry_after_when_the_database_fails(web, owner_caseworker):
    client = web.as_user(owner_caseworker)
    with every_read_fails():
        response = client.get("/cases/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert unavailable.MESSAGE in response.content.decode()


def test_the_sign_in_form_answers_503_when_the_database_fails(client, db):
    with every_read_fails():
        response = client.post("/login/", {"username": "someone", "password": "wrong-password"})
    assert response.status_code == 503
    assert "Traceback" not in response.content.decode()


def test_it_answers_503_not_the_debug_page_in_debug_mode(api, owner_caseworker, settings):
    settings.DEBUG = True
    client = api.as_user(owner_caseworker)
    with every_read_fails():
        response = client.get("/api/v1/cases/")
    assert response.status_code == 503


def test_it_asks_for_the_configured_wait(api, owner_caseworker, settings):
    settings.COORD_RETRY_AFTER_SECONDS = 17
    client = api.as_user(owner_caseworker)
    with every_read_fails():
        response = client.get("/api/v1/cases/")
    assert response["Retry-After"] == "17"


def test_the_server_error_handler_answers_503_for_a_database_failure(rf):
    request = rf.get("/api/v1/cases/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = json_server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_the_server_error_handler_still_answers_500_for_a_bug(rf):
    request = rf.get("/api/v1/cases/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = json_server_error(request)
    assert response.status_code == 500


def test_it_logs_the_kind_of_failure_but_not_the_statement(api, owner_caseworker, caplog):
    client = api.as_user(owner_caseworker)
    with every_read_fails():
        client.get("/api/v1/cases/")
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "database unavailable: OperationalError" in logged
    assert "SELECT" not in logged


def test_a_statement_timeout_replaces_the_previous_one():
    database = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c jit=off"}}
    use_statement_timeout(database, 100)
    use_statement_timeout(database, 250)
    assert database["OPTIONS"]["options"] == "-c jit=off -c statement_timeout=250"


def test_a_statement_timeout_leaves_sqlite_alone():
    database = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}
    use_statement_timeout(database, 100)
    assert database["OPTIONS"] == {}


# --- PostgreSQL: the real failures ---------------------------------------------------------


@pytest.fixture
def reconnect_with():
    """Reopen the test connection with other settings; the original ones come back after."""
    original = dict(connection.settings_dict)
    original_options = dict(original.get("OPTIONS", {}))

    def reconnect(**changes):
        connection.close()
        options = changes.pop("OPTIONS", None)
        connection.settings_dict.update(changes)
        if options is not None:
            connection.settings_dict["OPTIONS"] = options

    yield reconnect
    connection.close()
    connection.settings_dict.update(original)
    connection.settings_dict["OPTIONS"] = original_options


@pytest.mark.postgres
@pytest.mark.django_db
def test_every_connection_carries_the_configured_statement_timeout(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        shown = cursor.fetchone()[0]
    assert shown == f"{settings.COORD_STATEMENT_TIMEOUT_MS // 1000}s"


@contextlib.contextmanager
def table_locked(model):
    """Another session holds an exclusive lock on ``model``'s table, as a long migration or a
    runaway report would."""
    import psycopg

    other = psycopg.connect(**connection.get_connection_params())
    try:
        other.execute(f'LOCK TABLE "{model._meta.db_table}" IN ACCESS EXCLUSIVE MODE')
        yield
    finally:
        other.rollback()
        other.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/api/v1/cases/", "/cases/"])
def test_a_query_past_the_statement_timeout_answers_503_quickly(
    path, owner_caseworker, web, reconnect_with
):
    web.as_user(owner_caseworker)
    options = dict(connection.settings_dict["OPTIONS"])
    use_statement_timeout({"ENGINE": connection.settings_dict["ENGINE"], "OPTIONS": options}, 300)
    reconnect_with(OPTIONS=options)
    with table_locked(CaseSummary):
        started = time.monotonic()
        response = web.get(path)
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert elapsed < 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_query_answers_once_the_lock_is_gone(owner_caseworker, api, reconnect_with):
    client = api.as_user(owner_caseworker)
    options = dict(connection.settings_dict["OPTIONS"])
    use_statement_timeout({"ENGINE": connection.settings_dict["ENGINE"], "OPTIONS": options}, 300)
    reconnect_with(OPTIONS=options)
    with table_locked(CaseSummary):
        assert client.get("/api/v1/cases/").status_code == 503
    assert client.get("/api/v1/cases/").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/api/v1/cases/", "/cases/", "/login/"])
def test_a_database_that_is_not_there_answers_503(path, owner_caseworker, web, reconnect_with):
    import socket

    client = web.as_user(owner_caseworker)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reconnect_with(PORT=str(port), HOST="127.0.0.1")
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_the_page_speaks_the_readers_language(web, owner_caseworker):
    client = web.as_user(owner_caseworker)
    with every_read_fails():
        response = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 503
    assert "บริการไม่พร้อมใช้งานชั่วคราว" in response.content.decode()
