"""End-to-end tests in a real browser: Playwright (Python) driving Debian's Chromium.

Never ``playwright install``: the browser is ``/usr/bin/chromium`` (``apt-get install -y
chromium``); without it these tests are skipped with that reason. Set
``COORD_SCREENSHOTS=docs/screenshots`` to save screenshots of the pages they visit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.templatetags.static import static

from coord.cases.models import CaseSummary
from coord.cases.validation import current_month, format_month
from tests.conftest import TEST_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = "+855 12 345 678"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]


@pytest.fixture
def page(live_server, tmp_path, monkeypatch):
    """A fresh Chromium page with an empty profile. Playwright's sync API keeps an event loop
    in this thread, so Django is told the test's own ORM calls are deliberate."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    profile = tmp_path / "profile"
    profile.mkdir()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            base_url=live_server.url,
            viewport={"width": 1100, "height": 800},
        )
        context.set_default_timeout(15_000)
        page = context.pages[0] if context.pages else context.new_page()
        yield page
        context.close()


def shot(page, name: str) -> None:
    folder = os.environ.get("COORD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def visible(locator) -> bool:
    """Wait for ``locator`` (a click or submit may still be loading the next page), then
    report whether it is visible; a missing element fails after Playwright's timeout."""
    locator.wait_for()
    return locator.is_visible()


def sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def axe_violations(page) -> list[dict]:
    """Run axe-core (served from our own static files) and return serious/critical findings."""
    page.add_script_tag(url=static("web/vendor/axe.min.js"))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .map(v => ({id: v.id, impact: v.impact,
                         nodes: v.nodes.map(n => n.target.join(' '))}))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_it_signs_in_and_out(page, owner_caseworker):
    page.goto("/")
    assert "/login/" in page.url
    shot(page, "sign-in")
    sign_in(page, "owner.caseworker")
    assert visible(page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases"))
    shot(page, "home-caseworker")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
    page.goto("/")
    assert "/login/" in page.url


def test_it_refuses_a_wrong_password(page, owner_caseworker):
    sign_in_page = page
    sign_in_page.goto("/login/")
    page.get_by_label("Username").fill("owner.caseworker")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    assert visible(page.get_by_text("Wrong username or password."))


def test_it_switches_to_khmer(page, owner_admin):
    sign_in(page, "owner.admin")
    page.get_by_label("Language").select_option("km")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "km"
    nav = page.get_by_role("navigation").first.inner_text()
    assert "Members" not in nav
    shot(page, "home-admin-khmer")


def test_it_refuses_a_phone_number_then_logs_the_case(page, owner_caseworker):
    sign_in(page, "owner.caseworker")
    page.get_by_role("link", name="Log a new case").first.click()
    page.get_by_label("Month reported").fill(format_month(current_month()))
    page.get_by_label("Region").select_option("KH-12")
    page.get_by_label("Forced labour").check()
    page.get_by_label("Messaging app").check()
    summary = f"Recruited for a fishing boat; her cousin is on {PHONE}."
    page.get_by_label("Summary").fill(summary)
    page.get_by_role("button", name="Save case").click()

    error = page.locator("#id_summary_error")
    assert "phone number" in error.inner_text()
    assert PHONE not in error.inner_text()
    # The refused span is marked in the caseworker's own text, shown back to them only.
    assert page.locator("mark").first.inner_text() == PHONE
    assert page.get_by_label("Summary").get_attribute("aria-invalid") == "true"
    assert CaseSummary.objects.count() == 0
    shot(page, "case-refused-phone")

    page.get_by_label("Summary").fill("Recruited for a fishing boat through a messaging app.")
    page.get_by_role("button", name="Save case").click()
    page.wait_for_url("**/cases/C-*/")
    assert visible(page.get_by_text("Recruited for a fishing boat through a messaging app."))
    assert CaseSummary.objects.count() == 1
    shot(page, "case-detail")

    page.get_by_role("link", name="Cases", exact=True).first.click()
    assert visible(page.get_by_role("link", name=CaseSummary.objects.get().reference))
    shot(page, "case-list")


def test_it_has_no_serious_accessibility_violations(page, owner_admin, owner_caseworker):
    page.goto("/login/")
    assert axe_violations(page) == []
    sign_in(page, "owner.admin")
    for path in (
        "/",
        "/cases/",
        "/cases/new/",
        "/org/owner-org/members/",
        "/org/owner-org/members/add/",
        "/org/owner-org/members/owner.caseworker/",
    ):
        page.goto(path)
        assert axe_violations(page) == [], path
    shot(page, "member-detail")
    page.goto("/org/owner-org/members/")
    shot(page, "members")


def test_it_fits_a_phone_screen(page, owner_caseworker):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "owner.caseworker")
    page.goto("/cases/new/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    shot(page, "case-form-phone")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")


def test_it_shares_through_a_grant_and_revokes_it(
    page, grantee_admin, grantee_caseworker, owner_admin, owner_caseworker, owner_org
):
    from datetime import timedelta

    from django.utils import timezone

    from coord.cases.services import case_create

    case = case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": current_month(), "region": "KH-12", "consent": "share"},
    )
    until = (timezone.localdate() + timedelta(days=30)).isoformat()

    sign_in(page, "grantee.admin")
    page.get_by_role("link", name="Sharing").first.click()
    page.get_by_role("link", name="Ask a partner for access").click()
    page.get_by_label("Ask which organisation").select_option("owner-org")
    page.get_by_label("Case summaries (allowed fields, no narrative)").check()
    page.get_by_label("Purpose").fill("Planning shelter places across the border.")
    page.get_by_label("Until (last day)").fill(until)
    page.get_by_role("button", name="Send request").click()
    assert visible(page.get_by_text("Your request was sent."))
    sign_out(page)

    sign_in(page, "owner.admin")
    page.goto("/sharing/")
    shot(page, "sharing-admin")
    page.get_by_role("link", name="Review and approve").click()
    shot(page, "sharing-approve")
    page.get_by_role("button", name="Approve").click()
    assert visible(page.get_by_text("Approved: the grant is live."))
    sign_out(page)

    sign_in(page, "grantee.caseworker")
    page.get_by_role("link", name="Shared with us").first.click()
    assert visible(page.get_by_role("link", name=case.reference))
    shot(page, "shared-with-us")
    sign_out(page)

    sign_in(page, "owner.admin")
    page.goto("/sharing/")
    page.get_by_role("link", name="Revoke…").click()
    page.get_by_role("button", name="Yes, revoke").click()
    sign_out(page)

    sign_in(page, "grantee.caseworker")
    page.goto("/shared/")
    assert page.get_by_role("link", name=case.reference).count() == 0


def test_it_verifies_the_chain_and_opens_trends_as_a_coordinator(
    page, network_coordinator, verify_inline
):
    sign_in(page, "network.coord")
    page.get_by_role("link", name="Audit").first.click()
    assert axe_violations(page) == []
    shot(page, "audit")
    page.get_by_role("button", name="Verify the chain").click()
    page.get_by_text("The chain is intact.").wait_for()
    shot(page, "audit-verified")
    page.get_by_role("link", name="Trends").first.click()
    assert visible(page.get_by_role("heading", name="Network trends").first)
    assert axe_violations(page) == []
    shot(page, "trends")
