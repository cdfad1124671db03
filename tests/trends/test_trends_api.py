"""GET /api/v1/trends/ and /api/v1/trends.csv: counting, suppression, access, validation."""

from __future__ import annotations

import csv
import io

import pytest

from coord.audit.models import AuditEvent
from tests.trends.attacker import recovered

URL = "/api/v1/trends/"
CSV_URL = "/api/v1/trends.csv"

pytestmark = pytest.mark.usefixtures("exact_publication")


def cells_by(table: dict, *dims: str) -> dict:
    return {tuple(c[d] for d in dims): c for c in table["cells"]}


def test_it_publishes_a_cell_at_k_and_suppresses_one_below(api, network_coordinator, add_cases):
    add_cases(5, region="KH-12")
    add_cases(4, region="TH-10")
    add_cases(3, region="MY-14")
    add_cases(30, region="VN-SG")
    res = api.as_user(network_coordinator).get(URL, {"group_by": "region"})
    assert res.status_code == 200
    cells = cells_by(res.json(), "region")
    assert cells[("KH-12",)]["count"] == 5
    assert cells[("TH-10",)] == {"region": "TH-10", "count": None, "suppressed": True}
    assert res.json()["k"] == 5


def test_it_never_publishes_a_count_under_k(api, network_coordinator, add_cases):
    for n, region in ((1, "KH-12"), (2, "TH-10"), (6, "VN-SG"), (9, "MY-14")):
        add_cases(n, region=region, gender="female")
        add_cases(n + 1, region=region, gender="male")
    table = api.as_user(network_coordinator).get(URL, {"group_by": "region,gender"}).json()
    shown = [c["count"] for c in table["cells"] if not c["suppressed"]]
    shown += [t["count"] for d in ("region", "gender") for t in table["totals"][d] if t["count"]]
    assert shown and all(n >= 5 for n in shown)
    assert table["suppressed_cells"] == sum(c["suppressed"] for c in table["cells"])


def test_it_leaves_no_suppressed_cell_recoverable_from_the_api_table(
    api, network_coordinator, add_cases
):
    for n, region, gender in (
        (2, "KH-12", "female"),
        (9, "KH-12", "male"),
        (7, "TH-10", "female"),
        (8, "TH-10", "male"),
        (12, "VN-SG", "female"),
        (6, "VN-SG", "male"),
    ):
        add_cases(n, region=region, gender=gender)
    table = api.as_user(network_coordinator).get(URL, {"group_by": "region,gender"}).json()
    assert table["suppressed_cells"] >= 2
    assert recovered(table) == {}


def test_it_never_counts_cases_without_consent(api, network_coordinator, add_cases):
    add_cases(6, consent="aggregate")
    add_cases(7, consent="share")
    add_cases(20, consent="none")
    table = api.as_user(network_coordinator).get(URL, {"group_by": "month"}).json()
    assert table["cells"] == [{"month": "2025-03", "count": 13, "suppressed": False}]


def test_it_counts_a_case_once_under_each_of_its_values(api, network_coordinator, add_cases):
    add_cases(5, exploitation_types=["forced_labour", "servitude"], technologies=["social_media"])
    add_cases(6, exploitation_types=["forced_labour"], technologies=["social_media"])
    add_cases(7, exploitation_types=["sexual_exploitation"], technologies=["dating_app"])
    table = (
        api.as_user(network_coordinator)
        .get(URL, {"group_by": "exploitation_type,technology"})
        .json()
    )
    cells = cells_by(table, "exploitation_type", "technology")
    assert cells[("forced_labour", "social_media")]["count"] == 11
    assert cells[("servitude", "social_media")]["count"] == 5
    assert cells[("sexual_exploitation", "dating_app")]["count"] == 7
    assert len(cells) == 3


def test_it_refuses_a_k_below_the_minimum(api, network_coordinator, add_cases):
    add_cases(4)
    res = api.as_user(network_coordinator).get(URL, {"group_by": "month", "k": 2})
    assert res.status_code == 400
    assert "k" in res.json()["fields"]


def test_it_refuses_a_k_below_the_configured_one(api, network_coordinator, settings):
    settings.COORD_TREND_K = 10
    res = api.as_user(network_coordinator).get(URL, {"group_by": "month", "k": 5})
    assert res.status_code == 400


def test_it_never_goes_below_three_whatever_the_setting(
    api, network_coordinator, add_cases, settings
):
    settings.COORD_TREND_K = 1
    add_cases(2)
    table = api.as_user(network_coordinator).get(URL, {"group_by": "month"}).json()
    assert table["k"] == 3
    assert table["cells"][0]["suppressed"] is True


def test_it_lets_k_raise_the_threshold(api, network_coordinator, add_cases):
    add_cases(6)
    table = api.as_user(network_coordinator).get(URL, {"group_by": "month", "k": 7}).json()
    assert table["k"] == 7
    assert table["cells"][0]["suppressed"] is True


@pytest.mark.parametrize(
    "params",
    [
        {"group_by": "month,name"},
        {"group_by": ""},
        {"group_by": "month,month"},
        {"group_by": "month", "from": "2025-13"},
        {"group_by": "month", "from": "2025-03-04"},
        {"group_by": "month", "to": "March"},
        {"group_by": "month", "from": "2025-05", "to": "2025-01"},
        {"group_by": "month", "source": "rumours"},
        {"group_by": "age_band", "source": "observations"},
        {"group_by": "month", "dp_epsilon": "0"},
        {"group_by": "month", "region": "XX-99"},
        {"group_by": "month", "colour": "red"},
        {},
    ],
)
def test_it_answers_bad_queries_with_400(api, network_coordinator, params):
    res = api.as_user(network_coordinator).get(URL, params)
    assert res.status_code == 400
    assert res.json()


def test_it_filters_by_period_and_region(api, network_coordinator, add_cases):
    from datetime import date

    add_cases(6, reported_month=date(2025, 1, 1), region="KH-12")
    add_cases(7, reported_month=date(2025, 2, 1), region="KH-12")
    add_cases(8, reported_month=date(2025, 2, 1), region="TH-10")
    table = (
        api.as_user(network_coordinator)
        .get(URL, {"group_by": "month", "from": "2025-02", "to": "2025-02", "region": "KH-12"})
        .json()
    )
    assert table["cells"] == [{"month": "2025-02", "count": 7, "suppressed": False}]


def test_it_groups_observations_by_category(api, owner_caseworker, make_observation):
    for _ in range(5):
        make_observation(technologies=["messaging_app", "social_media"])
    table = (
        api.as_user(owner_caseworker)
        .get(URL, {"group_by": "technology", "source": "observations"})
        .json()
    )
    cells = cells_by(table, "technology")
    assert cells[("messaging_app",)]["count"] == 5
    assert cells[("social_media",)]["count"] == 5


def test_it_shows_every_role_the_network_aggregates(
    api, owner_caseworker, owner_admin, network_coordinator, add_cases
):
    add_cases(5)
    for user in (owner_caseworker, owner_admin, network_coordinator):
        res = api.as_user(user).get(URL, {"group_by": "month"})
        assert res.json()["cells"][0]["count"] == 5


def test_it_refuses_a_user_without_a_role(api, db):
    from tests.factories import UserFactory

    res = api.as_user(UserFactory()).get(URL, {"group_by": "month"})
    assert res.status_code == 403


def test_it_refuses_anonymous_callers(api, db):
    assert api.get(URL, {"group_by": "month"}).status_code in (401, 403)


# --- organisation breakdown ------------------------------------------------------------


def test_it_gives_members_their_own_organisations_breakdown(
    api, owner_caseworker, grantee_caseworker, add_cases
):
    add_cases(6)
    add_cases(9, organisation=grantee_caseworker.membership.organisation, actor=grantee_caseworker)
    table = (
        api.as_user(owner_caseworker)
        .get(URL, {"group_by": "month", "organisation": "owner-org"})
        .json()
    )
    assert table["cells"][0]["count"] == 6
    assert table["organisation"] == "owner-org"


@pytest.mark.parametrize("who", ["stranger_caseworker", "grantee_admin", "network_coordinator"])
def test_it_hides_another_organisations_breakdown_without_a_grant(api, request, who, add_cases):
    add_cases(6)
    user = request.getfixturevalue(who)
    res = api.as_user(user).get(URL, {"group_by": "month", "organisation": "owner-org"})
    assert res.status_code == 404
    assert AuditEvent.objects.filter(
        action="trends.breakdown_denied", outcome="denied", object_id="owner-org"
    ).exists()


def test_it_answers_an_unknown_organisation_like_a_forbidden_one(api, stranger_caseworker):
    res = api.as_user(stranger_caseworker).get(URL, {"group_by": "month", "organisation": "nope"})
    assert res.status_code == 404


def test_it_gives_the_breakdown_to_a_holder_of_an_aggregates_grant(
    api, owner_org, owner_admin, grantee_org, grantee_caseworker, add_cases
):
    from datetime import timedelta

    from django.utils import timezone

    from sharing_policies.models import SharingGrant

    SharingGrant.objects.create(
        granting_organisation=owner_org,
        grantee_organisation=grantee_org,
        scope="aggregates",
        valid_from=timezone.now().date(),
        valid_until=timezone.now().date() + timedelta(days=30),
        approved_by=owner_admin,
    )
    add_cases(6)
    res = api.as_user(grantee_caseworker).get(
        URL, {"group_by": "month", "organisation": "owner-org"}
    )
    assert res.status_code == 200
    assert res.json()["cells"][0]["count"] == 6
    assert AuditEvent.objects.filter(action="trends.breakdown", object_id="owner-org").exists()


def test_it_refuses_the_breakdown_once_the_grant_has_expired(
    api, owner_org, owner_admin, grantee_org, grantee_caseworker, add_cases
):
    from datetime import timedelta

    from django.utils import timezone

    from sharing_policies.models import SharingGrant

    today = timezone.now().date()
    SharingGrant.objects.create(
        granting_organisation=owner_org,
        grantee_organisation=grantee_org,
        scope="aggregates",
        valid_from=today - timedelta(days=30),
        valid_until=today - timedelta(days=1),
        approved_by=owner_admin,
    )
    res = api.as_user(grantee_caseworker).get(
        URL, {"group_by": "month", "organisation": "owner-org"}
    )
    assert res.status_code == 404


# --- differential privacy ---------------------------------------------------------------


def test_it_adds_noise_and_states_epsilon(api, network_coordinator, add_cases):
    from datetime import date

    for month in range(1, 13):
        add_cases(40, reported_month=date(2024, month, 1))
    raw = api.as_user(network_coordinator).get(URL, {"group_by": "month"}).json()
    noisy = api.get(URL, {"group_by": "month", "dp_epsilon": "0.5"}).json()
    assert noisy["dp"]["epsilon"] == pytest.approx(0.5)
    assert noisy["dp"]["mechanism"] == "laplace"
    assert raw["dp"] is None
    raw_counts = [c["count"] for c in raw["cells"]]
    noisy_counts = [c["count"] for c in noisy["cells"]]
    assert noisy_counts != raw_counts  # 12 cells at scale 2: all equal has odds < 1e-6
    assert all(n is None or n >= 5 for n in noisy_counts)


def test_it_scales_the_noise_with_what_one_case_can_touch(api, network_coordinator, add_cases):
    add_cases(10)
    noisy = (
        api.as_user(network_coordinator)
        .get(URL, {"group_by": "exploitation_type", "dp_epsilon": "1"})
        .json()
    )
    assert noisy["dp"]["sensitivity"] == 12
    assert noisy["dp"]["scale"] == pytest.approx(12.0)


# --- efficiency -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group_by",
    ["month", "month,region,exploitation_type", "exploitation_type,technology,gender"],
)
def test_it_answers_with_one_grouped_query(
    api, network_coordinator, add_cases, django_assert_num_queries, group_by
):
    add_cases(6, technologies=["social_media"])
    network_coordinator.__dict__.pop("_coord_membership", None)
    api.as_user(network_coordinator)
    # one membership lookup + one grouped query, however many cases
    with django_assert_num_queries(2):
        assert api.get(URL, {"group_by": group_by}).status_code == 200


# --- CSV --------------------------------------------------------------------------------


def test_it_exports_the_same_figures_as_csv(api, network_coordinator, add_cases):
    add_cases(6, region="KH-12")
    add_cases(2, region="TH-10")
    add_cases(9, region="VN-SG")
    res = api.as_user(network_coordinator).get(CSV_URL, {"group_by": "region"})
    assert res.status_code == 200
    assert res["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(res.content.decode())))
    assert rows[0] == ["region", "count"]
    assert ["TH-10", "fewer than 5"] in rows
    assert not any(r[-1] == "2" for r in rows)
    assert AuditEvent.objects.filter(action="trends.export").exists()


def test_it_neutralises_spreadsheet_formulas_in_csv():
    from coord.trends.api import csv_safe

    for text in ("=HYPERLINK(1)", "+1", "-1+2", "@SUM(A1)", "\tx"):
        assert csv_safe(text).startswith("'")
    assert csv_safe("KH-12") == "KH-12"
