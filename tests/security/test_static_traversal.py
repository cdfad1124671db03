"""Nothing secret beside what is served: a path that climbs out of /static/ (``..``, encoded,
double-encoded, backslashes, absolute paths) is a 404, never the file and never a 500, in
production (whitenoise's index), under pytest, and as ``manage.py runserver`` serves in
development (DEBUG on, whitenoise finding files on each request)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db

SECRET = "planted-secret-must-never-be-served"


def _variants(key: Path) -> list[str]:
    return [
        "/static/../dev-master.key",
        "/static/%2e%2e/dev-master.key",
        "/static/%2E%2E/dev-master.key",
        "/static/..%2fdev-master.key",
        "/static/..%2Fdev-master.key",
        "/static/%2e%2e%2fdev-master.key",
        "/static/..%5cdev-master.key",
        "/static/..\\dev-master.key",
        "/static/%252e%252e/dev-master.key",
        "/static/%252e%252e%252fdev-master.key",
        "/static/..%252fdev-master.key",
        "/static/.%2e/dev-master.key",
        "/static/web/../../dev-master.key",
        "/static/web/%2e%2e/%2e%2e/dev-master.key",
        "/static/..;/dev-master.key",
        "/static/%c0%ae%c0%ae/dev-master.key",
        f"/static/{key}",
        f"/static//{key}",
        f"/static/%2f{str(key).lstrip('/')}",
        "/static//etc/passwd",
        "/static/../../../../../../etc/passwd",
        "/static/..%2f..%2f..%2fcoord%2fsettings.py",
        "/static/../coord/settings.py",
    ]


@pytest.fixture
def planted(settings, tmp_path) -> Path:
    """A key file right beside a STATIC_ROOT that holds one real file."""
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "web").mkdir(parents=True)
    (settings.STATIC_ROOT / "web" / "real.txt").write_text("served")
    key = tmp_path / "dev-master.key"
    key.write_text(SECRET)
    return key


def _assert_refused(status: int, body: bytes, path: str) -> None:
    assert status == 404, f"{path} answered {status}"
    assert SECRET.encode() not in body


def test_it_serves_a_real_static_file(planted):
    response = Client().get("/static/web/real.txt")
    assert response.status_code == 200


def test_it_answers_404_to_every_traversal_in_production_mode(planted):
    client = Client(raise_request_exception=False)
    for path in _variants(planted):
        response = client.get(path)
        _assert_refused(response.status_code, response.content, path)


def test_it_answers_404_to_every_traversal_with_whitenoise_finding_files(planted, settings):
    """DEBUG's whitenoise: files are looked up on each request (autorefresh, finders)."""
    settings.DEBUG = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    client = Client(raise_request_exception=False)
    for path in _variants(planted):
        response = client.get(path)
        _assert_refused(response.status_code, response.content, path)


def _runserver_handler():
    """The WSGI application ``manage.py runserver`` serves, with its default options."""
    command = load_command_class(get_commands()["runserver"], "runserver")
    options = vars(command.create_parser("manage.py", "runserver").parse_args([]))
    return command.get_handler(**options)


def test_it_answers_404_to_every_traversal_as_runserver_serves_in_development(planted, settings):
    settings.DEBUG = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    handler = _runserver_handler()
    statuses: list[str] = []

    def start_response(status, headers, *_):
        statuses.append(status)

    for path in _variants(planted):
        body = b"".join(handler(RequestFactory().get(path).environ, start_response))
        _assert_refused(int(statuses[-1].split()[0]), body, path)
