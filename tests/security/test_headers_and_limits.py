"""Response headers on every dynamic answer (CSP without inline script or style, no-store,
nosniff, same-origin referrer, frame denial) and the rate limits: 429 with Retry-After on
PII-scanned writes and exports, never on reads."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

CASE = {"reported_month": "2025-03", "region": "KH-12", "consent": "aggregate"}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.mark.parametrize("path", ["/", "/api/v1/me/", "/cases/", "/trends/"])
def test_it_sends_the_security_headers(client, owner_caseworker, path):
    client.force_login(owner_caseworker)
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_it_keeps_the_session_cookie_httponly_and_samesite(client, owner_caseworker):
    from django.conf import settings

    client.force_login(owner_caseworker)
    client.get("/")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert 0 < settings.SESSION_COOKIE_AGE <= 3600 and settings.SESSION_SAVE_EVERY_REQUEST


@pytest.fixture
def tight_rates(monkeypatch):
    """Two requests per window. DRF reads the rates into a class attribute at import, so
    patch that (and only for this test) rather than the settings."""
    from rest_framework.throttling import SimpleRateThrottle

    rates = {"login": "2/min", "pii_write": "2/min", "export": "2/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_it_limits_pii_scanned_writes_with_retry_after(tight_rates, owner_caseworker):
    client = _client(owner_caseworker)
    codes = [client.post("/api/v1/cases/", CASE, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    refused = client.post("/api/v1/cases/", CASE, format="json")
    assert int(refused["Retry-After"]) > 0


def test_it_never_limits_reading_the_list_of_a_write_view(tight_rates, owner_caseworker):
    client = _client(owner_caseworker)
    assert {client.get("/api/v1/cases/").status_code for _ in range(5)} == {200}


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("network_coordinator", "/api/v1/audit/events/export.csv"),
        ("owner_caseworker", "/api/v1/trends.csv?group_by=region"),
    ],
)
def test_it_limits_exports_with_retry_after(request, tight_rates, user, url):
    client = _client(request.getfixturevalue(user))
    codes = [client.get(url).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
