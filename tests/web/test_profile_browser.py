"""The profile, outside-access and share-to-referral pages in a real browser (Debian's
Chromium; skipped without it): axe clean and usable on a 360 px phone with JavaScript, and
every form working with JavaScript switched off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from coord.cases.services import case_create
from coord.cases.validation import current_month
from sharing_policies import services
from tests.conftest import TEST_PASSWORD
from tests.web.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    axe_violations,
    page,
    shot,
    sign_in,
    visible,
)

__all__ = ["page"]  # the fixture, imported for pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]


@pytest.fixture
def no_js_page(live_server, tmp_path, monkeypatch):
    """A phone-sized Chromium page with JavaScript switched off."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=False,
            viewport={"width": 360, "height": 740},
        )
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def shared_and_read(owner_org, owner_caseworker, grantee_org, grantee_caseworker):
    """A case of the owner shared with the grantee, opened there once."""
    from django.test import Client
    from django.urls import reverse

    case = case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": current_month(), "region": "KH-12", "consent": "share"},
    )
    services.share_create(
        actor=owner_caseworker,
        case=case,
        organisation=grantee_org,
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    grantee_caseworker.first_name, grantee_caseworker.last_name = "Dara", "Sok"
    grantee_caseworker.save()
    client = Client()
    client.force_login(grantee_caseworker)
    client.get(reverse("web:case-detail", args=[case.reference]))
    return case


def test_the_pages_are_axe_clean_and_fit_a_phone(page, owner_admin, shared_and_read):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "owner.admin")
    for path in ("/account/", "/audit/outside/", f"/cases/{shared_and_read.reference}/refer/"):
        page.goto(path)
        assert axe_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.goto("/audit/outside/")
    assert visible(page.get_by_text("Dara Sok"))
    shot(page, "outside-access-phone")


def test_the_forms_work_without_javascript(no_js_page, owner_admin, shared_and_read):
    page = no_js_page
    page.goto("/login/")
    page.get_by_label("Username").fill("owner.admin")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")

    page.goto("/account/")
    page.get_by_label("Referral received").check()
    page.get_by_role("button", name="Save e-mail choices").click()
    assert visible(page.get_by_text("Your e-mail choices were saved."))
    assert page.get_by_label("Referral received").is_checked()
    page.get_by_label("Given name").fill("Mealea")
    page.get_by_label("Preferred language").select_option("vi")
    page.get_by_role("button", name="Save", exact=True).click()
    assert visible(page.get_by_text("Đã lưu hồ sơ của bạn."))  # and now in Vietnamese
    page.get_by_role("button", name="Đăng xuất ở mọi nơi khác").click()
    assert visible(page.get_by_text("Đã đăng xuất 0 phiên trình duyệt khác"))

    page.goto("/audit/outside/")
    page.get_by_label("Tổ chức đối tác").select_option("grantee-org")
    page.get_by_role("button", name="Lọc").click()
    assert visible(page.get_by_text("Dara Sok"))
    assert visible(page.get_by_text("Đã mở ca"))

    reference = shared_and_read.reference
    page.goto(f"/cases/{reference}/refer/")
    page.locator("#id_to_organisation").select_option("grantee-org")
    page.locator("#id_valid_until").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.locator("main form button[type=submit]").last.click()
    offer = page.locator("#convert-offer")
    assert visible(offer)
    offer.get_by_role("button").click()
    page.wait_for_url("**/referrals/")
    from sharing_policies.models import Referral

    assert Referral.objects.get().share.case.reference == reference
