"""The base layout: navigation per role, skip link, and the language switcher."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    start = html.index('<nav aria-label="')  # the main navigation comes first
    return html[start : html.index("</nav>", start)]


def test_it_has_a_skip_link_to_main(web, owner_caseworker):
    html = web.as_user(owner_caseworker).get("/").content.decode()
    assert 'href="#main"' in html
    assert 'id="main"' in html


def test_it_shows_members_to_admins(web, owner_admin):
    nav = _nav(web.as_user(owner_admin).get("/").content.decode())
    assert reverse("web:member-list", args=["owner-org"]) in nav


def test_it_hides_members_from_caseworkers(web, owner_caseworker):
    nav = _nav(web.as_user(owner_caseworker).get("/").content.decode())
    assert "/members/" not in nav


def test_it_hides_members_from_coordinators(web, network_coordinator):
    nav = _nav(web.as_user(network_coordinator).get("/").content.decode())
    assert "/members/" not in nav


def test_it_refuses_a_signed_in_user_without_a_role(web, db):
    from tests.factories import UserFactory

    response = web.as_user(UserFactory(username="no.role")).get("/")
    assert response.status_code == 403


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_it_switches_language(web, owner_caseworker, code):
    web.as_user(owner_caseworker)
    response = web.post(reverse("web:set_language"), {"language": code, "next": "/"})
    assert response.status_code == 302
    html = web.get("/").content.decode()
    assert f'<html lang="{code}"' in html


@pytest.mark.parametrize("code", ["km", "th", "vi", "my"])
def test_it_translates_the_navigation(web, owner_admin, code):
    web.as_user(owner_admin)
    web.post(reverse("web:set_language"), {"language": code, "next": "/"})
    nav = _nav(web.get("/").content.decode())
    assert ">Members<" not in nav
    assert ">Home<" not in nav


def test_it_serves_its_own_static_files(client):
    from django.templatetags.static import static

    for path in ("web/css/site.css", "web/js/htmx.min.js", "web/vendor/axe.min.js"):
        response = client.get(static(path))
        assert response.status_code == 200, path


def test_it_links_no_outside_host(web, owner_admin):
    html = web.as_user(owner_admin).get("/").content.decode()
    assert "http://" not in html
    assert "https://" not in html
