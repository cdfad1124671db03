"""Importing in a real browser (Debian's Chromium; skipped without it, like test_browser):
upload -> the dry-run report names a refused row -> fix the file -> import -> progress ->
the cases are listed."""

from __future__ import annotations

import pytest

from coord.cases.models import CaseSummary
from tests.imports.helpers import HEADERS, csv_bytes, good_row
from tests.web.test_browser import CHROMIUM, axe_violations, page, shot, sign_in, visible

__all__ = ["page"]  # the fixture, imported for pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]

PHONE = "Call her on +855 12 345 678"


def _choose(page, rows) -> None:
    page.get_by_label("Spreadsheet").set_input_files(
        {"name": "cases.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/cases/import/*/")


def test_a_caseworker_fixes_a_refused_row_and_imports_the_file(page, owner_caseworker, owner_org):
    sign_in(page, "owner.caseworker")
    page.goto("/cases/")
    page.get_by_role("link", name="Import from a spreadsheet").click()
    page.wait_for_url("**/cases/import/")
    assert axe_violations(page) == []

    _choose(page, [HEADERS, good_row(1), [*good_row(2)[:4], PHONE]])
    problem = page.locator("#import-problems tbody tr")
    assert visible(problem)
    assert problem.locator("td").nth(0).inner_text() == "3"
    assert problem.locator("td").nth(1).inner_text() == "notes"
    assert "phone number" in problem.inner_text()
    assert "345" not in page.content()
    assert axe_violations(page) == []
    shot(page, "import-report")
    assert CaseSummary.objects.count() == 0

    page.get_by_role("link", name="Upload another file").click()
    _choose(page, [HEADERS, good_row(1), good_row(2)])
    assert page.locator("#import-problems").count() == 0
    page.get_by_role("button", name="Import 2 cases").click()
    assert visible(page.get_by_text("2 cases imported."))
    shot(page, "import-done")
    page.get_by_role("link", name="See the cases").click()
    page.wait_for_url("**/cases/")
    assert visible(page.locator("#case-results tbody tr").first)
    assert page.locator("#case-results tbody tr").count() == 2
    assert CaseSummary.objects.filter(organisation=owner_org).count() == 2
