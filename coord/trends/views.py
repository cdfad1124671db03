"""The trends dashboard (``/trends/``): the same tables the API publishes, drawn as charts.

Every chart is one ``trend_table`` call (one grouped query, suppressed at k), so the page
never shows a figure the API would not. Chart data travels in ``<script type=
"application/json">`` blocks read by ``static/trends/js/dashboard.js``: no inline script.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from coord.cases.choices import RecruitmentMethod, Technology
from coord.cases.validation import current_month
from coord.trends.aggregates import minimum_k, trend_table
from coord.trends.forms import TrendFilterForm
from coord.trends.selectors import DIMENSION_LABELS, TrendQuery
from coord.web.views.base import member_required
from sharing_policies.trends import observation_summaries

CHARTS = (
    ("exploitation_type", _("Cases by exploitation type, per month")),
    ("technology", _("Cases by technology involved, per month")),
    ("region", _("Cases by region, per month")),
)
LATEST_OBSERVATIONS = 20
MAX_LINES = 8


def _series(dimension: str, title, table: dict) -> dict:
    """Chart-ready series: one line per value, ``None`` where the cell is suppressed
    (drawn as a gap, listed as "fewer than k") and 0 where there is no case."""
    months = sorted({c["month"] for c in table["cells"]})
    values = sorted({c[dimension] for c in table["cells"]})
    lookup = {(c["month"], c[dimension]): c for c in table["cells"]}
    labels = DIMENSION_LABELS.get(dimension, {})
    rows = []
    for value in values:
        points = []
        for month in months:
            cell = lookup.get((month, value))
            if cell is None:
                points.append({"count": 0, "suppressed": False})
            else:
                points.append({"count": cell["count"], "suppressed": cell["suppressed"]})
        rows.append({"value": value, "label": str(labels.get(value, value)), "points": points})
    fewer = str(_("fewer than %(k)s") % {"k": table["k"]})
    # Display strings for the table, made here: thousands of template lookups are slow.
    for row in rows:
        row["shown"] = [fewer if p["suppressed"] else str(p["count"]) for p in row["points"]]
    # Draw the largest lines only (by their published counts); the table lists every row.
    ranked = sorted(rows, key=lambda r: -sum(p["count"] or 0 for p in r["points"]))
    for i, row in enumerate(ranked):
        row["charted"] = i < MAX_LINES
    return {
        "id": f"chart-{dimension}",
        "dimension": dimension,
        "title": str(title),
        "months": months,
        "rows": rows,
        "k": table["k"],
        "suppressed_cells": table["suppressed_cells"],
    }


def _observation_rows(user) -> list[dict]:
    """The latest observations network-wide: categories, region, period and band only."""
    tech = dict(Technology.choices)
    recruit = dict(RecruitmentMethod.choices)
    types = DIMENSION_LABELS["exploitation_type"]
    rows = []
    for obs in observation_summaries(user).order_by("-period", "-created_at")[:LATEST_OBSERVATIONS]:
        rows.append(
            {
                "period": f"{obs.period:%Y-%m}",
                "region": obs.region,
                "indicator": obs.get_indicator_display(),
                "estimated_count": obs.estimated_count,
                "exploitation_types": [str(types.get(v, v)) for v in obs.exploitation_types],
                "technologies": [str(tech.get(v, v)) for v in obs.technologies],
                "recruitment_methods": [str(recruit.get(v, v)) for v in obs.recruitment_methods],
            }
        )
    return rows


def _default_start() -> date:
    """Twelve months up to the current one, unless the person picks a period."""
    latest = current_month()
    year, month = latest.year, latest.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@member_required()
def dashboard(request: HttpRequest) -> HttpResponse:
    form = TrendFilterForm(request.GET or None, initial={"month_from": _default_start()})
    if form.is_bound:
        filters = form.cleaned_data if form.is_valid() else {}
    else:
        filters = {"month_from": _default_start()}
    k = minimum_k()
    charts = []
    for dimension, title in CHARTS:
        query = TrendQuery(
            group_by=("month", dimension),
            month_from=filters.get("month_from"),
            month_to=filters.get("month_to"),
            region=filters.get("region"),
        )
        chart = _series(dimension, title, trend_table(query, k=k))
        params = {"group_by": f"month,{dimension}"}
        if filters.get("month_from"):
            params["from"] = f"{filters['month_from']:%Y-%m}"
        if filters.get("month_to"):
            params["to"] = f"{filters['month_to']:%Y-%m}"
        if filters.get("region"):
            params["region"] = filters["region"]
        chart["csv_url"] = "/api/v1/trends.csv?" + urlencode(params)
        charts.append(chart)
    regions = sorted({row["value"] for row in charts[2]["rows"]})
    return render(
        request,
        "trends/dashboard.html",
        {
            "form": form,
            "charts": charts,
            "k": k,
            "regions": regions,
            "observations": _observation_rows(request.user),
        },
    )
