"""Light pages (issue 25): HTML arrives compressed, htmx only where a page uses it, and each
caseworker page stays within its byte budget (cold: the page and every file it loads; warm:
the page alone, its files cached)."""

from __future__ import annotations

import gzip
from datetime import date

import pytest
from django.urls import reverse

from coord.cases.services import case_create
from coord.cases.validation import current_month
from coord.web.weights import GZIP, page_weight

pytestmark = pytest.mark.django_db

COLD_BUDGET, WARM_BUDGET = 30 * 1024, 10 * 1024
TRENDS_COLD_BUDGET = 60 * 1024


def _case(org, user):
    values = {
        "reported_month": current_month(),
        "region": "KH-12",
        "summary": "Recruited through a fake job advert for a fishing boat.",
    }
    return case_create(actor=user, organisation=org, data=values)


def _page(client, url: str) -> tuple[bytes, bytes]:
    """(bytes on the wire, the HTML) of a page asked for as a browser asks."""
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    return response.content, gzip.decompress(response.content)


def test_it_sends_the_sign_in_page_compressed(client):
    wire, html = _page(client, reverse("web:login"))
    assert len(wire) < len(html)
    assert b"<form" in html


def test_it_sends_the_page_uncompressed_to_a_client_that_does_not_accept_gzip(client):
    response = client.get(reverse("web:login"))
    assert not response.has_header("Content-Encoding")


def test_it_leaves_htmx_off_the_sign_in_page(client):
    _wire, html = _page(client, reverse("web:login"))
    assert b"htmx.min.js" not in html


def test_it_loads_htmx_on_the_case_list_that_uses_it(web, owner_caseworker):
    _wire, html = _page(web.as_user(owner_caseworker), reverse("web:case-list"))
    assert b"hx-get" in html
    assert b"htmx.min.js" in html


def test_it_loads_htmx_on_every_page_that_uses_it(web, owner_admin):
    client = web.as_user(owner_admin)
    for name in ("web:home", "web:case-create", "web:sharing", "web:referrals", "web:trends"):
        _wire, html = _page(client, reverse(name))
        assert (b"hx-" in html.replace(b"hx-headers", b"")) <= (b"htmx.min.js" in html), name


@pytest.mark.parametrize(
    "name", ["web:home", "web:case-list", "web:case-create", "web:shared-list", "web:trends"]
)
def test_it_keeps_a_caseworker_page_within_its_cold_and_warm_budget(
    web, owner_org, owner_caseworker, name
):
    client = web.as_user(owner_caseworker)
    for _ in range(60):  # more than a full first page of cases
        _case(owner_org, owner_caseworker)
    wire, _html = _page(client, reverse(name))
    assert len(wire) <= WARM_BUDGET
    assert page_weight(client, reverse(name)).cold <= COLD_BUDGET


def test_it_keeps_a_case_page_within_its_cold_and_warm_budget(web, owner_org, owner_caseworker):
    case = _case(owner_org, owner_caseworker)
    client = web.as_user(owner_caseworker)
    url = reverse("web:case-detail", args=[case.reference])
    wire, _html = _page(client, url)
    assert len(wire) <= WARM_BUDGET
    assert page_weight(client, url).cold <= COLD_BUDGET


@pytest.mark.usefixtures("exact_publication")
def test_it_keeps_the_trends_charts_within_the_trends_budget(web, owner_org, owner_caseworker):
    month = current_month()
    for back in range(3):
        year, index = divmod(month.year * 12 + month.month - 1 - back, 12)
        reported = date(year, index + 1, 1)
        for region in ("KH-12", "KH-17", "KH-8"):
            for _ in range(6):
                values = {"reported_month": reported, "region": region, "consent": "aggregate"}
                case_create(actor=owner_caseworker, organisation=owner_org, data=values)
    client = web.as_user(owner_caseworker)
    wire, html = _page(client, reverse("web:trends-charts"))
    assert html.count(b"<polyline") >= 3
    assert len(wire) <= WARM_BUDGET
    assert page_weight(client, reverse("web:trends-charts")).cold <= TRENDS_COLD_BUDGET
