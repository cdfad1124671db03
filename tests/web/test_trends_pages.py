"""Trends pages: the API's own table (suppression below k included) drawn for people, and
the observation form with the PII guard."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coord.cases.services import case_create
from coord.cases.validation import current_month, format_month
from coord.trends.models import TrendObservation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("exact_publication")]


def _cases(org, user, n, **data):
    for _ in range(n):
        case_create(
            actor=user,
            organisation=org,
            data={
                "reported_month": current_month(),
                "region": "KH-12",
                "consent": "aggregate",
                **data,
            },
        )


def test_it_shows_counts_at_or_above_k(web, owner_caseworker, owner_org, settings):
    _cases(owner_org, owner_caseworker, settings.COORD_TREND_K + 1)
    response = web.as_user(owner_caseworker).get(
        reverse("web:trends") + "?source=cases&group_by=month"
    )
    table = response.context["table"]
    assert table["cells"][0]["count"] == settings.COORD_TREND_K + 1
    assert str(settings.COORD_TREND_K + 1) in response.content.decode()


def test_it_hides_counts_below_k(web, owner_caseworker, owner_org, settings):
    _cases(owner_org, owner_caseworker, settings.COORD_TREND_K - 1)
    response = web.as_user(owner_caseworker).get(
        reverse("web:trends") + "?source=cases&group_by=month"
    )
    cell = response.context["table"]["cells"][0]
    assert cell["suppressed"] and cell["count"] is None
    assert f"fewer than {settings.COORD_TREND_K}" in response.content.decode()


def test_it_opens_the_dashboard_to_coordinators(web, network_coordinator):
    response = web.as_user(network_coordinator).get(reverse("web:trends"))
    assert response.status_code == 200
    assert response.context["table"] is not None


def test_it_shows_a_dimension_the_source_cannot_count_as_an_error(web, owner_caseworker):
    response = web.as_user(owner_caseworker).get(
        reverse("web:trends") + "?source=observations&group_by=gender"
    )
    assert response.status_code == 200
    assert response.context["table"] is None
    assert response.context["form"].errors


def test_it_logs_an_observation(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:observation-new"),
        {
            "period": format_month(current_month()),
            "region": "KH-12",
            "indicator": "new_route",
            "estimated_count": "10-19",
            "technologies": ["messaging_app"],
            "note": "Fake job ads for fishing boats.",
        },
    )
    assert response.status_code == 302
    observation = TrendObservation.objects.get()
    assert observation.technologies == ["messaging_app"]
    assert observation.note_ct and "fishing" not in observation.note_ct


def test_it_refuses_an_identifier_in_the_note(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:observation-new"),
        {
            "period": format_month(current_month()),
            "region": "KH-12",
            "indicator": "new_route",
            "estimated_count": "10-19",
            "note": "Recruiter reachable at recruiter@example.org",
        },
    )
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    assert not TrendObservation.objects.exists()


def test_it_refuses_the_observation_form_to_coordinators(web, network_coordinator):
    assert web.as_user(network_coordinator).get(reverse("web:observation-new")).status_code == 403


def test_it_lists_age_bands_in_numeric_order(web, owner_caseworker, owner_org, settings):
    _cases(owner_org, owner_caseworker, 6, age_band="39-47")
    _cases(owner_org, owner_caseworker, 6, age_band="9-17")
    _cases(owner_org, owner_caseworker, 6, age_band="48+")
    response = web.as_user(owner_caseworker).get(
        reverse("web:trends") + "?source=cases&group_by=age_band"
    )
    assert [c["age_band"] for c in response.context["cells"]] == ["9-17", "39-47", "48+"]
    assert [b["label"] for b in response.context["chart"]["bars"]] == ["9-17", "39-47", "48+"]


@pytest.mark.parametrize("language", ["en", "km", "th", "vi", "my"])
def test_it_writes_bar_widths_with_a_dot_in_every_language(
    web, owner_caseworker, owner_org, language
):
    _cases(owner_org, owner_caseworker, 6, age_band="9-17")
    _cases(owner_org, owner_caseworker, 7, age_band="18-20")
    html = (
        web.as_user(owner_caseworker)
        .get(
            reverse("web:trends") + "?source=cases&group_by=age_band",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        .content.decode()
    )
    widths = re.findall(r'<rect class="bar shown" x="0" y="\d+" width="([^"]+)"', html)
    assert widths == ["85.7", "100.0"]


def test_it_draws_a_withheld_bar_apart_from_a_published_one(
    web, owner_caseworker, owner_org, settings
):
    for band, n in (("9-17", 20), ("18-20", 30), ("21-23", 3), ("24-26", 4)):
        _cases(owner_org, owner_caseworker, n, age_band=band)
    html = (
        web.as_user(owner_caseworker)
        .get(reverse("web:trends") + "?source=cases&group_by=age_band")
        .content.decode()
    )
    withheld = re.findall(r'<rect class="bar withheld" x="0.2" y="\d+" width="([^"]+)"', html)
    assert withheld == [f"{100 * settings.COORD_TREND_K / 30:.1f}"] * 2
    assert f"fewer than {settings.COORD_TREND_K} (hidden)" in html


def test_it_links_the_csv_download_with_the_same_parameters(web, owner_caseworker):
    response = web.as_user(owner_caseworker).get(
        reverse("web:trends") + "?source=cases&group_by=region&then_by=month&region=KH-12"
    )
    assert response.context["csv_url"] == (
        "/api/v1/trends.csv?group_by=region%2Cmonth&source=cases&region=KH-12"
    )
    assert 'href="/api/v1/trends.csv?group_by=region%2Cmonth&amp;source=cases' in (
        response.content.decode()
    )


def test_it_tells_apart_two_regions_that_share_a_name():
    from django.utils import translation

    from coord.web.geo import region_name

    with translation.override("en"):
        assert region_name("LA-VT") == "Viangchan (prefecture)"
        assert region_name("LA-VI") == "Viangchan (province)"
    with translation.override("vi"):
        assert region_name("LA-VT") != region_name("LA-VI")


def test_it_links_the_observation_form_from_home(web, owner_caseworker, network_coordinator):
    form = reverse("web:observation-new")
    assert f'href="{form}"' in web.as_user(owner_caseworker).get("/").content.decode()
    assert f'href="{form}"' not in web.as_user(network_coordinator).get("/").content.decode()
