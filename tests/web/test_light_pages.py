"""Light pages (issue 25): HTML arrives compressed, htmx only where a page uses it, and each
caseworker page stays within its byte budget (cold: the page and every file it loads; warm:
the page alone, its files cached)."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from coord.cases.services import case_create
from coord.cases.validation import current_month

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
COLD_BUDGET, WARM_BUDGET = 30 * 1024, 10 * 1024
_ASSET = re.compile(r'(?:src|href)="/static/([^"]+\.(?:js|css))"')


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
    wire = response.content
    return wire, gzip.decompress(wire)


def _cold_bytes(client, url: str) -> int:
    """The page plus each script and style sheet it loads, each compressed as served."""
    wire, html = _page(client, url)
    total = len(wire)
    for asset in set(_ASSET.findall(html.decode())):
        path = finders.find(asset)
        assert path, asset
        with open(path, "rb") as f:
            total += len(gzip.compress(f.read(), compresslevel=6))
    return total


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
    assert _cold_bytes(client, reverse(name)) <= COLD_BUDGET


def test_it_keeps_a_case_page_within_its_cold_and_warm_budget(web, owner_org, owner_caseworker):
    case = _case(owner_org, owner_caseworker)
    client = web.as_user(owner_caseworker)
    url = reverse("web:case-detail", args=[case.reference])
    wire, _html = _page(client, url)
    assert len(wire) <= WARM_BUDGET
    assert _cold_bytes(client, url) <= COLD_BUDGET
