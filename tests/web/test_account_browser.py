"""Accounts in a real browser (Debian's Chromium; skipped without it, like test_browser):
an admin resets a caseworker's password, the caseworker signs in with the one-time code,
must choose a new password, and the API token from before stops working; /admin/ is one
403 page for a coordinator."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import TEST_PASSWORD
from tests.web.test_browser import CHROMIUM, axe_violations, page, shot, sign_in, visible

__all__ = ["page"]  # the fixture, imported for pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]

NEW_PASSWORD = "my-own-passphrase-2026"


def test_an_admin_resets_a_password_and_the_member_must_change_it(
    page, owner_admin, owner_caseworker
):
    api = APIClient()
    token = api.post(
        "/api/v1/auth/token/",
        {"username": "owner.caseworker", "password": TEST_PASSWORD},
        format="json",
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 200

    sign_in(page, "owner.admin")
    page.goto("/org/owner-org/members/owner.caseworker/")
    page.get_by_role("link", name="Reset password…").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Yes, issue a one-time code").click()
    code = page.locator("#reset-code").inner_text()
    assert axe_violations(page) == []
    shot(page, "member-reset-code")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
    assert visible(page.get_by_text("You are signed out."))

    page.get_by_label("Username").fill("owner.caseworker")
    page.get_by_label("Password").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/password/")
    assert visible(page.get_by_text("before you continue"))
    assert axe_violations(page) == []
    page.goto("/cases/")
    assert page.url.endswith("/account/password/")
    page.get_by_label("Current password").fill(code)
    page.locator("#id_new_password").fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/")
    assert visible(page.get_by_text("Your password was changed."))
    page.goto("/cases/")
    assert page.url.endswith("/cases/")

    assert api.get("/api/v1/me/").status_code == 401

    # Again from the profile page: a token taken in between stops working too.
    later = APIClient()
    token = later.post(
        "/api/v1/auth/token/",
        {"username": "owner.caseworker", "password": NEW_PASSWORD},
        format="json",
    ).json()["token"]
    later.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert later.get("/api/v1/me/").status_code == 200
    page.get_by_role("link", name="Profile").click()
    page.wait_for_url("**/account/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Current password").fill(NEW_PASSWORD)
    page.locator("#id_new_password").fill(NEW_PASSWORD + "-again")
    page.get_by_label("New password again").fill(NEW_PASSWORD + "-again")
    page.get_by_role("button", name="Change password").click()
    assert visible(page.get_by_text("Your password was changed."))
    assert later.get("/api/v1/me/").status_code == 401


def test_admin_is_one_403_page_for_a_coordinator(page, network_coordinator):
    sign_in(page, "network.coord")
    response = page.goto("/admin/")
    assert response.status == 403
    assert response.request.redirected_from is None
    assert visible(page.get_by_role("heading", name="Not allowed"))
