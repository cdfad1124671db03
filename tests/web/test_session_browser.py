"""Sessions that respect field work, in a real browser (issue 25): with an idle limit of a
few seconds, text typed into the case form keeps the session alive past the limit and is
saved; a page left alone warns before the limit."""

from __future__ import annotations

import pytest

from coord.cases.models import CaseSummary
from coord.cases.validation import current_month, format_month
from tests.web.test_browser import CHROMIUM, page, sign_in, visible

__all__ = ["page"]  # the fixture, imported for pytest

IDLE_SECONDS = 6

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium"),
]


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_COOKIE_AGE = IDLE_SECONDS


def test_typing_keeps_the_session_alive_past_its_idle_limit(
    page,
    owner_caseworker,
    short_sessions,
):
    sign_in(page, "owner.caseworker")
    page.goto("/cases/new/")
    page.get_by_label("Month reported").fill(format_month(current_month()))
    page.get_by_label("Region").select_option("KH-12")
    page.get_by_label("Summary").fill("Recruited through a fake job advert for a fishing boat.")
    with page.expect_response("**/session/alive/") as renewed:
        page.wait_for_timeout(IDLE_SECONDS * 1000)
    assert renewed.value.status == 200
    page.wait_for_timeout(IDLE_SECONDS * 1000)  # past the first limit: alive only if renewed
    page.get_by_role("button", name="Save case").click()
    page.wait_for_url("**/cases/C-*/")
    assert CaseSummary.objects.count() == 1


def test_a_page_left_alone_warns_before_the_session_ends(
    page,
    owner_caseworker,
    short_sessions,
):
    sign_in(page, "owner.caseworker")
    page.goto("/cases/new/")
    warning = page.locator("#session-warning")
    assert visible(warning)
    assert "about to end" in warning.inner_text()
    with page.expect_response("**/session/alive/"):
        page.get_by_role("button", name="Stay signed in").click()
    assert not warning.is_visible()
