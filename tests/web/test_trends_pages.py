"""Trends pages: the API's own table (suppression below k included) drawn for people, and
the observation form with the PII guard."""

from __future__ import annotations

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
