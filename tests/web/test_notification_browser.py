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


def _fresh(page) -> None:
    """Forget the signed-in session (and the language) between people."""
    page.context.clear_cookies()


def test_the_issue_walk_narrow_notify_revoke_and_decline_with_a_reason(
    page,
    owner_org,
    owner_admin,
    owner_caseworker,
    grantee_admin,
    grantee_caseworker,
    grantee_org,
):
    from coord.cases.services import case_create
    from coord.cases.validation import current_month

    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    sign_in(page, "grantee.admin")
    page.goto("/sharing/requests/new/")
    page.get_by_label("Ask which organisation").select_option("owner-org")
    page.get_by_label("Case summaries (allowed fields, no narrative)").check()
    page.get_by_label("Purpose").fill("Planning shelter places across the border.")
    page.get_by_label("Until (last day)").fill(until)
    page.get_by_role("button", name="Send request").click()
    assert visible(page.get_by_text("Your request was sent."))
    _fresh(page)

    sign_in(page, "owner.admin")
    page.goto("/sharing/")
    page.get_by_role("link", name="Review and approve").click()
    page.get_by_label("Gender").uncheck()
    page.get_by_role("button", name="Approve").click()
    assert visible(page.get_by_text("Approved: the grant is live."))
    _fresh(page)

    sign_in(page, "grantee.admin")
    page.get_by_label("Language").select_option("vi")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()
    assert page.locator(".badge").inner_text() == "1"
    page.goto("/notifications/")
    assert visible(
        page.get_by_role(
            "link",
            name="Owner Org đã chấp thuận yêu cầu truy cập của bạn nhưng ít hơn mức bạn xin.",
        )
    )
    page.goto("/sharing/")
    assert visible(page.get_by_text("Ít hơn mức đã xin").first)
    shot(page, "sharing-granted-less-vi")
    _fresh(page)

    sign_in(page, "owner.admin")
    page.goto("/sharing/")
    page.get_by_role("link", name="Revoke…").click()
    page.get_by_role("button", name="Yes, revoke").click()
    _fresh(page)

    sign_in(page, "grantee.admin")
    page.goto("/notifications/")
    assert visible(page.get_by_role("link", name="Owner Org revoked the access it gave you."))
    _fresh(page)

    case = case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": current_month(), "region": "KH-12", "consent": "share"},
    )
    services.referral_create(
        actor=owner_caseworker,
        case=case,
        to_organisation=grantee_org,
        reason="legal",
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    sign_in(page, "grantee.caseworker")
    page.goto("/referrals/")
    page.get_by_role("link", name="Decline…").click()
    page.get_by_label("Why you decline").fill("No legal aid lawyer free this month.")
    page.get_by_role("button", name="Decline").click()
    assert visible(page.get_by_text("The referral was declined."))
    _fresh(page)

    sign_in(page, "owner.caseworker")
    page.goto("/referrals/")
    assert visible(page.get_by_text("No legal aid lawyer free this month."))
    page.goto("/notifications/")
    assert visible(
        page.get_by_role(
            "link", name=f"Grantee Org declined your referral of case {case.reference}."
        )
    )
