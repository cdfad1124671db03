"""The service as production runs it (issue 23): gunicorn with the Dockerfile's command line
and 3 workers, COORD_ENV=production, DEBUG off, Redis cache and broker, PostgreSQL. Counters
that must hold across workers are checked with requests spread over the workers (the access
log names the worker pid of each answer)."""

from __future__ import annotations

import pytest

from tests.production.service import PASSWORD

pytestmark = pytest.mark.production

DEBUG_MARKERS = ("Traceback", "DEBUG = True", "Django Version", "Request Method:", "SECRET_KEY")


def _spread(service, since: int) -> set[str]:
    return service.pids_serving(since)


def _across_workers(service, run, *, tries: int = 6):
    """``run()``'s result from a try whose requests at least two workers answered.

    Sequential requests to idle sync workers often all land on the one that answered last,
    so a try that stayed on one worker proves nothing about shared counters: its counters
    and lockouts are cleared (this run's private Redis, ``axes_reset``) and it runs again.
    """
    import redis

    for _ in range(tries):
        since = service.log_position()
        result = run()
        if len(_spread(service, since)) >= 2:
            return result
        client = redis.Redis.from_url(service.cache_url)
        for key in client.scan_iter(match="*throttle_*"):
            client.delete(key)
        service.manage("axes_reset")
    pytest.fail(f"{tries} tries were each answered by a single gunicorn worker")


def test_it_runs_three_gunicorn_workers(service):
    assert len(service.worker_pids()) == 3


def test_the_sign_in_lockout_holds_across_workers(service, http):
    def run():
        answers = [
            http.form("/login/", {"username": "smoke.lockout", "password": f"wrong-{n}"})
            for n in range(8)
        ]
        right = http.form("/login/", {"username": "smoke.lockout", "password": PASSWORD})
        return [a.status_code for a in answers], right

    answers, right = _across_workers(service, run)
    # AXES_FAILURE_LIMIT (5): the fifth failure locks the account out at this address.
    assert answers[:4] == [200] * 4  # the form again, with an error
    assert answers[4:] == [429] * 4
    assert right.status_code == 429
    assert right.headers["Retry-After"]


def test_the_api_sign_in_throttle_holds_across_workers(service, http):
    def run():
        return [
            http.post(
                "/api/v1/auth/token/",
                json={"username": f"nobody-{n}", "password": "wrong"},
                # A client rotating X-Forwarded-For gets no fresh budget.
                headers={"X-Forwarded-For": f"198.51.100.{n}"},
            ).status_code
            for n in range(13)
        ]

    answers = _across_workers(service, run)
    assert answers[:12] == [401] * 12
    assert answers[12] == 429


def test_the_web_sign_in_form_throttle_holds_across_workers(service, http):
    def run():
        return [
            http.form(
                "/login/",
                {"username": f"nobody-{n}", "password": "wrong"},
                headers={"X-Forwarded-For": f"198.51.100.{n}"},
            ).status_code
            for n in range(13)
        ]

    answers = _across_workers(service, run)
    assert answers[:12] == [200] * 12
    assert answers[12] == 429


def test_the_web_form_throttle_holds_across_workers(service, http):
    signed_in = http.form("/login/", {"username": "smoke.writer", "password": PASSWORD})
    assert signed_in.status_code == 302
    answers = _across_workers(
        service, lambda: [http.form("/cases/new/", {}).status_code for _ in range(7)]
    )
    assert answers[:6] == [200] * 6  # the form again, with its errors
    assert answers[6] == 429


def test_the_api_write_throttle_holds_across_workers(service, http):
    token = http.post(
        "/api/v1/auth/token/", json={"username": "smoke.caseworker", "password": PASSWORD}
    ).json()["token"]

    def run():
        return [
            http.post("/api/v1/cases/", json={}, headers={"Authorization": f"Token {token}"})
            for _ in range(7)
        ]

    answers = _across_workers(service, run)
    assert [a.status_code for a in answers[:6]] == [400] * 6
    assert answers[6].status_code == 429
    assert answers[6].headers["Retry-After"]


def test_a_page_carries_the_security_headers(http):
    response = http.get("/login/")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_its_cookies_are_secure(http):
    response = http.get("/login/")
    csrf = next(c for c in response.cookies if c.name == "csrftoken")
    assert csrf.secure


def test_the_session_cookie_is_secure_and_http_only(http):
    response = http.form("/login/", {"username": "smoke.caseworker", "password": PASSWORD})
    session = next(c for c in response.cookies if c.name == "sessionid")
    assert session.secure
    assert session.has_nonstandard_attr("HttpOnly")


def test_plain_http_is_redirected_to_https(http):
    response = http.get("/login/", https=False)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_static_files_are_served_by_whitenoise(http):
    response = http.get("/static/web/css/site.css")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [("/no-such-page/", 404), ("/api/v1/no-such-endpoint/", 404), ("/static/../x", 404)],
)
def test_an_error_page_shows_no_debug_information(http, path, status):
    response = http.get(path)
    assert response.status_code == status
    assert not any(marker in response.text for marker in DEBUG_MARKERS)


def test_a_foreign_host_gets_a_plain_400(http):
    response = http.get("/login/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert not any(marker in response.text for marker in DEBUG_MARKERS)


def test_malformed_json_gets_a_plain_400(http):
    response = http.post(
        "/api/v1/auth/token/", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert not any(marker in response.text for marker in DEBUG_MARKERS)


def test_its_health_check_sees_the_database_and_the_broker(http):
    health = http.get("/healthz", https=False).json()
    assert (health["status"], health["database"], health["broker"]) == ("ok", "ok", "ok")


def test_the_deploy_check_is_clean_with_its_environment(service):
    result = service.manage("check", "--deploy", "--fail-level", "WARNING", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
