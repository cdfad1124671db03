"""The notifications inbox in a real browser (Debian's Chromium; skipped without it): a
requester sees the narrowed approval as an unread note with a badge, in its own language,
marks it read; the page is axe clean and fits a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sharing_policies import services
from tests.web.test_browser import CHROMIUM, axe_violations, page, shot, sign_in, visible

__all__ = ["page"]  # the fixture, imported for pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]


def _narrowed_approval(owner_org, owner_admin, grantee_admin) -> None:
    today = timezone.localdate()
    request = services.access_request_create(
        actor=grantee_admin,
        to_organisation=owner_org,
        scope="summaries",
        valid_until=today + timedelta(days=60),
    )
    services.access_request_approve(
        actor=owner_admin, access_request=request, valid_until=today + timedelta(days=20)
    )


def test_the_requester_sees_and_reads_the_narrowed_approval(
    page, owner_org, owner_admin, grantee_admin
):
    _narrowed_approval(owner_org, owner_admin, grantee_admin)
    sign_in(page, "grantee.admin")
    assert page.locator(".badge").inner_text() == "1"
    page.get_by_role("link", name="Notifications").click()
    assert visible(
        page.get_by_role(
            "link", name="Owner Org approved your access request with less than you asked."
        )
    )
    assert axe_violations(page) == []
    shot(page, "notifications")
    page.get_by_role("button", name="Mark as read").click()
    page.wait_for_load_state()
    assert page.locator(".badge").count() == 0


def test_the_inbox_speaks_khmer_and_fits_a_phone(page, owner_org, owner_admin, grantee_admin):
    _narrowed_approval(owner_org, owner_admin, grantee_admin)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "grantee.admin")
    page.get_by_label("Language").select_option("km")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()
    page.goto("/notifications/")
    assert visible(page.get_by_role("heading", name="ការជូនដំណឹង"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "notifications-khmer-phone")
