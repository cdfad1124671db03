"""The default publication (issue 17): noisy tables over a data-independent domain, a
privacy budget per person per month, releases cached so that asking again is free and
tells nothing new. See docs/trends.md."""

from __future__ import annotations

from datetime import date

import pytest

from coord.audit.models import AuditEvent
from coord.trends.models import PrivacyBudget, TrendRelease
from coord.trends.selectors import first_level_regions

pytestmark = pytest.mark.django_db

URL = "/api/v1/trends/"
PERIOD = {"from": "2025-01", "to": "2025-06"}


@pytest.fixture(autouse=True)
def _one_country(settings):
    settings.COORD_TREND_COUNTRIES = ["KH"]
    settings.COORD_TREND_EPSILON = 1.0
    settings.COORD_TREND_BUDGET = 3.0


def ask(api, user, **params):
    return api.as_user(user).get(URL, {"group_by": "month", **PERIOD, **params})


def test_it_states_the_noise_and_the_budget_spent(api, owner_caseworker, add_cases):
    add_cases(30)
    table = ask(api, owner_caseworker).json()
    assert table["dp"]["mechanism"] == "laplace"
    assert table["dp"]["epsilon"] == pytest.approx(1.0)
    assert table["budget"] == {
        "period": table["budget"]["period"],
        "spent": 1.0,
        "limit": 3.0,
        "remaining": 2.0,
        "cached": False,
    }


def test_it_answers_a_repeated_question_from_the_release_for_free(api, owner_caseworker, add_cases):
    add_cases(30)
    first = ask(api, owner_caseworker).json()
    again = ask(api, owner_caseworker).json()
    assert again["cells"] == first["cells"]
    assert again["budget"]["spent"] == 1.0
    assert again["budget"]["cached"] is True
    assert TrendRelease.objects.count() == 1


def test_it_gives_another_person_the_same_release(
    api, owner_caseworker, stranger_caseworker, add_cases
):
    add_cases(30)
    first = ask(api, owner_caseworker).json()
    other = ask(api, stranger_caseworker).json()
    assert other["cells"] == first["cells"]
    assert other["budget"]["spent"] == 0.0


def test_it_refuses_a_new_question_once_the_budget_is_spent(api, owner_caseworker, add_cases):
    add_cases(30)
    for month in ("2025-02", "2025-03", "2025-04"):
        assert ask(api, owner_caseworker, to=month).status_code == 200
    refused = ask(api, owner_caseworker, to="2025-05")
    assert refused.status_code == 429
    assert "privacy budget" in refused.json()["detail"]
    assert ask(api, owner_caseworker, to="2025-02").status_code == 200  # asked before: free
    assert PrivacyBudget.objects.get(user=owner_caseworker).spent == pytest.approx(3.0)


def test_it_publishes_every_region_of_the_network_whatever_the_data(
    api, owner_caseworker, add_cases
):
    add_cases(30, region="KH-12")
    table = ask(api, owner_caseworker, group_by="month,region").json()
    assert [t["region"] for t in table["totals"]["region"]] == first_level_regions(["KH"])
    assert [t["month"] for t in table["totals"]["month"]] == [
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
    ]


def test_it_keeps_the_totals_consistent_with_each_other(api, owner_caseworker, add_cases):
    add_cases(40, region="KH-12")
    add_cases(40, region="KH-3", reported_month=date(2025, 5, 1))
    table = ask(api, owner_caseworker, group_by="month,region").json()
    by_month = sum(t["count"] for t in table["totals"]["month"] if not t["suppressed"])
    hidden = [t for t in table["totals"]["month"] if t["suppressed"]]
    assert hidden or by_month == table["totals"]["all"]["count"]


def test_it_withholds_small_cells_without_telling_them_from_zeros(api, owner_caseworker, add_cases):
    add_cases(1, region="KH-12")
    table = ask(api, owner_caseworker, group_by="region").json()
    listed = {c["region"]: c["count"] for c in table["cells"]}
    assert all(count >= table["k"] for count in listed.values())
    assert table["suppressed_cells"] == len(first_level_regions(["KH"])) - len(listed)


def test_it_gives_members_their_own_breakdown_exactly(api, owner_caseworker, add_cases):
    add_cases(7)
    table = ask(api, owner_caseworker, organisation="owner-org").json()
    assert table["dp"] is None
    assert table["totals"]["all"]["count"] == 7
    assert not PrivacyBudget.objects.exists()


def test_it_audits_a_fresh_release_but_not_a_cached_one(api, owner_caseworker, add_cases):
    add_cases(30)
    ask(api, owner_caseworker)
    ask(api, owner_caseworker)
    event = AuditEvent.objects.get(action="trends.release")
    assert event.details["epsilon"] == 1.0


def test_it_refuses_a_table_too_large_to_publish(api, owner_caseworker, settings):
    settings.COORD_TREND_COUNTRIES = ["KH", "TH", "VN", "LA", "MM", "MY", "PH", "ID"]
    res = api.as_user(owner_caseworker).get(
        URL,
        {"group_by": "month,region,recruitment_method", "from": "2016-01", "to": "2025-12"},
    )
    assert res.status_code == 400
    assert "cells" in str(res.json()["fields"]["group_by"])
