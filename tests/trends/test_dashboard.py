"""/trends/: monthly series drawn as server-side SVG, suppressed cells as gaps."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.staticfiles import finders

URL = "/trends/"
SINCE = {"month_from": "2024-01"}  # the page shows the last twelve months unless asked

pytestmark = pytest.mark.usefixtures("exact_publication")


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def chart_data(res) -> list[dict]:
    """The series the page drew, as the view handed them to the template."""
    return res.context["charts"]


@pytest.mark.parametrize("who", ["owner_caseworker", "owner_admin", "network_coordinator"])
def test_it_shows_the_charts_to_every_role(signed_in, request, who, add_cases):
    add_cases(6, technologies=["social_media"])
    res = signed_in(request.getfixturevalue(who)).get(URL, SINCE)
    assert res.status_code == 200
    ids = {c["id"] for c in chart_data(res)}
    assert ids == {"chart-exploitation_type", "chart-technology", "chart-region"}


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    res = client.get(URL)
    assert res.status_code == 302
    assert "/login/" in res["Location"]


def test_it_shows_small_cells_as_fewer_than_k(signed_in, network_coordinator, add_cases):
    add_cases(2, region="KH-12", reported_month=date(2025, 1, 1))
    add_cases(3, region="KH-12", reported_month=date(2025, 2, 1))
    add_cases(20, region="TH-10", reported_month=date(2025, 1, 1))
    add_cases(20, region="TH-10", reported_month=date(2025, 2, 1))
    res = signed_in(network_coordinator).get(URL, SINCE)
    html = res.content.decode()
    regions = next(c for c in chart_data(res) if c["id"] == "chart-region")
    kh = next(r for r in regions["rows"] if r["value"] == "KH-12")
    assert all(p == {"count": None, "withheld": True} for p in kh["points"])
    assert "fewer than 5 (hidden)" in html
    assert "<td>2</td>" not in html and "<td>3</td>" not in html
    assert ": 2</title>" not in html and ": 3</title>" not in html


def test_it_shows_the_same_figures_as_the_api(api, signed_in, network_coordinator, add_cases):
    add_cases(7, exploitation_types=["forced_labour"], reported_month=date(2025, 1, 1))
    add_cases(9, exploitation_types=["servitude"], reported_month=date(2025, 1, 1))
    res = signed_in(network_coordinator).get(URL, SINCE)
    chart = next(c for c in chart_data(res) if c["id"] == "chart-exploitation_type")
    api_table = (
        api.as_user(network_coordinator)
        .get("/api/v1/trends/", {"group_by": "month,exploitation_type", "from": "2024-01"})
        .json()
    )
    from_page = {(r["value"], p["count"]) for r in chart["rows"] for p in r["points"]}
    from_api = {(c["exploitation_type"], c["count"]) for c in api_table["cells"]}
    assert from_page == from_api


def test_it_shows_the_last_twelve_months_unless_asked(signed_in, network_coordinator, add_cases):
    from coord.cases.validation import current_month

    add_cases(6, reported_month=current_month())
    add_cases(6, reported_month=current_month().replace(year=current_month().year - 2))
    res = signed_in(network_coordinator).get(URL)
    chart = next(c for c in chart_data(res) if c["id"] == "chart-region")
    assert chart["months"] == [f"{current_month():%Y-%m}"]


def test_it_filters_by_period_and_region(signed_in, network_coordinator, add_cases):
    add_cases(6, region="KH-12", reported_month=date(2025, 1, 1))
    add_cases(6, region="TH-10", reported_month=date(2025, 3, 1))
    res = signed_in(network_coordinator).get(URL, {"month_from": "2025-02", "region": "TH-10"})
    regions = next(c for c in chart_data(res) if c["id"] == "chart-region")
    assert regions["months"] == ["2025-03"]
    assert [r["value"] for r in regions["rows"]] == ["TH-10"]
    assert "from=2025-02" in regions["csv_url"]


def test_it_lists_latest_observations_without_notes_or_organisation(
    signed_in, stranger_caseworker, make_observation
):
    make_observation()
    html = signed_in(stranger_caseworker).get(URL).content.decode()
    assert "<td>Phuket</td>" in html
    assert "More reports" not in html
    assert "owner-org" not in html


def test_it_draws_the_charts_without_any_script(signed_in, network_coordinator, add_cases):
    add_cases(6, technologies=["social_media"])
    html = signed_in(network_coordinator).get(URL, SINCE).content.decode()
    assert "<script" not in html
    assert html.count('<svg class="trend-lines"') == 3
    assert not finders.find("trends/vendor/chart.umd.min.js")


def test_it_draws_one_line_per_charted_value_with_a_dot_per_month(
    signed_in, network_coordinator, add_cases
):
    add_cases(6, region="KH-12", reported_month=date(2025, 1, 1))
    add_cases(7, region="KH-12", reported_month=date(2025, 2, 1))
    html = signed_in(network_coordinator).get(URL, SINCE).content.decode()
    section = html.split('id="chart-region-title"')[1].split("</section>")[0]
    assert section.count("<polyline") == 1
    assert section.count('class="dot shown"') == 2
    assert "Phnom Penh, 2025-02: 7" in section


def test_the_demo_seed_is_idempotent_and_its_notes_pass_the_pii_guard(db):
    import io

    from coord.organisations.models import Organisation
    from coord.trends import demo
    from coord.trends.models import TrendObservation
    from tests.factories import OrganisationFactory

    for slug in demo.DEMO_ORGS:
        OrganisationFactory(slug=slug)
    demo.seed(io.StringIO())
    first = TrendObservation.objects.count()
    demo.seed(io.StringIO())
    assert first == demo.PER_ORG * Organisation.objects.count()
    assert TrendObservation.objects.count() == first


def test_it_names_regions_in_the_readers_language(signed_in, network_coordinator, add_cases):
    add_cases(6, region="KH-12", reported_month=date(2025, 1, 1))
    res = signed_in(network_coordinator).get(URL, SINCE, HTTP_ACCEPT_LANGUAGE="th")
    regions = next(c for c in chart_data(res) if c["id"] == "chart-region")
    assert [r["label"] for r in regions["rows"]] == ["พนมเปญ"]


def test_it_draws_a_real_zero_apart_from_a_withheld_cell(signed_in, network_coordinator, add_cases):
    add_cases(20, region="KH-12", reported_month=date(2025, 1, 1))
    add_cases(20, region="TH-10", reported_month=date(2025, 1, 1))
    add_cases(2, region="TH-10", reported_month=date(2025, 2, 1))
    res = signed_in(network_coordinator).get(URL, SINCE)
    regions = next(c for c in chart_data(res) if c["id"] == "chart-region")
    points = {r["value"]: r["points"] for r in regions["rows"]}
    assert points["KH-12"][1] == {"count": 0, "withheld": False}
    assert points["TH-10"][1] == {"count": None, "withheld": True}
    assert regions["withheld_label"] == "fewer than 5 (hidden)"


def test_it_puts_every_table_in_the_html_under_its_chart(signed_in, network_coordinator, add_cases):
    add_cases(6, technologies=["social_media"])
    res = signed_in(network_coordinator).get(URL, SINCE)
    html = res.content.decode()
    assert html.count('<details class="chart-table">') == 3
    assert "<td>6</td>" in html


def test_it_offers_a_region_picker_grouped_by_country(signed_in, network_coordinator):
    html = signed_in(network_coordinator).get(URL).content.decode()
    assert '<select name="region"' in html
    assert '<optgroup label="Lao People&#x27;s Democratic Republic">' in html
    assert '<option value="LA-VT">Viangchan (prefecture)</option>' in html


def test_it_refuses_a_region_that_is_not_in_the_list(signed_in, network_coordinator):
    res = signed_in(network_coordinator).get(URL, {"region": "XX-99"})
    assert "region" in res.context["form"].errors


def test_it_links_the_observation_form_for_those_who_may_log(
    signed_in, owner_caseworker, network_coordinator
):
    assert 'href="/trends/observations/new/"' in (
        signed_in(owner_caseworker).get(URL).content.decode()
    )
    assert 'href="/trends/observations/new/"' not in (
        signed_in(network_coordinator).get(URL).content.decode()
    )


def test_it_states_the_privacy_budget_under_the_noisy_publication(
    signed_in, network_coordinator, settings
):
    settings.COORD_TREND_MODE = "dp"
    client = signed_in(network_coordinator)
    first = client.get(URL).content.decode()
    again = client.get(URL).content.decode()
    assert "Privacy budget for" in first and "3.0 of 10.0 spent" in first
    assert "Answered from an earlier release, at no cost." in again


def test_it_translates_the_withheld_legend_under_the_noisy_publication(
    signed_in, network_coordinator, add_cases, settings
):
    settings.COORD_TREND_MODE = "dp"
    settings.COORD_TREND_EPSILON = 10
    settings.COORD_TREND_BUDGET = 100
    add_cases(40, region="KH-12", reported_month=date(2025, 1, 1))
    res = signed_in(network_coordinator).get(URL, SINCE, HTTP_ACCEPT_LANGUAGE="km")
    html = res.content.decode()
    regions = next(c for c in chart_data(res) if c["id"] == "chart-region")
    threshold = regions["below"]
    assert regions["withheld_label"] == f"តិចជាង {threshold} ប្រហែលជាគ្មាន"
    assert "fewer than" not in html


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (22, [0, 10, 20, 30]),
        (50, [0, 20, 40, 60]),
        (7, [0, 2, 4, 6, 8]),
    ],
)
def test_the_y_axis_steps_by_a_round_number(largest, ticks):
    from coord.web.charts import line_chart

    rows = [{"label": "x", "points": [{"count": largest, "withheld": False}]}]
    chart = line_chart(["2025-01"], rows, below=1, withheld_label="fewer than 1")
    assert [t["value"] for t in chart["y_ticks"]] == ticks
